"""Labelled examples with what the rerank needs: the job's and the talent's snapshots and the cosine.

Features are exactly the rerank's: :func:`matcher.ranking.score.score_pair`'s ``parts`` for
every name in ``FEATURES`` (read when called, so a feature added to the ranking is fitted
too, with no change here).  Scores for the metrics come from ``score_pair`` itself, so what
is measured is what the matcher would show, return bonus, cap and rounding included.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matcher.learning.labels import Example
from matcher.ranking import score as ranking


@dataclass(frozen=True)
class Pair:
    example: Example
    job: dict[str, Any]
    talent: dict[str, Any]
    cosine: float

    @property
    def group(self) -> str:
        """The list the pair was seen in: the talent's (talent → jobs) or the vacancy's."""
        e = self.example
        return f"t:{e.talent_id}" if e.direction == "talent_to_jobs" else f"j:{e.job_id}"


def feature_names() -> tuple[str, ...]:
    return tuple(ranking.FEATURES)


def feature_matrix(pairs: Sequence[Pair], cfg: ranking.RankConfig) -> np.ndarray:
    """(pairs × features) of the rerank's feature scores, each in 0..1."""
    names = feature_names()
    x = np.empty((len(pairs), len(names)))
    for i, p in enumerate(pairs):
        parts = ranking.score_pair(p.job, p.talent, p.cosine, cfg).parts
        x[i] = [parts[name] for name in names]
    return x


def scores(pairs: Sequence[Pair], cfg: ranking.RankConfig) -> np.ndarray:
    """The 0..100 score the matcher would give each pair under ``cfg``."""
    return np.array([ranking.score_pair(p.job, p.talent, p.cosine, cfg).score for p in pairs], dtype=float)
