"""Distributed Huiliu under failure, on the real broker and database: one seeded cluster
(2 matcher shards, 2 embedders, the hashing embedder) shared by the tests below, in this
order: sharded answers, a poison message, a matcher restart, an embedder killed mid-stream,
and last a broker restart. Each adds vacancies of its own and checks only those (and the
seed, which none of them changes).

Every test prints what it measured. "Exactly once" is checked where it is claimed: the
``vectors`` topic read with read_committed (the embedder is transactional), the matcher's
table, and the ``matches`` topic (the matcher is at-least-once, idempotent).
"""
from __future__ import annotations

import json
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import OffsetSpec
from kafka.partitioner import murmur2

from matcher.main import talent_owner
from services.kit.events import Envelope
from tests.distributed.conftest import seed
from tests.distributed.harness import HASHING, Deployment, deployment, ranking
from tests.fixtures.matching_cases import JOBS


def vacancy(i: int, tag: str) -> dict:
    """A realistic vacancy (one of the seed's, retitled) for the i-th post of a stream."""
    key = list(JOBS)[i % len(JOBS)]
    return {**JOBS[key], "title": f"{JOBS[key]['title']}（{tag} {i}）"}


def vector_counts(dep: Deployment, ids: set[str], isolation: str = "read_committed") -> Counter:
    """How many vector events each job id has in the ``vectors`` topic."""
    return Counter(e.payload["id"] for e in dep.topic("vectors", isolation)
                   if isinstance(e, Envelope) and e.payload.get("kind") == "job" and e.payload["id"] in ids)


def matcher_rows(dep: Deployment, ids: set[str]) -> Counter:
    """(shard, job id) -> rows in the matcher's table."""
    rows = dep.scalar_rows("SELECT shard, id FROM match_entities WHERE kind = 'job' AND id = ANY(:ids)", ids=list(ids))
    return Counter(rows)


def transactional_id(dep: Deployment, name: str) -> str:
    """The transactional id a process's bus logged (its latest start)."""
    lines = [json.loads(line) for line in (dep.logs / f"{name}.log").read_text().splitlines()
             if '"transactional producer ready"' in line]
    assert lines, dep.problem(f"{name} logged no transactional producer")
    return lines[-1]["transactional_id"]


def in_transaction(admin: KafkaAdminClient, tid: str, topic: str) -> bool:
    """A transaction of ``tid`` is open and has written to ``topic`` (records past the last
    stable offset of one of its partitions there)."""
    state = admin.describe_transactions([tid])[tid]
    tps = [tp for tp in state.topic_partitions if tp.topic == topic]
    if state.state != "Ongoing" or not tps:
        return False
    written = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in tps})
    stable = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in tps}, isolation_level="read_committed")
    return any(stable[tp].offset < written[tp].offset for tp in tps)


def post_stream(dep: Deployment, owner: dict, bodies: list[dict], threads: int, pace: float = 0.0):
    """Post vacancies from ``threads`` clients; returns (ids posted, errors, progress counter)."""
    posted: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(part: list[dict]) -> None:
        with httpx.Client(timeout=httpx.Timeout(60, connect=5)) as http:
            for body in part:
                try:
                    r = http.post(f"{dep.api}/jobs", json=body, headers=owner["headers"])
                    with lock:
                        (posted.append(r.json()["id"]) if r.status_code == 201 else errors.append(f"{r.status_code} {r.text[:120]}"))
                except httpx.HTTPError as exc:
                    with lock:
                        errors.append(repr(exc))
                time.sleep(pace)

    workers = [threading.Thread(target=worker, args=(bodies[i::threads],), daemon=True) for i in range(threads)]
    for w in workers:
        w.start()
    return posted, errors, workers


# --------------------------------------------------------------------------- sharding


def test_two_matcher_shards_answer_like_one(shared, kafka, postgres, tmp_path):
    dep2, seed2 = shared
    owned = [dep2.shard_status(i)["talents"] for i in range(2)]
    assert all(owned) and sum(owned) == len(seed2.talents), f"talents per shard: {owned}"
    with deployment(tmp_path / "one-shard", kafka, postgres, shards=1, embedders=1, extra_env=HASHING) as dep1:
        seed1 = seed(dep1)
        compared = ties = 0
        for key in seed2.jobs:
            two = ranking(dep2.job_matches(seed2.owner, seed2.jobs[key]), "talent", seed2.key_of)
            one = ranking(dep1.job_matches(seed1.owner, seed1.jobs[key]), "talent", seed1.key_of)
            assert two == one, f"job {key}: 2 shards {two} != 1 shard {one}"
            compared += sum(len(keys) for _, keys in two)
            ties += sum(len(keys) > 1 for _, keys in two)
        for key in seed2.talents:  # and a seeker's vacancies, from the shard that owns the seeker:
            # the same vacancies and scores (the order of a seeker's list also weighs how often
            # each vacancy was shown lately, which each matcher process counts for its own seekers)
            two = sorted((seed2.key_of[m["job"]["id"]], m["score"]) for m in dep2.talent_matches(seed2.seekers[key]))
            one = sorted((seed1.key_of[m["job"]["id"]], m["score"]) for m in dep1.talent_matches(seed1.seekers[key]))
            assert two == one, f"talent {key}: 2 shards {two} != 1 shard {one}"
    print(f"\nshards: {len(seed2.jobs)} jobs x {len(seed2.talents)} talents (split {owned[0]}/{owned[1]}): "
          f"{compared} ranked candidates equal with 2 shards and 1 ({ties} tied groups compared as sets); "
          f"{len(seed2.talents)} seekers' vacancies and scores equal")


# --------------------------------------------------------------------------- poison


def test_a_poison_message_goes_to_dead_letter_and_does_not_stop_its_partition(shared):
    dep, s = shared
    topic = dep.prefix + "jobs"
    producer = KafkaProducer(bootstrap_servers=dep.bootstrap, acks="all")
    try:
        partitions = sorted(producer.partitions_for(topic))
        poison: dict[str, tuple[int, bytes]] = {}  # key -> (partition, bytes), acknowledged before the vacancy is posted
        for p in partitions:  # every partition: whichever the next vacancy lands on has poison before it
            for kind, raw in (("garbage", b"\x00{not json"),
                              ("bad-payload", Envelope(type="job.upserted", key=f"poison-{p}", payload={"id": f"poison-{p}"}).encode())):
                producer.send(topic, key=f"poison-{kind}-{p}".encode(), value=raw, partition=p).get(30)
                poison[f"poison-{kind}-{p}"] = (p, raw)
    finally:
        producer.close()

    job = dep.post_job(s.owner, vacancy(0, "毒消息之后"))
    partition = (murmur2(job["id"].encode()) & 0x7FFFFFFF) % len(partitions)
    assert any(p == partition for p, _ in poison.values())
    t0 = time.monotonic()
    dep.job_matches(s.owner, job["id"], k=5, timeout=60)  # every shard holds it: the partition moved on
    moved_on = time.monotonic() - t0

    letters: dict[str, Envelope] = {}

    def all_dead_lettered() -> bool:
        letters.update({e.key: e for e in dep.topic("deadletter") if isinstance(e, Envelope) and e.key in poison})
        return len(letters) == len(poison)

    dep.wait("every poison message in the dead-letter topic", all_dead_lettered, 60)
    for key, (_, raw) in poison.items():
        letter = letters[key].payload
        assert letter["topic"] == "jobs" and letter["original"] == raw.decode("utf-8", "replace")
        assert ("not a Huiliu envelope" if "garbage" in key else "job.upserted: revision") in letter["error"], letter
    print(f"\npoison: {len(poison)} poison records on {len(partitions)} partitions all dead-lettered with their error; "
          f"the vacancy behind one (partition {partition}) answerable {moved_on:.1f}s after posting")


# --------------------------------------------------------------------------- matcher restart


def test_a_restarted_matcher_shard_restores_its_snapshot_and_replays_what_it_missed(shared):
    dep, s = shared
    c, name, shard = dep.cluster, "matcher-1", 1
    owns = talent_owner(3, shard, 2)
    mine = [k for k, tid in s.talents.items() if owns(tid)]
    assert mine, "shard 1 owns none of the seed's talents"
    old_jobs = {k: ranking(dep.job_matches(s.owner, jid), "talent", s.key_of) for k, jid in s.jobs.items()}
    old_lists = {k: {m["job"]["id"]: m["score"] for m in dep.talent_matches(s.seekers[k])} for k in mine}
    before = dep.shard_status(shard)
    log = dep.logs / f"{name}.log"

    t0 = time.monotonic()
    c.signal(name, signal.SIGTERM)  # drain, commit, save the index snapshot
    dep.wait(f"{name} to exit after SIGTERM", lambda: not c.alive(name), 30, poll=0.05)
    stopped = time.monotonic() - t0
    snapshot = dep.cluster.work / "data" / "index" / f"shard-{shard}"
    assert {f.name for f in snapshot.glob("*.index")} == {"jobs.index", "talents.index"}, dep.problem("no index snapshot")
    log_size = log.stat().st_size

    # while it is down: new vacancies, which it must catch up on
    new = [dep.post_job(s.owner, vacancy(i, "停机期间"))["id"] for i in range(8)]
    t1 = time.monotonic()
    c.start(name)
    c.wait_ready(c.procs[name].url, 120, [name])
    ready = time.monotonic() - t1
    at_ready = dep.shard_status(shard)
    caught_up = dep.wait(f"{name} to replay the missed vacancies",
                         lambda: dep.shard_status(shard)["jobs"] == before["jobs"] + len(new), 60, poll=0.1) + ready
    restart_log = log.read_bytes()[log_size:].decode("utf-8", "replace")
    assert "rebuilding" not in restart_log, f"the index was rebuilt, not loaded from the snapshot: {restart_log[-2000:]}"

    # Old data: the same answers as before. A restarted shard may still be warming up in the
    # background once ready (it re-indexes skills for recall); bounded wait for equal answers.
    changed: dict[str, tuple] = {}

    def same_answers() -> bool:
        changed.clear()
        for k, jid in s.jobs.items():
            now = ranking(dep.job_matches(s.owner, jid), "talent", s.key_of)
            if now != old_jobs[k]:
                changed[k] = (old_jobs[k], now)
        return not changed

    try:
        equal = dep.wait("the old vacancies' candidates as before the restart", same_answers, 60, poll=0.5) + time.monotonic() - t1
    except AssertionError as exc:
        raise AssertionError(f"{exc}; first difference (before, after): {next(iter(changed.items()))}") from None
    gained = 0
    for k in mine:  # a seeker of this shard: the same vacancies and scores, and the new ones
        now = {m["job"]["id"]: m["score"] for m in dep.talent_matches(s.seekers[k])}
        assert {j: v for j, v in now.items() if j not in new} == old_lists[k], f"talent {k}: old vacancies changed"
        gained += sum(j in new for j in now)
    assert gained, "no seeker of the restarted shard sees any vacancy posted while it was down"
    for jid in new:  # and the new vacancies' candidates come from both shards again
        dep.job_matches(s.owner, jid, timeout=30)
    print(f"\nmatcher restart: SIGTERM -> exit {stopped:.1f}s; start -> ready {ready:.1f}s "
          f"(snapshot of {before['jobs']} jobs / {before['talents']} talents loaded, {at_ready['jobs']} jobs at ready); "
          f"caught up on {len(new)} vacancies posted while down {caught_up:.1f}s after start; "
          f"{len(s.jobs)} old vacancies' candidates as before {equal:.1f}s after start, "
          f"{gained} new entries in {len(mine)} seekers' lists")


# --------------------------------------------------------------------------- embedder crash


def test_an_embedder_killed_mid_stream_loses_nothing_and_duplicates_nothing(shared):
    dep, s = shared
    c, victim, n = dep.cluster, "embedder-0", 500
    owner = dep.account("enterprise", "批量发布岗位的企业")
    t0 = time.monotonic()
    posted, errors, workers = post_stream(dep, owner, [vacancy(i, "批量") for i in range(n)], threads=4)
    dep.wait("150 vacancies posted", lambda: len(posted) + len(errors) >= 150, 120, poll=0.02)
    # kill it while one of its transactions is open on the broker with vectors in it
    tid = transactional_id(dep, victim)
    admin = KafkaAdminClient(bootstrap_servers=dep.bootstrap)
    try:
        dep.wait(f"a transaction of {victim} in progress", lambda: in_transaction(admin, tid, dep.prefix + "vectors"), 60, poll=0)
        c.signal(victim, signal.SIGKILL)
    finally:
        admin.close()
    killed_at = len(posted)
    t_kill = time.monotonic()
    dep.wait(f"{victim} gone", lambda: not c.alive(victim), 10, poll=0.05)
    c.start(victim)
    c.wait_ready(c.procs[victim].url, 120, [victim])
    back = time.monotonic() - t_kill
    for w in workers:
        w.join(300)
    assert not errors, dep.problem(f"{len(errors)} posts failed, first: {errors[0]}")
    assert killed_at < n, "the embedder was killed after the stream ended"
    ours = set(posted)
    all_posted = time.monotonic() - t0

    dep.wait("a vector event for every vacancy", lambda: len(vector_counts(dep, ours)) == n, 180, poll=1)
    visible = time.monotonic() - t_kill
    dep.wait("every vacancy in both matcher shards", lambda: len(matcher_rows(dep, ours)) == 2 * n, 120, poll=1)
    done = time.monotonic() - t0
    vectors = vector_counts(dep, ours)
    in_log = vector_counts(dep, ours, "read_uncommitted")
    rows = matcher_rows(dep, ours)
    with ThreadPoolExecutor(4) as pool:  # every one answerable through the gateway (both shards)
        answered = sum(1 for _ in pool.map(lambda jid: dep.job_matches(owner, jid, k=5, timeout=30), ours))
    pushes = Counter((e.payload["audience"], e.payload["job_id"], e.payload["talent_id"]) for e in dep.topic("matches")
                     if isinstance(e, Envelope) and e.payload["job_id"] in ours)
    dead = [e for e in dep.topic("deadletter") if isinstance(e, Envelope) and e.key in ours]
    revisions = dep.scalar_rows("SELECT DISTINCT revision FROM match_entities WHERE kind = 'job' AND id = ANY(:ids)", ids=list(ours))

    duplicates = sum(v - 1 for v in vectors.values())
    print(f"\nembedder crash: posted {len(posted)} vacancies in {all_posted:.1f}s (4 clients); SIGKILL {victim} after "
          f"{killed_at} in the middle of a transaction, back and ready {back:.1f}s later, every vector visible "
          f"{visible:.1f}s after the kill; {sum(vectors.values())} vector events for {len(vectors)} "
          f"vacancies (read_committed), {duplicates} duplicates, {sum(in_log.values()) - sum(vectors.values())} more "
          f"records only in aborted transactions; matcher rows {sum(rows.values())} (2 shards x {n}), {answered} answerable; "
          f"{sum(pushes.values())} match pushes, {sum(v - 1 for v in pushes.values())} repeated; "
          f"{len(dead)} dead-lettered; all done {done:.1f}s after the first post")
    assert len(vectors) == n and duplicates == 0, dep.problem(f"vectors: {len(vectors)} vacancies, {duplicates} duplicates")
    assert set(rows.values()) == {1} and len(rows) == 2 * n and revisions == [(1,)]
    assert answered == n and not dead
    assert all(v == 1 for v in pushes.values()), f"a match was pushed twice: {[k for k, v in pushes.items() if v > 1][:3]}"


# --------------------------------------------------------------------------- broker restart


def test_a_broker_restart_mid_stream_loses_nothing(shared, kafka):
    dep, s = shared
    owner = dep.account("enterprise", "重启期间发布岗位的企业")
    n = 120
    t0 = time.monotonic()
    posted, errors, workers = post_stream(dep, owner, [vacancy(i, "重启") for i in range(n)], threads=2, pace=0.05)
    dep.wait("30 vacancies posted", lambda: len(posted) >= 30, 60, poll=0.02)
    before = len(posted)
    t_restart = time.monotonic()
    kafka.run("restart")
    restart = time.monotonic() - t_restart
    for w in workers:
        w.join(300)
    # The services commit a vacancy, then publish it (outbox): a post made while the broker
    # is away may answer with an error after the commit. What counts is what the jobs
    # service holds: every one of those must reach the matcher.
    stored = {r[0] for r in dep.scalar_rows("SELECT id FROM jobs WHERE owner_id = :o", o=owner["id"])}
    assert set(posted) <= stored
    converged = dep.wait("every stored vacancy in both matcher shards",
                         lambda: len(matcher_rows(dep, stored)) == 2 * len(stored), 180, poll=1)
    # The outbox is at-least-once: a publish whose acknowledgement the restart swallowed is
    # sent again, and its (idempotent) revision then gets a second vector event; counted here.
    vectors = vector_counts(dep, stored)
    print(f"\nbroker restart: {restart:.1f}s (stop + start, same storage) after {before} posts; "
          f"{len(posted)} posts answered 201, {len(errors)} failed during the restart; {len(stored)} vacancies stored, "
          f"all in both matcher shards {converged:.1f}s after the stream ended; {sum(vectors.values())} vector events "
          f"({sum(v - 1 for v in vectors.values())} for a vacancy sent twice by the outbox); {time.monotonic() - t0:.1f}s in all")
    assert len(vectors) == len(stored), dep.problem("a stored vacancy has no vector event")
