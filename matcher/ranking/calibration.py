"""What a score means: the raw two-sided score mapped to the chance that the pair is a good match.

A :class:`Calibration` maps the raw score (0..100) of a pair to P(grade >= 2) — the chance
that, by the benchmark's rubric (matcher/evaluation/benchmark/RUBRIC.md), a recruiter would
shortlist the person and the person would apply — separately for the vacancy's industry, and
shows it as 0..100.  So "70" means about a 70 % chance in every industry, and a threshold
(``HUILIU_SCORE_THRESHOLD``) selects matches of the same quality everywhere.

The mapping is fitted by ``python -m matcher.evaluation --calibrate`` on the benchmark's
tuning half (isotonic regression, then linear between the fitted steps so that the order of
raw scores is kept) and stored in ``calibration.json`` beside this file.  It is only valid
for the ranking configuration it was fitted on: the file carries a fingerprint of the
weights, the features and the skills vocabulary, and a configuration with other weights (``HUILIU_WEIGHT_*``, or
weights learnt from outcomes) gets the raw score instead — never a mapping fitted for
something else.
"""
from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from matcher.skills.vocabulary import BROADER, GENERIC, SKILLS

DEFAULT_PATH = Path(__file__).resolve().parent / "calibration.json"
#: bump when a feature's definition changes: a calibration fitted before no longer applies
FEATURES_VERSION = "2"


@lru_cache(maxsize=1)
def _vocabulary_hash() -> str:
    """The skills vocabulary changes skill matches, hence raw scores: it is part of the fingerprint."""
    data = {"skills": SKILLS, "broader": BROADER, "generic": sorted(GENERIC)}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def fingerprint(weights: Mapping[str, float], return_bonus: float, semantic_floor: float, semantic_ceiling: float,
                overqualified_factor: float = 1.0) -> str:
    """A short hash of everything the raw score depends on."""
    parts = {"features": FEATURES_VERSION, "vocabulary": _vocabulary_hash(),
             "weights": {k: round(float(v), 6) for k, v in sorted(weights.items())},
             "return_bonus": round(float(return_bonus), 6), "semantic": [round(semantic_floor, 6), round(semantic_ceiling, 6)],
             "overqualified": round(float(overqualified_factor), 6)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Calibration:
    fingerprint: str
    #: industry (or "*" for all others) -> (raw scores, probabilities), both increasing
    curves: dict[str, tuple[tuple[float, ...], tuple[float, ...]]]

    def probability(self, raw: float, industry: str) -> float:
        xs, ys = self.curves.get(industry) or self.curves["*"]
        if raw <= xs[0]:
            return ys[0]
        if raw >= xs[-1]:
            return ys[-1]
        i = bisect.bisect_right(xs, raw)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1

    def score(self, raw: float, industry: str) -> float:
        """The calibrated 0..100 score."""
        return 100.0 * self.probability(raw, industry)

    def to_json(self, meta: dict[str, Any] | None = None) -> str:
        curves = {k: {"raw": [round(x, 3) for x in xs], "p": [round(y, 4) for y in ys]} for k, (xs, ys) in self.curves.items()}
        return json.dumps({"fingerprint": self.fingerprint, "meta": meta or {}, "curves": curves}, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        data = json.loads(text)
        curves = {}
        for name, c in data["curves"].items():
            xs, ys = tuple(float(x) for x in c["raw"]), tuple(float(y) for y in c["p"])
            if not xs or len(xs) != len(ys) or list(xs) != sorted(xs) or list(ys) != sorted(ys) or not all(0 <= y <= 1 for y in ys):
                raise ValueError(f"calibration curve {name!r} is not an increasing map onto 0..1")
            curves[name] = (xs, ys)
        if "*" not in curves:
            raise ValueError("calibration has no '*' curve for industries without their own")
        return cls(str(data["fingerprint"]), curves)


def load_calibration(path: Path | None = None) -> Calibration | None:
    """The stored calibration, or None when there is none or it cannot be read (the raw score is used)."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        return Calibration.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
