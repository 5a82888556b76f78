"""Talent profiles for the demo: people with histories, resumes in varied Chinese (a few English).

``build_talents(rng, today)`` returns ``[{"account_name", "password", "profile"}, ...]``;
``profile`` has the exact field names of ``PUT /api/v1/talents/me``.
"""

from __future__ import annotations

import random
import string
from datetime import date

from . import phrases as P
from .city import (
    ANONYMOUS_EMPLOYERS,
    CITY,
    CITY_SHORT,
    DISTRICTS,
    EMPLOYER_BRANDS,
    EMPLOYER_KINDS,
    ENTERPRISES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    OTHER_CITIES,
    SCHOOLS,
    SURNAMES,
)
from .occupations import BY_INDUSTRY, Occupation

TALENT_COUNT = 540
# segment -> share of all talents
SEGMENTS = {"native_elsewhere": 0.30, "returned": 0.08, "local_native": 0.25, "local": 0.27, "outsider": 0.10}
INDUSTRY_SHARE = {"new_energy": 24, "green_food": 22, "advanced_equipment": 24, "fine_chemicals": 18, "other": 12}
GRADUATE_SHARE, HIDDEN_SHARE, FLEXIBLE_SHARE, ENGLISH_COUNT = 0.15, 0.10, 0.09, 12
GRAD_AGE = {"secondary": 18, "associate": 21, "bachelor": 22, "master": 25, "doctorate": 29}
LEVEL_ZH = {"secondary": "中专", "associate": "大专", "bachelor": "本科", "master": "硕士", "doctorate": "博士"}
RELATED = {"new_energy": ("advanced_equipment", "fine_chemicals"), "advanced_equipment": ("new_energy",),
           "fine_chemicals": ("new_energy", "green_food"), "green_food": ("other",),
           "other": ("new_energy", "green_food", "advanced_equipment", "fine_chemicals")}
FLEX_PATTERNS = (["project", "remote"], ["full_time", "project"], ["project", "equity"],
                 ["short_term", "project"], ["part_time", "remote"], ["full_time", "short_term"])
GENERIC_SKILLS = ("Office", "Excel", "CET-4", "驾驶证C1", "PPT汇报", "CET-6")
BIG_CITIES = ("苏州", "深圳", "上海", "杭州", "宁波", "天津", "成都", "西安")


def _exact(rng: random.Random, n: int, shares: dict[str, float]) -> list[str]:
    """``n`` labels in the given proportions (largest remainder), shuffled."""
    counts = {k: int(n * v) for k, v in shares.items()}
    for k in sorted(shares, key=lambda k: n * shares[k] - counts[k], reverse=True)[: n - sum(counts.values())]:
        counts[k] += 1
    labels = [k for k, c in counts.items() for _ in range(c)]
    rng.shuffle(labels)
    return labels


def _name(rng: random.Random) -> tuple[str, str, str, str]:
    """(Chinese name, surname pinyin, given-name pinyin, gender)."""
    sur, sur_py = rng.choice(SURNAMES)
    gender = rng.choice(("男", "女"))
    pool = GIVEN_MALE if gender == "男" else GIVEN_FEMALE
    given = rng.sample(pool, rng.choice((1, 2, 2)))
    return sur + "".join(g[0] for g in given), sur_py, "".join(g[1] for g in given), gender


def _employer(rng: random.Random, industry: str, city: str) -> str:
    if city == CITY:
        own = [e.name for e in ENTERPRISES if e.industry == industry]
        if own and rng.random() < 0.5:
            return rng.choice(own)
        city = CITY_SHORT
    if rng.random() < 0.25:
        return f"{city}{rng.choice(ANONYMOUS_EMPLOYERS[industry])}"
    return f"{city}{rng.choice(EMPLOYER_BRANDS)}{rng.choice(EMPLOYER_KINDS[industry])}"


def _major(rng: random.Random, occ: Occupation, level: str) -> str:
    """Vocational levels mostly study the ``…技术`` majors, universities the others."""
    vocational = [m for m in occ.majors if m.endswith("技术")]
    academic = [m for m in occ.majors if not m.endswith("技术")]
    pool = vocational if level in ("secondary", "associate") else academic
    return rng.choice(pool if pool and rng.random() < 0.8 else occ.majors)


def _years(rng: random.Random) -> float:
    y = rng.choices((rng.randint(1, 3), rng.randint(4, 9), rng.randint(10, 25)), weights=(3, 4, 3))[0]
    return y + 0.5 if rng.random() < 0.1 else y


def _salary(rng, occ: Occupation, years: float, level: str, segment: str) -> int:
    lo, hi = occ.salary
    x = lo + (hi - lo) * min(1.0, years / 12) * rng.uniform(0.8, 1.15) if years else lo * rng.uniform(0.85, 1.05)
    x *= {"master": 1.12, "doctorate": 1.25}.get(level, 1.0)
    if segment in ("native_elsewhere", "outsider"):
        x *= rng.uniform(1.0, 1.15)
    return int(min(25000, max(4000, round(x / 500) * 500)))


def _locations(rng, occ: Occupation, home: str | None) -> list[str]:
    if rng.random() < 0.25:
        return [CITY]
    hiring = sorted({e.district for e in ENTERPRISES if occ.key in e.hires}) or list(DISTRICTS)
    locs = rng.sample(hiring, min(len(hiring), rng.randint(1, 2)))
    if rng.random() < 0.4:
        locs.append(rng.choice(list(DISTRICTS)))
    if home and rng.random() < 0.5:
        locs.append(home)
    return list(dict.fromkeys(locs))


def _history(rng, occ, years, start_year, segment, current_city, away, today) -> list[tuple]:
    """Work history, newest first: (start, end or None, employer, title, phrases).

    Locals worked in the city (some elsewhere first); people elsewhere in their current
    city; returnees in ``away`` and, if they have had more than one job, lately at home.
    """
    if not years:
        return []
    n = 1 if years < 3 else rng.choice((1, 2, 2, 3))
    cuts = sorted(rng.sample(range(1, int(years)), n - 1)) if n > 1 and int(years) > n else []
    bounds = [start_year, *[start_year + c for c in cuts], None]
    jobs = []
    for i in range(len(bounds) - 1):
        newest = i == len(bounds) - 2
        job_occ = occ
        if not newest and rng.random() < 0.25:
            job_occ = rng.choice(BY_INDUSTRY[occ.industry])
        end = bounds[i + 1]
        if segment == "returned":
            city = CITY if newest and len(bounds) > 2 else away
            if newest and city == away:
                end = max(bounds[i], today.year - rng.randint(0, 1))  # quit to come home
        elif segment in ("local_native", "local"):
            city = CITY if newest or rng.random() < 0.5 else rng.choice(OTHER_CITIES)
        else:
            city = current_city
        said = rng.sample(job_occ.experience, min(len(job_occ.experience), rng.randint(2, 4)))
        jobs.append((bounds[i], end, _employer(rng, job_occ.industry, city), rng.choice(job_occ.titles), said))
    return jobs[::-1]


def _return_year(hist: list[tuple], today: date) -> int:
    if not hist:
        return today.year
    start, end, employer, *_ = hist[0]
    return start if employer.startswith(CITY_SHORT) else (end or today.year)


def _return_words(rng, segment, intention, away, home, year) -> str:
    if segment == "native_elsewhere":
        pool = P.PLANNING if intention == "planning" else P.CONSIDERING
        return f"我是{CITY_SHORT}{home}人，{rng.choice(P.HOMETOWN_REASONS)}，{rng.choice(pool)}。"
    if segment == "returned":
        if year is None:  # a graduate who studied elsewhere
            return f"大学在外地读的，毕业后回到家乡{CITY_SHORT}{home}找工作。"
        return rng.choice(P.RETURNED).format(year=year, city=away, home=f"{CITY_SHORT}{home}") + "。"
    return ""


def _resume_zh(rng, p: dict, occ, hist, school, home, origin, age, gender, words, today) -> str:
    name, edu = p["name"], p["education"]
    exp = p["experience_years"]
    junior = [t for t in occ.titles if not any(w in t for w in ("主管", "班长", "经理", "主任", "组长", "长"))]
    title = rng.choice(junior if exp < 3 and junior else occ.titles)
    skills = "、".join(p["skills"])
    achievements = rng.sample(occ.achievements, min(len(occ.achievements), rng.randint(0, 2))) if exp else []
    selfish = "；".join(rng.sample(P.SELF_ASSESSMENT, rng.randint(2, 3)))
    wish = f"期望{('、'.join(p['desired_locations']))}，月薪{p['salary_expectation']}元{rng.choice(('左右', '起', '以上', ''))}"
    edu_line = f"{edu['graduation_year']}年毕业于{school}，{edu['major']}专业，{LEVEL_ZH[edu['level']]}"
    work_lines = []
    for start, end, employer, job_title, said in hist:
        period = f"{start}-{end if end else '至今'}"
        sep = rng.choice(("；", "，", "。"))
        work_lines.append(f"{period} {employer} {job_title}\n  " + sep.join(said) + "。")
    grad = []
    if not exp:
        intern = rng.choice(occ.experience)
        grad = [f"毕业设计：《{rng.choice(P.GRAD_TOPICS[occ.industry])}》",
                f"实习：在{_employer(rng, occ.industry, rng.choice((CITY, *OTHER_CITIES)))}实习"
                f"{rng.randint(2, 6)}个月，跟着师傅{intern}",
                "在校：" + "，".join(rng.sample(P.CAMPUS, rng.randint(1, 3)))]
    style = rng.randrange(4)
    if style == 0:  # classic sectioned resume
        head = [f"个人简历\n姓名：{name}　性别：{gender}　年龄：{age}",
                f"现居：{p['current_city']}　籍贯：{home and CITY + home or origin}",
                f"求职意向：{title}，{wish}"]
        body = (["教育背景", edu_line, *grad] if not exp else
                ["工作经历", *work_lines, "教育背景", edu_line])
        tail = ["专业技能", skills, *(["荣誉与证书", "；".join(achievements)] if achievements else []),
                "自我评价", selfish + "。" + words]
        return "\n".join(head + body + tail)
    if style == 1:  # first-person narrative
        yrs = f"从事{occ.titles[0]}相关工作{exp:g}年" if exp else "是今年的应届毕业生"
        story = [f"我叫{name}，{age}岁，{edu_line}，{yrs}。"]
        for k, (start, _end, employer, job_title, said) in enumerate(reversed(hist)):
            lead = rng.choice(("毕业后", f"{start}年")) if k == 0 else rng.choice((f"{start}年", "之后", "后来"))
            story.append(f"{lead}在{employer}任{job_title}，{'，'.join(said)}。")
        story += [g + "。" for g in grad]
        if achievements:
            story.append("，".join(achievements) + "。")
        story.append(f"技能方面，熟悉{skills}。{selfish}。{words}希望从事{title}，{wish}。")
        return "".join(story)
    if style == 2:  # job-board brackets
        parts = [f"【基本信息】{name}｜{gender}｜{age}岁｜{LEVEL_ZH[edu['level']]}｜{f'{exp:g}年经验' if exp else '应届'}｜现居{p['current_city']}",
                 f"【求职意向】{title}｜{wish}"]
        if words:
            parts.append(f"【补充说明】{words}")
        parts += (["【工作经历】\n" + "\n".join(work_lines)] if hist else [])
        parts += [f"【教育经历】{school}｜{edu['major']}｜{edu['graduation_year']}届", *grad,
                  f"【技能证书】{skills}" + (f"；{'；'.join(achievements)}" if achievements else ""),
                  f"【自我评价】{selfish}"]
        return "\n".join(parts)
    bullets = [f"{name}，{title}方向，{'应届' if not exp else f'{exp:g}年经验'}。"]  # terse
    for start, end, employer, _title, said in hist:
        bullets.append(f"- {employer}（{start}-{end or '今'}）：" + "；".join(said))
    bullets += [f"- {g}" for g in grad]
    bullets += [f"会：{skills}", f"学历：{LEVEL_ZH[edu['level']]}，{school}，{edu['major']}"]
    bullets += [f"其他：{'，'.join(achievements)}"] if achievements else []
    bullets.append(words + wish + "。")
    return "\n".join(b for b in bullets if b)


def _resume_en(rng, p: dict, occ, hist, school, en_name, words_en) -> str:
    edu = p["education"]
    lines = [f"{en_name} - {occ.en_title}",
             f"Based in {P.CITY_EN.get(p['current_city'], p['current_city'])}. "
             f"{p['experience_years']:g} years of experience. Expected salary CNY {p['salary_expectation']}/month.",
             "Experience:"]
    for start, end, employer, _t, _said in hist:
        where = rng.choice(P.EMPLOYER_EN).format(city=P.CITY_EN.get(employer[:2], "East China"))
        where = "a local company in Yungang" if employer.startswith(CITY_SHORT) else where
        lines.append(f"- {start}-{end or 'present'}, {occ.en_title} at {where}")
    lines += [f"  * {s}" for s in rng.sample(occ.en_experience, len(occ.en_experience))]
    lines += [f"Education: {P.LEVEL_EN[edu['level']]}, {school} ({edu['major']}), {edu['graduation_year']}",
              "Skills: " + ", ".join(s for s in p["skills"] if s.isascii()),
              words_en, rng.choice(P.EN_CLOSING)]
    return "\n".join(x for x in lines if x)


def build_talents(rng: random.Random, today: date) -> list[dict]:
    n = TALENT_COUNT
    segments = _exact(rng, n, SEGMENTS)
    industries = _exact(rng, n, {k: v / 100 for k, v in INDUSTRY_SHARE.items()})
    graduate = set(rng.sample(range(n), int(n * GRADUATE_SHARE)))
    hidden = set(rng.sample(range(n), int(n * HIDDEN_SHARE)))
    seasoned = [i for i in range(n) if i not in graduate]
    english = set(rng.sample(seasoned, ENGLISH_COUNT))
    flexible = set(rng.sample(seasoned, int(n * FLEXIBLE_SHARE)))
    out = []
    for i in range(n):
        seg, ind = segments[i], industries[i]
        occs = list(BY_INDUSTRY[ind])
        if i in english:  # English resumes: occupations whose tools have English names
            occs = [o for o in occs if sum(s.isascii() for s in o.skills + o.extra_skills) >= 3] or occs
        occ = rng.choices(occs, weights=[o.weight for o in occs])[0]
        name, sur_py, given_py, gender = _name(rng)
        if i in graduate:
            years = 0
            level = rng.choices(("associate", "bachelor", "master"), weights=(55, 40, 5))[0]
            grad_year = today.year + (1 if today.month >= 9 and rng.random() < 0.3 else 0)
        else:
            years = _years(rng)
            level = rng.choices(occ.education, weights=[5, 3, 1][: len(occ.education)])[0]
            grad_year = today.year - int(years) - rng.randint(0, 1)
        age = GRAD_AGE[level] + today.year - grad_year + rng.randint(0, 1)
        native = seg in ("native_elsewhere", "returned", "local_native")
        home = rng.choice(list(DISTRICTS)) if native else None
        current = CITY if seg in ("returned", "local_native", "local") else rng.choice(
            BIG_CITIES * 3 + OTHER_CITIES)
        intention = {"native_elsewhere": rng.choice(("considering", "considering", "planning")),
                     "returned": "returned"}.get(seg, "none")
        desired = [ind] + ([rng.choice(RELATED[ind])] if rng.random() < 0.3 else [])
        engagement = ["full_time"]
        if i in flexible:
            engagement = list(rng.choice(FLEX_PATTERNS))
        skills = (rng.sample(occ.skills, min(len(occ.skills), rng.randint(3, 6)))
                  + rng.sample(occ.extra_skills, rng.randint(0, 2)) + rng.sample(GENERIC_SKILLS, rng.randint(0, 2)))
        school = rng.choice(SCHOOLS[level])
        profile = {
            "name": name,
            "resume_text": "",
            "skills": list(dict.fromkeys(skills)),
            "education": {"level": level, "major": _major(rng, occ, level), "graduation_year": grad_year},
            "experience_years": years,
            "current_city": current,
            "native": native,
            "desired_industries": desired,
            "desired_locations": _locations(rng, occ, home if native else None),
            "salary_expectation": _salary(rng, occ, years, level, seg),
            "engagement": engagement,
            "return_intention": intention,
            "visible_to_enterprises": i not in hidden,
        }
        away = current if current != CITY else rng.choice(OTHER_CITIES)
        hist = _history(rng, occ, years, grad_year, seg, current, away, today)
        back = _return_year(hist, today) if years else None
        if i in english:
            ascii_skills = [s for s in (*occ.skills, *occ.extra_skills) if s.isascii()]
            profile["skills"] = list(dict.fromkeys(profile["skills"] + ascii_skills[:4]))
            words = {"native_elsewhere": P.EN_RETURN[intention == "planning"],
                     "returned": f"Moved back home to Yungang in {back} after working in {P.CITY_EN[away]}."}
            en_name = f"{given_py.title()} {sur_py.title()}" if rng.random() < 0.5 else f"{sur_py.title()} {given_py.title()}"
            profile["resume_text"] = _resume_en(rng, profile, occ, hist, school, en_name, words.get(seg, ""))
        else:
            origin = rng.choice(P.HOMETOWNS_ELSEWHERE)
            words = _return_words(rng, seg, intention, away, home, back)
            profile["resume_text"] = _resume_zh(rng, profile, occ, hist, school, home, origin, age, gender,
                                                words, today)[:20000]
        password = "Yg-" + "".join(rng.choices(string.ascii_letters + string.digits, k=10))
        out.append({"account_name": f"{sur_py}{given_py}{i:03d}", "password": password, "profile": profile})
    return out
