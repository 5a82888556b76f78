"""``simulate``: learn the weights from a simulated outcome log on the evaluation benchmark.

1. rank both ways with the product's ranker and the configured weights (what people are shown);
2. let the behaviour model of ``simulate.py`` act on the hidden truth → an outcome log;
3. split the log by time, fit on the earlier part (``pipeline.fit_and_measure``), measure on
   the held-out part: AUC and NDCG@10 with the current and the fitted weights;
4. rank the benchmark again with the fitted weights and report its own NDCG@10 (graded
   qrels) both ways beside the current weights'.

Step 4 measures on the whole benchmark, and the fit saw outcomes of part of it (through the
behaviour model, never the grades themselves), so the report also gives talent → jobs
NDCG@10 over the talents who had no outcome before the cutoff: queries the fit never saw.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from matcher.evaluation import methods
from matcher.evaluation.harness import DIRECTIONS, load_benchmark
from matcher.evaluation.metrics import evaluate
from matcher.learning.examples import Pair
from matcher.learning.labels import Example, split_by_time
from matcher.learning.pipeline import Options, Result, fit_and_measure
from matcher.learning.simulate import SEED, Behaviour, simulate_log
from services.kit.config import Settings

DEFAULT_CACHE = Path("var/eval/cache")


def _embedded_sides(slice_name: str, settings: Settings, cache_dir: Path, model: str | None):
    from matcher.embedding.factory import load_embedder
    from matcher.embedding.prepare import default_model_dir

    bench = load_benchmark(slice_name)
    labels = methods.text_labels(settings)
    jobs, talents = methods.make_side("job", bench.jobs, labels), methods.make_side("talent", bench.talents, labels)
    model_name = Path(model).name if model else default_model_dir().name
    cache = methods.EmbeddingCache(cache_dir, model_name, lambda: load_embedder(model, settings.embed_batch_size))
    cache.fill(jobs)
    cache.fill(talents)
    return bench, jobs, talents, model_name


def run_simulation(slice_name: str = "full", options: Options | None = None, seed: str = SEED,
                   behaviour: Behaviour | None = None, cache_dir: Path = DEFAULT_CACHE, model: str | None = None,
                   settings: Settings | None = None, held_out_share: float = 0.2) -> tuple[dict[str, Any], Result]:
    started = time.monotonic()
    settings = settings or Settings()
    options = options or Options()
    bench, jobs, talents, model_name = _embedded_sides(slice_name, settings, Path(cache_dir), model)
    current = methods.rank_config(settings)
    ranked_now = {"talent_to_jobs": methods.huiliu(talents, jobs, current, settings.recall_n),
                  "job_to_talents": methods.huiliu(jobs, talents, current, settings.recall_n)}

    log = simulate_log(bench.truth, bench.grades, ranked_now["talent_to_jobs"], ranked_now["job_to_talents"],
                       behaviour or Behaviour(), seed)
    split = split_by_time(log, held_out_share)

    job_at = {j: i for i, j in enumerate(jobs.ids)}
    talent_at = {t: i for i, t in enumerate(talents.ids)}

    def resolver(examples: list[Example]) -> tuple[list[Pair], dict[str, Any]]:
        pairs = []
        for e in examples:
            ji, ti = job_at[e.job_id], talent_at[e.talent_id]
            q, p = (talents.queries[ti], jobs.passages[ji]) if e.direction == "talent_to_jobs" else (jobs.queries[ji], talents.passages[ti])
            pairs.append(Pair(e, jobs.entities[ji], talents.entities[ti], float(np.dot(q, p))))
        return pairs, {"pairs": len(pairs), "dropped": {}}

    result = fit_and_measure(split, resolver, current, options)

    ranked_fitted = {"talent_to_jobs": methods.huiliu(talents, jobs, result.learned, settings.recall_n),
                     "job_to_talents": methods.huiliu(jobs, talents, result.learned, settings.recall_n)}
    queries = {"talent_to_jobs": talents.ids, "job_to_talents": jobs.ids}
    seen_talents = {log_row.talent_id for log_row in (split.outcomes[i] for i in split.train_rows)}
    unseen = [t for t in talents.ids if t not in seen_talents]
    benchmark: dict[str, Any] = {}
    for d in DIRECTIONS:
        judged = bench.judgements(d)
        benchmark[d] = {name: round(evaluate(r[d], judged, queries[d])[0]["ndcg@10"], 4)
                        for name, r in (("current", ranked_now), ("fitted", ranked_fitted))}
    judged = bench.judgements("talent_to_jobs")
    unseen_eval = {name: evaluate(r["talent_to_jobs"], judged, unseen) for name, r in (("current", ranked_now), ("fitted", ranked_fitted))}

    kinds: dict[str, int] = {}
    for o in log:
        kinds[o.kind] = kinds.get(o.kind, 0) + 1
    report = {
        "slice": slice_name, "seed": seed, "model": model_name,
        "counts": {"jobs": len(jobs.ids), "talents": len(talents.ids), "outcomes": len(log), "by_kind": kinds,
                   "train_examples": len(result.train), "held_out_examples": len(result.held_out)},
        "split": {"cutoff": split.cutoff.isoformat() if split.cutoff else None, "outcomes_before": len(split.train_rows),
                  "outcomes_held_out": len(split.held_out_rows)},
        "weights": {"current": dict(current.weights), "fitted": result.fitted.weights},
        "fit": {"method": result.fitted.method, "l2": result.fitted.l2, "converged": result.fitted.converged,
                "iterations": result.fitted.iterations, "positives": result.fitted.positives,
                "negatives": result.fitted.negatives, "comparisons": result.fitted.comparisons},
        "held_out": result.held_out_metrics,
        "benchmark_ndcg@10": benchmark,
        "benchmark_ndcg@10_unseen_talents": {
            "queries": unseen_eval["current"][1]["evaluated"],
            "current": round(unseen_eval["current"][0]["ndcg@10"], 4),
            "fitted": round(unseen_eval["fitted"][0]["ndcg@10"], 4)},
        "seconds": round(time.monotonic() - started, 1),
    }
    return report, result
