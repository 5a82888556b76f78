"""What each side may see of the other: enterprises never get contact details."""
from __future__ import annotations

import re
from typing import Any

_CONTACT = [
    re.compile(r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)"),  # mobile
    re.compile(r"(?<!\d)0\d{2,3}[-\s]?\d{7,8}(?!\d)"),  # landline
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    re.compile(r"(?:微信|wechat|WeChat|QQ|qq)\s*[:：号]?\s*[\w-]{5,}"),  # messaging handles
]
MASK = "［联系方式已隐藏］"


def mask_contacts(text: str) -> str:
    for pattern in _CONTACT:
        text = pattern.sub(MASK, text)
    return text


TALENT_FIELDS_FOR_ENTERPRISE = (
    "id", "name", "skills", "education", "experience_years", "current_city", "native", "desired_industries",
    "desired_locations", "salary_expectation", "engagement", "return_intention",
)


def talent_for_enterprise(talent: dict[str, Any], excerpt_chars: int = 400) -> dict[str, Any]:
    view = {k: talent.get(k) for k in TALENT_FIELDS_FOR_ENTERPRISE}
    view["resume_excerpt"] = mask_contacts(talent.get("resume_text", ""))[:excerpt_chars]
    return view


JOB_FIELDS_FOR_SEEKER = (
    "id", "title", "description", "industry", "skills", "location", "education_min", "experience_min_years",
    "salary_min", "salary_max", "headcount", "engagement", "expires_at", "status", "owner_id", "created_at",
)


def job_for_seeker(job: dict[str, Any]) -> dict[str, Any]:
    return {k: job.get(k) for k in JOB_FIELDS_FOR_SEEKER}
