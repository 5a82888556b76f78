"""Skills shared by the whole product: the vocabulary, extraction from free text, matching.

Imported by ranking (matcher.ranking), recall (MatchService) and the resume parser
(services.talent.resume re-exports it); it imports none of them, nor anything else of the
project, so any of them may use it.
"""
from matcher.skills.extract import canonical_skill, extract_skills, infer_industries, normalise
from matcher.skills.vocabulary import BROADER, GENERIC, INDUSTRY_KEYWORDS, SKILL_INDUSTRIES, SKILLS, VOCABULARY

__all__ = ["BROADER", "GENERIC", "INDUSTRY_KEYWORDS", "SKILLS", "SKILL_INDUSTRIES", "VOCABULARY", "canonical_skill",
           "extract_skills", "infer_industries", "normalise"]
