"""Distributed Huiliu for the tests: a cluster of service processes (deploy/local/cluster.py)
on the session's Kafka broker and PostgreSQL, with a database schema, topic prefix, work
folder and gateway port of its own, and the HTTP, topic and database helpers the tests share.

Every wait is bounded, and a failure names the cluster's logs folder.
"""
from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from kafka import KafkaConsumer, TopicPartition

from deploy.local import cluster as local
from services.kit.events import BadMessage, Envelope

#: the test-only embedder (fast, deterministic) where the real model is not the point
HASHING = {"HUILIU_EMBED_MODEL": "hashing", "HUILIU_EMBED_DIM": "256"}
ADMIN = {"Authorization": "Bearer dev-admin-token"}  # the development default the cluster runs with
PASSWORD = "password123"


@dataclass
class Deployment:
    cluster: local.Cluster
    bootstrap: str
    db_url: str
    prefix: str
    engine: sa.Engine
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=httpx.Timeout(30, connect=5)))

    @property
    def api(self) -> str:
        return f"{self.cluster.gateway_url}/api/v1"

    @property
    def logs(self) -> Path:
        return self.cluster.work / "logs"

    def problem(self, what: str) -> str:
        return f"{what} (logs: {self.logs})"

    # HTTP through the gateway ------------------------------------------------------------

    def account(self, role: str, name: str) -> dict[str, Any]:
        r = self.http.post(f"{self.api}/accounts", json={"role": role, "name": name, "password": PASSWORD})
        assert r.status_code == 201, self.problem(f"account: {r.status_code} {r.text}")
        body = r.json()
        return {"id": body["id"], "headers": {"Authorization": f"Bearer {body['token']}"}}

    def post_job(self, owner: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        r = self.http.post(f"{self.api}/jobs", json=body, headers=owner["headers"])
        assert r.status_code == 201, self.problem(f"post job: {r.status_code} {r.text}")
        return r.json()

    def put_talent(self, seeker: dict[str, Any], profile: dict[str, Any]) -> dict[str, Any]:
        r = self.http.put(f"{self.api}/talents/me", json=profile, headers=seeker["headers"])
        assert r.status_code == 200, self.problem(f"put profile: {r.status_code} {r.text}")
        return r.json()

    def get(self, path: str, headers: dict[str, str], timeout: float = 60.0, **params: Any) -> Any:
        """GET through the gateway; 503 ("still being processed", a shard restarting) is
        retried until ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                r = self.http.get(f"{self.api}{path}", headers=headers, params=params)
            except httpx.TransportError as exc:
                r, error = None, repr(exc)
            else:
                if r.status_code == 200:
                    return r.json()
                error = f"{r.status_code} {r.text[:300]}"
                assert r.status_code == 503, self.problem(f"GET {path}: {error}")
            assert time.monotonic() < deadline, self.problem(f"GET {path} still failing after {timeout:.0f}s: {error}")
            time.sleep(0.2)

    def job_matches(self, owner: dict[str, Any], job_id: str, k: int = 100, timeout: float = 60.0) -> list[dict]:
        return self.get(f"/jobs/{job_id}/matches", owner["headers"], timeout, k=k)["items"]

    def talent_matches(self, seeker: dict[str, Any], k: int = 100, timeout: float = 60.0) -> list[dict]:
        return self.get("/talents/me/matches", seeker["headers"], timeout, k=k)["items"]

    def shard_status(self, i: int) -> dict[str, Any]:
        r = httpx.get(f"{self.cluster.procs[f'matcher-{i}'].url}/readyz", timeout=5)
        return r.json()

    # topics and tables -------------------------------------------------------------------------

    def topic(self, name: str, isolation: str = "read_committed", timeout: float = 60.0) -> list[Envelope | bytes]:
        """Every record of one of this deployment's topics, to the end a reader with
        ``isolation`` can see (undecodable ones as bytes)."""
        return read_topic(self.bootstrap, self.prefix + name, isolation, timeout)

    def scalar_rows(self, sql: str, **params: Any) -> list[tuple]:
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]

    def wait(self, what: str, pred: Callable[[], bool], timeout: float, poll: float = 0.5) -> float:
        """Wait until ``pred()``; returns the seconds it took."""
        t0 = time.monotonic()
        while not pred():
            assert time.monotonic() - t0 < timeout, self.problem(f"{what}: not after {timeout:.0f}s")
            time.sleep(poll)
        return time.monotonic() - t0


def read_topic(bootstrap: str, topic: str, isolation: str = "read_committed", timeout: float = 60.0) -> list[Envelope | bytes]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level=isolation,
                             max_partition_fetch_bytes=8 << 20)
    try:
        parts = consumer.partitions_for_topic(topic)
        if not parts:
            return []
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        consumer.assign(tps)
        consumer.seek_to_beginning()
        end = consumer.end_offsets(tps)  # for read_committed: the last stable offset
        out: list[Envelope | bytes] = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < end[tp] for tp in tps):
            assert time.monotonic() < deadline, f"could not read {topic} to its end in {timeout:.0f}s"
            for recs in consumer.poll(timeout_ms=500).values():
                for r in recs:
                    try:
                        out.append(Envelope.decode(r.value))
                    except BadMessage:
                        out.append(r.value)
        return out
    finally:
        consumer.close(autocommit=False)


@contextmanager
def deployment(work: Path, kafka, postgres, *, shards: int, embedders: int,
               extra_env: dict[str, str] | None = None, timeout: float = 300.0) -> Iterator[Deployment]:
    """Start a cluster in a schema of its own (``search_path`` in the URL, which psycopg
    passes to the server as a startup option) and a topic prefix of its own; stop it."""
    schema = f"dist_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(postgres.url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    db_url = f"{postgres.url}?options=-csearch_path%3D{schema}"
    engine = sa.create_engine(db_url)
    dep = None
    try:
        t0 = time.monotonic()
        c = local.up(work, shards, embedders, kafka.bootstrap, db_url, topic_prefix=f"{schema}-", port=local.free_port(),
                     extra_env=extra_env, timeout=timeout)  # stops what it started if a process fails to come up
        dep = Deployment(c, kafka.bootstrap, db_url, f"{schema}-", engine)
        print(f"\ncluster {work.name}: {shards} matcher shard(s), {embedders} embedder(s) up in {time.monotonic() - t0:.1f}s, "
              f"logs {dep.logs}")
        with engine.connect() as conn:  # the services migrated the schema named in the URL, not public
            assert conn.execute(sa.text("SELECT current_schema()")).scalar() == schema
            assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() == 1
        yield dep
    finally:
        if dep is not None:
            dep.http.close()
            local.down(work)
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def ranking(items: list[dict], side: str, key_of: dict[str, str]) -> list[tuple[float, list[str]]]:
    """A ranked list as (score, keys) groups: ids differ between two deployments, and a
    tie is ordered by id, so equal scores are compared as a set of input keys."""
    groups: list[tuple[float, list[str]]] = []
    for m in items:
        key = key_of[m[side]["id"]]
        if groups and groups[-1][0] == m["score"]:
            groups[-1][1].append(key)
        else:
            groups.append((m["score"], [key]))
    return [(score, sorted(keys)) for score, keys in groups]
