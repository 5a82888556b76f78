"""Ranking units: feature scores, hard filters, the weighted score and its explanation."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from matcher.ranking import features as f
from matcher.ranking.score import RankConfig, eligible_job, score_pair
from services.kit.config import Settings

SETTINGS = Settings(env="test")
CFG = RankConfig(weights=SETTINGS.weights.model_dump(exclude={"return_bonus"}), return_bonus=6.0,
                 in_city=SETTINGS.in_city, industry_labels=SETTINGS.industries)

JOB = {"id": "j", "title": "PLC电气工程师", "industry": "advanced_equipment", "skills": ["PLC", "西门子S7", "电气图纸"],
       "location": "高新区", "education_min": "bachelor", "experience_min_years": 3, "salary_min": 8000,
       "salary_max": 12000, "engagement": ["full_time"], "status": "open"}
TALENT = {"id": "t", "skills": ["PLC编程", "西门子 S7"], "resume_text": "能看懂电气图纸", "education": {"level": "bachelor"},
          "experience_years": 5, "current_city": "云港市", "desired_industries": ["advanced_equipment"],
          "desired_locations": [], "salary_expectation": 10000, "engagement": ["full_time"], "native": False,
          "return_intention": "none", "visible_to_enterprises": True}


def test_skills_match_by_name_containment_and_resume_text():
    score, matched, missing = f.skills(["PLC", "西门子S7", "电气图纸", "EPLAN"], ["plc编程", "西门子 s7"], "熟悉电气图纸")
    assert matched == ["PLC", "西门子S7", "电气图纸"] and missing == ["EPLAN"]
    assert score == 0.75
    assert f.skills([], ["x"], "") == (1.0, [], [])
    # one-character names never match by containment
    assert f.skills(["C"], ["CNC"], "")[0] == 0.0


def test_education_experience_salary_engagement():
    assert f.education("bachelor", "associate") == 1.0
    assert f.education("associate", "bachelor") == 0.4
    assert f.education("secondary", "master") == 0.0
    assert f.experience(1, 4) == 0.25 and f.experience(5, 3) == 1.0 and f.experience(0, 0) == 1.0
    assert f.salary(5000, 8000, 7000) == 1.0 and f.salary(5000, 8000, None) == 1.0
    assert 0 < f.salary(5000, 6000, 12000) < f.salary(5000, 10000, 12000) < 1.0
    assert f.engagement(["full_time"], ["project"]) == (0.0, [])
    assert f.engagement(["project", "remote"], ["remote"]) == (1.0, ["remote"])


def test_location_reasons():
    in_city = SETTINGS.in_city
    assert f.location("高新区", False, "云港市", [], False, "none", in_city) == (1.0, "here")
    assert f.location("高新区", False, "苏州", ["云港市高新区"], False, "none", in_city) == (1.0, "desired")
    assert f.location("高新区", False, "深圳", [], True, "planning", in_city) == (0.9, "returning")
    assert f.location("高新区", False, "深圳", [], True, "none", in_city)[1] == "far"
    assert f.location("高新区", True, "深圳", [], False, "none", in_city) == (0.8, "remote")


def test_expired_or_closed_jobs_are_filtered():
    assert eligible_job(JOB)
    assert not eligible_job({**JOB, "status": "filled"})
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert not eligible_job({**JOB, "expires_at": past})
    assert eligible_job({**JOB, "expires_at": future})


def test_score_is_bounded_and_ordered_by_fit():
    good = score_pair(JOB, TALENT, 0.88, CFG)
    weak = score_pair(JOB, {**TALENT, "skills": [], "resume_text": "", "education": {"level": "secondary"},
                            "experience_years": 0, "desired_industries": ["green_food"]}, 0.75, CFG)
    assert 0 <= weak.score < good.score <= 100
    assert good.explanation["matched_skills"] == ["PLC", "西门子S7", "电气图纸"]
    assert weak.explanation["missing_skills"] == ["PLC", "西门子S7", "电气图纸"]
    texts = " ".join(r["text"] for r in weak.explanation["reasons"] if r["effect"] == "-")
    assert "学历" in texts and "经验" in texts and "缺少技能" in texts


def test_return_bonus_only_for_natives_on_city_jobs():
    native = {**TALENT, "native": True, "return_intention": "planning", "current_city": "深圳"}
    stranger = {**native, "native": False}
    a, b = score_pair(JOB, native, 0.8, CFG), score_pair(JOB, stranger, 0.8, CFG)
    assert a.score > b.score and a.parts["return_bonus"] == 6.0 and b.parts["return_bonus"] == 0
    assert any(r["factor"] == "return_bonus" for r in a.explanation["reasons"])
    elsewhere = score_pair({**JOB, "location": "苏州工业园区"}, native, 0.8, CFG)
    assert elsewhere.parts["return_bonus"] == 0


def test_semantic_mapping_is_clipped():
    assert f.semantic(0.5, 0.72, 0.9) == 0.0
    assert f.semantic(0.95, 0.72, 0.9) == 1.0
    assert 0.4 < f.semantic(0.81, 0.72, 0.9) < 0.6
