"""Per-occupation material the demo generator combines into vacancies and resumes.

Each industry module (``new_energy``, ``green_food``, ``advanced_equipment``,
``fine_chemicals``, ``other``) defines ``OCCUPATIONS``: a tuple of :class:`Occupation`
written by hand — job titles, responsibility phrases, requirement phrases, skills (Chinese
and English names as used in real postings), majors, first-person resume phrases and
results, and a short English rendering for the few English-language resumes.

Phrases carry no final punctuation: the generator joins them with its own sentence
structures, so the same material reads differently in each description and resume.
"""

from __future__ import annotations

from dataclasses import dataclass

EDUCATION_LEVELS = ("none", "secondary", "associate", "bachelor", "master", "doctorate")


def _lines(text: str) -> tuple[str, ...]:
    """Split hand-written material: one phrase per line, or items separated by ``|``."""
    sep = "\n" if "\n" in text.strip() else "|"
    return tuple(p.strip() for p in text.strip().split(sep) if p.strip())


@dataclass(frozen=True)
class Occupation:
    """One occupation in one industry, with enough material to vary its wording."""

    key: str
    industry: str
    titles: tuple[str, ...]  # vacancy titles, e.g. 光伏电站运维工程师
    duties: tuple[str, ...]  # 岗位职责 phrases
    requirements: tuple[str, ...]  # 任职要求 phrases (education/years are added separately)
    skills: tuple[str, ...]  # core skills, drawn into job skill lists and resumes
    extra_skills: tuple[str, ...]  # nice-to-have / adjacent skills
    majors: tuple[str, ...]  # plausible majors of people doing this work
    experience: tuple[str, ...]  # resume phrases: what the person did
    achievements: tuple[str, ...]  # resume phrases: results, certificates
    education: tuple[str, ...]  # typical education levels, most common first
    salary: tuple[int, int]  # typical CNY/month range in the city (entry .. senior)
    en_title: str
    en_experience: tuple[str, ...]
    weight: int = 1  # relative frequency among vacancies and talents


def occupation(
    key: str,
    industry: str,
    titles: str,
    *,
    duties: str,
    requirements: str,
    skills: str,
    extra_skills: str,
    majors: str,
    experience: str,
    achievements: str,
    education: str,
    salary: tuple[int, int],
    en_title: str,
    en_experience: str,
    weight: int = 1,
) -> Occupation:
    """Build an :class:`Occupation` from compact hand-written strings."""
    occ = Occupation(
        key=key,
        industry=industry,
        titles=_lines(titles),
        duties=_lines(duties),
        requirements=_lines(requirements),
        skills=_lines(skills),
        extra_skills=_lines(extra_skills),
        majors=_lines(majors),
        experience=_lines(experience),
        achievements=_lines(achievements),
        education=_lines(education),
        salary=salary,
        en_title=en_title,
        en_experience=_lines(en_experience),
        weight=weight,
    )
    bad = [lv for lv in occ.education if lv not in EDUCATION_LEVELS]
    if bad or not (occ.titles and occ.duties and occ.requirements and occ.skills):
        raise ValueError(f"occupation {key}: incomplete material or bad levels {bad}")
    return occ


def _load() -> dict[str, tuple[Occupation, ...]]:
    from . import advanced_equipment, fine_chemicals, green_food, new_energy, other

    return {
        "new_energy": new_energy.OCCUPATIONS,
        "green_food": green_food.OCCUPATIONS,
        "advanced_equipment": advanced_equipment.OCCUPATIONS,
        "fine_chemicals": fine_chemicals.OCCUPATIONS,
        "other": other.OCCUPATIONS,
    }


BY_INDUSTRY: dict[str, tuple[Occupation, ...]] = _load()
BY_KEY: dict[str, Occupation] = {o.key: o for occs in BY_INDUSTRY.values() for o in occs}
