"""Education in a resume: the highest level named, and that degree's major and graduation year.

The level words map onto the project's EducationLevel (services/kit/domain.py).  Major and
year are taken from the line that names the highest degree ("2015.09-2019.06 云港大学
机械工程 本科", "B.Eng. in Mechanical Engineering, 2019"), or else from explicit
statements ("专业：化学工程", "2019年毕业于…").
"""
from __future__ import annotations

import re
from datetime import date

from services.kit.domain import EDUCATION_ORDER
from services.talent.resume.experience import RANGE, heading
from services.talent.resume.skills import normalise

# tested highest first; English abbreviations need their dots or exact form so that "BA" in a word does not count
_LEVELS: list[tuple[str, re.Pattern]] = [
    ("doctorate", re.compile(r"博士|ph\.?\s?d\b|doctor of|doctorate|d\.phil")),
    ("master", re.compile(r"硕士|研究生|\bmba\b|\bmaster(?:'s|s)?\s+(?:of|degree|in)\b|\bm\.?sc\b|\bm\.?eng\b|\bm\.s\.|\bm\.a\.")),
    ("bachelor", re.compile(r"本科|学士|专升本|\bbachelor|\bb\.?sc\b|\bb\.?eng\b|\bb\.s\.|\bb\.a\.|\bbba\b")),
    ("associate", re.compile(r"大专|专科|高职|高等职业|\bassociate(?:'s)?\s+(?:of|degree|in)\b|junior college|vocational college")),
    ("secondary", re.compile(r"中专|高中|职高|技校|中职|中等职业|\bdiploma\b|high school|secondary school|technical school")),
]
_SCHOOL = re.compile(r"(?:大学|学院|学校|中学|university|college|institute|school)", re.I)
_LABELLED_MAJOR = re.compile(r"(?:专业|major)\s*[:：]\s*([^\n|｜,，;；/]{2,50})", re.I)
_CN_MAJOR = re.compile(r"([\u4e00-\u9fff（）()]{2,30})专业")
_EN_MAJOR = re.compile(r"\b(?:in|majored in|major in)\s+([A-Za-z][A-Za-z &-]{1,48}?)\s*(?=,|;|\(|\||\d|$|\bat\b|\bfrom\b)", re.I)
_NOT_MAJOR = re.compile(r"[\d:：]|全日制|统招|在读|毕业|学历|学位|主修|课程|gpa|排名|^[\W_]+$", re.I)
_GRADUATED = [
    re.compile(r"((?:19|20)\d{2})\s*年(?:\s*\d{1,2}\s*月)?\s*(?:\S{0,4})毕业"),
    re.compile(r"毕业(?:时间|年份|日期)?\s*[:：]\s*((?:19|20)\d{2})"),
    re.compile(r"graduat(?:ed|ion|ing)?\s*(?:in|on|year)?\s*:?\s*(?:[a-z]+\.?\s+)?((?:19|20)\d{2})"),
    re.compile(r"class of ((?:19|20)\d{2})"),
]
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def level_of(text: str) -> str:
    """The highest education level named in ``text``, ``none`` when none is."""
    norm = normalise(text)
    for level, pattern in _LEVELS:
        if pattern.search(norm):
            return level
    return "none"


def _plausible_year(year: int, today: date) -> bool:
    return 1950 <= year <= today.year + 6


def _year_on(line: str, today: date) -> int | None:
    """The end of a date range on the line, else its latest year; None when it says "至今" (still studying)."""
    norm = normalise(line)
    m = RANGE.search(norm)
    if m:
        if m.group("now"):
            return None
        end = m.group("ey") or m.group("ey2") or m.group("ey3")
        return int(end) if end and _plausible_year(int(end), today) else None
    years = [int(y) for y in _YEAR.findall(norm) if _plausible_year(int(y), today)]
    return max(years) if years else None


def _clean_major(value: str) -> str:
    value = re.sub(r"^(?:主修|专业|major\s*)[:：]?", "", value.strip(), flags=re.I).strip(" .。、")
    value = re.sub(r"专业$", "", value).strip()
    return value[:50] if len(value) >= 2 and not _NOT_MAJOR.search(value) else ""


def _major_on(line: str) -> str:
    """The major named on one education line."""
    for pattern in (_LABELLED_MAJOR, _CN_MAJOR):
        m = pattern.search(line)
        if m:
            value = m.group(1)
            cut = max((s.end() for s in _SCHOOL.finditer(value)), default=0)  # "云港大学机械工程专业" -> "机械工程"
            major = _clean_major(value[cut:])
            if major:
                return major
    m = _EN_MAJOR.search(line)
    if m and not _SCHOOL.search(m.group(1)):
        return _clean_major(m.group(1))
    # "2015.09-2019.06 | 云港大学 | 机械设计制造及其自动化 | 本科": the part that is neither a date, a school nor a degree
    for part in re.split(r"\s*[|｜/,，;；、\t]\s*|\s+", line):
        part = part.strip("()（）[]【】")
        if (re.fullmatch(r"[\u4e00-\u9fff()（）]{2,25}", part) and not _SCHOOL.search(part)
                and level_of(part) == "none" and not _NOT_MAJOR.search(part)):
            return _clean_major(part)
    return ""


def extract_education(text: str, today: date) -> dict:
    """``{"level", "major", "graduation_year"}`` shaped like TalentIn.education."""
    lines = [line for line in text.splitlines() if line.strip()]
    entries = [(EDUCATION_ORDER[level_of(line)], i) for i, line in enumerate(lines) if not heading(line)]
    top = max((rank for rank, _ in entries), default=0)
    level = next((name for name, rank in EDUCATION_ORDER.items() if rank == top), "none")
    major, year = "", None
    if top:
        for _, i in (e for e in entries if e[0] == top):
            major = major or _major_on(lines[i])
            found = _year_on(lines[i], today)
            if found is None:  # the dates may sit on the line above or below the degree
                for j in (i - 1, i + 1):
                    if 0 <= j < len(lines) and RANGE.search(normalise(lines[j])) and level_of(lines[j]) == "none":
                        found = _year_on(lines[j], today)
                        break
            year = year or found
    if not major:
        for line in lines:
            m = _LABELLED_MAJOR.search(line) or (_CN_MAJOR.search(line) if _SCHOOL.search(line) else None)
            if m:
                major = _major_on(line)
                if major:
                    break
    if year is None:
        norm = normalise(text)
        stated = [int(m.group(1)) for p in _GRADUATED for m in p.finditer(norm)]
        stated = [y for y in stated if _plausible_year(y, today)]
        year = max(stated) if stated else None
    return {"level": level, "major": major, "graduation_year": year}
