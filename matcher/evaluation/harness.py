"""The evaluation run: load the benchmark (or its small slice), rank both ways with every method, score.

``run()`` ranks talent → jobs (each talent a query over all vacancies) and job → talents
(each vacancy a query over all talents) with ``vector``, ``keyword`` and ``huiliu`` in one
run, and writes ``<out>/<timestamp>.json``::

    {"talent_to_jobs": {"vector": {"ndcg@10": .., "recall@10": .., "recall@50": .., "mrr": ..,
                                   "irrelevant_first": ..}, "keyword": {..}, "huiliu": {..}},
     "job_to_talents": {..same..},
     "meta": {counts, queries evaluated / excluded, model, slice, timings, breakdowns,
              by_split (the same metrics on the tuning and the held-out half, split.py),
              latency_ms (huiliu per query), exposure (--exposure), calibration (--calibrate)}}

Rankers see only ``jobs.jsonl`` and ``talents.jsonl``.  The ground truth (``truth.jsonl``)
is read for the breakdowns alone (per industry of the query, per hard-case tag).  Anything
fitted on the benchmark is fitted on the tuning half (``split.py``); ``by_split`` reports the
held-out half beside it.
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
from matcher.evaluation.split import PARTS, part
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
    result: dict[str, Any] = {"metrics": {}, "counts": None, "by_industry": {}, "hard_cases": {}, "by_split": {}}
    tagged = bench.tagged(direction)
    industries = sorted({_query_industry(bench.truth[q]) for q in queries})
    for name, rankings in ranked.items():
        result["metrics"][name], result["counts"] = evaluate(rankings, judgements, queries)
        result["by_industry"][name] = {
            ind: evaluate(rankings, judgements, [q for q in queries if _query_industry(bench.truth[q]) == ind])[0]["ndcg@10"]
            for ind in industries
        }
        result["hard_cases"][name] = pairwise_accuracy(rankings, judgements, tagged)
        result["by_split"][name] = {p: {k: round(v, 4) for k, v in evaluate(rankings, judgements, [q for q in queries if part(q) == p])[0].items()}
                                    for p in PARTS}
    return result


def _ablations(bench_sides: dict[str, tuple[methods.Side, methods.Side]], cfg, recall_n: int, skill_recall_n: int,
               bench: Benchmark) -> dict[str, dict[str, float]]:
    """NDCG@10 of huiliu with one part switched off, and with other recalls."""
    variants: dict[str, tuple[Any, int, int]] = {"as_is": (cfg, recall_n, skill_recall_n)}
    for feature in FEATURES:
        variants[f"without_{feature}"] = (replace(cfg, weights={**cfg.weights, feature: 0.0}), recall_n, skill_recall_n)
    variants["without_return_bonus"] = (replace(cfg, return_bonus=0.0), recall_n, skill_recall_n)
    variants["without_overqualified"] = (replace(cfg, overqualified_factor=1.0), recall_n, skill_recall_n)
    variants["without_calibration"] = (replace(cfg, calibration=None), recall_n, skill_recall_n)
    variants["recall_vector_only"] = (cfg, recall_n, 0)
    variants["recall_vector_200"] = (cfg, 200, 0)
    variants["recall_everything"] = (cfg, 10**6, 0)
    out: dict[str, dict[str, float]] = {}
    for name, (variant, n, m) in variants.items():
        out[name] = {}
        for direction, (queries, items) in bench_sides.items():
            rankings = methods.huiliu(queries, items, variant, n, m)
            out[name][direction] = evaluate(rankings, bench.judgements(direction), queries.ids)[0]["ndcg@10"]
    return out


def run(slice_name: str = "small", out_dir: Path = Path("var/eval"), cache_dir: Path | None = None,
        model: str | None = None, settings: Settings | None = None, ablation: bool = False,
        load_model: Callable[[], Embedder] | None = None, exposure: bool = False,
        calibrate: bool = False) -> tuple[dict[str, Any], Path]:
    """Evaluate every method both ways; returns the report and the path of its JSON file.

    ``exposure`` adds the exposure report (``exposure.py``); ``calibrate`` fits the score
    calibration on the tuning half first and writes it with CALIBRATION.md (``calibrate.py``),
    so that the run measures the ranking with the new calibration."""
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
    calibration = None
    if calibrate:
        from matcher.evaluation.calibrate import run_calibration

        t = time.monotonic()
        from matcher.evaluation.calibrate import REPORT_PATH
        from matcher.ranking.calibration import DEFAULT_PATH

        # the shipped calibration and CALIBRATION.md, or (HUILIU_CALIBRATION_FILE, e.g. for weights
        # learnt from outcomes) that file and its report beside it
        json_path = Path(settings.calibration_file) if settings.calibration_file else DEFAULT_PATH
        md_path = REPORT_PATH if json_path == DEFAULT_PATH else json_path.with_suffix(".md")
        calibration = run_calibration(bench, sides, cfg, settings.recall_n, settings.skill_recall_n,
                                      {"slice": slice_name, "model": model_name}, json_path=json_path, md_path=md_path)
        cfg = methods.rank_config(settings)  # with the calibration just written
        lap("calibrate", t)
    latency: dict[str, float] = {}
    for direction, (queries, items) in sides.items():
        ranked: dict[str, methods.Rankings] = {}
        t = time.monotonic()
        ranked["vector"] = methods.vector(queries, items)
        t = lap(f"{direction}/vector", t)
        ranked["keyword"] = methods.keyword(queries, items)
        t = lap(f"{direction}/keyword", t)
        ranked["huiliu"] = methods.huiliu(queries, items, cfg, settings.recall_n, settings.skill_recall_n)
        latency[direction] = round(1000 * (time.monotonic() - t) / max(1, len(queries.ids)), 2)
        t = lap(f"{direction}/huiliu", t)
        scored = _score(bench, direction, ranked, queries.ids)
        report[direction] = {m: {k: round(v, 4) for k, v in scored["metrics"][m].items()} for m in methods.METHODS}
        details[direction] = scored
    if ablation:
        t = time.monotonic()
        ablations = _ablations(sides, cfg, settings.recall_n, settings.skill_recall_n, bench)
        lap("ablation", t)
    if exposure:
        from matcher.evaluation.exposure import report as exposure_report

        t = time.monotonic()
        exposed = exposure_report(bench, talents, jobs, cfg, settings.recall_n, settings.skill_recall_n, settings.push_top_k,
                                  settings.score_threshold, settings.push_cap_per_head)
        lap("exposure", t)
    timings["total"] = round(time.monotonic() - started, 2)

    report["meta"] = {
        "slice": slice_name,
        "model": model_name,
        "texts_encoded_this_run": cache.encoded,
        "counts": {"jobs": len(bench.jobs), "talents": len(bench.talents), "judged_pairs": len(bench.grades),
                   "relevant_pairs": sum(g >= 2 for g in bench.grades.values())},
        "queries": {d: details[d]["counts"] for d in DIRECTIONS},
        "recall_n": settings.recall_n,
        "skill_recall_n": settings.skill_recall_n,
        "weights": {**cfg.weights, "return_bonus": cfg.return_bonus},
        "semantic_band": [cfg.semantic_floor, cfg.semantic_ceiling],
        "calibrated": cfg.calibrated,
        "by_split": {d: details[d]["by_split"] for d in DIRECTIONS},
        "latency_ms": {"huiliu_per_query": latency,
                       "note": "recall (FAISS + skill index) and rerank of one query, averaged over the direction's queries, "
                               "this machine, one thread; includes building the indexes and the first skill extraction of "
                               "every entity (cold caches)"},
        "by_industry_ndcg@10": {d: details[d]["by_industry"] for d in DIRECTIONS},
        "hard_cases_pairwise_accuracy": {d: details[d]["hard_cases"] for d in DIRECTIONS},
        "timings_s": timings,
    }
    if ablation:
        report["meta"]["huiliu_ablation_ndcg@10"] = ablations
    if exposure:
        report["meta"]["exposure"] = exposed
    if calibration is not None:
        report["meta"]["calibration"] = calibration
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{datetime.now().strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report, path
