"""Split, fit on the earlier part, measure on the held-out part: shared by ``fit`` and ``simulate``.

The fit sees only the examples of ``split.train`` (pairs built from rows before the cutoff);
the metrics are computed only on ``split.held_out``; :class:`Result` keeps both lists so a
test can check which outcome rows each side was made of.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from matcher.learning import model
from matcher.learning.examples import Pair, feature_matrix, feature_names
from matcher.learning.labels import Example, Split
from matcher.learning.measure import compare
from matcher.ranking.score import RankConfig

Resolver = Callable[[list[Example]], tuple[list[Pair], dict[str, Any]]]


@dataclass
class Options:
    method: str = "logistic"
    l2: float = 1e-3
    min_examples: int = 200
    min_each: int = 20


@dataclass
class Result:
    split: Split
    train: list[Pair]
    held_out: list[Pair]
    fitted: model.Fitted
    current: RankConfig
    learned: RankConfig
    held_out_metrics: dict[str, Any]
    resolve_info: dict[str, Any]

    def meta(self, source: str) -> dict[str, Any]:
        """What the weights file records beside the weights."""
        f = self.fitted
        return {
            "fitted_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "source": source,
            "method": f.method,
            "l2": f.l2,
            "features": list(feature_names()),
            "label": "positive = applied, interviewed or hired (not rejected before an interview); "
                     "negative = viewed and nothing further, or rejected (matcher/learning/labels.py)",
            "split": {"by": "time", "cutoff": self.split.cutoff.isoformat() if self.split.cutoff else None,
                      "outcomes_before_cutoff": len(self.split.train_rows), "outcomes_held_out": len(self.split.held_out_rows)},
            "examples": {"train": f.examples, "train_positive": f.positives, "train_negative": f.negatives,
                         "comparisons": f.comparisons, "held_out": self.held_out_metrics["pairs"],
                         "held_out_positive": self.held_out_metrics["positives"]},
            "converged": f.converged,
            "current_weights": dict(self.current.weights),
            "return_bonus_kept": self.current.return_bonus,
            "held_out": {k: self.held_out_metrics[k] for k in ("current", "fitted")} | {
                "talents_ranked": self.held_out_metrics["talents_ranked"],
                "change_ci95": self.held_out_metrics.get("change_ci95"), "verdict": self.held_out_metrics.get("verdict"),
                "current_uncalibrated": self.held_out_metrics.get("current_uncalibrated")},
            "resolve": self.resolve_info,
        }


def fit_on(pairs: Sequence[Pair], current: RankConfig, options: Options) -> model.Fitted:
    x = feature_matrix(pairs, current)
    return model.fit_weights(x, [p.example.grade for p in pairs], feature_names(), current.weights, method=options.method,
                             groups=[p.group for p in pairs], l2=options.l2, min_examples=options.min_examples,
                             min_each=options.min_each)


def fit_and_measure(split: Split, resolver: Resolver, current: RankConfig, options: Options) -> Result:
    train, info_train = resolver(split.train)
    held, info_held = resolver(split.held_out)
    fitted = fit_on(train, current, options)
    learned = with_weights(current, fitted.weights)
    metrics = compare(held, {"current": current, "fitted": learned})
    if getattr(current, "calibrated", False) and not getattr(learned, "calibrated", False):
        # the score calibration holds only for the weights it was fitted on, so the fitted weights
        # rank on the raw score: show the current weights on the raw score too (same footing)
        raw = compare(held, {"current": replace(current, calibration=None)})
        metrics["current_uncalibrated"] = raw["current"]
    return Result(split, train, held, fitted, current, learned, metrics, {"train": info_train, "held_out": info_held})


def with_weights(cfg: RankConfig, weights: dict[str, float]) -> RankConfig:
    return replace(cfg, weights={**cfg.weights, **weights})
