"""Engine and sessions for SQLite (embedded) and PostgreSQL (distributed), and the schema
migration run at start.

Both databases must behave alike for the same service code, so the differences are
settled here, at the engine:
- JSON is written with ``ensure_ascii=False``: the jobs search matches a word against the
  JSON text (``CAST(data AS VARCHAR) ILIKE``), and ``json.dumps``' default would store
  光伏 as ``\\u5149\\u4f0f``, which no Chinese query can match, on either database.
- ``SELECT ... FOR UPDATE`` means a row lock on PostgreSQL; SQLite has no row locks and
  drops the clause, so such a statement starts the transaction with ``BEGIN IMMEDIATE``
  (the database's write lock) instead: read-modify-write is serialised on both.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from services.kit.errors import Unavailable
from services.kit.store.migrations import alembic_config

# What create_all() made before the store had migrations: such a database holds exactly
# the tables of the first revision but no alembic_version table.  Frozen on purpose:
# tables added by later revisions must not make an old database look half-made.
PRE_ALEMBIC_TABLES = frozenset({
    "accounts", "tokens", "jobs", "talents", "outbox", "match_entities", "match_pushes", "outcomes",
})


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets the API read while a handler thread writes; busy_timeout waits instead of failing
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_for_update(conn: Connection, clauseelement, _multiparams, _params, _options) -> None:
    """Give ``with_for_update()`` a meaning on SQLite: take the write lock first.

    pysqlite only opens a transaction before the first INSERT/UPDATE/DELETE, so a plain
    read-then-write lets two writers read the same revision and one update is lost.  If
    no write has happened yet in this transaction, ``BEGIN IMMEDIATE`` now makes any other
    writer wait (busy_timeout) until this one commits, then read what it wrote.  If one
    has, the transaction holds the write lock already.
    """
    if getattr(clauseelement, "_for_update_arg", None) is None:
        return
    dbapi_conn = conn.connection.driver_connection
    if not dbapi_conn.in_transaction:
        dbapi_conn.execute("BEGIN IMMEDIATE")


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_xact_lock`` from a readable name."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict = {"json_serializer": _json_dumps}
        if self.is_sqlite:
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=5, max_overflow=10)
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "before_execute", _sqlite_for_update)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    # schema --------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (``upgrade head``); a no-op when
        it is there already.  Every process runs this at start."""
        try:
            with self.engine.connect() as conn, conn.begin():
                # Several services start at once against one database in the distributed
                # mode: the first to get here migrates, the others wait, then find the
                # schema at head.  On PostgreSQL the DDL is transactional, so a failed
                # migration leaves nothing half-done; on SQLite the write lock is taken
                # before anything is read.
                self.exclusive(conn, "huiliu.store.migrate")
                cfg = alembic_config(conn)
                self._adopt_pre_alembic(conn, cfg)
                command.upgrade(cfg, "head")
        except OperationalError as exc:  # cannot connect, or gave up waiting for a lock
            raise Unavailable(f"database not reachable: {exc.__class__.__name__}") from exc
        except (SQLAlchemyError, CommandError) as exc:  # CommandError: e.g. a revision this code does not know
            raise Unavailable(f"database migration failed: {str(exc).splitlines()[0]}") from exc

    # Existing callers (EmbeddedRuntime) create the schema with create_all(); it migrates now.
    create_all = migrate

    @staticmethod
    def _adopt_pre_alembic(conn: Connection, cfg) -> None:
        """A database made by the old ``create_all()`` has the first revision's tables but
        no alembic_version: record it as being at that first revision (stamp), so that the
        upgrade that follows only applies what came after, instead of failing on
        "table already exists"."""
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" in tables or not tables & PRE_ALEMBIC_TABLES:
            return  # managed by Alembic already, or empty: upgrade does it all
        missing = PRE_ALEMBIC_TABLES - tables
        if missing:
            raise Unavailable(f"database has some of the store's tables but not {sorted(missing)} and no alembic_version; "
                              "cannot tell its revision, refusing to migrate it")
        command.stamp(cfg, ScriptDirectory.from_config(cfg).get_base())

    def exclusive(self, conn: Connection, name: str) -> None:
        """Serialise the current transaction of ``conn`` with every other transaction, in
        any process, that asks for the same ``name``; held until commit or rollback.

        PostgreSQL: a transaction-level advisory lock.  SQLite: the database's write lock
        (BEGIN IMMEDIATE), unless this transaction has written already and so holds it.
        """
        if self.is_sqlite:
            if not conn.connection.driver_connection.in_transaction:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})

    # sessions ------------------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read/write session committed on success, rolled back on any error."""
        s = self._sessions()
        try:
            yield s
            s.commit()
        except Exception:
            s.rollback()
            raise
        finally:
            s.close()

    def dispose(self) -> None:
        self.engine.dispose()
