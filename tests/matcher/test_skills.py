"""matcher/skills: the shared vocabulary, extraction, matching a vacancy's requirements, the recall index."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from matcher.skills import BROADER, GENERIC, SKILLS, canonical_skill, extract_skills, normalise
from matcher.skills.index import SkillIndex, holding_keys, requirement_keys
from matcher.skills.match import holdings, match_skills, requirements

SKILLS_DIR = Path(__file__).resolve().parents[2] / "matcher" / "skills"


def test_vocabulary_is_consistent():
    names: dict[str, str] = {}
    for canonical, synonyms in SKILLS.items():
        for name in (canonical, *synonyms):
            key = normalise(name).strip()
            assert names.setdefault(key, canonical) == canonical, f"{name!r} names both {names[key]} and {canonical}"
    assert all(a in SKILLS and all(b in SKILLS for b in bs) for a, bs in BROADER.items())
    assert GENERIC <= set(SKILLS)


@pytest.mark.parametrize(("name", "canonical"), [
    ("可编程控制器", "PLC"), ("programmable logic controller", "PLC"), ("fluorochemicals", "氟化工"),
    ("高效液相色谱", "HPLC"), ("battery management system", "BMS"), ("电池管理系统", "BMS"), ("博途", "TIA Portal"),
    ("Karl Fischer", "卡尔费休"), ("触摸屏", "HMI"), ("ＳＯＬＩＤＷＯＲＫＳ", "SolidWorks"),
])
def test_synonyms_in_chinese_and_english(name, canonical):
    assert canonical_skill(name) == canonical
    assert canonical in extract_skills(f"熟悉{name}，有三年经验")


def test_extraction_keeps_word_boundaries():
    assert "PLC" not in extract_skills("HPLC 分析")
    assert "质谱" not in extract_skills("杂质谱分析")
    assert extract_skills("电气动力学") == [] and extract_skills("气动元件选型") == ["气动"]
    # an exact vocabulary name is that skill, not the shorter names inside it
    assert requirements(("氟化工",))[0].canonical == frozenset({"氟化工"})


def test_a_requirement_is_met_by_canonical_skill_or_by_its_written_name():
    # canonical: listed under a synonym, or named in the resume in English
    assert match_skills(["PLC编程"], ["可编程控制器"], "")[0] == 1.0
    assert match_skills(["HPLC", "GC-MS"], [], "Ran HPLC assays; GC/MS impurity work")[0] == 1.0
    # a narrower skill implies the broader one, never the reverse
    assert match_skills(["DCS"], ["浙大中控"], "")[0] == 1.0 and match_skills(["横河DCS"], ["浙大中控"], "")[0] == 0.0
    # written names outside the vocabulary still match by containment, and in the resume
    assert match_skills(["GB/T 36547"], ["GB/T 36547-2018"], "")[0] == 1.0
    assert match_skills(["招投标文件编写"], [], "负责招投标文件编写")[0] == 1.0
    # "机器人焊接" needs robot welding, not just welding
    assert match_skills(["机器人焊接"], ["焊接"], "")[0] == 0.0
    assert match_skills(["焊接"], ["机器人焊接"], "")[0] == 1.0


def test_holdings_read_the_industry_of_the_experience():
    have = holdings(("PLC编程", "伺服调试"), "2018-今 某化工有限公司 仪表电气车间，负责精细化工装置的PLC与DCS维护")
    assert "fine_chemicals" in have.industries
    assert {"PLC", "DCS", "伺服控制"} <= have.canonical


def test_skill_index_finds_by_shared_skills_both_ways():
    index = SkillIndex()
    index.put("t-en", holding_keys(["BMS", "CANoe"], "BMS firmware engineer, state of charge estimation, CAN bus"))
    index.put("t-zh", holding_keys(["BMS"], "电池管理系统软件"))
    index.put("t-food", holding_keys(["HACCP"], "食品安全体系"))
    job = requirement_keys(["BMS", "SOC估算", "CAN总线", "Excel"])
    found = index.search(job, 10, "query")
    assert [eid for eid, _ in found] == ["t-en", "t-zh"]  # the English resume has more of the requirements
    assert found[0][1] > found[1][1] > 0
    index.remove("t-en")
    assert [eid for eid, _ in index.search(job, 10, "query")] == ["t-zh"]
    # a person looking for vacancies: the share of each vacancy's requirements they meet
    jobs = SkillIndex()
    jobs.put("j-bms", requirement_keys(["BMS", "SOC估算"]))
    jobs.put("j-big", requirement_keys(["BMS", "AUTOSAR", "ISO 26262", "HIL测试"]))
    shares = dict(jobs.search(holding_keys(["BMS", "SOC估算"], ""), 10, "entity"))
    assert shares["j-bms"] == pytest.approx(1.0) and shares["j-big"] == pytest.approx(0.25)
    assert jobs.search({}, 10) == [] and len(jobs) == 2 and "j-bms" in jobs


def test_the_skills_package_imports_nothing_else_from_the_project():
    """Ranking, recall and the resume parser all import it; it must import none of them."""
    allowed_project = ("matcher.skills",)
    for path in SKILLS_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                if name.split(".")[0] in ("matcher", "services", "gateway"):
                    assert name.startswith(allowed_project), f"{path.name} imports {name}"


def test_the_resume_parser_uses_the_shared_vocabulary():
    from services.talent.resume import skills as resume_skills

    assert resume_skills.SKILLS is SKILLS and resume_skills.extract_skills is extract_skills
