"""Skills and industries found in free text, with jieba and the vocabulary.

- ``extract_skills(text)``: canonical names found in a text, in order of first mention.
- ``canonical_skill(name)``: the canonical name of one skill name, or None.
- ``infer_industries(text)``: industries a text points to, strongest first.

Matching is case- and width-insensitive (NFKC + casefold: "ＰＬＣ", "plc" and "PLC" are one).
Latin terms match on word boundaries ("PLC" is not found inside "HPLC"); Chinese terms of
three characters or more match as substrings; two-character Chinese terms must be a whole
jieba token (or its head or tail), so that "气动" is not found inside "电气动力".
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import jieba

from matcher.skills.vocabulary import GUARD_WORDS, INDUSTRY_KEYWORDS, SKILL_INDUSTRIES, SKILLS


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), casefolded, runs of space as one."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold())


_CJK = re.compile(r"[\u3400-\u9fff]")
_GUARDS = frozenset(GUARD_WORDS)
_jieba: jieba.Tokenizer | None = None
_jieba_lock = threading.Lock()


def _tokenize(norm: str) -> list[tuple[str, int, int]]:
    """jieba tokens (word, start, end) of normalised text, our vocabulary loaded as words.

    A private tokenizer, so that our words never change how anyone else's jieba cuts text;
    built once (about a second) on first use.
    """
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            tok = jieba.Tokenizer()
            tok.initialize()
            terms = [*(t for c, syns in SKILLS.items() for t in [c, *syns]), *(w for ws in INDUSTRY_KEYWORDS.values() for w in ws)]
            for term in {normalise(t).strip() for t in (*terms, *GUARD_WORDS)}:
                if _CJK.search(term) and " " not in term:
                    tok.add_word(term, freq=100_000)
            _jieba = tok
    return list(_jieba.tokenize(norm, HMM=False))


class _Matcher:
    """Finds the terms of a {term: value} table in normalised text; see the module docstring for the rules."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = {normalise(t).strip(): v for t, v in table.items() if t.strip()}
        latin = sorted((t for t in self.table if not _CJK.search(t)), key=len, reverse=True)
        pieces = (r"[\s\-_/]*".join(map(re.escape, re.split(r"[\s\-_/]+", t))) for t in latin)
        self._latin = re.compile(r"(?<![a-z0-9])(" + "|".join(pieces) + r")(?![a-z0-9])") if latin else None
        self._latin_key = {re.sub(r"[\s\-_/]+", "", t): t for t in latin}
        self._long = [t for t in self.table if _CJK.search(t) and len(t) >= 3]
        self._short = {t for t in self.table if _CJK.search(t) and len(t) < 3}

    def find(self, text: str) -> dict[str, int]:
        """value -> position of its first mention."""
        norm = normalise(text)
        first: dict[str, int] = {}

        def hit(term: str, pos: int) -> None:
            value = self.table[term]
            if pos < first.get(value, len(norm) + 1):
                first[value] = pos

        if self._latin is not None:
            for m in self._latin.finditer(norm):
                hit(self._latin_key[re.sub(r"[\s\-_/]+", "", m.group(1))], m.start())
        for term in self._long:
            pos = norm.find(term)
            if pos >= 0:
                hit(term, pos)
        if any(t in norm for t in self._short):
            for word, start, _end in _tokenize(norm):
                if word in _GUARDS:
                    continue
                for term in self._short:
                    # the term is a whole word or the head or tail of one ("气动元件"), never one across words
                    if word.startswith(term):
                        hit(term, start)
                    elif word.endswith(term):
                        hit(term, start + len(word) - len(term))
        return first


_SKILL_MATCHER = _Matcher({syn: canonical for canonical, syns in SKILLS.items() for syn in [canonical, *syns]})
_KEYWORD_MATCHERS = {ind: _Matcher({w: w for w in words}) for ind, words in INDUSTRY_KEYWORDS.items()}
_CANONICAL = {normalise(s).strip(): c for c, syns in SKILLS.items() for s in [c, *syns]}


def extract_skills(text: str) -> list[str]:
    """Canonical names of the vocabulary's skills named in ``text``, in order of first mention."""
    found = _SKILL_MATCHER.find(text)
    return sorted(found, key=found.__getitem__)


@lru_cache(maxsize=65_536)
def extract_skills_cached(text: str) -> tuple[str, ...]:
    """:func:`extract_skills` for texts seen again and again (skill names, resumes being ranked)."""
    return tuple(extract_skills(text))


def canonical_skill(name: str) -> str | None:
    """``"可编程控制器"`` -> ``"PLC"``; None for a name outside the vocabulary."""
    return _CANONICAL.get(normalise(name).strip())


def infer_industries(text: str, skills: list[str] | None = None, limit: int = 3) -> list[str]:
    """Industries the text points to, strongest first.

    A skill of an industry counts 2 and a keyword 1; an industry needs 2 (one skill, or
    two different keywords), so that a passing word ("自动化" in a major) does not count,
    and a third of the strongest industry's score, so that a side skill (PLC in a solar
    technician's resume) does not add an industry the seeker never worked in.
    """
    skills = extract_skills(text) if skills is None else skills
    scores: dict[str, float] = {}
    for skill in skills:
        for industry in SKILL_INDUSTRIES.get(skill, ()):
            scores[industry] = scores.get(industry, 0) + 2
    for industry, matcher in _KEYWORD_MATCHERS.items():
        scores[industry] = scores.get(industry, 0) + len(matcher.find(text))
    top = max(scores.values(), default=0)
    ranked = sorted((s, -i, ind) for i, (ind, s) in enumerate(scores.items()) if s >= max(2, top / 3))
    return [ind for _s, _i, ind in reversed(ranked)][:limit]
