"""The text the model reads for a job or a talent: the words that carry the match first,
since the model only reads the first few hundred tokens."""
from __future__ import annotations

from typing import Any

EDU = {"none": "", "secondary": "中专", "associate": "大专", "bachelor": "本科", "master": "硕士", "doctorate": "博士"}


def job_text(job: dict[str, Any], industry_labels: dict[str, str]) -> str:
    parts = [
        job.get("title", ""),
        industry_labels.get(job.get("industry", ""), ""),
        "技能：" + "、".join(job.get("skills", [])) if job.get("skills") else "",
        job.get("description", ""),
    ]
    return "\n".join(p for p in parts if p)


def talent_text(talent: dict[str, Any], industry_labels: dict[str, str]) -> str:
    edu = talent.get("education") or {}
    parts = [
        " ".join(x for x in (EDU.get(edu.get("level", ""), ""), edu.get("major", "")) if x),
        "技能：" + "、".join(talent.get("skills", [])) if talent.get("skills") else "",
        "意向行业：" + "、".join(industry_labels.get(i, i) for i in talent.get("desired_industries", []))
        if talent.get("desired_industries") else "",
        talent.get("resume_text", ""),
    ]
    return "\n".join(p for p in parts if p)
