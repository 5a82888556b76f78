"""Tables.  Each service owns its own tables; in the embedded mode they share one file,
in the distributed mode one PostgreSQL database.

Domain fields live in a JSON column (``data``) beside the columns that queries filter
on, so that a field added to the API needs no migration of the filters.

The schema itself is created and changed only by the Alembic migrations in
``migrations/``; a change here needs a new revision (see ``migrations/__init__.py``).
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Float, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An instant, always handed back as an aware UTC datetime, on either database.

    PostgreSQL's ``timestamptz`` keeps the instant but answers in the session's time
    zone; SQLite keeps the wall-clock digits and drops the offset, so 08:00+08:00 would
    come back as 08:00 and be read as UTC, eight hours late.  Converting to UTC on the way
    in (a naive value is taken as UTC, as the API does) and tagging UTC on the way out
    makes both databases store, compare and return the same thing.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


# gateway -------------------------------------------------------------------------------
class AccountRow(Base):
    __tablename__ = "accounts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TokenRow(Base):
    __tablename__ = "tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# jobs ----------------------------------------------------------------------------------
class JobRow(Base):
    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(32), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), index=True)
    industry: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict] = mapped_column(JSON)


# talent --------------------------------------------------------------------------------
class TalentRow(Base):
    __tablename__ = "talents"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(32), unique=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict] = mapped_column(JSON)


# shared: events waiting to be published after commit ---------------------------------------
class OutboxRow(Base):
    __tablename__ = "outbox"
    # BIGSERIAL on PostgreSQL; on SQLite only an INTEGER PRIMARY KEY is the rowid, which
    # is what makes it autoincrement there
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    sent: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


# matcher -------------------------------------------------------------------------------
class MatchEntityRow(Base):
    """The matcher's own copy of an entity: the snapshot it ranks on and both vectors."""

    __tablename__ = "match_entities"
    #: the matcher shard that holds the row (every shard keeps all jobs, its own talents)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True, default=0, server_default="0")
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    index_id: Mapped[int] = mapped_column(BigInteger)
    revision: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean)
    model: Mapped[str] = mapped_column(String(200))
    entity: Mapped[dict] = mapped_column(JSON)
    query: Mapped[bytes] = mapped_column(LargeBinary)
    passage: Mapped[bytes] = mapped_column(LargeBinary)
    __table_args__ = (Index("ix_match_entities_index_id", "shard", "kind", "index_id"),)


class MatchPushRow(Base):
    """Matches already pushed, so a replayed event never pushes the same match twice."""

    __tablename__ = "match_pushes"
    audience: Mapped[str] = mapped_column(String(8), primary_key=True)
    job_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    talent_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# analytics -----------------------------------------------------------------------------
class OutcomeRow(Base):
    __tablename__ = "outcomes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    job_id: Mapped[str] = mapped_column(String(32), index=True)
    talent_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(16))
    industry: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# gateway: webhooks ---------------------------------------------------------------------------
class WebhookRow(Base):
    """An enterprise's webhook URL and the secret its deliveries are signed with."""

    __tablename__ = "webhooks"
    account_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WebhookDeliveryRow(Base):
    """One event to deliver to one webhook, and the result of its latest attempt."""

    __tablename__ = "webhook_deliveries"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(32), index=True)
    event_id: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (UniqueConstraint("account_id", "event_id"),)
