"""Muster's tables, derived from the domain classes' fields plus an explicit map of references.

One mechanism for every entity (see docs/store.md):
- each entity has a table named after its collection (`pledges`), its natural key as primary key
  (`iso3`, `name` or `id`) and a `version` integer for optimistic concurrency;
- a scalar field is a column; a scalar reference is a real foreign key;
- a list of references (`Pledge.phases`) is a link table `pledge_phases(pledge_id, position,
  phase_id)` with foreign keys both ways; a list of plain words (caveats, aliases) is a JSON
  column, since nothing refers to it;
- a list of nested objects (`Actor.offices`) is a child table with a `position`;
- a name → value mapping keyed by references (`Scenario.forced`) is a table keyed by both.

`history` keeps every change; `users` and `api_tokens` serve `muster.auth`; `feeds`,
`feed_polls`, `feed_items`, `source_fingerprints` and `source_bands` serve the feed watcher.
Changing a domain class changes this metadata: the migration test then asks for a migration.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from muster.domain import (
    ENTITIES,
    ENTITY_NAMES,
    Actor,
    AidRecord,
    Call,
    Capability,
    Condition,
    Mission,
    Nation,
    Offer,
    Phase,
    Pledge,
    RequirementLine,
    Scenario,
    Source,
    Statement,
)

# Which fields refer to which entity. Nested fields are written "offices.nation"; a mapping's
# reference is its keys. A test checks this agrees with `Dataset.check()`.
REFERENCES: dict[type[Any], dict[str, type[Any]]] = {
    Source: {},
    Nation: {"source": Source},
    Actor: {"offices.nation": Nation, "offices.source": Source},
    Condition: {
        "prerequisites": Condition,
        "source": Source,
        "status_history.source": Source,
    },
    Mission: {"source": Source},
    Phase: {"mission": Mission},
    Capability: {"substitutes.capability": Capability},
    RequirementLine: {"phase": Phase, "capability": Capability, "source": Source},
    Pledge: {
        "nation": Nation,
        "capability": Capability,
        "phases": Phase,
        "conditions": Condition,
        "sources": Source,
    },
    Statement: {"nation": Nation, "actor": Actor, "source": Source, "conditions": Condition},
    AidRecord: {"donor": Nation, "recipient": Nation, "source": Source},
    Scenario: {
        "forced": Condition,
        "probabilities": Condition,
        "nations_in": Nation,
        "nations_out": Nation,
        "pledges_in": Pledge,
        "pledges_out": Pledge,
    },
    Call: {"lines": RequirementLine, "invited": Nation, "source": Source},
    Offer: {
        "call": Call,
        "line": RequirementLine,
        "nation": Nation,
        "conditions": Condition,
        "pledge": Pledge,
        "source": Source,
    },
}

# A link table's value column is named after its target (`phase_id`) unless that clashes with
# the owner's column; those few are named here.
LINK_COLUMN: dict[tuple[type[Any], str], str] = {(Condition, "prerequisites"): "prerequisite_id"}

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

# Side tables are small rows found by their owner's key: on SQLite they are stored clustered by
# their primary key (WITHOUT ROWID), one B-tree instead of two, which makes bulk imports faster.
# Their reference columns get no index of their own: only deleting the referenced row (rare)
# needs to look them up, and a scan is fine then; every listing finds them by owner.
WITHOUT_ROWID: dict[str, Any] = {"sqlite_with_rowid": False}


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time stored as UTC without zone (SQLite has none); read back as aware UTC."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("record times must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def key_field(cls: type[Any]) -> str:
    """The natural key's field: `id`, else `iso3`, else `name` (the same rule as records)."""
    names = {f.name for f in dataclasses.fields(cls)}
    for candidate in ("id", "iso3", "name"):
        if candidate in names:
            return candidate
    raise TypeError(f"{cls.__name__} has no key field")


def unwrap_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _column_type(tp: Any) -> sa.types.TypeEngine[Any]:
    if tp is str or typing.get_origin(tp) is typing.Literal:
        return sa.Text()
    if isinstance(tp, type) and issubclass(tp, Enum):
        return sa.Text()
    if tp is bool:
        return sa.Boolean()
    if tp is int:
        return sa.Integer()
    if tp is float:
        return sa.Float()
    if tp is date:
        return sa.Date()
    raise TypeError(f"no column type for {tp!r}")


@dataclass(frozen=True)
class Link:
    """A list of references stored in its own table, in order."""

    field: str
    table: sa.Table
    owner_column: str
    value_column: str


@dataclass(frozen=True)
class Child:
    """A list of nested objects stored in a child table, in order."""

    field: str
    cls: type[Any]
    table: sa.Table
    owner_column: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class MapTable:
    """A name → value mapping whose names are references."""

    field: str
    table: sa.Table
    owner_column: str
    name_column: str
    value_type: Any


@dataclass(frozen=True)
class EntityTables:
    """Where one entity class lives: its table, and how each field is stored."""

    cls: type[Any]
    name: str  # singular, as in history and URLs: "pledge"
    collection: str  # plural, as in a Dataset and table names: "pledges"
    key: str
    table: sa.Table
    columns: tuple[str, ...]  # scalar fields stored in the main table
    json_lists: tuple[str, ...]  # lists of plain values stored as JSON in the main table
    links: tuple[Link, ...]
    children: tuple[Child, ...]
    maps: tuple[MapTable, ...]

    @property
    def sides(self) -> tuple[Link | Child | MapTable, ...]:
        return (*self.links, *self.children, *self.maps)

    @property
    def side_tables(self) -> tuple[sa.Table, ...]:
        return tuple(x.table for x in self.sides)


def _target(cls: type[Any]) -> tuple[str, str]:
    """(table, key column) that a reference to `cls` points at."""
    return _COLLECTION[cls], key_field(cls)


_COLLECTION: dict[type[Any], str] = {cls: name for name, cls in ENTITIES.items()}


def _fk(cls: type[Any], *, owner: bool = False) -> sa.ForeignKey:
    table, column = _target(cls)
    # Owned rows go with their owner; a reference to another entity is never deleted under it.
    return sa.ForeignKey(f"{table}.{column}", ondelete="CASCADE" if owner else None)


def _build(cls: type[Any]) -> EntityTables:
    name = ENTITY_NAMES[cls]
    collection = _COLLECTION[cls]
    key = key_field(cls)
    hints = typing.get_type_hints(cls)
    refs = REFERENCES[cls]
    owner_column = f"{name}_{key}"
    main_columns: list[sa.Column[Any]] = []
    scalar: list[str] = []
    json_lists: list[str] = []
    links: list[Link] = []
    children: list[Child] = []
    maps: list[MapTable] = []
    for f in dataclasses.fields(cls):
        tp, optional = unwrap_optional(hints[f.name])
        origin = typing.get_origin(tp)
        if origin is tuple:
            item = typing.get_args(tp)[0]
            if dataclasses.is_dataclass(item):
                children.append(
                    _child_table(
                        cls, name, owner_column, f.name, typing.cast(type[Any], item), refs
                    )
                )
            elif f.name in refs:
                target = refs[f.name]
                value_column = LINK_COLUMN.get((cls, f.name), "_".join(_target_name(target)))
                table = sa.Table(
                    f"{name}_{f.name}",
                    metadata,
                    sa.Column(owner_column, sa.Text, _fk(cls, owner=True), primary_key=True),
                    sa.Column("position", sa.Integer, primary_key=True),
                    sa.Column(value_column, sa.Text, _fk(target), nullable=False),
                    **WITHOUT_ROWID,
                )
                links.append(Link(f.name, table, owner_column, value_column))
            else:
                json_lists.append(f.name)
                main_columns.append(sa.Column(f.name, sa.JSON, nullable=False))
        elif origin in (Mapping, dict):
            target = refs[f.name]
            name_column = "_".join(_target_name(target))
            value_type = typing.get_args(tp)[1]
            table = sa.Table(
                f"{name}_{f.name}",
                metadata,
                sa.Column(owner_column, sa.Text, _fk(cls, owner=True), primary_key=True),
                sa.Column(name_column, sa.Text, _fk(target), primary_key=True),
                sa.Column("value", _column_type(value_type), nullable=False),
                **WITHOUT_ROWID,
            )
            maps.append(MapTable(f.name, table, owner_column, name_column, value_type))
        else:
            scalar.append(f.name)
            args: list[Any] = [f.name, _column_type(tp)]
            if f.name in refs:
                args.append(_fk(refs[f.name]))
            main_columns.append(
                sa.Column(
                    *args,
                    primary_key=f.name == key,
                    nullable=optional,
                    index=f.name in refs,
                )
            )
    table = sa.Table(
        collection,
        metadata,
        *main_columns,
        sa.Column("version", sa.Integer, nullable=False),
    )
    return EntityTables(
        cls=cls,
        name=name,
        collection=collection,
        key=key,
        table=table,
        columns=tuple(scalar),
        json_lists=tuple(json_lists),
        links=tuple(links),
        children=tuple(children),
        maps=tuple(maps),
    )


def _target_name(cls: type[Any]) -> tuple[str, str]:
    return ENTITY_NAMES[cls], key_field(cls)


def _child_table(
    owner: type[Any],
    name: str,
    owner_column: str,
    field: str,
    item: type[Any],
    refs: Mapping[str, type[Any]],
) -> Child:
    hints = typing.get_type_hints(item)
    columns: list[sa.Column[Any]] = []
    names: list[str] = []
    for f in dataclasses.fields(item):
        tp, optional = unwrap_optional(hints[f.name])
        args: list[Any] = [f.name, _column_type(tp)]
        ref = refs.get(f"{field}.{f.name}")
        if ref is not None:
            args.append(_fk(ref))
        columns.append(sa.Column(*args, nullable=optional))
        names.append(f.name)
    table = sa.Table(
        f"{name}_{field}",
        metadata,
        sa.Column(owner_column, sa.Text, _fk(owner, owner=True), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        *columns,
        **WITHOUT_ROWID,
    )
    return Child(field, item, table, owner_column, tuple(names))


# Built in dependency order, so every foreign key's target table exists first.
TABLES: dict[type[Any], EntityTables] = {cls: _build(cls) for cls in ENTITIES.values()}

history = sa.Table(
    "history",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("entity", sa.Text, nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("op", sa.Text, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("why", sa.Text, nullable=False),
    sa.Column("recorded_at", UTCDateTime(), nullable=False, index=True),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.UniqueConstraint("entity", "key", "version"),
    sa.CheckConstraint("op IN ('create', 'update', 'delete')", name="op"),
)

# One row counting committed data changes. Every history write bumps it in the same
# transaction, so a cache keyed by it can never miss a change; the newest history id cannot
# serve, because on PostgreSQL transactions may commit out of id order.
data_version = sa.Table(
    "data_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("changed_at", UTCDateTime(), nullable=True),
    sa.CheckConstraint("id = 1", name="single_row"),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("username", sa.Text, primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),  # argon2id, from muster.auth
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("nation", sa.Text, sa.ForeignKey("nations.iso3"), nullable=True, index=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("disabled_at", UTCDateTime(), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    # the web interface's language the user picked ("fr"); None: the browser's
    sa.Column("language", sa.Text, nullable=True),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "username",
        sa.Text,
        sa.ForeignKey("users.username", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("prefix", sa.Text, nullable=False),  # first characters, shown to tell tokens apart
    sa.Column("token_sha256", sa.Text, nullable=False, unique=True),
    sa.Column("scope", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("last_used_at", UTCDateTime(), nullable=True),
    sa.Column("revoked_at", UTCDateTime(), nullable=True),
)


# Feeds (docs/ingest.md, "Feeds"): what the watcher polls, each poll, and each item it took.
# A feed's address, name, language and interval are changes with history (entity "feed"); the
# polling state (next due, failures, validators, lease) is the watcher's and has none.
FEED_POLL_STATUSES = ("running", "ok", "not_modified", "failed")
FEED_ITEM_STATUSES = ("new", "duplicate", "failed")

feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("language", sa.Text, nullable=True),  # ISO 639-1: a hint for its articles
    sa.Column("interval_s", sa.Integer, nullable=False),
    sa.Column("added_at", UTCDateTime(), nullable=False),
    sa.Column("removed_at", UTCDateTime(), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("next_due_at", UTCDateTime(), nullable=False),
    sa.Column("failures", sa.Integer, nullable=False),  # failed polls in a row
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("lease_owner", sa.Text, nullable=True),  # the watcher polling it now
    sa.Column("lease_until", UTCDateTime(), nullable=True),
    sa.CheckConstraint("interval_s > 0", name="interval"),
)
# One watched feed per address; a removed feed's row stays (its polls and items refer to it).
sa.Index(
    "uq_feeds_url_watched",
    feeds.c.url,
    unique=True,
    sqlite_where=feeds.c.removed_at.is_(None),
    postgresql_where=feeds.c.removed_at.is_(None),
)

feed_polls = sa.Table(
    "feed_polls",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id"), nullable=False),
    sa.Column("watcher", sa.Text, nullable=False),
    sa.Column("started_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime(), nullable=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("http_status", sa.Integer, nullable=True),
    sa.Column("fetched", sa.Integer, nullable=False),  # items in the document
    sa.Column("new", sa.Integer, nullable=False),  # stored for review
    sa.Column("duplicates", sa.Integer, nullable=False),  # new to this feed, already stored
    sa.Column("seen", sa.Integer, nullable=False),  # taken by an earlier poll of this feed
    sa.Column("failed", sa.Integer, nullable=False),  # malformed, unreadable or unfetchable
    sa.Column("error", sa.Text, nullable=True),  # why the poll failed, or a warning
    sa.CheckConstraint(
        "status IN (" + ", ".join(f"'{s}'" for s in FEED_POLL_STATUSES) + ")", name="status"
    ),
    sa.Index("ix_feed_polls_feed_id_id", "feed_id", "id"),
)

feed_items = sa.Table(
    "feed_items",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id"), nullable=False),
    sa.Column("poll_id", sa.BigInteger, sa.ForeignKey("feed_polls.id"), nullable=False),
    sa.Column("guid", sa.Text, nullable=False),  # the entry's guid, else its link
    sa.Column("url", sa.Text, nullable=True),
    # The guarantees that no article is stored twice, whatever runs at once: unique in the
    # database, not checked and then inserted (docs/ingest.md).
    sa.Column("url_key", sa.Text, nullable=True, unique=True),
    sa.Column("content_sha256", sa.Text, nullable=True, unique=True),  # only stored articles
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("published_at", UTCDateTime(), nullable=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column(
        "source_id", sa.Text, sa.ForeignKey("sources.id", ondelete="SET NULL"), nullable=True
    ),
    sa.Column("duplicate_of", sa.Text, nullable=True),  # the stored source (or item URL) it repeats
    sa.Column("similarity", sa.Float, nullable=True),  # to `duplicate_of`, when near-same
    sa.Column("text_from", sa.Text, nullable=True),  # page or feed
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("seen_at", UTCDateTime(), nullable=False),
    sa.UniqueConstraint("feed_id", "guid"),
    sa.CheckConstraint(
        "status IN (" + ", ".join(f"'{s}'" for s in FEED_ITEM_STATUSES) + ")", name="status"
    ),
    sa.Index("ix_feed_items_feed_id_id", "feed_id", "id"),
)

# Every stored article's text, fingerprinted for near-duplicate search (muster.feeds.fingerprint):
# the SHA-256 of its normalised words, its MinHash signature and the signature's band keys.
# Derived data, like an index: written by the watcher for every Source with text, no history.
source_fingerprints = sa.Table(
    "source_fingerprints",
    metadata,
    sa.Column(
        "source_id",
        sa.Text,
        sa.ForeignKey("sources.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("scheme", sa.Integer, nullable=False),
    sa.Column("content_sha256", sa.Text, nullable=False, index=True),
    sa.Column("signature", sa.LargeBinary, nullable=True),  # None: a text without words
)

source_bands = sa.Table(
    "source_bands",
    metadata,
    sa.Column("band_key", sa.BigInteger, primary_key=True),
    sa.Column(
        "source_id",
        sa.Text,
        sa.ForeignKey("sources.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    **WITHOUT_ROWID,
)


def entity_tables(cls: type[Any]) -> EntityTables:
    try:
        return TABLES[cls]
    except KeyError:
        raise TypeError(f"{cls!r} is not a stored entity") from None


# Subscriptions (muster.store.subscription): who wants to hear about what, and how. `targets`
# and `events` are lists of words ("nation:DEU", "stance"); `state` keeps what a gap threshold
# was last measured at, so a crossing is seen once.
subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "username",
        sa.Text,
        sa.ForeignKey("users.username", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("targets", sa.JSON, nullable=False),
    sa.Column("events", sa.JSON, nullable=False),
    sa.Column("threshold", sa.Float, nullable=True),  # gap events: percent of a line covered
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("address", sa.Text, nullable=False),  # the webhook URL or the e-mail address
    sa.Column("secret", sa.Text, nullable=True),  # signs webhook bodies (whsec_...)
    sa.Column("state", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("last_digest_at", UTCDateTime(), nullable=True),
    sa.CheckConstraint("channel IN ('webhook', 'email')", name="channel"),
)

# The outbox: one row per history entry worth telling subscribers about, written by the same
# history write (so in the change's own transaction), consumed by the delivery worker.
outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("entity", sa.Text, nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("recorded_at", UTCDateTime(), nullable=False),
)

# One event for one subscription; its id is the webhook's message id. `next_attempt_at` is set
# while it waits to be sent (NULL once delivered, parked or withheld).
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "subscription_id",
        sa.Text,
        sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("event", sa.Text, nullable=False),
    sa.Column("entity", sa.Text, nullable=True),
    sa.Column("key", sa.Text, nullable=True),
    sa.Column("version", sa.Integer, nullable=True),
    sa.Column("scope", sa.Text, nullable=False),  # the subscriber's read scope when it was made
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("next_attempt_at", UTCDateTime(), nullable=True, index=True),
    sa.Column("delivered_at", UTCDateTime(), nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.CheckConstraint("state IN ('pending', 'delivered', 'parked', 'withheld')", name="state"),
)

delivery_attempts = sa.Table(
    "delivery_attempts",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column(
        "delivery_id",
        sa.Text,
        sa.ForeignKey("deliveries.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("attempt", sa.Integer, nullable=False),
    sa.Column("started_at", UTCDateTime(), nullable=False),
    sa.Column("status", sa.Integer, nullable=True),  # HTTP status or SMTP reply code
    sa.Column("latency_ms", sa.Float, nullable=False),
    sa.Column("error", sa.Text, nullable=True),
)

# Background jobs (Monte Carlo, criticality), shared by every process serving one database: a
# job submitted through one worker is run by whichever claims it and polled through any. A
# running job's `heartbeat_at` is renewed by the process running it; past its lease the job is
# marked failed (its process died). `principal` is who submitted it (role, nation), so any
# process can compute on what that user may read.
jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("task", sa.Text, nullable=False),
    sa.Column("owner", sa.Text, nullable=False, index=True),
    sa.Column("principal", sa.JSON, nullable=False),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("done", sa.BigInteger, nullable=False),
    sa.Column("total", sa.BigInteger, nullable=False),
    sa.Column("result", sa.JSON, nullable=True),
    sa.Column("error", sa.JSON, nullable=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("started_at", UTCDateTime(), nullable=True),
    sa.Column("finished_at", UTCDateTime(), nullable=True),
    sa.Column("worker", sa.Text, nullable=True),
    sa.Column("heartbeat_at", UTCDateTime(), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
    sa.Index("ix_jobs_status_created_at", "status", "created_at"),
)

# Failed sign-ins, one row each, shared by every process: `key` is "name|address" or
# "*|address". Rows older than the login window are deleted as new ones arrive.
login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False, index=True),
    sa.Index("ix_login_failures_key_at", "key", "at"),
)
