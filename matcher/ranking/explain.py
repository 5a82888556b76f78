"""Explanations in Chinese (with English codes): what matched, what is missing, and what
raised or lowered the score — for both sides: what the vacancy asks of the person, and what
the person wants of the vacancy."""
from __future__ import annotations

from typing import Any

EDU = {"none": "不限", "secondary": "中专/高中", "associate": "大专", "bachelor": "本科", "master": "硕士", "doctorate": "博士"}
MODES = {"full_time": "全职", "part_time": "兼职", "project": "项目合作", "short_term": "短期服务", "equity": "技术入股", "remote": "远程"}
RETURN = {"considering": "考虑返乡", "planning": "计划返乡", "returned": "已返乡"}


def _reason(factor: str, effect: str, text: str) -> dict[str, str]:
    return {"factor": factor, "effect": effect, "text": text}


def skills_line(matched: list[str], missing: list[str]) -> str:
    """``匹配技能：PLC编程、HMI，缺少：EPLAN`` — the one line a recruiter reads first."""
    have = "、".join(matched) if matched else "无"
    return f"匹配技能：{have}" + (f"，缺少：{'、'.join(missing)}" if missing else "")


def explain(job: dict[str, Any], talent: dict[str, Any], parts: dict[str, float], score: float, bonus: float,
            matched: list[str], missing: list[str], loc_reason: str, ind_reason: str, common_modes: list[str],
            overqualified: bool, cfg) -> dict[str, Any]:
    reasons: list[dict[str, str]] = []
    sem = parts["semantic"]
    if sem >= 0.6:
        reasons.append(_reason("semantic", "+", "简历内容与岗位描述高度相关"))
    elif sem >= 0.3:
        reasons.append(_reason("semantic", "+", "简历内容与岗位描述较为相关"))
    else:
        reasons.append(_reason("semantic", "-", "简历内容与岗位描述关联较弱"))

    if job.get("skills"):
        if matched:
            reasons.append(_reason("skills", "+", f"具备岗位所需技能 {len(matched)}/{len(job['skills'])} 项：{'、'.join(matched)}"))
        if missing:
            reasons.append(_reason("skills", "-", f"缺少技能：{'、'.join(missing)}"))

    industry_label = cfg.industry_labels.get(job.get("industry", ""), "其他行业")
    ind_text = {
        "desired": ("+", f"符合意向行业：{industry_label}"),
        "desired_new": ("+", f"意向行业为{industry_label}，但以往经验来自其他行业"),
        "experienced": ("-", f"岗位行业（{industry_label}）不在意向行业中，但有相关行业经验"),
        "other": ("-", f"岗位行业（{industry_label}）不在意向行业中"),
    }.get(ind_reason)
    if ind_text:
        reasons.append(_reason("industry", *ind_text))

    where = job.get("location", "")
    intention = RETURN.get(talent.get("return_intention", ""), "")
    loc_text = {
        "here": ("+", f"工作地点 {where} 与现居地一致"),
        "desired": ("+", f"工作地点 {where} 在期望地点中"),
        "commute": ("-", f"工作地点 {where} 不在期望的区县，需通勤"),
        "returning": ("+", f"本市籍人才（{intention}），岗位位于 {where}") if parts["location"] >= 1.0
        else ("-", f"本市籍人才（{intention or '有返乡意向'}），岗位位于 {where}，但返乡尚未确定"),
        "remote": ("+", "岗位支持远程，不受地点限制"),
        "far": ("-", f"工作地点 {where} 不在现居地或期望地点"),
    }.get(loc_reason)
    if loc_text:
        reasons.append(_reason("location", *loc_text))

    edu_need = job.get("education_min", "none")
    edu_have = (talent.get("education") or {}).get("level", "none")
    if edu_need != "none":
        if parts["education"] >= 1.0:
            reasons.append(_reason("education", "+", f"学历（{EDU.get(edu_have, edu_have)}）满足要求（{EDU.get(edu_need, edu_need)}及以上）"))
        else:
            reasons.append(_reason("education", "-", f"学历（{EDU.get(edu_have, edu_have)}）低于要求（{EDU.get(edu_need, edu_need)}及以上）"))

    need_years = int(job.get("experience_min_years", 0))
    have_years = float(talent.get("experience_years", 0))
    if need_years > 0:
        if parts["experience"] >= 1.0:
            reasons.append(_reason("experience", "+", f"{have_years:g} 年经验满足 {need_years} 年以上的要求"))
        else:
            reasons.append(_reason("experience", "-", f"{have_years:g} 年经验不足岗位要求的 {need_years} 年"))
    if overqualified:
        reasons.append(_reason("experience", "-", "入门级岗位，人才资历明显高于要求，双方可能都不满意"))

    expect = talent.get("salary_expectation")
    if expect:
        if parts["salary"] >= 1.0:
            reasons.append(_reason("salary", "+", f"薪资 {job.get('salary_min')}–{job.get('salary_max')} 元/月 可达到期望 {expect} 元/月"))
        else:
            reasons.append(_reason("salary", "-", f"薪资上限 {job.get('salary_max')} 元/月 低于期望 {expect} 元/月"))

    if common_modes:
        if any(m != "full_time" for m in common_modes):
            reasons.append(_reason("engagement", "+", f"合作方式契合：{'、'.join(MODES.get(m, m) for m in common_modes)}"))
    else:
        wanted = "、".join(MODES.get(m, m) for m in talent.get("engagement", []))
        offered = "、".join(MODES.get(m, m) for m in job.get("engagement", []))
        reasons.append(_reason("engagement", "-", f"合作方式不符：岗位为{offered}，期望{wanted}"))

    if bonus > 0:
        reasons.append(_reason("return_bonus", "+", f"本市籍人才{('（' + intention + '）') if intention else ''}，本地岗位加分 +{bonus:.1f}"))

    plus = [r["text"] for r in reasons if r["effect"] == "+" and r["factor"] != "skills"][:2]
    minus = [r["text"] for r in reasons if r["effect"] == "-" and r["factor"] != "skills"][:1]
    head = f"匹配度 {score:.0f} 分"
    if job.get("skills"):
        head += "：" + skills_line(matched, missing)
    summary = head + ("；" + "；".join(plus) if plus else "") + (f"；不足：{minus[0]}" if minus else "")
    return {"summary": summary, "matched_skills": matched, "missing_skills": missing, "reasons": reasons}
