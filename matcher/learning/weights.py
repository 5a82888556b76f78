"""The fitted-weights file, and choosing the weights the matcher ranks with.

The file is JSON::

    {"format": "huiliu.rank-weights/1",
     "weights": {"semantic": 0.31, "skills": 0.22, ...},      # Σ = 1, each ≥ 0
     "meta": {"fitted_at": "...", "method": "logistic", "examples": {...},
              "held_out": {"current": {"auc": .., "ndcg@10": ..}, "fitted": {...}}, ...}}

``HUILIU_WEIGHTS_FILE`` (setting ``weights_file``) names it; :func:`rank_weights` is what the
matcher calls at start.  Only the feature weights are fitted; the return bonus stays a
setting: it is the city's policy (bring natives home), not a prediction of who applies.
"""
from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matcher.ranking import score as ranking

log = logging.getLogger(__name__)
FORMAT = "huiliu.rank-weights/1"


class WeightsFileError(ValueError):
    """The weights file is missing, unreadable or not a valid weighting."""


def save(path: Path, weights: Mapping[str, float], meta: Mapping[str, Any]) -> Path:
    """Write the file atomically (a reader never sees half of it)."""
    checked = _checked(dict(weights), str(path))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"format": FORMAT, "weights": checked, "meta": dict(meta)}, ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)
    return path


def load(path: Path) -> dict[str, Any]:
    """The file's content, validated: ``{"format", "weights", "meta"}``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WeightsFileError(f"cannot read weights file {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WeightsFileError(f"{path} is not a {FORMAT} file")
    if not isinstance(data.get("weights"), dict):
        raise WeightsFileError(f"{path} has no weights")
    data["weights"] = _checked(data["weights"], str(path))
    data.setdefault("meta", {})
    return data


def _checked(weights: dict[str, Any], where: str) -> dict[str, float]:
    out = {}
    for name, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise WeightsFileError(f"{where}: weight {name!r} must be a finite number ≥ 0, not {value!r}")
        out[str(name)] = float(value)
    if sum(out.get(f, 0.0) for f in ranking.FEATURES) <= 0:
        raise WeightsFileError(f"{where}: no weight above 0 for any of the rerank's features {list(ranking.FEATURES)}")
    return out


def rank_weights(configured: Mapping[str, float], path: Path | None) -> tuple[dict[str, float], str]:
    """The weights to rank with, and where they came from (also logged).

    No file named: the configured weights.  A valid file: its weights; a feature the file
    does not know (added to the ranking after the fit) keeps its configured weight, a name
    the ranking does not know is ignored.  A file named but missing or invalid: the
    configured weights, with an error in the log, so a bad file never stops matching.
    """
    configured = {k: float(v) for k, v in configured.items()}
    if not path:
        log.info("rank weights: configured (HUILIU_WEIGHT_*)", extra={"fields": {"source": "settings", "weights": configured}})
        return configured, "settings"
    try:
        data = load(Path(path))
    except WeightsFileError as exc:
        log.error("rank weights: weights file unusable, using the configured weights",
                  extra={"fields": {"source": "settings", "weights_file": str(path), "error": str(exc)}})
        return configured, f"settings (weights file unusable: {exc})"
    fitted = data["weights"]
    unknown = sorted(set(fitted) - set(ranking.FEATURES))
    not_fitted = [f for f in ranking.FEATURES if f not in fitted]
    weights = {f: fitted[f] if f in fitted else configured.get(f, 0.0) for f in ranking.FEATURES}
    meta = data["meta"]
    log.info("rank weights: fitted, from the weights file", extra={"fields": {
        "source": "weights_file", "weights_file": str(path), "weights": weights, "fitted_at": meta.get("fitted_at"),
        "method": meta.get("method"), "not_fitted_kept_configured": not_fitted, "ignored_unknown": unknown}})
    return weights, f"weights file {path}"
