"""Does a person have the skills a vacancy asks for?  Canonical skills first, the written names second.

A vacancy's requirement (one entry of its ``skills``) is met when

1. it names vocabulary skills and the person has all of them — listed in the profile or
   named anywhere in the resume, under any synonym, in Chinese or English
   ("programmable logic controller" in an English resume meets "PLC编程"), or a narrower
   skill that implies it (``TIA Portal`` implies ``PLC``, see ``vocabulary.BROADER``); or
2. its written name is one of the person's listed skills, or inside one (``PLC`` in
   ``PLC编程``; never inside a longer Latin word: ``PLC`` is not in ``HPLC``), or written in the
   resume.  A listed name inside the requirement counts too (``PLC`` for ``PLC编程``), but only
   for requirements outside the vocabulary: for a vocabulary skill, ``BROADER`` decides what a
   shorter name implies (``焊接`` does not meet ``机器人焊接``).

Generic skills (``vocabulary.GENERIC``: Excel, a driving licence ...) count half: they say
little about whether the person does the work.  Everything here is cached by content, so
ranking the same resume against many vacancies extracts its skills once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from matcher.skills.extract import canonical_skill, extract_skills_cached, infer_industries, normalise
from matcher.skills.vocabulary import BROADER, GENERIC

#: what a generic skill counts for, against 1 for any other
GENERIC_WEIGHT = 0.5
_NON_WORD = re.compile(r"[\s\-_/·・.()（）]+")
_ASCII_WORD = re.compile(r"[a-z0-9]")


def literal(name: str) -> str:
    """The written form compared literally: NFKC, casefolded, without spaces and punctuation."""
    return _NON_WORD.sub("", normalise(name))


def _closure(skills: set[str]) -> frozenset[str]:
    """The skills with every broader skill they imply."""
    out, todo = set(skills), list(skills)
    while todo:
        for broader in BROADER.get(todo.pop(), ()):
            if broader not in out:
                out.add(broader)
                todo.append(broader)
    return frozenset(out)


def _contains(hay: str, needle: str) -> bool:
    """``needle`` in ``hay``, but a Latin word is never matched inside a longer Latin word."""
    start = hay.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = hay[start - 1] if start else ""
        after = hay[end] if end < len(hay) else ""
        head_ok = not (_ASCII_WORD.match(needle[0]) and before and _ASCII_WORD.match(before))
        tail_ok = not (_ASCII_WORD.match(needle[-1]) and after and _ASCII_WORD.match(after))
        if head_ok and tail_ok:
            return True
        start = hay.find(needle, start + 1)
    return False


@dataclass(frozen=True)
class Requirement:
    name: str  # as the vacancy wrote it
    literal: str  # see :func:`literal`
    written: str  # normalised, spaces kept (to look for in a resume)
    canonical: frozenset[str]  # the most specific vocabulary skills it names (empty: none)
    weight: float

    @property
    def keys(self) -> frozenset[str]:
        """What recall looks the requirement up by: its canonical skills, else its written form."""
        return self.canonical or frozenset({"=" + self.literal})


@dataclass(frozen=True)
class Holdings:
    """What a person has: canonical skills (with the broader ones they imply), listed names, resume text."""

    canonical: frozenset[str]
    listed: tuple[str, ...]  # literal forms of the listed skills
    listed_written: tuple[str, ...]  # the listed skills normalised, spaces and punctuation kept
    text: str  # the resume, normalised (spaces kept)
    text_literal: str  # the resume without spaces and punctuation (for Chinese names written with a space)
    industries: tuple[str, ...]  # industries the resume and skills point to, strongest first
    #: requirement (as written) -> met?  One person meets the same requirement of many vacancies
    memo: dict[str, bool] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def keys(self) -> frozenset[str]:
        return self.canonical | {"=" + n for n in self.listed}


@lru_cache(maxsize=16_384)
def requirements(skills: tuple[str, ...]) -> tuple[Requirement, ...]:
    out = []
    for name in skills:
        lit = literal(name)
        if not lit:
            continue
        exact = canonical_skill(name)
        found = {exact} if exact else set(extract_skills_cached(name))
        # "机器人焊接" names 机器人焊接 and 焊接; only the most specific one has to be met
        specific = frozenset(s for s in found if s not in _closure(found - {s}))
        weight = GENERIC_WEIGHT if specific and specific <= GENERIC else 1.0
        out.append(Requirement(name, lit, normalise(name).strip(), specific, weight))
    return tuple(out)


@lru_cache(maxsize=65_536)
def holdings(skills: tuple[str, ...], resume_text: str) -> Holdings:
    found: dict[str, None] = {}
    for name in skills:
        exact = canonical_skill(name)
        found.update(dict.fromkeys([exact] if exact else extract_skills_cached(name)))
    found.update(dict.fromkeys(extract_skills_cached(resume_text)))
    listed = tuple(dict.fromkeys(lit for lit in (literal(s) for s in skills) if lit))
    industries = tuple(infer_industries(resume_text + "\n" + "、".join(skills), skills=list(found)))
    written = tuple(dict.fromkeys(w for w in (normalise(s).strip() for s in skills) if w))
    return Holdings(_closure(set(found)), listed, written, normalise(resume_text), literal(resume_text), industries)


def met(req: Requirement, have: Holdings) -> bool:
    hit = have.memo.get(req.written)
    if hit is None:
        hit = have.memo[req.written] = _met(req, have)
    return hit


def _met(req: Requirement, have: Holdings) -> bool:
    if req.canonical and req.canonical <= have.canonical:
        return True
    k = req.literal
    if k in have.listed:
        return True
    # one name inside the other ("PLC" ~ "PLC编程"); when the requirement is a vocabulary skill, the
    # vocabulary says what a shorter, broader name implies ("焊接" is not "机器人焊接"), so only a
    # listed name that contains the requirement counts
    both = not req.canonical
    if len(k) >= 2 and any(len(m) >= 2 and (_contains(m, k) or (both and _contains(k, m))) for m in have.listed):
        return True
    # the same with punctuation kept, so that a Latin word's end is still seen ("gb/t 36547" in "gb/t 36547-2018")
    w = req.written
    if len(k) >= 2 and any(len(m) >= 2 and (_contains(m, w) or (both and _contains(w, m))) for m in have.listed_written):
        return True
    if len(k) < 2:
        return False
    if _contains(have.text, req.written):
        return True
    return not _ASCII_WORD.search(k) and k in have.text_literal


def match_skills(job_skills: list[str], talent_skills: list[str], resume_text: str) -> tuple[float, list[str], list[str]]:
    """(weighted share of the vacancy's requirements met, met names, missing names), names as the vacancy wrote them."""
    reqs = requirements(tuple(job_skills))
    if not reqs:
        return 1.0, [], []
    have = holdings(tuple(talent_skills), resume_text)
    matched, missing, got, total = [], [], 0.0, 0.0
    for req in reqs:
        total += req.weight
        if met(req, have):
            matched.append(req.name)
            got += req.weight
        else:
            missing.append(req.name)
    return got / total, matched, missing
