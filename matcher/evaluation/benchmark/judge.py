"""The programmatic judge: RUBRIC.md written as code, applied to hidden ground truth.

Every benchmark person and vacancy has ground-truth attributes (``truth.jsonl``) that no
ranker ever sees: occupation and its family, the industry a person's experience is in,
seniority, real education, where a person would really work, the pay they need, the
language of their resume and, for natives, how their return intention plays out.
:func:`judge` turns one (vacancy, person) pair of those attributes into a grade 0..3 and
the hard-case tags of the pair, following RUBRIC.md step by step; keep the two in step.
"""
from __future__ import annotations

from typing import Any

EDUCATION_ORDER = {"none": 0, "secondary": 1, "associate": 2, "bachelor": 3, "master": 4, "doctorate": 5}

#: occupations whose work is transferable: a person of one can do a vacancy of another
#: only partly (at most grade 1).  Each occupation is in exactly one family.
FAMILIES: dict[str, tuple[str, ...]] = {
    "power_om": ("pv_om", "storage_om", "wind_om"),
    "power_electronics": ("ess_engineer", "bms_dev", "pcs_hw"),
    "battery_pv_manufacturing": ("li_process", "li_equipment", "pv_quality"),
    "chemical_process": ("chem_process", "hydrogen", "dcs_operator"),
    "chemical_lab": ("lab_analysis", "fluoro_rd"),
    "ehs": ("hse", "wastewater"),
    "logistics": ("cold_chain", "chem_logistics"),
    "automation": ("plc", "robot", "instrument"),
    "mechanical": ("mech_design", "hydraulics", "welding"),
    "machining": ("cnc", "metrology", "assembly"),
    "equipment_service": ("chem_equipment", "food_equipment", "field_service"),
    "food_quality": ("food_qc", "haccp_qa", "green_cert"),
    "food_production": ("line_supervisor", "central_kitchen"),
    "food_rd": ("food_rd",),
    "agriculture": ("agri_base",),
    "office": ("accounting", "hr", "admin"),
    "commerce": ("sales", "foreign_trade", "purchasing", "ecommerce"),
    "it": ("it_ops",),
}
FAMILY_OF: dict[str, str] = {occ: fam for fam, occs in FAMILIES.items() for occ in occs}

#: look-alikes from different families: the words overlap (储能, 检验, 设备维护, 质量 ...)
#: but the work does not; such pairs are judged and tagged, and graded 0.
CROSS_FAMILY_LOOKALIKES: tuple[tuple[str, str], ...] = (
    ("lab_analysis", "dcs_operator"),   # HPLC分析 vs DCS操作: both shift work in a chemical plant
    ("food_qc", "food_rd"),             # 食品检验 vs 食品研发
    ("lab_analysis", "food_qc"),        # 化验 vs 检验
    ("ess_engineer", "storage_om"),     # 储能系统设计 vs 储能电站运维
    ("li_equipment", "food_equipment"),  # 设备维护 in two industries
    ("metrology", "pv_quality"),        # 质量检验 vs 组件质量
    ("metrology", "food_qc"),
    ("bms_dev", "it_ops"),              # 软件 vs IT运维
    ("chem_process", "fluoro_rd"),      # 工艺 vs 研发
    ("instrument", "dcs_operator"),     # 仪表自控 vs DCS操作
    ("cold_chain", "central_kitchen"),  # 冷链 in food
    ("hse", "chem_logistics"),          # 危化品 safety vs warehousing
)
_LOOKALIKE = {frozenset(p) for p in CROSS_FAMILY_LOOKALIKES}

#: the hard-case tags a judged pair may carry (RUBRIC.md, "Hard cases")
HARD_CASES = ("lookalike", "wrong_industry", "overqualified", "underqualified", "salary_mismatch",
              "location_mismatch", "english_resume", "native_return", "engagement_mismatch")

CITY = "云港市"  # the benchmark's city (the demo's fictional 云港市)
SALARY_TOLERANCE = 0.15  # a shortfall up to 15% of what the person needs is negotiable


def related(occ_a: str, occ_b: str) -> str:
    """``same`` / ``family`` / ``lookalike`` (cross-family look-alike) / ``none``."""
    if occ_a == occ_b:
        return "same"
    if FAMILY_OF[occ_a] == FAMILY_OF[occ_b]:
        return "family"
    return "lookalike" if frozenset((occ_a, occ_b)) in _LOOKALIKE else "none"


def _location(job: dict[str, Any], talent: dict[str, Any]) -> str:
    """``ok`` / ``friction`` / ``blocker`` for the job's place and the person's real mobility."""
    preferred = talent["preferred_places"]
    if "remote" in job["engagement"] or CITY in preferred or job["location"] in preferred:
        return "ok"
    if job["location"] == CITY and preferred:
        return "ok"  # a city-wide role (field sales, service) suits anyone who would work in the city
    return {"lives_here": "friction", "maybe_returning": "friction", "returning": "ok"}.get(talent["mobility"], "blocker")


def judge(job: dict[str, Any], talent: dict[str, Any]) -> tuple[int, list[str]]:
    """Grade one pair of ground-truth records (``truth.jsonl`` rows) by RUBRIC.md."""
    relation = related(job["occupation"], talent["occupation"])
    tags: list[str] = ["lookalike"] if relation in ("family", "lookalike") else []
    if relation in ("none", "lookalike"):
        return 0, tags
    frictions: list[str] = []
    blockers: list[str] = []

    gap = EDUCATION_ORDER[job["education_min"]] - EDUCATION_ORDER[talent["education"]]
    if gap >= 2:
        blockers.append("underqualified")
    elif gap == 1:
        frictions.append("underqualified")
    need, have = job["experience_min_years"], talent["experience_years"]
    if have < need:
        (blockers if need >= 2 and have < need / 2 else frictions).append("underqualified")
    # over-qualified only for entry-level vacancies: ten years of experience, or a master's or
    # doctorate where an associate degree or less is asked, for a job that asks for at most a year
    senior_person = talent["experience_years"] >= 10 or (
        EDUCATION_ORDER[talent["education"]] >= 4 and EDUCATION_ORDER[job["education_min"]] <= 2)
    if senior_person and need <= 1:
        frictions.append("overqualified")

    pay_need = talent["salary_need"]
    if pay_need and job["salary_max"] < pay_need:
        short = 1 - job["salary_max"] / pay_need
        (frictions if short <= SALARY_TOLERANCE else blockers).append("salary_mismatch")

    where = _location(job, talent)
    if where != "ok":
        (frictions if where == "friction" else blockers).append("location_mismatch")
    if not set(job["engagement"]) & set(talent["engagement"]):
        blockers.append("engagement_mismatch")
    if talent["experience_industry"] and talent["experience_industry"] != job["industry"]:
        frictions.append("wrong_industry")

    if relation == "same":
        grade = 1 if blockers else max(1, 3 - len(frictions))
    else:  # same family: partly transferable, and only when nothing else is off
        grade = 1 if not blockers and len(frictions) <= 1 else 0
    tags += sorted(set(frictions + blockers))
    if talent["language"] != "zh":
        tags.append("english_resume")
    if talent["native"] and not talent["lives_in_city"]:
        tags.append("native_return")
    return grade, tags
