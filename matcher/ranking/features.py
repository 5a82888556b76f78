"""Feature scores of one (talent, job) pair, each in 0..1 (1 = fully satisfied).

Each function returns the score and the facts an explanation needs, so that what the
person reads is exactly what was scored.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

EDUCATION_ORDER = {"none": 0, "secondary": 1, "associate": 2, "bachelor": 3, "master": 4, "doctorate": 5}
_NON_WORD = re.compile(r"[\s\-_/·・.()（）]+")


def norm_skill(s: str) -> str:
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", s).casefold())


def skills(job_skills: list[str], talent_skills: list[str], resume_text: str) -> tuple[float, list[str], list[str]]:
    """Share of the job's skills the talent has: listed, or named in the resume.

    A listed skill matches when one name contains the other (``PLC`` ~ ``PLC编程``), so
    that a short common name still counts; names of one character never match by containment.
    """
    if not job_skills:
        return 1.0, [], []
    mine = [norm_skill(s) for s in talent_skills if norm_skill(s)]
    resume = norm_skill(resume_text)
    matched, missing = [], []
    for skill in job_skills:
        k = norm_skill(skill)
        hit = bool(k) and (
            k in mine
            or any(len(k) >= 2 and len(m) >= 2 and (k in m or m in k) for m in mine)
            or (len(k) >= 2 and k in resume)
        )
        (matched if hit else missing).append(skill)
    return len(matched) / len(job_skills), matched, missing


def industry(job_industry: str, desired: list[str]) -> float:
    if not desired:
        return 0.6  # no stated preference: neither a plus nor a clear minus
    return 1.0 if job_industry in desired else 0.0


def location(job_location: str, job_remote: bool, current_city: str, desired: list[str], native: bool,
             return_intention: str, in_city: Callable[[str], bool]) -> tuple[float, str]:
    """Returns the score and the reason code: here / desired / returning / remote / far."""
    jl = job_location.strip()

    def same(a: str, b: str) -> bool:
        a, b = a.strip(), b.strip()
        return bool(a and b) and (a in b or b in a or (in_city(a) and in_city(b)))

    if same(jl, current_city):
        return 1.0, "here"
    if any(same(jl, d) for d in desired):
        return 1.0, "desired"
    if native and return_intention in ("considering", "planning", "returned") and in_city(jl):
        return 0.9, "returning"
    if job_remote:
        return 0.8, "remote"
    if not desired and not current_city:
        return 0.5, "unknown"
    return 0.0, "far"


def education(level: str, minimum: str) -> float:
    have, need = EDUCATION_ORDER.get(level, 0), EDUCATION_ORDER.get(minimum, 0)
    if have >= need:
        return 1.0
    return 0.4 if need - have == 1 else 0.0


def experience(years: float, minimum: int) -> float:
    if minimum <= 0 or years >= minimum:
        return 1.0
    return max(0.0, years / minimum)


def salary(job_min: int, job_max: int, expectation: int | None) -> float:
    """1 when the job's top of range reaches the talent's lowest acceptable pay."""
    if not expectation or job_max >= expectation:
        return 1.0
    return max(0.0, job_max / expectation) ** 2  # a short fall hurts little, a large one much


def engagement(job_modes: list[str], talent_modes: list[str]) -> tuple[float, list[str]]:
    common = [m for m in job_modes if m in talent_modes]
    return (1.0 if common else 0.0), common


def return_bonus(native: bool, intention: str, job_in_city: bool) -> float:
    """0..1 share of the return bonus: natives who want to come home, on the city's own jobs."""
    if not (native and job_in_city):
        return 0.0
    return {"planning": 1.0, "considering": 0.7, "returned": 0.5}.get(intention, 0.2)


def semantic(cosine: float, floor: float, ceiling: float) -> float:
    """Map the model's cosine onto 0..1: e5 cosines live in a narrow band (about 0.7-0.9)."""
    return min(1.0, max(0.0, (cosine - floor) / (ceiling - floor)))
