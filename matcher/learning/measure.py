"""Held-out metrics of a weighting: AUC of the outcome label and NDCG@10 of each talent's labelled jobs.

- **AUC**: the chance that a positive pair scores above a negative one (ties count half),
  over all held-out pairs; None when either label is missing.
- **NDCG@10**: for each talent with at least two held-out labelled jobs and at least one of
  grade ≥ 1, rank those jobs by score (ties by job id, as the matcher orders them) and
  take NDCG@10 with the grades 0–3 as gains (``matcher.evaluation.metrics.ndcg_at``: 2^g − 1);
  the mean over those talents.  A talent with one labelled job says nothing about order
  and is left out.

Both come with a 95 % interval of the *change* between two weightings: a paired bootstrap
over talents (a talent's pairs are resampled together, since one person's choices are not
independent of each other), seeded, so the same data give the same interval.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from matcher.evaluation.metrics import ndcg_at
from matcher.learning.examples import Pair, scores
from matcher.ranking.score import RankConfig


def auc(values: Sequence[float], labels: Sequence[int]) -> float | None:
    """Mann–Whitney AUC with average ranks for ties."""
    v = np.asarray(values, dtype=float)
    y = np.asarray(labels, dtype=int)
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    order = np.argsort(v, kind="mergesort")
    ranks = np.empty(len(v))
    sorted_v = v[order]
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and sorted_v[j + 1] == sorted_v[i]:
            j += 1
        ranks[order[i: j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def ndcg_per_talent(pairs: Sequence[Pair], values: Sequence[float], k: int = 10) -> dict[str, float]:
    """NDCG@k of each talent with ≥ 2 labelled jobs, one of them positive."""
    lists: dict[str, list[tuple[float, str, int]]] = {}
    for p, s in zip(pairs, values, strict=True):
        lists.setdefault(p.example.talent_id, []).append((float(s), p.example.job_id, p.example.grade))
    per = {}
    for talent in sorted(lists):
        items = lists[talent]
        if len(items) < 2 or max(g for _, _, g in items) < 1:
            continue
        items.sort(key=lambda it: (-it[0], it[1]))
        per[talent] = ndcg_at([j for _, j, _ in items], {j: g for _, j, g in items}, k)
    return per


def ndcg_by_talent(pairs: Sequence[Pair], values: Sequence[float], k: int = 10) -> tuple[float | None, int]:
    """Mean NDCG@k over talents with ≥ 2 labelled jobs, one of them positive; and how many."""
    per = ndcg_per_talent(pairs, values, k)
    return (float(np.mean(list(per.values()))) if per else None), len(per)


def bootstrap_gain(pairs: Sequence[Pair], before: np.ndarray, after: np.ndarray, rounds: int = 1000,
                   seed: int = 20260101) -> dict[str, list[float] | None]:
    """95 % intervals of the change in AUC and in NDCG@10 (after − before), resampling talents."""
    rng = np.random.default_rng(seed)
    labels = np.array([p.example.label for p in pairs])
    talents = sorted({p.example.talent_id for p in pairs})
    rows_of: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        rows_of.setdefault(p.example.talent_id, []).append(i)
    nd_before, nd_after = ndcg_per_talent(pairs, before), ndcg_per_talent(pairs, after)
    auc_gains, ndcg_gains = [], []
    for _ in range(rounds):
        picked = rng.integers(0, len(talents), len(talents))
        rows = np.concatenate([rows_of[talents[i]] for i in picked]) if len(talents) else np.array([], dtype=int)
        a, b = auc(before[rows], labels[rows]), auc(after[rows], labels[rows])
        if a is not None and b is not None:
            auc_gains.append(b - a)
        ranked = [talents[i] for i in picked if talents[i] in nd_before]
        if ranked:
            ndcg_gains.append(float(np.mean([nd_after[t] - nd_before[t] for t in ranked])))

    def interval(gains: list[float]) -> list[float] | None:
        return [round(float(np.percentile(gains, 2.5)), 4), round(float(np.percentile(gains, 97.5)), 4)] if gains else None

    return {"auc": interval(auc_gains), "ndcg@10": interval(ndcg_gains)}


def compare(pairs: Sequence[Pair], configs: Mapping[str, RankConfig]) -> dict[str, Any]:
    """AUC and NDCG@10 of each named configuration on the same pairs (and, for two, the
    bootstrap interval of the change from the first to the second)."""
    labels = [p.example.label for p in pairs]
    out: dict[str, Any] = {"pairs": len(pairs), "positives": int(sum(labels))}
    values = {}
    for name, cfg in configs.items():
        values[name] = scores(pairs, cfg)
        ndcg, talents = ndcg_by_talent(pairs, values[name])
        out[name] = {"auc": _round(auc(values[name], labels)), "ndcg@10": _round(ndcg)}
        out["talents_ranked"] = talents
    names = list(configs)
    if len(names) == 2 and pairs:
        out["change_ci95"] = bootstrap_gain(pairs, values[names[0]], values[names[1]])
        out["verdict"] = verdict(out)
    return out


def verdict(metrics: dict[str, Any]) -> str:
    """One line on whether the held-out change is more than noise (the 95 % intervals)."""
    ci = metrics.get("change_ci95") or {}
    bands = [b for b in (ci.get("auc"), ci.get("ndcg@10")) if b]
    if not bands:
        return "too few held-out outcomes to tell whether the fitted weights do better"
    if any(high < 0 for _, high in bands):
        return "the fitted weights do worse on held-out outcomes: keep the current ones"
    if any(low > 0 for low, _ in bands):
        return "the fitted weights do better on held-out outcomes"
    return "no clear held-out difference (every interval includes 0): the fitted weights change little"


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)
