"""The README walk-through through the distributed system (2 matcher shards, 2 embedders,
Kafka, PostgreSQL, the real model) gives the same matches as the embedded mode on the same
inputs; and the time from posting a vacancy to its SSE ``match`` event, measured in both.

Ids are made by each system, so results are compared by what was posted (the README's
vacancy, the second vacancy, 李明). Like a person typing the commands, the walk-through
lets each step be processed before the next (the vacancy is answerable before the profile
is saved): in the distributed mode a job and a profile travel on different partitions, so
without that the profile could be matched before the vacancy is indexed.
"""
from __future__ import annotations

import queue
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from matcher.embedding.factory import load_embedder
from tests.distributed.harness import ADMIN, deployment
from tests.fixtures.api import ADMIN as EMBEDDED_ADMIN
from tests.fixtures.api import SSE, make_settings, served

pytestmark = pytest.mark.model

README_JOB = {
    "title": "储能电站运维工程师", "industry": "new_energy", "location": "临港经济开发区",
    "description": "负责储能电站电池系统、PCS和BMS的日常巡检与故障处理，参与电站调试与验收。",
    "skills": ["储能", "BMS", "PCS", "电工证"], "education_min": "associate", "experience_min_years": 2,
    "salary_min": 7000, "salary_max": 11000, "headcount": 2, "engagement": ["full_time"]}
README_PROFILE = {
    "name": "李明", "resume_text": "在苏州一家储能公司做了4年电站运维，负责电池簇巡检、BMS告警处理和PCS维护，持有低压电工证。",
    "skills": ["BMS", "储能运维", "电工证"], "education": {"level": "associate", "major": "电气自动化技术", "graduation_year": 2019},
    "experience_years": 4, "current_city": "苏州", "native": True, "desired_industries": ["new_energy"],
    "desired_locations": ["云港市"], "salary_expectation": 8000, "engagement": ["full_time"],
    "return_intention": "planning", "visible_to_enterprises": True}
# "keep this open, then post another vacancy from a third terminal"
SECOND_JOB = {**README_JOB, "title": "储能电站运维工程师（二期项目）", "location": "北山县"}
DISTRICTS = ["海港区", "新城区", "高新区", "临港经济开发区", "北山县", "南湖区"]
LATENCY_JOBS = [{**README_JOB, "title": f"储能电站运维工程师（{d}站 {i}）", "location": d} for i, d in enumerate(DISTRICTS * 2)][:10]
QUIET = httpx.Timeout(30, read=90)  # the stream pings every 15 s


class Stream(threading.Thread):
    """A seeker's SSE stream: every ``match`` event with the time it arrived."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.url, self.headers = url, headers
        self.connected = threading.Event()
        self.events: queue.Queue[tuple[float, dict]] = queue.Queue()
        self.error: str | None = None

    def run(self) -> None:
        try:
            with httpx.stream("GET", self.url, headers=self.headers, timeout=QUIET) as r:
                if r.status_code != 200:
                    self.error = f"stream answered {r.status_code}"
                    return
                sse = SSE(r)
                sse.next("ready")
                self.connected.set()
                while True:
                    item = sse.next("match")
                    self.events.put((time.monotonic(), item))
        except Exception as exc:  # noqa: BLE001 - reported by the waiting test
            self.error = repr(exc)
        finally:
            self.connected.set()

    def wait_for(self, job_id: str, timeout: float = 60.0) -> tuple[float, dict]:
        deadline = time.monotonic() + timeout
        while True:
            assert self.error is None, self.error
            try:
                at, item = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no SSE match for job {job_id} within {timeout:.0f}s") from None
            if item["job"]["id"] == job_id:
                return at, item


def walkthrough(api: str, admin: dict[str, str], settle: Callable[[], None]) -> dict[str, Any]:
    """The README's commands against one system; returns what they showed, by input name."""
    http = httpx.Client(timeout=60)

    def post(path, body, headers=None, ok=(200, 201)):
        r = http.post(f"{api}{path}", json=body, headers=headers)
        assert r.status_code in ok, f"POST {path}: {r.status_code} {r.text}"
        return r.json()

    def get(path, headers, timeout=60.0):
        deadline = time.monotonic() + timeout
        while True:
            r = http.get(f"{api}{path}", headers=headers)
            if r.status_code == 200:
                return r.json()
            assert r.status_code == 503 and time.monotonic() < deadline, f"GET {path}: {r.status_code} {r.text}"
            time.sleep(0.2)

    ent = post("/accounts", {"role": "enterprise", "name": "云港宁川储能科技有限公司", "password": "change-me-123"})
    ent_h = {"Authorization": f"Bearer {ent['token']}"}
    job = post("/jobs", README_JOB, ent_h)
    get(f"/jobs/{job['id']}/matches?k=5", ent_h)  # processed before the next command
    seek = post("/accounts", {"role": "seeker", "name": "李明", "password": "change-me-123"})
    seek_h = {"Authorization": f"Bearer {seek['token']}"}
    me = http.put(f"{api}/talents/me", json=README_PROFILE, headers=seek_h)
    assert me.status_code == 200, me.text
    names = {job["id"]: "readme-job", me.json()["id"]: "李明"}

    seeker_matches = [(names[m["job"]["id"]], m["score"], m["explanation"]["summary"])
                      for m in get("/talents/me/matches?k=5", seek_h)["items"]]
    candidates = [(names[m["talent"]["id"]], m["score"], m["explanation"]["matched_skills"])
                  for m in get(f"/jobs/{job['id']}/matches?k=5", ent_h)["items"]]

    stream = Stream(f"{api}/talents/me/stream", seek_h)
    stream.start()
    assert stream.connected.wait(30) and stream.error is None, stream.error
    second = post("/jobs", SECOND_JOB, ent_h)
    names[second["id"]] = "second-job"
    _, pushed = stream.wait_for(second["id"])
    push = (names[pushed["job"]["id"]], pushed["score"], pushed["explanation"]["summary"])

    tid = get("/talents/me", seek_h)["id"]
    outcome = post("/outcomes", {"job_id": job["id"], "talent_id": tid, "kind": "applied"}, seek_h)["kind"]
    settle()  # the outcome reaches the figures through the bus
    stats = get("/admin/stats", admin)
    return {"seeker_matches": seeker_matches, "candidates": candidates, "push": push, "outcome": outcome,
            "stats": stats, "_stream": stream, "_ent": ent_h, "_seek": seek_h}


def latencies(api: str, run: dict[str, Any]) -> list[float]:
    """Seconds from POST /jobs to the seeker's SSE ``match`` for it, one vacancy at a time."""
    http = httpx.Client(timeout=60)
    out = []
    for body in LATENCY_JOBS:
        t0 = time.monotonic()
        r = http.post(f"{api}/jobs", json=body, headers=run["_ent"])
        assert r.status_code == 201, r.text
        at, _ = run["_stream"].wait_for(r.json()["id"])
        out.append(at - t0)
    return out


@pytest.fixture(scope="module")
def real_embedder():
    return load_embedder(None)


def test_walkthrough_distributed_equals_embedded_and_push_latency(kafka, postgres, tmp_path, real_embedder):
    settings = make_settings(tmp_path / "embedded", embed_model=None, score_threshold=55.0)
    with served(settings, embedder=real_embedder) as (base, runtime):
        embedded = walkthrough(f"{base}/api/v1", {"Authorization": f"Bearer {EMBEDDED_ADMIN}"},
                               settle=lambda: runtime.wait_idle(30))
        embedded_latency = latencies(f"{base}/api/v1", embedded)

    with deployment(tmp_path / "real", kafka, postgres, shards=2, embedders=2) as dep:
        def settle() -> None:  # the analytics service has counted the outcome
            dep.wait("outcome counted by analytics", lambda: dep.http.get(f"{dep.api}/admin/stats", headers=ADMIN)
                     .json()["funnel"]["outcomes"]["applied"] == 1, 60)

        distributed = walkthrough(dep.api, ADMIN, settle)
        distributed_latency = latencies(dep.api, distributed)

    for key in ("seeker_matches", "candidates", "push", "outcome", "stats"):
        assert distributed[key] == embedded[key], f"{key}: distributed {distributed[key]} != embedded {embedded[key]}"
    assert embedded["seeker_matches"] and embedded["candidates"]  # the walk-through did find the match

    def figures(xs: list[float]) -> str:
        q = statistics.quantiles(xs, n=10)
        each = " ".join(f"{x * 1000:.0f}" for x in xs)
        return f"median {statistics.median(xs) * 1000:6.0f} ms  p90 {q[8] * 1000:6.0f} ms  (each, ms: {each})"

    print(f"\nwalk-through: distributed == embedded ({embedded['seeker_matches'][0][1]} for 李明 × the README vacancy, "
          f"push of the second vacancy {embedded['push'][1]})")
    print(f"POST /jobs -> SSE match, real model, {len(LATENCY_JOBS)} vacancies one at a time:")
    print(f"  embedded (one process, memory bus)           {figures(embedded_latency)}")
    print(f"  distributed (Kafka, 2 embedders, 2 shards)   {figures(distributed_latency)}")
    assert statistics.median(distributed_latency) < 10  # sanity: seconds, not minutes
