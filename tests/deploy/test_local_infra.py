"""The project's own local infrastructure, for real: deploy/kafka/kafka.sh starts an
Apache Kafka 4.x broker (KRaft) and deploy/postgres/pg.sh a private PostgreSQL
cluster, both on 127.0.0.1. These tests start both through the scripts, use them
with the clients the services use (kafka-python, SQLAlchemy + psycopg), restart
them, and stop what they started.

Each test session uses its own work folders under <repo>/var/test-infra/<session>/
and free ports, so neither a broker or database a developer started with the
defaults nor a second test session running at the same time is touched. The
folders are removed once the servers are stopped.
"""

from __future__ import annotations

import subprocess
import time
import uuid
from collections import defaultdict

import pytest
import sqlalchemy as sa
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from tests.fixtures.infra import PG_SH, Kafka, Postgres  # noqa: F401 - the fixtures come from tests/conftest.py

# ---------------------------------------------------------------- kafka helpers


def _admin(kafka: Kafka) -> KafkaAdminClient:
    return KafkaAdminClient(bootstrap_servers=kafka.bootstrap, client_id="test-local-infra")


def _create_topic(kafka: Kafka, partitions: int) -> str:
    name = f"test-{uuid.uuid4().hex[:12]}"
    admin = _admin(kafka)
    try:
        admin.create_topics({name: {"num_partitions": partitions, "replication_factor": 1}})
        admin.wait_for_topics([name], timeout_ms=30_000)
        (described,) = admin.describe_topics([name])
        assert len(described["partitions"]) == partitions
    finally:
        admin.close()
    return name


def _produce(kafka: Kafka, topic: str, records: list[tuple[str, str]]) -> list:
    producer = KafkaProducer(bootstrap_servers=kafka.bootstrap, acks="all")
    try:
        futures = [producer.send(topic, key=key.encode(), value=value.encode()) for key, value in records]
        producer.flush(timeout=30)
        return [f.get(timeout=30) for f in futures]
    finally:
        producer.close()


def _poll(consumer: KafkaConsumer, want: int, timeout_s: float = 30.0) -> list:
    """Poll until `want` records arrived (or the timeout): returns them in poll order."""
    got: list = []
    deadline = time.monotonic() + timeout_s
    while len(got) < want and time.monotonic() < deadline:
        for batch in consumer.poll(timeout_ms=500).values():
            got.extend(batch)
    return got


# ---------------------------------------------------------------- kafka tests


def test_kafka_keyed_round_trip_keeps_each_keys_order(kafka: Kafka):
    topic = _create_topic(kafka, partitions=3)
    keys = [f"job-{i}" for i in range(6)]
    records = [(key, f"{key}:{seq}") for seq in range(20) for key in keys]
    metadata = _produce(kafka, topic, records)

    # A key always lands in one partition, and the keys spread over the partitions.
    partition_of = defaultdict(set)
    for (key, _), md in zip(records, metadata, strict=True):
        partition_of[key].add(md.partition)
    assert all(len(parts) == 1 for parts in partition_of.values()), partition_of
    assert len({next(iter(p)) for p in partition_of.values()}) > 1, partition_of

    consumer = KafkaConsumer(
        bootstrap_servers=kafka.bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    try:
        consumer.assign([TopicPartition(topic, p) for p in range(3)])
        consumer.seek_to_beginning()
        got = _poll(consumer, len(records))
    finally:
        consumer.close()

    assert len(got) == len(records)
    by_key = defaultdict(list)
    for rec in got:
        by_key[rec.key.decode()].append(rec)
    for key in keys:
        recs = by_key[key]
        assert [r.value.decode() for r in recs] == [f"{key}:{seq}" for seq in range(20)]
        assert {r.partition for r in recs} == partition_of[key]
        offsets = [r.offset for r in recs]
        assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)


def _group_consumer(kafka: Kafka, group: str, topic: str) -> KafkaConsumer:
    consumer = KafkaConsumer(
        bootstrap_servers=kafka.bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
    )
    consumer.subscribe([topic])
    return consumer


def _commit(consumer: KafkaConsumer, topic: str, next_offset: int) -> None:
    """Manual commit: the next record to process is `next_offset`."""
    consumer.commit({TopicPartition(topic, 0): OffsetAndMetadata(next_offset, "", -1)})


def _committed(kafka: Kafka, group: str, topic: str) -> int | None:
    admin = _admin(kafka)
    try:
        offsets = admin.list_group_offsets({group: None})[group]
    finally:
        admin.close()
    om = offsets.get(TopicPartition(topic, 0))
    return None if om is None else om.offset


def test_kafka_group_with_manual_commit_resumes_after_last_commit(kafka: Kafka):
    topic = _create_topic(kafka, partitions=1)
    group = f"group-{uuid.uuid4().hex[:8]}"
    _produce(kafka, topic, [("talent-1", f"v{i}") for i in range(10)])

    first = _group_consumer(kafka, group, topic)
    try:
        got = _poll(first, 10)
        assert [r.value.decode() for r in got] == [f"v{i}" for i in range(10)]
        # Only the first four are "durably handled": commit after offset 3.
        _commit(first, topic, got[3].offset + 1)
    finally:
        first.close(autocommit=False)
    assert _committed(kafka, group, topic) == 4

    second = _group_consumer(kafka, group, topic)
    try:
        got = _poll(second, 6)
        assert [r.value.decode() for r in got] == [f"v{i}" for i in range(4, 10)]
        assert got[0].offset == 4
    finally:
        second.close(autocommit=False)


def test_postgres_round_trip_survives_stop_and_start(postgres: Postgres):
    assert postgres.url.startswith("postgresql+psycopg://huiliu:huiliu@127.0.0.1:")
    assert postgres.url.endswith("/huiliu")
    assert postgres.run("url").stdout.strip() == postgres.url

    table = f"test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(postgres.url)
    try:
        with engine.begin() as conn:
            assert conn.execute(sa.text("select current_user")).scalar_one() == "huiliu"
            conn.execute(sa.text(f"create table {table} (id int primary key, name text not null)"))
            conn.execute(sa.text(f"insert into {table} values (:id, :name)"), {"id": 1, "name": "回流"})
        with engine.connect() as conn:
            assert conn.execute(sa.text(f"select name from {table} where id = 1")).scalar_one() == "回流"
    finally:
        engine.dispose()

    url_before = postgres.url
    postgres.run("stop")
    status = subprocess.run(["bash", str(PG_SH), "status"], env=postgres.env, capture_output=True, text=True)
    assert status.returncode == 3 and status.stdout.strip() == "stopped"
    with pytest.raises(sa.exc.OperationalError):
        sa.create_engine(url_before).connect()

    postgres.run("start")
    assert postgres.url == url_before  # an auto-picked port is kept while it is free
    engine = sa.create_engine(postgres.url)
    try:
        with engine.begin() as conn:
            assert conn.execute(sa.text(f"select id, name from {table}")).all() == [(1, "回流")]
            conn.execute(sa.text(f"drop table {table}"))
    finally:
        engine.dispose()


# Last in this file: it restarts the broker under the session fixture.
def test_kafka_restart_keeps_committed_data(kafka: Kafka):
    topic = _create_topic(kafka, partitions=3)
    group = f"group-{uuid.uuid4().hex[:8]}"
    records = [(f"talent-{i % 4}", f"r{i}") for i in range(12)]
    _produce(kafka, topic, records)

    # Commit every partition's end: the group has processed everything so far.
    consumer = _group_consumer(kafka, group, topic)
    try:
        got = _poll(consumer, len(records))
        assert len(got) == len(records)
        ends = {}
        for rec in got:
            ends[rec.partition] = max(ends.get(rec.partition, 0), rec.offset + 1)
        consumer.commit({TopicPartition(topic, p): OffsetAndMetadata(o, "", -1) for p, o in ends.items()})
    finally:
        consumer.close(autocommit=False)

    bootstrap = kafka.bootstrap
    pid_before = (kafka.work / "pid").read_text().strip()
    kafka.run("restart")
    assert kafka.bootstrap == bootstrap
    assert (kafka.work / "pid").read_text().strip() != pid_before

    # The topic, its records and the group's committed offsets are all still there.
    admin = _admin(kafka)
    try:
        assert topic in admin.list_topics()
        committed = admin.list_group_offsets({group: None})[group]
    finally:
        admin.close()
    assert {tp.partition: om.offset for tp, om in committed.items() if tp.topic == topic} == ends

    reader = KafkaConsumer(bootstrap_servers=kafka.bootstrap, enable_auto_commit=False)
    try:
        reader.assign([TopicPartition(topic, p) for p in range(3)])
        reader.seek_to_beginning()
        again = _poll(reader, len(records))
    finally:
        reader.close()
    assert sorted(r.value.decode() for r in again) == sorted(v for _, v in records)

    # New records after the restart: the group resumes exactly after its commits.
    _produce(kafka, topic, [("talent-0", "after-restart")])
    resumed = _group_consumer(kafka, group, topic)
    try:
        got = _poll(resumed, 1)
        time.sleep(1.0)  # anything older would show up here
        got += _poll(resumed, 1, timeout_s=1.0)
    finally:
        resumed.close(autocommit=False)
    assert [r.value.decode() for r in got] == ["after-restart"]
