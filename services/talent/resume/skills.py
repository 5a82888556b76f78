"""The skills vocabulary and extraction, as the resume parser uses them.

The vocabulary is shared with ranking and recall and lives in :mod:`matcher.skills`; this
module re-exports it so that the parser (and anyone who imported it from here) keeps working.
"""
from __future__ import annotations

from matcher.skills import (
    INDUSTRY_KEYWORDS,
    SKILL_INDUSTRIES,
    SKILLS,
    canonical_skill,
    extract_skills,
    infer_industries,
    normalise,
)

__all__ = ["INDUSTRY_KEYWORDS", "SKILLS", "SKILL_INDUSTRIES", "canonical_skill", "extract_skills", "infer_industries",
           "normalise"]
