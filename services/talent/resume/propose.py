"""From a resume's text to the profile fields proposed to the seeker, who confirms them.

Nothing here stores anything: the seeker saves the (edited) proposal with
``PUT /api/v1/talents/me``.  The proposed ``resume_text`` has contact details masked, so
that what enterprises may later see of it never carries them; the seeker gets them back
separately in ``contacts``.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from services.talent.resume.contacts import find_contacts, mask_all
from services.talent.resume.education import extract_education
from services.talent.resume.experience import experience_years
from services.talent.resume.person import current_city, find_name
from services.talent.resume.reader import MAX_CHARS, read_resume
from services.talent.resume.skills import extract_skills, infer_industries

MAX_SKILLS = 50  # TalentIn.skills

CONTACTS_HIDDEN = ("已识别到联系方式（电话、邮箱、微信/QQ），它们已从企业可见的简历文本中隐藏，仅在您投递岗位或接受邀约时才提供给企业 / "
                   "contact details (phone, e-mail, WeChat/QQ) were found and kept out of the resume text enterprises see; "
                   "they are shared only when you apply or accept an invitation")
ID_HIDDEN = "身份证号已从简历文本中隐藏 / an ID-card number was removed from the resume text"
CONFIRM = ("以上为根据简历提取的建议值，本次上传未保存任何内容；请核对修改后用 PUT /api/v1/talents/me 保存 / "
           "these fields are proposals and nothing was saved; check them, then save with PUT /api/v1/talents/me")
_FIELD_LABELS = {"name": ("姓名", "name"), "education": ("学历", "education level"),
                 "experience_years": ("工作年限", "years of experience"), "skills": ("技能", "skills"),
                 "current_city": ("现居城市", "current city")}


def propose_profile(text: str, *, industries: Iterable[str] | None = None, today: date | None = None) -> dict[str, Any]:
    """``{"proposed": {...TalentIn fields...}, "contacts": {...}, "warnings": [...]}`` for one resume text.

    ``industries`` limits the proposed desired industries to those the platform knows.
    """
    today = today or date.today()
    contacts = find_contacts(text)
    masked, had_id = mask_all(text, contacts)
    skills = extract_skills(text)[:MAX_SKILLS]
    years, years_from = experience_years(text, today)
    allowed = set(industries) if industries is not None else None
    desired = [i for i in infer_industries(text, skills) if allowed is None or i in allowed]

    proposed: dict[str, Any] = {}
    name = find_name(text)
    if name:
        proposed["name"] = name[:50]
    proposed.update(
        resume_text=masked[:MAX_CHARS].rstrip(),
        skills=skills,
        education=extract_education(text, today),
        experience_years=years,
        desired_industries=desired[:10],
        current_city=current_city(text),
    )

    warnings = []
    if any(contacts.values()):
        warnings.append(CONTACTS_HIDDEN)
    if had_id:
        warnings.append(ID_HIDDEN)
    if years_from == "history":
        warnings.append(f"工作年限按工作经历中的起止时间估算为 {years:g} 年，请核对 / years of experience estimated as "
                        f"{years:g} from the dates of your work history; please check")
    missing = [field for field, ok in (("name", name), ("education", proposed["education"]["level"] != "none"),
                                       ("experience_years", years_from), ("skills", skills),
                                       ("current_city", proposed["current_city"])) if not ok]
    if missing:
        zh = "、".join(_FIELD_LABELS[f][0] for f in missing)
        en = ", ".join(_FIELD_LABELS[f][1] for f in missing)
        warnings.append(f"未能识别：{zh}，请手动填写 / not found: {en}; please fill in")
    warnings.append(CONFIRM)
    return {"proposed": proposed, "contacts": contacts, "warnings": warnings}


def parse_resume(data: bytes, *, industries: Iterable[str] | None = None, today: date | None = None) -> dict[str, Any]:
    """The response of ``POST /api/v1/talents/me/resume``: the text, the proposal, contacts and warnings.

    Raises the errors of services/talent/resume/errors.py (413, 415, 422) for a file it cannot use.
    """
    extracted = read_resume(data)
    result = propose_profile(extracted.text, industries=industries, today=today)
    return {"text": extracted.text, "proposed": result["proposed"], "contacts": result["contacts"],
            "warnings": extracted.warnings + result["warnings"]}
