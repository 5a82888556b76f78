"""The rerank: weighted feature scores → a 0..100 score with a readable explanation.

score = 100 × Σ wᵢ·fᵢ / Σ wᵢ + return_bonus × b, capped at 100, where fᵢ are the feature
scores of ``features.py`` and b the native-return share.  The weights are settings
(``HUILIU_WEIGHT_*``); README "Ranking" documents the defaults and why.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from matcher.ranking import features as f
from matcher.ranking.explain import explain

FEATURES = ("semantic", "skills", "industry", "location", "education", "experience", "salary", "engagement")


@dataclass(frozen=True)
class RankConfig:
    weights: dict[str, float]
    return_bonus: float = 6.0
    semantic_floor: float = 0.72
    semantic_ceiling: float = 0.90
    in_city: Callable[[str], bool] = lambda _place: False
    industry_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Scored:
    score: float
    parts: dict[str, float]
    explanation: dict[str, Any]


def _aware(value: Any) -> datetime | None:
    if not value:
        return None
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def eligible_job(job: dict[str, Any], now: datetime | None = None) -> bool:
    """Hard filter: only open, unexpired vacancies are ever recommended."""
    if job.get("status", "open") != "open":
        return False
    expires = _aware(job.get("expires_at"))
    return expires is None or expires > (now or datetime.now(UTC))


def eligible_talent_for_enterprise(talent: dict[str, Any]) -> bool:
    """Hard filter: enterprises only ever see talents who agreed to be seen."""
    return bool(talent.get("visible_to_enterprises"))


def score_pair(job: dict[str, Any], talent: dict[str, Any], cosine: float, cfg: RankConfig) -> Scored:
    education = talent.get("education") or {}
    skill_score, matched, missing = f.skills(job.get("skills", []), talent.get("skills", []), talent.get("resume_text", ""))
    job_modes = job.get("engagement", [])
    loc_score, loc_reason = f.location(
        job.get("location", ""), "remote" in job_modes, talent.get("current_city", ""),
        talent.get("desired_locations", []), bool(talent.get("native")), talent.get("return_intention", "none"),
        cfg.in_city,
    )
    eng_score, common_modes = f.engagement(job_modes, talent.get("engagement", []))
    parts = {
        "semantic": f.semantic(cosine, cfg.semantic_floor, cfg.semantic_ceiling),
        "skills": skill_score,
        "industry": f.industry(job.get("industry", "other"), talent.get("desired_industries", [])),
        "location": loc_score,
        "education": f.education(education.get("level", "none"), job.get("education_min", "none")),
        "experience": f.experience(float(talent.get("experience_years", 0)), int(job.get("experience_min_years", 0))),
        "salary": f.salary(int(job.get("salary_min", 0)), int(job.get("salary_max", 0)), talent.get("salary_expectation")),
        "engagement": eng_score,
    }
    total_w = sum(cfg.weights.get(k, 0.0) for k in FEATURES) or 1.0
    base = 100.0 * sum(cfg.weights.get(k, 0.0) * parts[k] for k in FEATURES) / total_w
    bonus_share = f.return_bonus(bool(talent.get("native")), talent.get("return_intention", "none"),
                                 cfg.in_city(job.get("location", "")))
    bonus = cfg.return_bonus * bonus_share
    score = round(min(100.0, base + bonus), 1)
    parts_out = {k: round(v, 3) for k, v in parts.items()} | {"return_bonus": round(bonus, 2), "cosine": round(cosine, 4)}
    explanation = explain(job, talent, parts, score, bonus, matched, missing, loc_reason, common_modes, cfg)
    return Scored(score=score, parts=parts_out, explanation=explanation)
