"""Years of work experience in a resume, and the date ranges and sections it is read from.

Two sources, and the larger one wins: what the seeker states ("5年工作经验", "3 years of
experience"), and the sum of the work-history periods (overlaps counted once, "至今" /
"present" = this month).  A stated figure may cover work the history leaves out, and the
history may be longer than a modest statement; neither is ever below the truth the
resume itself gives.
"""
from __future__ import annotations

import re
from datetime import date

from services.talent.resume.skills import normalise

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def _date(p: str) -> str:
    return (rf"(?:(?P<{p}y>(?:19|20)\d{{2}})(?:\s*[年./-]\s*(?P<{p}m>1[0-2]|0?[1-9])(?!\d)\s*月?)?"
            rf"|(?P<{p}mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*,?\s*(?P<{p}y2>(?:19|20)\d{{2}})"
            rf"|(?P<{p}m3>1[0-2]|0?[1-9])\s*/\s*(?P<{p}y3>(?:19|20)\d{{2}}))")


_NOW = r"(?P<now>至今|今|现在|目前|now|present|current|today)"
RANGE = re.compile(rf"(?<![\d.]){_date('s')}\s*年?\s*(?:-|–|—|~|～|至|到|\bto\b|\buntil\b)+\s*(?:{_date('e')}|{_NOW})(?!\d)")

# section headings: what follows a heading belongs to that section until the next heading
_HEADINGS: dict[str, tuple[str, ...]] = {
    "work": ("工作经历", "工作经验", "工作履历", "职业经历", "从业经历", "任职经历", "工作背景", "work experience",
             "professional experience", "employment history", "employment", "work history", "career history", "experience"),
    "education": ("教育背景", "教育经历", "学习经历", "学历教育", "教育", "education", "academic background"),
    "other": ("项目经历", "项目经验", "实习经历", "实习经验", "专业技能", "技能特长", "技能", "资格证书", "证书", "自我评价",
              "个人评价", "获奖情况", "获奖", "荣誉", "培训经历", "培训", "语言能力", "求职意向", "基本信息", "个人信息",
              "个人简介", "兴趣爱好", "skills", "projects", "certificates", "certifications", "awards", "summary", "profile",
              "training", "languages", "internships", "internship", "objective", "personal information"),
}
_SCHOOLING = re.compile(r"大学|学院|学校|中学|本科|硕士|博士|研究生|大专|专科|中专|高中|university|college|school|bachelor|master|ph\.?d|实习|intern")


def heading(line: str) -> str | None:
    """``work`` / ``education`` / ``other`` when the line is a section heading, else None."""
    s = re.sub(r"^[\W_]+|[\W_]+$", "", normalise(line).strip())
    if not s or len(s) > 32 or re.search(r"[\d:：]", s):
        return None
    for kind, words in _HEADINGS.items():
        for word in words:
            if s.startswith(word):
                rest = s[len(word):].strip(" /|·-")
                if not rest or re.fullmatch(r"[a-z /&]+", rest) or rest in words:  # "工作经历 Work Experience"
                    return kind
    return None


def sections(text: str) -> list[tuple[str | None, str]]:
    """Each line with the kind of section it is in (None before the first heading)."""
    kind: str | None = None
    out = []
    for line in text.splitlines():
        found = heading(line)
        if found:
            kind = found
            continue
        out.append((kind, line))
    return out


def _month(m: re.Match, p: str, *, end: bool) -> int | None:
    """Months since year 0, exclusive for an end (so "2019.06" ends when July begins)."""
    if m.group(f"{p}y"):
        year, month = int(m.group(f"{p}y")), m.group(f"{p}m")
    elif m.group(f"{p}y2"):
        year, month = int(m.group(f"{p}y2")), str(_MONTHS[m.group(f"{p}mon")[:3]])
    elif m.group(f"{p}y3"):
        year, month = int(m.group(f"{p}y3")), m.group(f"{p}m3")
    else:
        return None
    if month is None:  # a bare year: from its January, or up to its January ("2015-2019" is 4 years)
        return year * 12
    return year * 12 + int(month) - (0 if end else 1)


def ranges(line: str, today: date) -> list[tuple[int, int, bool]]:
    """(start, end, ongoing) in months of every date range on one line; ``end`` is exclusive."""
    now = today.year * 12 + today.month
    out = []
    for m in RANGE.finditer(normalise(line)):
        start = _month(m, "s", end=False)
        ongoing = m.group("now") is not None
        end = now if ongoing else _month(m, "e", end=True)
        if start is not None and end is not None and start < end <= now + 1:
            out.append((start, min(end, now), ongoing))
    return out


def _merged_months(periods: list[tuple[int, int]]) -> int:
    total, cur_start, cur_end = 0, None, None
    for start, end in sorted(periods):
        if cur_end is None or start > cur_end:
            if cur_end is not None:
                total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    if cur_end is not None:
        total += cur_end - cur_start
    return total


def years_from_history(text: str, today: date) -> float:
    """Sum of the work periods, overlaps once: lines under a work heading, or, when the resume
    has none, date lines that are not about schooling or internships."""
    lines = sections(text)
    has_work = any(kind == "work" for kind, _ in lines)
    periods = []
    for kind, line in lines:
        if has_work and kind != "work":
            continue
        if not has_work and (kind in ("education", "other") or _SCHOOLING.search(normalise(line))):
            continue
        periods += [(s, e) for s, e, _ in ranges(line, today)]
    return round(_merged_months(periods) / 12, 1)


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_N = r"(?<![\d.])(\d{1,2}(?:\.\d)?|[零一二两三四五六七八九十半]{1,3})"
_STATED = [
    re.compile(rf"{_N}\s*(?:\+|多|余)?\s*(年半?)(?:以上|多)?的?[\u4e00-\u9fffa-z]{{0,12}}?经验"),
    re.compile(rf"(?:工作|从业)(?:经验|年限|时间)\s*[:：]?\s*{_N}\s*(?:\+|多|余)?\s*(年半?)"),
    re.compile(rf"从业\s*{_N}\s*(?:\+|多|余)?\s*(年半?)"),
    re.compile(r"(?<![\d.])(\d{1,2}(?:\.\d)?)\s*\+?\s*(years?|yrs?)(?:'s)?\s+(?:of\s+)?(?:[a-z&/-]+\s+){0,3}?experience"),
]


def _number(s: str) -> float | None:
    if re.fullmatch(r"\d{1,2}(?:\.\d)?", s):
        return float(s)
    if s == "半":
        return 0.5
    if "十" in s:
        tens, _, ones = s.partition("十")
        if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
            return None
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return float(_CN_DIGITS[s]) if s in _CN_DIGITS else None


def stated_years(text: str) -> float | None:
    """The largest figure of years of experience the resume states, if any."""
    norm = normalise(text)
    found = []
    for pattern in _STATED:
        for m in pattern.finditer(norm):
            n = _number(m.group(1))
            if n is not None:
                found.append(n + (0.5 if m.group(2) == "年半" else 0))
    plausible = [n for n in found if 0 < n <= 60]
    return max(plausible) if plausible else None


def experience_years(text: str, today: date) -> tuple[float, str | None]:
    """Years of experience and where the figure came from: ``stated``, ``history`` or None (not found)."""
    stated = stated_years(text) or 0.0
    history = min(years_from_history(text, today), 60.0)
    if not stated and not history:
        return 0.0, None
    return (stated, "stated") if stated >= history else (history, "history")
