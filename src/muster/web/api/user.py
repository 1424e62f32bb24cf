"""User accounts, for admins: list, add, change role or password, disable."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from muster.auth import Role
from muster.store import user as user_store
from muster.store.user import UserRecord
from muster.web.deps import Admin, DbSession

router = APIRouter(prefix="/users", tags=["users"])


class UserRead(BaseModel):
    username: str
    role: Role
    nation: str | None
    created_at: datetime
    disabled_at: datetime | None
    active: bool

    @classmethod
    def of(cls, user: UserRecord) -> UserRead:
        return cls(
            username=user.username,
            role=user.role,
            nation=user.nation,
            created_at=user.created_at,
            disabled_at=user.disabled_at,
            active=user.active,
        )


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=2, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    role: Role
    nation: str | None = Field(None, description="ISO3 code; delegates only")


class UserUpdate(BaseModel):
    """The fields to change; role and nation change together."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    nation: str | None = None
    password: str | None = Field(None, min_length=1, max_length=1024)
    disabled: bool | None = None


@router.get("", summary="Every user")
def list_users(_: Admin, db: DbSession) -> list[UserRead]:
    return [UserRead.of(u) for u in user_store.list_users(session=db)]


@router.post("", status_code=201, summary="Add a user")
def add_user(body: UserCreate, _: Admin, db: DbSession) -> UserRead:
    user = user_store.add_user(
        session=db,
        username=body.username,
        password=body.password,
        role=body.role,
        nation=body.nation,
    )
    return UserRead.of(user)


@router.get("/{username}", summary="One user")
def get_user(username: str, _: Admin, db: DbSession) -> UserRead:
    return UserRead.of(user_store.get_user(session=db, username=username))


@router.patch("/{username}", summary="Change a user's role, password or status")
def update_user(username: str, body: UserUpdate, _: Admin, db: DbSession) -> UserRead:
    user = user_store.get_user(session=db, username=username)
    if body.role is not None:
        user = user_store.set_role(
            session=db, username=username, role=body.role, nation=body.nation
        )
    if body.password is not None:
        user = user_store.set_password(session=db, username=username, password=body.password)
    if body.disabled is not None:
        user = user_store.set_disabled(session=db, username=username, disabled=body.disabled)
    return UserRead.of(user)
