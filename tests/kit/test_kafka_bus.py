"""What only a real Kafka broker can show: partitions shared by a consumer group, resuming
from committed offsets, surviving a broker restart, dead-lettering without blocking a
partition; and the measured latency and throughput beside the in-memory baseline.
"""
from __future__ import annotations

import statistics
import threading
import time
import uuid

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

from services.kit import events
from services.kit.bus.kafka import KafkaBus
from services.kit.bus.memory import MemoryBus
from services.kit.events import Envelope, JobChanged
from tests.fixtures.waiting import wait_until


def job_event(job_id: str, revision: int) -> Envelope:
    return events.make("job.upserted", job_id, JobChanged(id=job_id, revision=revision, job={"title": f"t{revision}"}))


@pytest.fixture
def make_bus(kafka):
    """KafkaBus factory on one fresh topic prefix per test; every bus is stopped at the end."""
    prefix = f"kb-{uuid.uuid4().hex[:10]}-"
    made: list[KafkaBus] = []

    def make(**kw) -> KafkaBus:
        bus = KafkaBus(kafka.bootstrap, topic_prefix=prefix, **kw)
        bus.retry_backoff = 0.01
        made.append(bus)
        return bus

    yield make
    for bus in made:
        bus.stop()


def committed_offsets(bootstrap: str, group: str) -> dict[int, int]:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        return {tp.partition: om.offset for tp, om in admin.list_group_offsets(group)[group].items()}
    finally:
        admin.close()


def record_positions(bootstrap: str, topic: str, partitions: int, expected: int) -> dict[str, tuple[int, int]]:
    """event id -> (partition, offset), read straight from the topic (no group)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        consumer.assign([TopicPartition(topic, p) for p in range(partitions)])
        consumer.seek_to_beginning()
        out: dict[str, tuple[int, int]] = {}
        deadline = time.monotonic() + 20
        while len(out) < expected and time.monotonic() < deadline:
            for tp, recs in consumer.poll(timeout_ms=200).items():
                for r in recs:
                    out[Envelope.decode(r.value).id] = (tp.partition, r.offset)
        return out
    finally:
        consumer.close(autocommit=False)


def test_two_buses_in_one_group_share_partitions_and_handle_each_event_once(make_bus):
    a, b = make_bus(partitions=6), make_bus(partitions=6)
    seen: dict[str, list[str]] = {"a": [], "b": []}
    a.subscribe(events.JOBS, "workers", lambda env: seen["a"].append(env.id))
    b.subscribe(events.JOBS, "workers", lambda env: seen["b"].append(env.id))
    a.start()
    b.start()
    # the group settles on three partitions each, none owned twice
    assert wait_until(lambda: len(a.assignment()) == 3 and len(b.assignment()) == 3, 30)
    assert not a.assignment() & b.assignment()

    sent = [job_event(f"j{i}", 1) for i in range(300)]
    for env in sent:
        a.publish(events.JOBS, env)
    a.flush()
    assert wait_until(lambda: len(seen["a"]) + len(seen["b"]) >= 300, 30)
    assert a.wait_idle(20) and b.wait_idle(20)
    handled = seen["a"] + seen["b"]
    assert len(handled) == 300 and set(handled) == {e.id for e in sent}  # each exactly once
    assert seen["a"] and seen["b"]  # and both did part of the work


def test_a_rebalance_commits_what_was_handled_before_the_partitions_move(make_bus):
    # No periodic commit during the stream (commit_interval) and no idle commit (a long
    # poll): only the revoke listener can commit what `a` handled before `b` takes over
    # half of the partitions. Without it, `b` would handle those records again.
    quiet = {"commit_interval": 600, "poll_interval": 2.0, "max_poll_records": 10,
             "consumer_config": {"heartbeat_interval_ms": 300}}  # quick notice of the rebalance
    a, b = make_bus(partitions=6, **quiet), make_bus(partitions=6, **quiet)
    seen: dict[str, list[str]] = {"a": [], "b": []}
    a.subscribe(events.JOBS, "workers", lambda env: (time.sleep(0.01), seen["a"].append(env.id)))
    b.subscribe(events.JOBS, "workers", lambda env: (time.sleep(0.01), seen["b"].append(env.id)))
    sent = [job_event(f"j{i}", 1) for i in range(300)]
    for env in sent:
        a.publish(events.JOBS, env)
    a.flush()
    a.start()
    assert wait_until(lambda: len(seen["a"]) >= 50, 30)
    b.start()  # joins mid-stream: a rebalance moves partitions `a` has been working on
    assert wait_until(lambda: len(seen["a"]) + len(seen["b"]) >= 300, 30)
    assert a.wait_idle(20) and b.wait_idle(20)
    handled = seen["a"] + seen["b"]
    assert seen["b"], "b never got partitions"
    assert len(handled) == 300 and set(handled) == {e.id for e in sent}


def test_a_new_consumer_resumes_after_the_last_committed_offset(make_bus, kafka):
    first = make_bus(partitions=3)
    sent = [job_event(f"j{i}", 1) for i in range(300)]
    for env in sent:
        first.publish(events.JOBS, env)
    first.flush()

    got1: list[str] = []
    first.subscribe(events.JOBS, "resume", lambda env: (time.sleep(0.005), got1.append(env.id)))
    first.start()
    assert wait_until(lambda: len(got1) >= 100, 30)
    first.stop()  # mid-stream: finishes the record in hand, commits, leaves the group
    assert 100 <= len(got1) < 300, "stop should interrupt the stream"

    committed = committed_offsets(kafka.bootstrap, first.topic_prefix + "resume")
    positions = record_positions(kafka.bootstrap, first.topic_name(events.JOBS), 3, 300)
    assert len(positions) == 300
    committed_ids = {eid for eid, (p, off) in positions.items() if off < committed.get(p, 0)}
    assert committed_ids == set(got1)  # what was handled is exactly what was committed

    second = make_bus(partitions=3)
    got2: list[str] = []
    second.subscribe(events.JOBS, "resume", lambda env: got2.append(env.id))
    second.start()
    assert wait_until(lambda: len(got1) + len(got2) >= 300, 30)
    assert second.wait_idle(20)
    assert not set(got2) & committed_ids  # nothing committed is handled again
    assert len(got2) == len(set(got2)) == 300 - len(got1)
    assert set(got1) | set(got2) == {e.id for e in sent}  # nothing lost


def test_a_broker_restart_mid_stream_loses_nothing(make_bus, kafka):
    producer, consumer = make_bus(partitions=3), make_bus(partitions=3)
    got: list[str] = []
    consumer.subscribe(events.JOBS, "restart", lambda env: got.append(env.id))
    consumer.start()

    sent: list[str] = []
    errors: list[Exception] = []

    def produce():
        try:
            for i in range(400):
                env = job_event(f"j{i % 40}", i)
                producer.publish(events.JOBS, env)
                sent.append(env.id)
                time.sleep(0.01)
            producer.flush(60)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=produce)
    thread.start()
    assert wait_until(lambda: len(got) >= 50, 20)
    t0 = time.monotonic()
    kafka.run("restart")
    restart_s = time.monotonic() - t0
    thread.join(60)
    assert not thread.is_alive() and not errors, errors
    assert wait_until(lambda: set(sent) <= set(got), 45), f"{len(set(sent) - set(got))} events never handled"
    assert consumer.wait_idle(20)
    duplicates = len(got) - len(set(got))
    print(f"\nbroker restart: {restart_s:.1f}s, {len(sent)} events sent, all handled, "
          f"{duplicates} handled twice (at-least-once)")
    assert set(got) == set(sent)


def test_poison_message_goes_to_dead_letter_and_its_partition_moves_on(make_bus, kafka):
    bus = make_bus(partitions=3)
    revisions: list[int] = []
    dead: list[Envelope] = []
    bus.subscribe(events.JOBS, "g", lambda env: revisions.append(env.payload["revision"]))
    bus.subscribe(events.DEAD_LETTER, "dlq", dead.append)
    bus.start()
    poison = b'{"poison": true}'
    bus.publish(events.JOBS, job_event("j1", 1))
    bus.publish_raw(events.JOBS, "j1", poison)  # same key: same partition, between the two
    bus.publish(events.JOBS, job_event("j1", 2))
    assert wait_until(lambda: revisions == [1, 2] and len(dead) == 1, 30)
    letter = dead[0]
    assert letter.key == "j1"
    assert letter.payload["topic"] == events.JOBS
    assert letter.payload["original"] == poison.decode()
    assert "not a Huiliu envelope" in letter.payload["error"]
    assert bus.wait_idle(20)
    # the partition's committed offset is past all three records, the poison included
    committed = committed_offsets(kafka.bootstrap, bus.topic_prefix + "g")
    assert sorted(committed.values())[-1] == 3 and sum(committed.values()) == 3


def measure(bus) -> tuple[float, float, float, float]:
    """(publish/s, publish+handle/s, latency p50 ms, p95 ms) of one bus, warmed up first."""
    bus.retry_backoff = 0.01
    latency: dict[str, float] = {}
    bus.subscribe(events.JOBS, "bench", lambda env: latency.__setitem__(env.key, time.time() - env.time.timestamp()))
    bus.start()
    bus.publish(events.JOBS, job_event("warmup", 1))
    assert wait_until(lambda: "warmup" in latency, 30)

    for i in range(200):  # one event at a time: latency, not queueing
        bus.publish(events.JOBS, job_event(f"lat{i}", 1))
        time.sleep(0.003)
    assert wait_until(lambda: len(latency) == 201, 30)
    q = statistics.quantiles([latency[f"lat{i}"] for i in range(200)], n=100)

    batch = [job_event(f"pub{i}", 1) for i in range(1000)]
    t0 = time.perf_counter()
    for env in batch:
        bus.publish(events.MATCHES, env)  # a topic nobody consumes: publishing alone
    bus.flush()
    publish_rate = 1000 / (time.perf_counter() - t0)

    batch = [job_event(f"e2e{i}", 1) for i in range(1000)]
    t0 = time.perf_counter()
    for env in batch:
        bus.publish(events.JOBS, env)
    assert wait_until(lambda: len(latency) == 1201, 60)
    handled_rate = 1000 / (time.perf_counter() - t0)
    bus.stop()
    return publish_rate, handled_rate, q[49] * 1000, q[94] * 1000


def test_measured_latency_and_throughput(make_bus, capsys):
    """Kafka beside the in-memory bus, measured in the same run."""
    figures = {"memory": measure(MemoryBus()), "kafka": measure(make_bus(partitions=3))}
    with capsys.disabled():
        print("\nbus figures (this machine, local single broker, 3 partitions, one consumer):")
        for name, (pub, e2e, p50, p95) in figures.items():
            print(f"  {name:6s} publish 1000: {pub:8.0f}/s   publish+handle 1000: {e2e:8.0f}/s   "
                  f"publish->handle p50 {p50:6.2f} ms  p95 {p95:6.2f} ms")
    assert figures["kafka"][2] < 1000  # sanity only: sub-second on a local broker
