"""The matcher's configuration from the settings: the rerank's RankConfig and MatchSettings.

Shared by the matcher process, the embedded runtime and the evaluation harness, so all
three rank with exactly the same configuration.  Imports no transport.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from matcher.learning.weights import rank_weights
from matcher.ranking.calibration import load_calibration
from matcher.ranking.score import RankConfig
from matcher.service import MatchSettings
from services.kit.config import Settings

log = logging.getLogger(__name__)


def rank_config(settings: Settings) -> RankConfig:
    """The ranking configuration from the settings, with the shipped score calibration.

    The calibration applies only to the weights it was fitted on (matcher/ranking/calibration.py):
    with other weights the score is the raw one, and this says so once at start.
    """
    weights, _source = rank_weights(settings.weights.model_dump(exclude={"return_bonus"}), settings.weights_file)
    cfg = RankConfig(
        weights=weights,
        return_bonus=settings.weights.return_bonus,
        semantic_floor=settings.semantic_floor,
        semantic_ceiling=settings.semantic_ceiling,
        in_city=lru_cache(maxsize=4096)(settings.in_city),
        industry_labels={**settings.industries, "other": "其他行业"},
        city_wide=lru_cache(maxsize=4096)(settings.names_city),
        overqualified_factor=settings.overqualified_factor,
        calibration=load_calibration(settings.calibration_file),
        exposure_weight=settings.exposure_weight,
        exposure_per_head=settings.exposure_per_head,
    )
    if not cfg.calibrated:
        log.warning("scores are not calibrated: %s", "no calibration file could be read" if cfg.calibration is None
                    else "the calibration was fitted for other ranking weights")
    return cfg


def match_settings(settings: Settings) -> MatchSettings:
    return MatchSettings(
        recall_n=settings.recall_n, push_top_k=settings.push_top_k, score_threshold=settings.score_threshold,
        skill_recall_n=settings.skill_recall_n, push_cap_per_head=settings.push_cap_per_head,
        exposure_window_s=settings.exposure_window_hours * 3600,
    )
