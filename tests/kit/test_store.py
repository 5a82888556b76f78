"""The store on both of its databases: SQLite (embedded mode) and PostgreSQL (distributed).

Every test runs twice: on a SQLite file under tmp_path, and on the session's real
PostgreSQL server (the ``postgres`` fixture) in a schema of its own, reached through
``search_path``, so that no test sees another's tables.  Only the bus is a fake (the
in-memory one); the databases are real.
"""
from __future__ import annotations

import multiprocessing
import re
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import BigInteger, String, cast, create_engine, event, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from matcher.repository import MatchRepository, from_blob, to_blob
from services.jobs.repository import JobRepository
from services.kit import events
from services.kit.bus.memory import MemoryBus
from services.kit.errors import Unavailable
from services.kit.events import Envelope, JobChanged, TalentChanged
from services.kit.store import Database, UnitOfWork
from services.kit.store.migrations import alembic_config
from services.kit.store.models import AccountRow, Base, JobRow, MatchEntityRow, OutboxRow, TalentRow
from services.kit.store.uow import relay_pending
from services.talent.repository import TalentRepository

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
SHANGHAI = timezone(timedelta(hours=8))


# ---------------------------------------------------------------- databases


def in_schema(url: str, schema: str) -> str:
    """The same PostgreSQL URL, with every connection working in ``schema``."""
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> Iterator[str]:
    """An empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'huiliu.db'}"
        return
    server = request.getfixturevalue("postgres")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield in_schema(server.url, schema)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def db(url) -> Iterator[Database]:
    """A migrated database of each kind."""
    database = Database(url)
    database.migrate()
    yield database
    database.dispose()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_differences(db: Database) -> list:
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)


def count(db: Database, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


# ---------------------------------------------------------------- factories


def job(job_id: str, *, created_at: datetime, title: str = "Engineer", description: str = "", industry: str = "new_energy",
        owner_id: str = "ent-1", status: str = "open", expires_at: datetime | None = None) -> JobRow:
    data = {"title": title, "description": description, "industry": industry, "skills": [], "location": "临港经济开发区"}
    return JobRow(id=job_id, owner_id=owner_id, revision=1, status=status, industry=industry, title=title,
                  expires_at=expires_at, created_at=created_at, updated_at=created_at, data=data)


def talent(talent_id: str, account_id: str, name: str = "李娜") -> TalentRow:
    now = datetime.now(UTC)
    return TalentRow(id=talent_id, account_id=account_id, revision=1, created_at=now, updated_at=now,
                     data={"name": name, "skills": ["光伏运维", "PLC"], "native": True})


def job_event(job_id: str, revision: int) -> Envelope:
    return events.make("job.upserted", job_id, JobChanged(id=job_id, revision=revision, job={"title": "光伏运维"}))


class RecordingBus(MemoryBus):
    """The memory bus, remembering every publish in order across topics; ``fail_after``
    makes it die like a lost broker after that many."""

    def __init__(self, fail_after: int | None = None) -> None:
        super().__init__()
        self.sent: list[tuple[str, str]] = []
        self.fail_after = fail_after

    def publish(self, topic: str, envelope: Envelope) -> None:
        if self.fail_after is not None and len(self.sent) >= self.fail_after:
            raise ConnectionError("broker went away")
        self.sent.append((topic, envelope.id))
        super().publish(topic, envelope)


# ---------------------------------------------------------------- migrations


def test_migrate_creates_every_table_and_a_second_run_changes_nothing(url):
    db = Database(url)
    try:
        db.migrate()
        assert set(inspect(db.engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
        assert current_revision(db) == HEAD
        with db.session() as s:
            s.add(AccountRow(id="a1", role="seeker", name="张伟", password_hash="x", created_at=datetime.now(UTC)))

        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        db.create_all()  # the old name, kept for existing callers, migrates too
        writes = [st for st in statements if re.match(r"\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b", st, re.I)]
        assert writes == []
        assert current_revision(db) == HEAD
        assert count(db, AccountRow) == 1
    finally:
        db.dispose()


def test_models_and_migrated_schema_do_not_differ(db):
    assert schema_differences(db) == []


def test_outbox_seq_is_a_big_autoincrementing_key(db):
    seq = next(c for c in inspect(db.engine).get_columns("outbox") if c["name"] == "seq")
    # BIGINT on PostgreSQL; on SQLite the INTEGER PRIMARY KEY is the (64-bit) rowid
    assert isinstance(seq["type"], BigInteger) == (db.engine.dialect.name == "postgresql")
    seqs = []
    for i in range(3):
        with db.session() as s:
            row = OutboxRow(topic=events.JOBS, key=f"j{i}", body="{}", sent=False)
            s.add(row)
            s.flush()
            seqs.append(row.seq)
    assert seqs == sorted(seqs) and len(set(seqs)) == 3


def _migrate_at_barrier(url: str, barrier) -> None:
    barrier.wait(60)
    db = Database(url)
    try:
        db.migrate()
    finally:
        db.dispose()


def test_services_starting_at_once_migrate_one_after_another(url):
    # separate processes, as in the distributed mode; the barrier makes them start together
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(4)
    procs = [ctx.Process(target=_migrate_at_barrier, args=(url, barrier)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    db = Database(url)
    try:
        assert current_revision(db) == HEAD
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
        assert schema_differences(db) == []
    finally:
        db.dispose()


def test_a_database_made_by_create_all_is_stamped_not_recreated(url):
    engine = create_engine(url)
    # what Database.create_all() made before migrations existed: the first revision's
    # tables without an alembic_version table
    from alembic import command
    from sqlalchemy import text

    with engine.begin() as conn:
        cfg = alembic_config(conn)
        command.upgrade(cfg, ScriptDirectory.from_config(cfg).get_base())
        conn.execute(text("DROP TABLE alembic_version"))
    with engine.begin() as conn:
        conn.execute(AccountRow.__table__.insert(), {"id": "a1", "role": "seeker", "name": "张伟", "password_hash": "x",
                                                     "created_at": datetime.now(UTC)})
    engine.dispose()
    db = Database(url)
    try:
        db.migrate()
        assert current_revision(db) == HEAD
        assert count(db, AccountRow) == 1
        assert schema_differences(db) == []
    finally:
        db.dispose()


def test_a_half_made_database_without_alembic_version_is_refused(url):
    engine = create_engine(url)
    AccountRow.__table__.create(engine)
    engine.dispose()
    db = Database(url)
    try:
        with pytest.raises(Unavailable, match="cannot tell its revision"):
            db.migrate()
    finally:
        db.dispose()


# ---------------------------------------------------------------- jobs


def test_jobs_add_get_and_list_open_with_filters_expiry_and_chinese_search(db):
    now = datetime.now(UTC).replace(microsecond=0)
    later = (now + timedelta(hours=1)).astimezone(SHANGHAI)  # given in +08:00, compared as an instant
    with db.session() as s:
        repo = JobRepository(s)
        repo.add(job("pv", created_at=now - timedelta(minutes=4), title="Solar O&M engineer",
                     description="负责光伏电站日常巡检、逆变器故障排查与发电量分析。"))
        repo.add(job("food", created_at=now - timedelta(minutes=3), industry="green_food", title="质检员",
                     description="绿色食品质量检测", owner_id="ent-2"))
        repo.add(job("soon", created_at=now - timedelta(minutes=2), title="Welder", expires_at=later))
        repo.add(job("expired", created_at=now - timedelta(minutes=1), description="光伏", expires_at=now - timedelta(seconds=1)))
        repo.add(job("closed", created_at=now, description="光伏", status="closed"))

    with db.session() as s:
        repo = JobRepository(s)

        def ids(**kw) -> tuple[list[str], int]:
            args = {"now": now, "industry": None, "q": None, "owner_id": None, "limit": 10, "offset": 0} | kw
            rows, total = repo.list_open(**args)
            return [r.id for r in rows], total

        got = repo.get("pv")
        assert got.data["description"].startswith("负责光伏电站")
        assert got.created_at == now - timedelta(minutes=4) and got.created_at.tzinfo == UTC
        assert repo.get("soon", for_update=True).expires_at == later
        assert repo.get("nope") is None

        assert ids() == (["soon", "food", "pv"], 3)  # newest first; expired and closed left out
        assert ids(industry="new_energy") == (["soon", "pv"], 2)
        assert ids(owner_id="ent-2") == (["food"], 1)
        assert ids(limit=1, offset=1) == (["food"], 3)
        # the expiry is an instant: +08:00 stored, compared against UTC, on both databases
        assert "soon" in ids(now=now + timedelta(minutes=59))[0]
        assert "soon" not in ids(now=now + timedelta(minutes=61))[0]

        # words inside the JSON description, in Chinese; the title, case-insensitively
        assert ids(q="光伏") == (["pv"], 1)
        assert ids(q="逆变器故障") == (["pv"], 1)
        assert ids(q="质量检测") == (["food"], 1)
        assert ids(q="solar") == (["pv"], 1)
        assert ids(q="质检员") == (["food"], 1)
        assert ids(q="风电") == ([], 0)
        # stored as the characters themselves, not \uXXXX escapes (which no query would match)
        stored = s.scalar(select(cast(JobRow.data, String)).where(JobRow.id == "pv"))
        assert "光伏电站" in stored and "\\u" not in stored


# ---------------------------------------------------------------- talent


def test_talent_by_account_get_and_delete(db):
    with db.session() as s:
        TalentRepository(s).add(talent("t1", "acct-1"))
    with db.session() as s:
        repo = TalentRepository(s)
        row = repo.by_account("acct-1")
        assert row.id == "t1" and row.data["name"] == "李娜" and row.data["skills"] == ["光伏运维", "PLC"]
        assert repo.by_account("acct-1", for_update=True) is row
        assert repo.get("t1").account_id == "acct-1"
        assert repo.by_account("someone-else") is None
    with pytest.raises(IntegrityError), db.session() as s:  # one profile per account
        TalentRepository(s).add(talent("t2", "acct-1"))
    with db.session() as s:
        repo = TalentRepository(s)
        repo.delete(repo.by_account("acct-1", for_update=True))
    with db.session() as s:
        assert TalentRepository(s).get("t1") is None
        assert TalentRepository(s).by_account("acct-1") is None


def test_concurrent_updates_of_one_talent_both_count(db):
    """Two PUTs of one profile at once: the second waits for the first (a row lock on
    PostgreSQL, the write lock on SQLite), reads its revision and adds its own."""
    with db.session() as s:
        TalentRepository(s).add(talent("t1", "acct-1"))
    bus = MemoryBus()
    holding, trying = threading.Event(), threading.Event()
    seen: dict[str, int] = {}
    waited: dict[str, float] = {}
    errors: list[BaseException] = []

    def put(name: str, first: bool) -> None:
        try:
            with UnitOfWork(db, bus) as uow:
                t0 = time.monotonic()
                if not first:
                    trying.set()
                row = TalentRepository(uow.session).by_account("acct-1", for_update=True)
                waited[name] = time.monotonic() - t0
                seen[name] = row.revision
                if first:
                    holding.set()
                    assert trying.wait(10)
                    time.sleep(0.3)  # the other PUT is asking for the row while this one holds it
                row.data = {**row.data, "name": name}
                row.revision += 1
                row.updated_at = datetime.now(UTC)
                uow.session.flush()
                uow.emit(events.TALENTS, events.make("talent.upserted", row.id,
                                                     TalentChanged(id=row.id, revision=row.revision, talent=row.data)))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    first = threading.Thread(target=put, args=("first", True))
    second = threading.Thread(target=put, args=("second", False))
    first.start()
    assert holding.wait(10)
    second.start()
    first.join(30)
    second.join(30)

    assert errors == []
    assert seen == {"first": 1, "second": 2}
    assert waited["second"] >= 0.25  # it really waited for the first
    with db.session() as s:
        row = TalentRepository(s).by_account("acct-1")
        assert (row.revision, row.data["name"]) == (3, "second")
    assert [e.payload["revision"] for e in bus.messages(events.TALENTS)] == [2, 3]


# ---------------------------------------------------------------- matcher


def test_match_entities_and_pushes(db):
    rng = np.random.default_rng(7)
    query, passage = rng.standard_normal(384).astype(np.float32), rng.standard_normal(384).astype(np.float32)
    # the awkward floats too: negative zero, the smallest subnormal, the largest finite, NaN
    query[:4] = [-0.0, np.float32(1e-45), np.finfo(np.float32).max, np.nan]
    big_index_id = 2**40  # beyond 32 bits: BIGINT on PostgreSQL

    with db.session() as s:
        MatchRepository(s).upsert(MatchEntityRow(shard=0, kind="talent", id="t1", index_id=big_index_id, revision=1, active=True,
                                                 model="e5", entity={"name": "王芳", "skills": ["化工工艺"]},
                                                 query=to_blob(query), passage=to_blob(passage)))
        MatchRepository(s).upsert(MatchEntityRow(shard=0, kind="job", id="j1", index_id=1, revision=1, active=True, model="e5",
                                                 entity={"title": "化工工艺工程师"}, query=to_blob(None), passage=to_blob(None)))
    with db.session() as s:
        repo = MatchRepository(s)
        row = repo.get(0, "talent", "t1")
        assert row.index_id == big_index_id and row.entity["name"] == "王芳" and row.active is True
        assert from_blob(row.query).tobytes() == query.tobytes()  # bit for bit, NaN and -0.0 included
        assert from_blob(row.passage).tobytes() == passage.tobytes()
        assert from_blob(repo.get(0, "job", "j1").query) is None
        assert repo.get(0, "talent", "nope") is None

    newer = rng.standard_normal(384).astype(np.float32)
    with db.session() as s:  # an upsert replaces the snapshot
        MatchRepository(s).upsert(MatchEntityRow(shard=0, kind="talent", id="t1", index_id=big_index_id, revision=2, active=False,
                                                 model="e5", entity={"name": "王芳"}, query=to_blob(newer), passage=to_blob(newer)))
    with db.session() as s:
        repo = MatchRepository(s)
        assert sorted((r.kind, r.id, r.revision) for r in repo.all_entities(0)) == [("job", "j1", 1), ("talent", "t1", 2)]
        assert from_blob(repo.get(0, "talent", "t1").query).tobytes() == newer.tobytes()
        assert list(repo.all_entities(1)) == []  # another matcher shard's rows are its own

        assert not repo.pushed("talent", "j1", "t1")
        repo.record_push("talent", "j1", "t1", 0.83)
        repo.record_push("job", "j1", "t1", 0.83)
        repo.record_push("talent", "j1", "t2", 0.61)
    with db.session() as s:
        repo = MatchRepository(s)
        repo.record_push("talent", "j1", "t1", 0.85)  # a replay overwrites, never duplicates
        assert repo.pushed("talent", "j1", "t1") and repo.pushed("job", "j1", "t1")
    with db.session() as s:
        MatchRepository(s).forget_talent("t1")
    with db.session() as s:
        repo = MatchRepository(s)
        assert not repo.pushed("talent", "j1", "t1") and not repo.pushed("job", "j1", "t1")
        assert repo.pushed("talent", "j1", "t2")


# ---------------------------------------------------------------- outbox and unit of work


def test_events_are_published_only_after_commit(db):
    bus = RecordingBus()
    first, second = job_event("pv", 1), job_event("pv", 2)
    now = datetime.now(UTC)
    with UnitOfWork(db, bus) as uow:
        JobRepository(uow.session).add(job("pv", created_at=now, description="光伏"))
        uow.emit(events.JOBS, first)
        uow.emit(events.JOBS, second)
        assert bus.sent == []  # nothing leaves before the commit ...
        assert count(db, OutboxRow) == 0  # ... and another connection sees nothing yet
    assert [e.id for e in bus.messages(events.JOBS)] == [first.id, second.id]
    assert count(db, OutboxRow) == 0  # relayed rows are deleted
    assert count(db, JobRow) == 1


def test_a_rollback_publishes_nothing_and_stores_nothing(db):
    bus = RecordingBus()
    with pytest.raises(RuntimeError, match="boom"), UnitOfWork(db, bus) as uow:
        JobRepository(uow.session).add(job("pv", created_at=datetime.now(UTC)))
        uow.emit(events.JOBS, job_event("pv", 1))
        raise RuntimeError("boom")
    assert bus.sent == []
    assert count(db, OutboxRow) == 0
    assert count(db, JobRow) == 0


def test_relay_pending_sends_what_a_crash_left_in_order_then_deletes_it(db):
    # the process died after committing these and before relaying them
    pending = [(events.JOBS if i % 3 else events.TALENTS, job_event(f"j{i % 2}", i)) for i in range(1, 8)]
    with db.session() as s:
        for topic, env in pending:
            s.add(OutboxRow(topic=topic, key=env.key, body=env.model_dump_json(), sent=False))

    # a relay that loses the broker half-way deletes nothing: the rows wait for the next
    with pytest.raises(ConnectionError):
        relay_pending(db, RecordingBus(fail_after=3), batch=5)
    assert count(db, OutboxRow) == 7

    bus = RecordingBus()
    assert relay_pending(db, bus, batch=3) == 7  # several batches, one order
    assert bus.sent == [(topic, env.id) for topic, env in pending]
    assert [e.payload for e in bus.messages(events.JOBS)] == [env.payload for t, env in pending if t == events.JOBS]
    assert count(db, OutboxRow) == 0
    assert relay_pending(db, bus) == 0
