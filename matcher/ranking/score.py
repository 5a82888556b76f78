"""The rerank: feature scores of both sides → a 0..100 score with a readable explanation.

Two-sided: a match is good only when the vacancy's requirements are met by the person
(``REQUIREMENTS``: semantic, skills, education, experience) *and* the person's wishes are
met by the vacancy (``WISHES``: industry, location, salary, engagement).  Each side's fit is
the weighted mean of its features, and the raw score is their weighted geometric mean::

    job_fit    = Σ_req wᵢ·fᵢ / Σ_req wᵢ          talent_fit = Σ_wish wᵢ·fᵢ / Σ_wish wᵢ
    raw        = 100 × job_fit^a × talent_fit^(1−a) × overqualification + return bonus
    a          = Σ_req wᵢ / Σ wᵢ

so one side's perfect fit cannot make up for the other side's poor one, as it would in a
plain weighted sum.  The weights are settings (``HUILIU_WEIGHT_*``; README "Ranking"), and
``FEATURES`` / ``RankConfig.weights`` are what a learner fits.  The raw score is then
calibrated (``calibration.py``) so that the shown 0..100 means the same in every industry.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from matcher.ranking import features as f
from matcher.ranking.calibration import Calibration, fingerprint
from matcher.ranking.explain import explain

FEATURES = ("semantic", "skills", "industry", "location", "education", "experience", "salary", "engagement")
REQUIREMENTS = ("semantic", "skills", "education", "experience")
WISHES = ("industry", "location", "salary", "engagement")
#: a side's fit never reaches 0 in the geometric mean, so that the other side still orders such pairs
FIT_FLOOR = 0.05


@dataclass(frozen=True)
class RankConfig:
    weights: dict[str, float]
    return_bonus: float = 2.0
    semantic_floor: float = 0.86
    semantic_ceiling: float = 0.96
    in_city: Callable[[str], bool] = lambda _place: False
    industry_labels: dict[str, str] = field(default_factory=dict)
    #: whether a place names the whole city rather than one of its districts
    city_wide: Callable[[str], bool] = lambda _place: False
    #: multiplier of the score of an over-qualified person on an entry-level vacancy
    overqualified_factor: float = 0.9
    #: raw score -> calibrated score; applied only when fitted on this very configuration
    calibration: Calibration | None = None
    #: exposure control in seekers' lists (matcher.ranking.exposure)
    exposure_weight: float = 0.0
    exposure_per_head: float = 10.0

    def __post_init__(self) -> None:
        fits = self.calibration is not None and self.calibration.fingerprint == self.fingerprint()
        object.__setattr__(self, "_calibrated", fits)

    def fingerprint(self) -> str:
        return fingerprint(self.weights, self.return_bonus, self.semantic_floor, self.semantic_ceiling, self.overqualified_factor)

    @property
    def calibrated(self) -> bool:
        """Whether scores are calibrated (a calibration fitted on these weights is loaded)."""
        return self._calibrated  # type: ignore[attr-defined]


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


def _side(parts: dict[str, float], names: tuple[str, ...], weights: dict[str, float]) -> tuple[float, float]:
    """(weighted mean of the side's features, the side's total weight)."""
    total = sum(max(0.0, weights.get(k, 0.0)) for k in names)
    if total <= 0:
        return 1.0, 0.0
    return sum(max(0.0, weights.get(k, 0.0)) * parts[k] for k in names) / total, total


def combine(parts: dict[str, float], weights: dict[str, float]) -> tuple[float, float, float]:
    """(raw 0..1 before bonus and over-qualification, job_fit, talent_fit)."""
    job_fit, w_req = _side(parts, REQUIREMENTS, weights)
    talent_fit, w_wish = _side(parts, WISHES, weights)
    if w_req + w_wish <= 0:
        return 0.0, job_fit, talent_fit
    a = w_req / (w_req + w_wish)
    floor = lambda x: FIT_FLOOR + (1 - FIT_FLOOR) * x  # noqa: E731
    return floor(job_fit) ** a * floor(talent_fit) ** (1 - a), job_fit, talent_fit


def score_pair(job: dict[str, Any], talent: dict[str, Any], cosine: float, cfg: RankConfig, *,
               with_explanation: bool = True) -> Scored:
    """Score one pair.  ``with_explanation=False`` skips the explanation (ranking many pairs
    and explaining only those shown)."""
    education = talent.get("education") or {}
    resume = talent.get("resume_text", "")
    skill_score, matched, missing = f.skills(job.get("skills", []), talent.get("skills", []), resume)
    job_modes = job.get("engagement", [])
    native, intention = bool(talent.get("native")), talent.get("return_intention", "none")
    loc_score, loc_reason = f.location(
        job.get("location", ""), "remote" in job_modes, talent.get("current_city", ""),
        talent.get("desired_locations", []), native, intention, cfg.in_city, cfg.city_wide,
    )
    eng_score, common_modes = f.engagement(job_modes, talent.get("engagement", []))
    experienced = f.experience_industries(talent.get("skills", []), resume)
    ind_score, ind_reason = f.industry(job.get("industry", "other"), talent.get("desired_industries", []), experienced)
    years, level = float(talent.get("experience_years", 0)), education.get("level", "none")
    need_years, need_level = int(job.get("experience_min_years", 0)), job.get("education_min", "none")
    parts = {
        "semantic": f.semantic(cosine, cfg.semantic_floor, cfg.semantic_ceiling),
        "skills": skill_score,
        "industry": ind_score,
        "location": loc_score,
        "education": f.education(level, need_level),
        "experience": f.experience(years, need_years),
        "salary": f.salary(int(job.get("salary_min", 0)), int(job.get("salary_max", 0)), talent.get("salary_expectation")),
        "engagement": eng_score,
    }
    fit, job_fit, talent_fit = combine(parts, cfg.weights)
    over = f.overqualified(years, level, need_years, need_level)
    base = 100.0 * fit * (cfg.overqualified_factor if over else 1.0)
    bonus = cfg.return_bonus * f.return_bonus(native, intention, cfg.in_city(job.get("location", "")), loc_score)
    raw = min(100.0, base + bonus)
    score = cfg.calibration.score(raw, job.get("industry", "other")) if cfg.calibrated else raw  # type: ignore[union-attr]
    score = round(score, 1)
    parts_out = {k: round(v, 3) for k, v in parts.items()} | {
        "job_fit": round(job_fit, 3), "talent_fit": round(talent_fit, 3), "overqualified": float(over),
        "return_bonus": round(bonus, 2), "raw": round(raw, 2), "cosine": round(cosine, 4)}
    explanation = (explain(job, talent, parts, score, bonus, matched, missing, loc_reason, ind_reason, common_modes, over, cfg)
                   if with_explanation else {})
    return Scored(score=score, parts=parts_out, explanation=explanation)
