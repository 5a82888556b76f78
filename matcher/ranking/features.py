"""Feature scores of one (talent, job) pair, each in 0..1 (1 = fully satisfied).

Each function returns the score and the facts an explanation needs, so that what the
person reads is exactly what was scored.  Two kinds of fit:

- the vacancy's requirements met by the person: ``skills``, ``education``, ``experience``
  (and the resume's ``semantic`` closeness to the posting);
- the person's wishes met by the vacancy: ``industry``, ``location``, ``salary``, ``engagement``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from matcher.skills.match import holdings, match_skills

EDUCATION_ORDER = {"none": 0, "secondary": 1, "associate": 2, "bachelor": 3, "master": 4, "doctorate": 5}
#: return intentions that make a native living elsewhere a candidate for the city's own jobs
RETURNING = {"planning": 1.0, "returned": 1.0, "considering": 0.6}


def skills(job_skills: list[str], talent_skills: list[str], resume_text: str) -> tuple[float, list[str], list[str]]:
    """Weighted share of the job's skills the talent has (see :mod:`matcher.skills.match`)."""
    return match_skills(job_skills, talent_skills, resume_text)


def experience_industries(talent_skills: list[str], resume_text: str) -> tuple[str, ...]:
    """Industries the person's resume and skills point to (employers' trades, industry skills), strongest first."""
    return holdings(tuple(talent_skills), resume_text).industries


def industry(job_industry: str, desired: Sequence[str], experienced: Sequence[str]) -> tuple[float, str]:
    """The person's wish for the vacancy's industry, softened by where their experience is.

    ``experienced`` are the industries the resume points to (employers, skills).  Related
    experience in another industry is not a zero: a PLC engineer from a chemical plant can do
    an equipment maker's PLC work, with some learning.  Reason codes: desired / desired_new /
    experienced / open / other.  Support functions (``other``) are the same work everywhere.
    """
    if job_industry in desired:
        if job_industry == "other" or not experienced or job_industry in experienced:
            return 1.0, "desired"
        return 0.75, "desired_new"  # wanted, but the experience is from elsewhere
    if job_industry in experienced:
        return 0.6, "experienced"
    if not desired:
        return 0.6, "open"  # no stated preference: neither a plus nor a clear minus
    return 0.25, "other"


def location(job_location: str, job_remote: bool, current_city: str, desired: list[str], native: bool,
             return_intention: str, in_city: Callable[[str], bool],
             city_wide: Callable[[str], bool] = lambda _place: False) -> tuple[float, str]:
    """Returns the score and the reason code: remote / desired / here / commute / returning / unknown / far.

    - a place the person asked for (a city-wide vacancy suits anyone who asked for any place
      in the city, and asking for the city suits any of its districts): 1;
    - living in the city, the vacancy in another district than the ones asked for: 0.6 (a commute);
    - a native living elsewhere, on a vacancy in the city: 1 when planning to come back (or back
      already), 0.6 when considering it; with no return intention it is as far as for anyone.
    """
    jl = job_location.strip()
    if job_remote:
        return 1.0, "remote"

    def same(a: str, b: str) -> bool:
        a, b = a.strip(), b.strip()
        if not (a and b):
            return False
        if a in b or b in a:
            return True
        # the city itself (a city-wide vacancy, or "anywhere in the city") against one of its districts
        return in_city(a) and in_city(b) and (city_wide(a) or city_wide(b))

    if any(same(jl, d) for d in desired):
        return 1.0, "desired"
    here = in_city(current_city) if current_city else False
    if current_city and same(jl, current_city) and not (here and desired):
        return 1.0, "here"
    if here and in_city(jl):
        return 0.6, "commute"
    if native and in_city(jl) and return_intention in RETURNING:
        return RETURNING[return_intention], "returning"
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


def overqualified(years: float, level: str, minimum_years: int, minimum_level: str) -> bool:
    """An entry-level vacancy (a year asked at most) for a veteran of ten years, or for a master's
    or doctor's degree where an associate degree or less is asked: neither side is likely to stay."""
    if minimum_years > 1:
        return False
    return years >= 10 or (EDUCATION_ORDER.get(level, 0) >= 4 and EDUCATION_ORDER.get(minimum_level, 0) <= 2)


def salary(job_min: int, job_max: int, expectation: int | None) -> float:
    """1 when the job's top of range reaches the talent's lowest acceptable pay."""
    if not expectation or job_max >= expectation:
        return 1.0
    return max(0.0, job_max / expectation) ** 2  # a short fall hurts little, a large one much


def engagement(job_modes: list[str], talent_modes: list[str]) -> tuple[float, list[str]]:
    common = [m for m in job_modes if m in talent_modes]
    return (1.0 if common else 0.0), common


def return_bonus(native: bool, intention: str, job_in_city: bool, location_score: float) -> float:
    """0..1 share of the return bonus: natives who intend to come (or came) home, on the city's
    own jobs, scaled by how well the place suits them (a returned native who asked for 高新区
    gains less from a vacancy in 北山县).  Natives without a return intention get nothing."""
    if not (native and job_in_city) or intention not in RETURNING:
        return 0.0
    return {"planning": 1.0, "considering": 0.7, "returned": 0.4}[intention] * location_score


def semantic(cosine: float, floor: float, ceiling: float) -> float:
    """Map the model's cosine onto 0..1: e5 cosines live in a narrow band (see Settings.semantic_floor)."""
    return min(1.0, max(0.0, (cosine - floor) / (ceiling - floor)))
