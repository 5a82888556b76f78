"""Benchmark of the live push and of batched embedding, with the real model (embedded mode).

1. Push latency: the demo sample (256 vacancies, 540 profiles) is loaded into a running
   system; a seeker listens on SSE; then vacancies that fit them are posted one at a time
   and the time from sending the POST to receiving the ``match`` event is measured.
   Baseline in the same run: encoding one vacancy's text with the model (query + passage),
   the part of the path no design can avoid.
2. Embedding throughput: 128 resume-length Chinese texts encoded in batches of 32 versus
   one at a time (the baseline), which is why the embedder batches.

Not a pytest module; run from the repository root: ``.venv/bin/python tests/benchmarks/bench_push.py``.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from deploy.demo.generate import generate  # noqa: E402
from matcher.embedding.factory import load_embedder  # noqa: E402
from services.embedder.texts import job_text, talent_text  # noqa: E402
from services.kit.config import DEFAULT_INDUSTRIES  # noqa: E402
from tests.fixtures.api import SSE, job_body, make_settings, served, talent_body  # noqa: E402

POSTS = 10


def _account(c: httpx.Client, role: str, name: str) -> dict:
    r = c.post("/api/v1/accounts", json={"role": role, "name": name, "password": "password123"})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['token']}"}


def load_sample(c: httpx.Client) -> tuple[int, int, float]:
    t0 = time.perf_counter()
    sample = generate(seed=7)
    n_jobs = 0
    for ent in sample.enterprises:
        h = _account(c, "enterprise", ent["name"])
        for job in ent["jobs"]:
            c.post("/api/v1/jobs", json=job, headers=h).raise_for_status()
            n_jobs += 1
    for t in sample.talents:
        h = _account(c, "seeker", t["account_name"])
        c.put("/api/v1/talents/me", json=t["profile"], headers=h).raise_for_status()
    return n_jobs, len(sample.talents), time.perf_counter() - t0


def push_latencies(base: str, rt) -> list[float]:
    c = httpx.Client(base_url=base, timeout=60)
    seeker = _account(c, "seeker", "基准测试")
    c.put("/api/v1/talents/me", json=talent_body(), headers=seeker).raise_for_status()
    ent = _account(c, "enterprise", "基准企业")
    assert rt.wait_idle(1800), "the sample was not processed in 30 minutes"
    got: list[float] = []
    ready = threading.Event()

    def listen():
        with httpx.stream("GET", f"{base}/api/v1/talents/me/stream", headers=seeker, timeout=httpx.Timeout(60, read=30)) as r:
            sse = SSE(r)
            sse.next("ready")
            ready.set()
            for _ in range(POSTS):
                sse.next("match")
                got.append(time.perf_counter())

    t = threading.Thread(target=listen, daemon=True)
    t.start()
    ready.wait(30)
    sent = []
    for i in range(POSTS):
        sent.append(time.perf_counter())
        c.post("/api/v1/jobs", json=job_body(title=f"光伏电站运维工程师（{i + 1}号站）"), headers=ent).raise_for_status()
        deadline = time.monotonic() + 20
        while len(got) <= i and time.monotonic() < deadline:
            time.sleep(0.005)
    t.join(5)
    return [g - s for s, g in zip(sent, got, strict=False)]


def main() -> None:
    labels = {**DEFAULT_INDUSTRIES, "other": "其他"}
    embedder = load_embedder(None)
    embedder.encode_documents(["预热"])
    one_job = job_text(job_body(), labels)
    floor = []
    for _ in range(10):
        t0 = time.perf_counter()
        embedder.encode_queries([one_job])
        embedder.encode_documents([one_job])
        floor.append(time.perf_counter() - t0)

    texts = [talent_text(t["profile"], labels) for t in generate(seed=7).talents[:128]]
    t0 = time.perf_counter()
    embedder.encode_documents(texts)
    batched = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in texts:
        embedder.encode_documents([text])
    single = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        settings = make_settings(Path(tmp), embed_model=None, score_threshold=55.0)
        with served(settings, embedder=embedder) as (base, rt):
            with httpx.Client(base_url=base, timeout=60) as c:
                n_jobs, n_talents, load_s = load_sample(c)
            lat = push_latencies(base, rt)

    ms = lambda xs: f"p50 {1000 * statistics.median(xs):7.1f} ms   max {1000 * max(xs):7.1f} ms"  # noqa: E731
    print(f"model {embedder.name}; sample loaded over HTTP: {n_jobs} vacancies + {n_talents} profiles in {load_s:.1f} s")
    print(f"push: POST of a vacancy → SSE 'match' ({len(lat)}/{POSTS} received)   {ms(lat)}")
    print(f"  baseline: encoding that vacancy (query + passage)     {ms(floor)}")
    print(f"embedding 128 resumes: batches of 32 {len(texts) / batched:6.1f} texts/s   "
          f"baseline one by one {len(texts) / single:6.1f} texts/s   ({single / batched:.1f}x)")


if __name__ == "__main__":
    main()
