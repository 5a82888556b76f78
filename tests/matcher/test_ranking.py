"""Ranking units: feature scores, hard filters, the two-sided score, calibration, exposure and the explanation."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from matcher.ranking import exposure
from matcher.ranking import features as f
from matcher.ranking.calibration import Calibration, load_calibration
from matcher.ranking.score import RankConfig, combine, eligible_job, score_pair
from services.kit.config import Settings

SETTINGS = Settings(env="test")
CFG = RankConfig(weights=SETTINGS.weights.model_dump(exclude={"return_bonus"}), return_bonus=6.0,
                 in_city=SETTINGS.in_city, industry_labels=SETTINGS.industries, city_wide=SETTINGS.names_city)

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
    in_city, city = SETTINGS.in_city, SETTINGS.names_city
    assert f.location("高新区", False, "云港市", [], False, "none", in_city, city) == (1.0, "here")
    assert f.location("高新区", False, "苏州", ["云港市高新区"], False, "none", in_city, city) == (1.0, "desired")
    # a city-wide vacancy suits anyone who asked for a place in the city, and the city suits any district
    assert f.location("云港市", False, "苏州", ["北山县"], False, "none", in_city, city) == (1.0, "desired")
    assert f.location("北山县", False, "苏州", ["云港市"], False, "none", in_city, city) == (1.0, "desired")
    # living in the city but asking for another district: a commute, not a perfect fit
    assert f.location("北山县", False, "云港市", ["高新区"], False, "none", in_city, city) == (0.6, "commute")
    # natives elsewhere: planning (or back) fits, considering half-fits, no intention is as far as for anyone
    assert f.location("高新区", False, "深圳", ["深圳"], True, "planning", in_city, city) == (1.0, "returning")
    assert f.location("高新区", False, "深圳", ["深圳"], True, "considering", in_city, city) == (0.6, "returning")
    assert f.location("高新区", False, "深圳", ["深圳"], True, "none", in_city, city) == (0.0, "far")
    assert f.location("高新区", True, "深圳", [], False, "none", in_city, city) == (1.0, "remote")


def test_industry_is_soft_and_reads_the_experience():
    assert f.industry("new_energy", ["new_energy"], ("new_energy",)) == (1.0, "desired")
    assert f.industry("new_energy", ["new_energy"], ()) == (1.0, "desired")  # a graduate: nothing to contradict
    assert f.industry("new_energy", ["new_energy"], ("fine_chemicals",)) == (0.75, "desired_new")
    assert f.industry("advanced_equipment", ["fine_chemicals"], ("fine_chemicals", "advanced_equipment"))[1] == "experienced"
    assert 0 < f.industry("green_food", ["fine_chemicals"], ("fine_chemicals",))[0] < 0.5  # another industry is not zero
    assert f.industry("other", ["other"], ("fine_chemicals",)) == (1.0, "desired")  # support work is the same everywhere
    # the experience is read from the resume: employers' trades and industry skills
    assert f.experience_industries(["HPLC", "GC"], "宁波某化工有限公司 分析化验员") == ("fine_chemicals",)


def test_overqualified_only_on_entry_level_vacancies():
    assert f.overqualified(12, "bachelor", 0, "associate")
    assert f.overqualified(2, "master", 1, "associate")
    assert not f.overqualified(12, "bachelor", 3, "associate")
    assert not f.overqualified(3, "master", 0, "bachelor")


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


def test_return_bonus_only_for_natives_who_intend_to_return_on_city_jobs():
    native = {**TALENT, "native": True, "return_intention": "planning", "current_city": "深圳", "desired_locations": ["深圳"]}
    stranger = {**native, "native": False}
    a, b = score_pair(JOB, native, 0.8, CFG), score_pair(JOB, stranger, 0.8, CFG)
    assert a.score > b.score and a.parts["return_bonus"] == 6.0 and b.parts["return_bonus"] == 0
    assert any(r["factor"] == "return_bonus" for r in a.explanation["reasons"])
    elsewhere = score_pair({**JOB, "location": "苏州工业园区"}, native, 0.8, CFG)
    assert elsewhere.parts["return_bonus"] == 0
    # no intention to come back: no bonus, however native
    assert score_pair(JOB, {**native, "return_intention": "none"}, 0.8, CFG).parts["return_bonus"] == 0
    # location-aware: a returned native who asked for 高新区 gains less from a vacancy in 北山县
    back = {**native, "return_intention": "returned", "current_city": "云港市", "desired_locations": ["高新区"]}
    near, far = score_pair(JOB, back, 0.8, CFG), score_pair({**JOB, "location": "北山县"}, back, 0.8, CFG)
    assert 0 < far.parts["return_bonus"] < near.parts["return_bonus"]
    assert f.return_bonus(True, "considering", True, 1.0) < f.return_bonus(True, "planning", True, 1.0)


def test_two_sided_score_needs_both_sides():
    w = CFG.weights
    perfect = dict.fromkeys(f_names := ("semantic", "skills", "industry", "location", "education", "experience", "salary",
                                        "engagement"), 1.0)
    no_wish = perfect | {"industry": 0.0, "location": 0.0, "salary": 0.0, "engagement": 0.0}
    half_each = {k: 0.5 for k in f_names}
    raw_no_wish, job_fit, talent_fit = combine(no_wish, w)
    assert (job_fit, talent_fit) == (1.0, 0.0)
    # a linear sum would give the one-sided pair about the share of the requirements' weight; the
    # geometric mean gives it far less than a pair that half-suits both sides
    linear = sum(w[k] * no_wish[k] for k in f_names) / sum(w.values())
    assert raw_no_wish < 0.5 * linear and raw_no_wish < combine(half_each, w)[0]
    assert combine(perfect, w)[0] == pytest.approx(1.0)


def test_skills_use_the_vocabulary_both_ways():
    # a synonym in the resume, an English resume, a narrower skill implying the broader one
    assert f.skills(["PLC编程"], [], "熟悉可编程控制器")[1] == ["PLC编程"]
    assert f.skills(["PLC编程", "HMI"], [], "wrote programs for programmable logic controllers and HMI screens")[0] == 1.0
    assert f.skills(["PLC"], ["TIA Portal"], "")[0] == 1.0
    assert f.skills(["高效液相色谱"], ["HPLC"], "")[0] == 1.0
    assert f.skills(["氟化工"], [], "R&D in fluorochemicals")[0] == 1.0
    assert f.skills(["BMS"], [], "battery management system firmware")[0] == 1.0
    # never across a Latin word, and the broader skill does not imply the narrower one
    assert f.skills(["PLC"], ["HPLC"], "HPLC analysis")[0] == 0.0
    assert f.skills(["TIA Portal"], ["PLC"], "")[0] == 0.0
    # a generic skill counts half
    score, matched, missing = f.skills(["BMS", "Excel"], ["BMS"], "")
    assert (matched, missing) == (["BMS"], ["Excel"]) and score == pytest.approx(1 / 1.5)


def test_explanation_names_matched_and_missing_skills():
    r = score_pair({**JOB, "skills": ["PLC", "EPLAN"]}, TALENT, 0.88, CFG)
    assert "匹配技能：PLC，缺少：EPLAN" in r.explanation["summary"]
    assert r.explanation["matched_skills"] == ["PLC"] and r.explanation["missing_skills"] == ["EPLAN"]
    assert score_pair(JOB, TALENT, 0.88, CFG, with_explanation=False).explanation == {}


def test_calibration_applies_only_to_the_configuration_it_was_fitted_on(tmp_path):
    curve = ((50.0, 90.0), (0.0, 1.0))
    cal = Calibration(CFG.fingerprint(), {"*": curve, "green_food": ((50.0, 70.0), (0.0, 1.0))})
    fitted = replace(CFG, calibration=cal)
    assert fitted.calibrated and cal.score(70.0, "new_energy") == pytest.approx(50.0)
    assert cal.score(70.0, "green_food") == pytest.approx(100.0) and cal.score(10.0, "x") == 0.0
    r = score_pair(JOB, TALENT, 0.88, fitted)
    assert r.score == pytest.approx(cal.score(r.parts["raw"], JOB["industry"]), abs=0.05)
    # other weights (e.g. learnt from outcomes): the raw score, never a mapping fitted for something else
    other = replace(fitted, weights={**CFG.weights, "salary": 0.5})
    assert not other.calibrated
    assert score_pair(JOB, TALENT, 0.88, other).score == pytest.approx(score_pair(JOB, TALENT, 0.88, other).parts["raw"], abs=0.05)
    # the file: round trip, and a sane fallback when missing or broken
    path = tmp_path / "calibration.json"
    path.write_text(cal.to_json(), encoding="utf-8")
    assert load_calibration(path) == cal
    assert load_calibration(tmp_path / "missing.json") is None
    path.write_text(json.dumps({"fingerprint": "x", "curves": {"*": {"raw": [1, 2], "p": [0.9, 0.1]}}}), encoding="utf-8")
    assert load_calibration(path) is None  # a decreasing curve is refused


def test_the_shipped_calibration_fits_the_default_settings():
    from matcher.config import rank_config

    assert load_calibration() is not None
    assert rank_config(Settings(env="test")).calibrated


def test_exposure_penalty_and_gini():
    assert exposure.penalty(10, 1, 10.0, 4.0) == 0.0
    assert exposure.penalty(40, 1, 10.0, 4.0) == pytest.approx(8.0)  # two doublings beyond fair
    assert exposure.penalty(40, 4, 10.0, 4.0) == 0.0  # headcount 4: forty is fair
    assert exposure.penalty(1000, 1, 10.0, 0.0) == 0.0
    assert exposure.gini([5, 5, 5, 5]) == pytest.approx(0.0)
    assert exposure.gini([0, 0, 0, 20]) == pytest.approx(0.75)
    assert exposure.gini([]) == 0.0


def test_semantic_mapping_is_clipped():
    assert f.semantic(0.5, 0.72, 0.9) == 0.0
    assert f.semantic(0.95, 0.72, 0.9) == 1.0
    assert 0.4 < f.semantic(0.81, 0.72, 0.9) < 0.6
