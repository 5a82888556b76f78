"""Ranking metrics over graded judgements (0..3): NDCG@k, Recall@k, MRR, irrelevant-first.

A ranking is a list of item ids, best first; judgements are ``{item id: grade}`` for one
query, and an item without a judgement counts as grade 0.  An item is *relevant* when its
grade is at least :data:`RELEVANT` (2).  Queries without any relevant item say nothing
about a ranker: :func:`evaluate` leaves them out of the averages and reports how many.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

RELEVANT = 2
METRICS = ("ndcg@10", "recall@10", "recall@50", "mrr", "irrelevant_first")


def _gain(grade: int) -> float:
    return 2.0 ** grade - 1.0


def ndcg_at(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """Normalised DCG of the top k with gains 2^g - 1 and log2(rank + 1) discounts."""
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum(_gain(g) / math.log2(i + 2) for i, g in enumerate(ideal))
    if idcg == 0:
        return 0.0
    dcg = sum(_gain(grades.get(item, 0)) / math.log2(i + 2) for i, item in enumerate(ranked[:k]))
    return dcg / idcg


def recall_at(ranked: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """Share of the relevant items (grade >= 2) found in the top k."""
    relevant = {item for item, g in grades.items() if g >= RELEVANT}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], grades: Mapping[str, int]) -> float:
    """1 / rank of the first relevant item (grade >= 2); 0 when none is ranked."""
    for i, item in enumerate(ranked):
        if grades.get(item, 0) >= RELEVANT:
            return 1.0 / (i + 1)
    return 0.0


def irrelevant_first(ranked: Sequence[str], grades: Mapping[str, int]) -> float:
    """1 when the first result has grade 0 (or nothing is ranked at all), else 0."""
    return 1.0 if not ranked or grades.get(ranked[0], 0) == 0 else 0.0


def query_metrics(ranked: Sequence[str], grades: Mapping[str, int]) -> dict[str, float]:
    return {
        "ndcg@10": ndcg_at(ranked, grades, 10),
        "recall@10": recall_at(ranked, grades, 10),
        "recall@50": recall_at(ranked, grades, 50),
        "mrr": reciprocal_rank(ranked, grades),
        "irrelevant_first": irrelevant_first(ranked, grades),
    }


def has_relevant(grades: Mapping[str, int]) -> bool:
    return any(g >= RELEVANT for g in grades.values())


def evaluate(rankings: Mapping[str, Sequence[str]], judgements: Mapping[str, Mapping[str, int]],
             queries: Sequence[str] | None = None) -> tuple[dict[str, float], dict[str, int]]:
    """Average metrics over the queries with at least one relevant item.

    Returns ``(averages, counts)``; counts are ``queries``, ``evaluated`` and
    ``excluded_no_relevant``.  A query missing from ``rankings`` is scored as an empty ranking.
    """
    queries = list(queries if queries is not None else rankings)
    kept = [q for q in queries if has_relevant(judgements.get(q, {}))]
    totals = dict.fromkeys(METRICS, 0.0)
    for q in kept:
        for name, value in query_metrics(rankings.get(q, []), judgements[q]).items():
            totals[name] += value
    averages = {name: (total / len(kept) if kept else 0.0) for name, total in totals.items()}
    return averages, {"queries": len(queries), "evaluated": len(kept), "excluded_no_relevant": len(queries) - len(kept)}


def pairwise_accuracy(rankings: Mapping[str, Sequence[str]], judgements: Mapping[str, Mapping[str, int]],
                      tagged: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, dict[str, float]]:
    """For each hard-case tag: how often a tagged pair is ordered right against the query's other judged pairs.

    ``tagged`` is ``{query: {item: [tag, ...]}}``.  Every tagged item is compared with each
    judged item of the same query that has a *different* grade: the comparison is right
    when the higher grade is ranked higher.  An item that is not ranked at all sits below
    every ranked one; two unranked items count half.  0.5 is what a coin would score.
    """
    right: dict[str, float] = {}
    total: dict[str, int] = {}
    for q, items in tagged.items():
        grades = judgements.get(q, {})
        position = {item: i for i, item in enumerate(rankings.get(q, []))}
        for item, tags in items.items():
            g = grades.get(item, 0)
            p = position.get(item, math.inf)
            for other, og in grades.items():
                if og == g:
                    continue
                po = position.get(other, math.inf)
                score = 0.5 if p == po else float((p < po) == (g > og))
                for tag in tags:
                    right[tag] = right.get(tag, 0.0) + score
                    total[tag] = total.get(tag, 0) + 1
    return {tag: {"accuracy": right[tag] / total[tag], "comparisons": total[tag]} for tag in sorted(total)}
