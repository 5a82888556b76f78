"""Exposure control: a vacancy should reach about as many seekers as its headcount warrants.

Without it the same few vacancies — broad titles, high pay, the city centre — sit at the top
of thousands of seekers' lists and pushes, while a niche vacancy with headcount 2 reaches no
one.  Two levers, both driven by a vacancy's *exposure* (how many distinct seekers it was
shown to — pushed, or in the top of a list they asked for — within a window):

- a re-ranking penalty in seekers' lists (:func:`penalty`): a vacancy shown to more than
  ``per_head × headcount`` seekers drops by ``weight`` points per doubling beyond that;
  the score shown stays the calibrated one — only the order changes;
- a cap on pushes per vacancy (MatchService, ``push_cap_per_head × headcount`` per window).

:func:`gini` measures the spread (0: every vacancy reaches as many seekers; near 1: a few reach all).
"""
from __future__ import annotations

import math
from collections.abc import Sequence


def fair_exposure(headcount: int, per_head: float) -> float:
    return per_head * max(1, int(headcount or 1))


def penalty(exposure: float, headcount: int, per_head: float, weight: float) -> float:
    """Points to take off a vacancy's place in a seeker's list: 0 up to its fair exposure,
    then ``weight`` per doubling beyond it."""
    fair = fair_exposure(headcount, per_head)
    if weight <= 0 or exposure <= fair:
        return 0.0
    return weight * math.log2(exposure / fair)


def gini(values: Sequence[float]) -> float:
    """Gini coefficient of non-negative values (0 = equal; 1 = one takes everything)."""
    xs = sorted(float(v) for v in values)
    n, total = len(xs), sum(xs)
    if n == 0 or total <= 0:
        return 0.0
    weighted = sum((i + 1) * x for i, x in enumerate(xs))
    return (2 * weighted) / (n * total) - (n + 1) / n
