"""Vacancies for the demo: occupation material combined into varied job postings.

``build_jobs(rng, today)`` returns ``{enterprise name: [job dict, ...]}`` with the exact
field names of the HTTP API (see ``deploy.demo.generate``).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from .city import BENEFITS, CITY, CITY_SHORT, ENTERPRISES, Enterprise
from .occupations import BY_INDUSTRY, BY_KEY, EDUCATION_LEVELS, Occupation

# vacancies per industry (the four priority industries ≈55-60 each, plus ``other``)
JOB_COUNTS = {"new_energy": 60, "green_food": 58, "advanced_equipment": 60, "fine_chemicals": 56, "other": 22}

EDU_TEXT = {
    "none": ("学历不限", "不限学历"),
    "secondary": ("中专/技校及以上学历", "中职或高中及以上学历"),
    "associate": ("大专及以上学历", "专科及以上学历"),
    "bachelor": ("本科及以上学历", "全日制本科及以上"),
    "master": ("硕士及以上学历", "硕士研究生及以上"),
    "doctorate": ("博士学历", "博士研究生学历"),
}
OPERATORS = {"dcs_operator", "food_qc", "assembly", "li_equipment", "cold_chain", "central_kitchen",
             "line_supervisor", "food_equipment", "wind_om", "pv_om", "storage_om", "chem_logistics"}
FLEX = {  # occupation -> flexible engagement modes it plausibly offers
    "ess_engineer": ("project", "remote"), "bms_dev": ("remote", "project"), "hydrogen": ("project", "equity"),
    "pcs_hw": ("project",), "fluoro_rd": ("project", "equity"), "food_rd": ("project",),
    "mech_design": ("project", "remote"), "robot": ("short_term", "project"), "field_service": ("short_term",),
    "agri_base": ("short_term", "part_time"), "hse": ("project", "part_time"), "it_ops": ("part_time", "remote"),
    "ecommerce": ("part_time", "remote"), "admin": ("part_time",), "accounting": ("part_time",),
    "green_cert": ("project", "part_time"), "welding": ("short_term",), "plc": ("project",),
}
SUPPORT_OCCUPATIONS = ("accounting", "hr", "sales", "admin", "it_ops", "foreign_trade", "purchasing", "ecommerce")
REASONS = ("业务快速增长", "新产线即将投产", "二期项目建设", "完善人才梯队", "新项目落地", "订单大幅增加", "团队扩充")
HEADS = (  # (duties header, requirements header, benefits header)
    ("岗位职责：", "任职要求：", "福利待遇："),
    ("【工作内容】", "【任职资格】", "【薪资福利】"),
    ("一、岗位职责", "二、任职条件", "三、我们提供"),
    ("你将负责：", "我们希望你：", "你将获得："),
    ("职位描述", "职位要求", "福利"),
)
CLOSINGS = (
    f"欢迎在外打拼、有意回{CITY_SHORT}发展的家乡人才投递。",
    f"入职满一年可按{CITY}人才政策申请相关补贴，公司协助办理。",
    "公司提供完善的师带徒培养机制，优秀者可走技术或管理双通道。",
    "简历请注明可到岗时间。",
    "接受实习转正，表现优秀者可提前签约。",
    "面试通过后一周内可安排入职。",
    "",
    "",
)
FLEX_CLOSINGS = (  # vacancies offered only as project / short-term / equity cooperation
    f"本岗位属{CITY}柔性引才渠道，可按项目或顾问形式合作，不要求全职坐班。",
    "可远程协作，关键节点到现场，合作方式和报酬可面谈。",
    "欢迎在外地工作的专家以项目制、短期服务或技术入股方式合作。",
)
NUMERALS = "①②③④⑤⑥⑦⑧"


def _weighted(rng: random.Random, occs: list[Occupation]) -> Occupation:
    return rng.choices(occs, weights=[o.weight for o in occs])[0]


def _round(x: float, step: int = 500) -> int:
    return int(round(x / step) * step)


def _pick(rng: random.Random, items, lo: int, hi: int) -> list:
    """A random subset of ``items`` (size lo..hi) in the original order."""
    items = list(items)
    k = min(len(items), rng.randint(lo, hi))
    idx = sorted(rng.sample(range(len(items)), k))
    return [items[i] for i in idx]


def _level(rng: random.Random, occ: Occupation) -> str:
    edu = list(occ.education)
    level = rng.choices(edu, weights=[5, 3, 1][: len(edu)])[0]
    if level == "secondary" and rng.random() < 0.25:
        level = "none"
    return level


def _salary(rng: random.Random, occ: Occupation, seniority: float) -> tuple[int, int]:
    lo, hi = occ.salary
    smin = max(4000, _round(lo + (hi - lo) * seniority * rng.uniform(0.8, 1.1)))
    smin = min(smin, 22000)
    smax = min(25000, _round(smin * rng.uniform(1.25, 1.7)))
    return smin, max(smax, smin + 500)


def _title(rng: random.Random, occ: Occupation, band: str, flexible_only: bool) -> str:
    title = rng.choice(occ.titles)
    if band == "senior" and not any(w in title for w in ("主管", "班长", "经理", "主任", "组长", "长")):
        title = rng.choice(("高级", "资深", "")) + title
    elif band == "junior" and rng.random() < 0.3:
        title += rng.choice(("（应届生可投）", "（可培养）", "助理", "（储备）"))
    if flexible_only:
        title += rng.choice(("（项目合作）", "（短期服务）", "（柔性引才）"))
    return title[:100]


def _requirements(rng, occ, level, years, skills) -> list[str]:
    reqs = []
    majors = "、".join(rng.sample(occ.majors, min(len(occ.majors), rng.randint(1, 3))))
    edu = rng.choice(EDU_TEXT[level])
    reqs.append(rng.choice((f"{edu}，{majors}等相关专业", f"{majors}相关专业，{edu}", edu)))
    if years == 0:
        reqs.append(rng.choice(("接受应届毕业生，公司提供带教", "无经验可培养，有相关实习经历优先", "经验不限")))
    else:
        reqs.append(rng.choice((f"{years}年以上相关工作经验", f"具有{years}年及以上同类岗位经验",
                                f"从事相关工作满{years}年")))
    reqs += _pick(rng, occ.requirements, 2, 4)
    if rng.random() < 0.5:
        reqs.append(f"熟悉{'、'.join(rng.sample(skills, min(2, len(skills))))}")
    return reqs


def _describe(rng, ent: Enterprise, title, location, reqs, duties, headcount, smin, smax, engagement) -> str:
    benefits = rng.sample(BENEFITS, rng.randint(3, 6))
    where = ent.address if location == ent.district else ("全市范围，需外勤" if location == CITY else location)
    intro = rng.choice((
        f"{ent.name}位于{ent.address}，{ent.intro}。",
        f"公司{ent.intro}，因{rng.choice(REASONS)}，现招聘{title}{headcount}名。",
        f"我们是一家{ent.intro}的企业，总部在{ent.park}。",
        f"{ent.name}：{ent.intro}。",
        "",
    ))
    pay = rng.choice((f"{smin}-{smax}元/月", f"{smin // 1000}K-{smax // 1000}K", f"月薪{smin}至{smax}元"))
    closing = rng.choice(CLOSINGS if "full_time" in engagement else FLEX_CLOSINGS)
    style = rng.randrange(4)
    if style == 0:  # headed numbered lists
        h = rng.choice(HEADS)
        num = rng.choice((lambda i: f"{i}. ", lambda i: f"{i}、", lambda i: NUMERALS[i - 1]))
        parts = [intro, h[0], *[f"{num(i)}{d}；" for i, d in enumerate(duties, 1)],
                 h[1], *[f"{num(i)}{r}；" for i, r in enumerate(reqs, 1)],
                 h[2], f"{pay}，{'、'.join(benefits)}。", f"工作地点：{where}。", closing]
    elif style == 1:  # prose
        d = "，".join(duties[:-1]) + ("，并" if len(duties) > 1 else "") + duties[-1]
        lead = rng.choice(("该岗位主要", "入职后你将", "日常工作包括：")) if d.startswith("负责") else "主要工作："
        parts = [f"{intro}{lead}{d}。",
                 f"希望应聘者{'；'.join(reqs)}。",
                 f"待遇：{pay}，另有{'、'.join(benefits)}。工作地点在{where}。{closing}"]
    elif style == 2:  # compact semicolons
        parts = [f"【{title}】招{headcount}人，{where}。", "职责：" + "；".join(duties) + "。",
                 "要求：" + "；".join(reqs) + "。", f"薪资{pay}；{'、'.join(benefits)}。", intro, closing]
    else:  # bullets, ad style
        mark = rng.choice(("◆", "•", "-", "▪"))
        parts = [f"{ent.name}诚聘{title}", intro, rng.choice(("工作内容", "你要做的事")),
                 *[f"{mark} {d}" for d in duties], rng.choice(("岗位要求", "我们希望你")),
                 *[f"{mark} {r}" for r in reqs], f"薪资福利：{pay}｜{'｜'.join(benefits)}",
                 f"上班地点：{where}", closing]
    return "\n".join(p for p in parts if p)[:5000]


def build_job(rng: random.Random, ent: Enterprise, occ: Occupation, today: date) -> dict:
    band = rng.choices(("junior", "mid", "senior"), weights=(3, 5, 2))[0]
    years = {"junior": rng.choice((0, 0, 1)), "mid": rng.randint(2, 5), "senior": rng.randint(5, 10)}[band]
    seniority = {"junior": 0.1, "mid": 0.4, "senior": 0.75}[band]
    level = _level(rng, occ)
    if band == "junior" and level in ("master", "doctorate") and rng.random() < 0.5:
        level = EDUCATION_LEVELS[EDUCATION_LEVELS.index(level) - 1]
    smin, smax = _salary(rng, occ, seniority)
    engagement = ["full_time"]
    flexible_only = False
    if occ.key in FLEX and rng.random() < 0.3:
        extra = list(FLEX[occ.key])
        if band == "senior" and rng.random() < 0.4:
            engagement, flexible_only = extra, True
        else:
            engagement.append(rng.choice(extra))
    headcount = rng.choice((1, 2, 2, 3, 4, 5, 6)) if occ.key in OPERATORS else rng.choice((1, 1, 1, 2))
    location = ent.district
    r = rng.random()
    if occ.key in ("wind_om", "pv_om", "agri_base") and r < 0.4:
        location = "北山县"
    elif occ.key in ("sales", "field_service", "foreign_trade") and r < 0.5 or r < 0.07:
        location = CITY
    skills = _pick(rng, occ.skills, 3, 6) + _pick(rng, occ.extra_skills, 0, 2)
    duties = _pick(rng, occ.duties, 3, 6)
    title = _title(rng, occ, band, flexible_only)
    reqs = _requirements(rng, occ, level, years, skills)
    expires = None
    if rng.random() < 0.7:
        day = today + timedelta(days=rng.randint(30, 120))
        expires = datetime.combine(day, time(23, 59, 59), timezone(timedelta(hours=8))).isoformat()
    return {
        "title": title,
        "description": _describe(rng, ent, title, location, reqs, duties, headcount, smin, smax, engagement),
        "industry": occ.industry,
        "skills": skills[:30],
        "location": location,
        "education_min": level,
        "experience_min_years": years,
        "salary_min": smin,
        "salary_max": smax,
        "headcount": headcount,
        "engagement": engagement,
        "expires_at": expires,
    }


def _spread(rng: random.Random, total: int, owners: list) -> list:
    """Assign ``total`` slots to ``owners`` as evenly as possible, remainder at random."""
    base, rest = divmod(total, len(owners))
    extra = set(rng.sample(range(len(owners)), rest))
    return [o for i, o in enumerate(owners) for _ in range(base + (i in extra))]


def build_jobs(rng: random.Random, today: date) -> dict[str, list[dict]]:
    jobs: dict[str, list[dict]] = {e.name: [] for e in ENTERPRISES}
    for industry, count in JOB_COUNTS.items():
        if industry == "other":
            continue
        owners = [e for e in ENTERPRISES if e.industry == industry]
        slots = _spread(rng, count, owners)
        for ent in owners:
            n = slots.count(ent)
            hires = list(ent.hires)
            rng.shuffle(hires)
            for i in range(n):  # cycle through the enterprise's occupations so each appears
                jobs[ent.name].append(build_job(rng, ent, BY_KEY[hires[i % len(hires)]], today))
    # support functions (industry ``other``): the two service firms, then industrial firms
    service = [e for e in ENTERPRISES if e.industry == "other"]
    for ent in service:
        for key in ent.hires:
            jobs[ent.name].append(build_job(rng, ent, BY_KEY[key], today))
    others = list(BY_INDUSTRY["other"])
    for _ in range(JOB_COUNTS["other"] - sum(len(e.hires) for e in service)):
        ent = rng.choice([e for e in ENTERPRISES if e.industry != "other"])
        occ = _weighted(rng, [o for o in others if o.key != "ecommerce" or ent.industry == "green_food"])
        jobs[ent.name].append(build_job(rng, ent, occ, today))
    return jobs
