"""Password hashing (argon2id, via argon2-cffi) and the password rule users are told about."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from muster.errors import InvalidInput, Problem

MIN_LENGTH = 10
MAX_LENGTH = 1024  # argon2 takes any length; this bounds the work one request can cause
PASSWORD_RULE = (
    f"at least {MIN_LENGTH} characters, not only letters or only digits, "
    "and not containing the user name"
)
_COMMON = frozenset(
    {
        "password",
        "password1",
        "password123",
        "1234567890",
        "qwertyuiop",
        "letmein123",
        "changethis",
        "administrator",
        "iloveyou12",
        "welcome123",
    }
)

# argon2-cffi's defaults follow RFC 9106's second recommendation (argon2id, 64 MiB, t=3).
_hasher = PasswordHasher()


def check_password(password: str, *, username: str) -> None:
    """Raise InvalidInput, stating the rule, when `password` is too weak for `username`."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"it has {len(password)} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"it is longer than {MAX_LENGTH} characters")
    if password.isalpha() or password.isdigit():
        problems.append("it is only letters or only digits")
    if username and username.lower() in password.lower():
        problems.append("it contains the user name")
    if password.lower() in _COMMON:
        problems.append("it is a well-known password")
    if problems:
        raise InvalidInput(
            Problem(
                f"password too weak ({'; '.join(problems)}): use {PASSWORD_RULE}",
                field="password",
            )
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches; False (never an exception) for a mismatch or a bad hash."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's (rehash on next login)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


# A hash to verify against when the user does not exist, so a wrong user name takes as long as a
# wrong password and timing does not reveal which names exist.
DUMMY_HASH = _hasher.hash("muster-no-such-user-placeholder")
