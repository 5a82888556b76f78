"""How evenly vacancies reach seekers, before and after exposure control, and what it costs.

    python -m matcher.evaluation --exposure

Seekers' lists (talent → jobs, top 10): every talent of the benchmark asks for their list
once, in a fixed order (a hash of the id, so not by id), as MatchService.matches_for_talent
answers it.  *Before*: the lists as ranked.  *After*: each list is re-ranked with the
exposure penalty (``matcher.ranking.exposure.penalty``) on how many earlier seekers were
shown the vacancy — what the matcher does live with its exposure counts.  Reported: the Gini
of "in how many seekers' top 10" over all vacancies, the share of vacancies in no one's
top 10, the most exposed vacancy against its headcount, and NDCG@10 (all queries and the
held-out ones) before and after.

Pushes (a new vacancy pushed to seekers for whom it enters their top ``push_top_k`` with at
least ``score_threshold``, as ``MatchService._new_job_matches``): per vacancy, how many seekers,
without and with the cap of ``push_cap_per_head`` × headcount.
"""
from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from matcher.evaluation import methods
from matcher.evaluation.harness import Benchmark
from matcher.evaluation.metrics import evaluate
from matcher.evaluation.split import is_tuning
from matcher.ranking import exposure
from matcher.ranking.score import RankConfig, eligible_job, score_pair

K = 10


def _order(talent_id: str) -> str:
    return hashlib.sha256(f"huiliu-exposure/1:{talent_id}".encode()).hexdigest()


def candidate_scores(talents: methods.Side, jobs: methods.Side, cfg: RankConfig, recall_n: int,
                     skill_recall_n: int) -> dict[str, list[tuple[float, float, str]]]:
    """Each seeker's recalled vacancies as (score, raw, job id)."""
    out = {}
    for t, hits in zip(talents.entities, methods.recall(talents, jobs, recall_n, skill_recall_n), strict=True):
        rows = []
        for row, cosine in hits:
            job = jobs.entities[row]
            if eligible_job(job):
                r = score_pair(job, t, cosine, cfg, with_explanation=False)
                rows.append((r.score, r.parts["raw"], job["id"]))
        out[t["id"]] = rows
    return out


def lists(scores: dict[str, list[tuple[float, float, str]]], headcount: dict[str, int], weight: float, per_head: float,
          k: int = K) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Seekers' full rankings, asked for one after another, and how many seekers' top k each vacancy was in."""
    shown = dict.fromkeys(headcount, 0)
    ranked = {}
    for tid in sorted(scores, key=_order):
        keyed = sorted((-(s - exposure.penalty(shown[j], headcount[j], per_head, weight)), -raw, j) for s, raw, j in scores[tid])
        ranked[tid] = [j for *_, j in keyed]
        for j in ranked[tid][:k]:
            shown[j] += 1
    return ranked, shown


def spread(shown: dict[str, int], headcount: dict[str, int]) -> dict[str, Any]:
    values = list(shown.values())
    per_head = [shown[j] / max(1, headcount[j]) for j in shown]
    top = max(shown, key=lambda j: (shown[j], j))
    return {"gini": round(exposure.gini(values), 4), "zero_share": round(sum(v == 0 for v in values) / len(values), 4),
            "max": shown[top], "max_headcount": headcount[top], "p90": float(np.percentile(values, 90)),
            "gini_per_head": round(exposure.gini(per_head), 4)}


def pushes(scores: dict[str, list[tuple[float, float, str]]], headcount: dict[str, int], top_k: int, threshold: float,
           cap_per_head: int) -> dict[str, Any]:
    """Seekers each vacancy would be pushed to on arrival, without and with the cap."""
    count = dict.fromkeys(headcount, 0)
    for rows in scores.values():
        for s, _raw, j in sorted(rows, key=lambda x: (-x[0], -x[1], x[2]))[:top_k]:
            if s >= threshold:
                count[j] += 1
    capped = {j: min(c, cap_per_head * max(1, headcount[j])) if cap_per_head > 0 else c for j, c in count.items()}
    out = {}
    for name, c in (("uncapped", count), ("capped", capped)):
        values = list(c.values())
        out[name] = {"total": int(sum(values)), "gini": round(exposure.gini(values), 4), "max": max(values),
                     "zero_share": round(sum(v == 0 for v in values) / len(values), 4),
                     "over_10_per_head": sum(c[j] > 10 * max(1, headcount[j]) for j in c)}
    out["cap_per_head"] = cap_per_head
    return out


def report(bench: Benchmark, talents: methods.Side, jobs: methods.Side, cfg: RankConfig, recall_n: int, skill_recall_n: int,
           push_top_k: int, threshold: float, cap_per_head: int,
           sweep: tuple[tuple[float, float], ...] = ((1.0, 10.0), (2.0, 10.0), (4.0, 10.0), (2.0, 5.0), (2.0, 15.0),
                                                     (3.0, 15.0))) -> dict[str, Any]:
    scores = candidate_scores(talents, jobs, cfg, recall_n, skill_recall_n)
    headcount = {j["id"]: int(j.get("headcount", 1) or 1) for j in jobs.entities}
    judgements = bench.judgements("talent_to_jobs")
    held_out = [t for t in talents.ids if not is_tuning(t)]
    tuning = [t for t in talents.ids if is_tuning(t)]

    def measure(weight: float, per_head: float) -> dict[str, Any]:
        ranked, shown = lists(scores, headcount, weight, per_head)
        return {"exposure_weight": weight, "exposure_per_head": per_head, **spread(shown, headcount),
                "ndcg@10": round(evaluate(ranked, judgements, talents.ids)[0]["ndcg@10"], 4),
                "ndcg@10_tuning": round(evaluate(ranked, judgements, tuning)[0]["ndcg@10"], 4),
                "ndcg@10_held_out": round(evaluate(ranked, judgements, held_out)[0]["ndcg@10"], 4)}

    before = measure(0.0, cfg.exposure_per_head)
    after = measure(cfg.exposure_weight, cfg.exposure_per_head)
    return {"seekers_top10": {"before": before, "after": after,
                              "sweep": [measure(w, p) for w, p in sweep if (w, p) != (cfg.exposure_weight, cfg.exposure_per_head)]},
            "pushes": pushes(scores, headcount, push_top_k, threshold, cap_per_head),
            "pushes_by_cap": {str(c): pushes(scores, headcount, push_top_k, threshold, c)["capped"] for c in (0, 25, 10, 5)},
            "order": "seekers ask once each, ordered by sha256('huiliu-exposure/1:' + id)"}
