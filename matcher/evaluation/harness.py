"""The evaluation run: load the benchmark (or its small slice), rank both ways with every method, score.

``run()`` ranks talent → jobs (each talent a query over all vacancies) and job → talents
(each vacancy a query over all talents) with ``vector``, ``keyword`` and ``huiliu`` in one
run, and writes ``<out>/<timestamp>.json``::

    {"talent_to_jobs": {"vector": {"ndcg@10": .., "recall@10": .., "recall@50": .., "mrr": ..,
                                   "irrelevant_first": ..}, "keyword": {..}, "huiliu": {..}},
     "job_to_talents": {..same..},
     "meta": {counts, queries evaluated / excluded, model, slice, timings, breakdowns}}

Rankers see only ``jobs.jsonl`` and ``talents.jsonl``.  The ground truth (``truth.jsonl``)
is read for the breakdowns alone (per industry of the query, per hard-case tag).
"""
from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from matcher.embedding.base import Embedder
from matcher.embedding.factory import load_embedder
from matcher.embedding.prepare import default_model_dir
from matcher.evaluation import methods
from matcher.evaluation.metrics import evaluate, pairwise_accuracy
from matcher.ranking.score import FEATURES
from services.kit.config import Settings

BENCHMARK_DIR = Path(__file__).resolve().parent / "benchmark"
DIRECTIONS = ("talent_to_jobs", "job_to_talents")
SLICES = ("small", "full")


@dataclass
class Benchmark:
    jobs: list[dict[str, Any]]
    talents: list[dict[str, Any]]
    grades: dict[tuple[str, str], int]  # (talent id, job id) -> 0..3
    tags: dict[tuple[str, str], list[str]]  # (talent id, job id) -> hard-case tags
    truth: dict[str, dict[str, Any]]  # id -> hidden ground truth (breakdowns only)

    def judgements(self, direction: str) -> dict[str, dict[str, int]]:
        """``{query id: {item id: grade}}`` for one direction."""
        out: dict[str, dict[str, int]] = {}
        for (t, j), g in self.grades.items():
            q, item = (t, j) if direction == "talent_to_jobs" else (j, t)
            out.setdefault(q, {})[item] = g
        return out

    def tagged(self, direction: str) -> dict[str, dict[str, list[str]]]:
        out: dict[str, dict[str, list[str]]] = {}
        for (t, j), tags in self.tags.items():
            q, item = (t, j) if direction == "talent_to_jobs" else (j, t)
            if tags:
                out.setdefault(q, {})[item] = tags
        return out


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_benchmark(slice_name: str = "full", folder: Path = BENCHMARK_DIR) -> Benchmark:
    """The benchmark, or its small slice (those vacancies, those talents and the pairs between them)."""
    if slice_name not in SLICES:
        raise ValueError(f"unknown slice {slice_name!r}; expected one of {SLICES}")
    jobs, talents = _jsonl(folder / "jobs.jsonl"), _jsonl(folder / "talents.jsonl")
    if slice_name == "small":
        chosen = json.loads((folder / "slices.json").read_text(encoding="utf-8"))["small"]
        keep_jobs, keep_talents = set(chosen["jobs"]), set(chosen["talents"])
        jobs = [j for j in jobs if j["id"] in keep_jobs]
        talents = [t for t in talents if t["id"] in keep_talents]
    job_ids, talent_ids = {j["id"] for j in jobs}, {t["id"] for t in talents}
    grades, tags = {}, {}
    with (folder / "qrels.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["talent_id"], row["job_id"])
            if key[0] in talent_ids and key[1] in job_ids:
                grades[key] = int(row["grade"])
                tags[key] = [t for t in (row["hard_cases"] or "").split(",") if t]
    truth = {r["id"]: r for r in _jsonl(folder / "truth.jsonl") if r["id"] in job_ids | talent_ids}
    return Benchmark(jobs, talents, grades, tags, truth)


def _query_industry(truth: dict[str, Any]) -> str:
    return truth.get("industry") or truth.get("experience_industry") or "graduate"


def _score(bench: Benchmark, direction: str, ranked: dict[str, methods.Rankings], queries: list[str]) -> dict[str, Any]:
    judgements = bench.judgements(direction)
    result: dict[str, Any] = {"metrics": {}, "counts": None, "by_industry": {}, "hard_cases": {}}
    tagged = bench.tagged(direction)
    industries = sorted({_query_industry(bench.truth[q]) for q in queries})
    for name, rankings in ranked.items():
        result["metrics"][name], result["counts"] = evaluate(rankings, judgements, queries)
        result["by_industry"][name] = {
            ind: evaluate(rankings, judgements, [q for q in queries if _query_industry(bench.truth[q]) == ind])[0]["ndcg@10"]
            for ind in industries
        }
        result["hard_cases"][name] = pairwise_accuracy(rankings, judgements, tagged)
    return result


def _ablations(bench_sides: dict[str, tuple[methods.Side, methods.Side]], cfg, recall_n: int,
               bench: Benchmark) -> dict[str, dict[str, float]]:
    """NDCG@10 of huiliu with one feature's weight set to 0 (and with recall over everything)."""
    variants: dict[str, tuple[Any, int]] = {"as_is": (cfg, recall_n)}
    for feature in FEATURES:
        variants[f"without_{feature}"] = (replace(cfg, weights={**cfg.weights, feature: 0.0}), recall_n)
    variants["without_return_bonus"] = (replace(cfg, return_bonus=0.0), recall_n)
    variants["recall_everything"] = (cfg, 10**6)
    out: dict[str, dict[str, float]] = {}
    for name, (variant, n) in variants.items():
        out[name] = {}
        for direction, (queries, items) in bench_sides.items():
            rankings = methods.huiliu(queries, items, variant, n)
            out[name][direction] = evaluate(rankings, bench.judgements(direction), queries.ids)[0]["ndcg@10"]
    return out


def run(slice_name: str = "small", out_dir: Path = Path("var/eval"), cache_dir: Path | None = None,
        model: str | None = None, settings: Settings | None = None, ablation: bool = False,
        load_model: Callable[[], Embedder] | None = None) -> tuple[dict[str, Any], Path]:
    """Evaluate every method both ways; returns the report and the path of its JSON file."""
    started = time.monotonic()
    timings: dict[str, float] = {}

    def lap(name: str, t0: float) -> float:
        timings[name] = round(time.monotonic() - t0, 2)
        return time.monotonic()

    settings = settings or Settings()
    out_dir = Path(out_dir)
    cache_dir = Path(cache_dir) if cache_dir else out_dir / "cache"
    t = time.monotonic()
    bench = load_benchmark(slice_name)
    labels = methods.text_labels(settings)
    jobs, talents = methods.make_side("job", bench.jobs, labels), methods.make_side("talent", bench.talents, labels)
    t = lap("load_benchmark", t)

    model_name = Path(model).name if model else default_model_dir().name
    cache = methods.EmbeddingCache(cache_dir, model_name, load_model or (lambda: load_embedder(model, settings.embed_batch_size)))
    cache.fill(jobs)
    cache.fill(talents)
    t = lap("embeddings", t)
    methods.fill_tokens(jobs)
    methods.fill_tokens(talents)
    t = lap("tokenize", t)

    cfg = methods.rank_config(settings)
    sides = {"talent_to_jobs": (talents, jobs), "job_to_talents": (jobs, talents)}
    report: dict[str, Any] = {}
    details: dict[str, Any] = {}
    for direction, (queries, items) in sides.items():
        ranked: dict[str, methods.Rankings] = {}
        t = time.monotonic()
        ranked["vector"] = methods.vector(queries, items)
        t = lap(f"{direction}/vector", t)
        ranked["keyword"] = methods.keyword(queries, items)
        t = lap(f"{direction}/keyword", t)
        ranked["huiliu"] = methods.huiliu(queries, items, cfg, settings.recall_n)
        t = lap(f"{direction}/huiliu", t)
        scored = _score(bench, direction, ranked, queries.ids)
        report[direction] = {m: {k: round(v, 4) for k, v in scored["metrics"][m].items()} for m in methods.METHODS}
        details[direction] = scored
    if ablation:
        t = time.monotonic()
        ablations = _ablations(sides, cfg, settings.recall_n, bench)
        lap("ablation", t)
    timings["total"] = round(time.monotonic() - started, 2)

    report["meta"] = {
        "slice": slice_name,
        "model": model_name,
        "texts_encoded_this_run": cache.encoded,
        "counts": {"jobs": len(bench.jobs), "talents": len(bench.talents), "judged_pairs": len(bench.grades),
                   "relevant_pairs": sum(g >= 2 for g in bench.grades.values())},
        "queries": {d: details[d]["counts"] for d in DIRECTIONS},
        "recall_n": settings.recall_n,
        "weights": {**cfg.weights, "return_bonus": cfg.return_bonus},
        "by_industry_ndcg@10": {d: details[d]["by_industry"] for d in DIRECTIONS},
        "hard_cases_pairwise_accuracy": {d: details[d]["hard_cases"] for d in DIRECTIONS},
        "timings_s": timings,
    }
    if ablation:
        report["meta"]["huiliu_ablation_ndcg@10"] = ablations
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{datetime.now().strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report, path
