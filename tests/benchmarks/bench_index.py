"""Benchmark of the VectorIndex backends: FaissIndex measured beside NumpyIndex (the baseline).

For N = 10,000 and 100,000 random unit vectors of 384 dimensions (the e5-small size) it
prints, per backend:
  - build time: adding the N vectors in batches of 1,000, as the embedder delivers them;
  - index memory: growth of the process's resident memory over the build, and the size of
    the saved file, next to the raw payload (N x (384 float32 + one int64 id)) for scale;
  - query latency for top-200: one query at a time (p50 / p95 over 100 queries), and per
    query within one batch of 100.
FAISS runs twice: with its default OpenMP threads and with one, because on a busy machine
OpenMP's spinning threads can make a single query many times slower.

Each case runs in its own fresh Python process, with glibc's mmap threshold pinned so that
freed blocks go back to the OS, so the memory figure is the index and not allocator leftovers
from an earlier case.  The load average is printed because other processes on the machine
move the latencies.  Runs in well under two minutes on two cores.  Not a pytest module (no
``test_`` prefix); run it from the repository root:

    .venv/bin/python tests/benchmarks/bench_index.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script, the repository root is not on the path
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

DIM = 384
K = 200
SIZES = (10_000, 100_000)
# (label, backend class, OpenMP threads or 0 for faiss's default); the baseline comes first
CASES = (("numpy", "NumpyIndex", 0), ("faiss", "FaissIndex", 0), ("faiss omp=1", "FaissIndex", 1))
BATCH = 1_000
N_QUERIES = 100
WARMUP = 5


def rss_bytes() -> int | None:
    """Resident memory of this process now (Linux /proc), or None where unavailable."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def unit_vectors(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM), dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v


def run_case(backend: str, n: int, threads: int) -> dict:
    """Measure one backend at one size, in this process."""
    import faiss

    import matcher.index as index_module

    if threads:
        faiss.omp_set_num_threads(threads)
    cls = getattr(index_module, backend)
    rng = np.random.default_rng(n)  # the same data for every backend at a given size
    vectors = unit_vectors(rng, n)
    ids = np.arange(n, dtype=np.int64)
    queries = unit_vectors(rng, WARMUP + N_QUERIES)

    # one-time library set-up (thread pools, lazy imports) is not part of the build
    warm = cls(DIM)
    warm.add(ids[:BATCH], vectors[:BATCH])
    warm.search(queries[:1], K)
    del warm

    rss_before = rss_bytes()
    start = time.perf_counter()
    index = cls(DIM)
    for lo in range(0, n, BATCH):
        index.add(ids[lo : lo + BATCH], vectors[lo : lo + BATCH])
    build_s = time.perf_counter() - start
    rss_after = rss_bytes()

    for q in queries[:WARMUP]:  # first calls pay for thread pools and page faults
        index.search(q[None, :], K)
    single_ms = []
    for q in queries[WARMUP:]:
        t = time.perf_counter()
        index.search(q[None, :], K)
        single_ms.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    _, top = index.search(queries[WARMUP:], K)
    batch_ms = (time.perf_counter() - t) * 1000 / N_QUERIES

    with tempfile.TemporaryDirectory() as folder:
        index.save(Path(folder) / "index")
        file_bytes = (Path(folder) / "index").stat().st_size

    return {
        "count": len(index),
        "build_s": build_s,
        "memory_bytes": None if rss_before is None else rss_after - rss_before,
        "file_bytes": file_bytes,
        "payload_bytes": n * (DIM * 4 + 8),
        "p50_ms": float(np.percentile(single_ms, 50)),
        "p95_ms": float(np.percentile(single_ms, 95)),
        "batch_ms_per_query": batch_ms,
        # a fingerprint of the results, so the two backends can be checked to agree
        "top1": top[:, 0].tolist(),
    }


def run_in_child(backend: str, n: int, threads: int) -> dict:
    # glibc otherwise raises its mmap threshold after the first large free, keeps later freed
    # blocks on the heap, and the resident-memory growth then measures the allocator
    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072"}
    out = subprocess.run(
        [sys.executable, __file__, "--case", backend, str(n), str(threads)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def mb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 2**20:.1f}"


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def main() -> None:
    import faiss

    print(
        f"VectorIndex benchmark: dim {DIM}, top-{K}, build in batches of {BATCH}; "
        f"{os.cpu_count()} cpus, faiss {faiss.__version__} ({faiss.omp_get_max_threads()} "
        f"OpenMP threads by default), numpy {np.__version__}, Python {platform.python_version()}"
    )
    print(f"load average (1/5/15 min) at start: {load()}")
    header = (
        f"{'backend':<12} {'N':>7} {'build s':>8} {'RSS+ MB':>8} {'file MB':>8} {'payload MB':>11} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'batch ms/q':>11} {'p50 vs numpy':>13}"
    )
    print(header)
    print("-" * len(header))
    started = time.perf_counter()
    for n in SIZES:
        results = {label: run_in_child(cls, n, threads) for label, cls, threads in CASES}
        base = results["numpy"]
        for label, r in results.items():
            assert r["count"] == n, f"{label} holds {r['count']} vectors, expected {n}"
            print(
                f"{label:<12} {n:>7} {r['build_s']:>8.2f} {mb(r['memory_bytes']):>8} "
                f"{mb(r['file_bytes']):>8} {mb(r['payload_bytes']):>11} {r['p50_ms']:>7.2f} "
                f"{r['p95_ms']:>7.2f} {r['batch_ms_per_query']:>11.3f} "
                f"{base['p50_ms'] / r['p50_ms']:>12.2f}x"
            )
        for label, r in results.items():
            if label != "numpy":
                agree = np.mean(np.array(r["top1"]) == np.array(base["top1"]))
                print(f"  N={n}: top-1 of {label} equals numpy's for {agree:.0%} of queries")
    print(f"load average at end: {load()}; total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", nargs=3, metavar=("BACKEND", "N", "THREADS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case[0], int(args.case[1]), int(args.case[2]))))
    else:
        main()
