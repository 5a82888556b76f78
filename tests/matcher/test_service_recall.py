"""MatchService's recall, rerank and exposure: candidates by shared skills, push caps, the exposure penalty.

Vectors are written by hand (dimension 8) so that "close by vector" and "close by skills" can
be set apart; the ranking is the product's (calibrated) configuration.
"""
from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from matcher.config import rank_config
from matcher.index.numpy import NumpyIndex
from matcher.service import MatchService, MatchSettings
from services.kit.config import Settings
from services.kit.events import VectorChanged
from services.kit.store.db import Database

DIM = 8


def unit(i: int, j: int | None = None) -> list[float]:
    v = np.zeros(DIM, dtype=np.float32)
    v[i] = 1.0
    if j is not None:
        v[j] = 1.0
    return (v / np.linalg.norm(v)).tolist()


def job(id_: str, skills: list[str], headcount: int = 1, **kw) -> dict:
    return {"id": id_, "title": "BMS软件工程师", "description": "电池管理系统软件开发", "industry": "new_energy", "skills": skills,
            "location": "高新区", "education_min": "bachelor", "experience_min_years": 2, "salary_min": 12000, "salary_max": 18000,
            "headcount": headcount, "engagement": ["full_time"], "status": "open", "expires_at": None, "owner_id": "ent", **kw}


def talent(id_: str, skills: list[str], resume: str, **kw) -> dict:
    return {"id": id_, "name": id_, "resume_text": resume, "skills": skills, "education": {"level": "bachelor"},
            "experience_years": 5, "current_city": "云港市", "native": False, "desired_industries": ["new_energy"],
            "desired_locations": ["高新区"], "salary_expectation": 15000, "engagement": ["full_time"], "return_intention": "none",
            "visible_to_enterprises": True, **kw}


def event(kind: str, entity: dict | None, vector: list[float] | None, revision: int = 1) -> VectorChanged:
    return VectorChanged(kind=kind, id=entity["id"] if entity else "", revision=revision, model="test", entity=entity,
                         query=vector, passage=vector)


@pytest.fixture
def make_service(tmp_path):
    def make(**settings) -> MatchService:
        db = Database(f"sqlite:///{tmp_path / 'm.db'}")
        db.create_all()
        defaults = {"recall_n": 1, "skill_recall_n": 10, "score_threshold": 0.0}
        svc = MatchService(db, NumpyIndex, NumpyIndex.load, DIM, tmp_path / "index", rank_config(Settings(env="test")),
                           MatchSettings(**{**defaults, **settings}))
        svc.open()
        return svc

    return make


def test_skill_recall_finds_what_vector_recall_misses(make_service):
    svc = make_service()
    svc.apply(event("job", job("j-bms", ["BMS", "SOC估算", "CAN总线"]), unit(0)))
    # close by vector, no skills in common
    svc.apply(event("talent", talent("t-near", ["HACCP"], "食品安全体系审核"), unit(0, 1)))
    # an English resume: far by vector, every skill in common
    svc.apply(event("talent", talent("t-english", ["BMS"], "BMS firmware: state of charge estimation, CAN bus"), unit(5)))
    assert [m["talent"]["id"] for m in svc.matches_for_job("j-bms", 5)][0] == "t-english"
    assert svc.matches_for_talent("t-english", 5)[0]["job"]["id"] == "j-bms"
    # vector recall alone (recall_n 1) sees only the nearest; skills add the English resume
    entry = svc._entry("job", "j-bms")
    assert [e.id for e, _ in svc._recall("job", [entry])[0]] == ["t-near", "t-english"]
    svc.settings = replace(svc.settings, skill_recall_n=0)
    assert [e.id for e, _ in svc._recall("job", [entry])[0]] == ["t-near"]


def test_skill_index_follows_changes_and_consent(make_service):
    svc = make_service()
    svc.apply(event("job", job("j-bms", ["BMS", "SOC估算"]), unit(0)))
    svc.apply(event("talent", talent("t-a", ["HACCP"], ""), unit(0)))
    svc.apply(event("talent", talent("t-b", ["BMS", "SOC估算"], ""), unit(4)))
    assert "t-b" in [m["talent"]["id"] for m in svc.matches_for_job("j-bms", 5)]
    # withdrawn consent: never recalled for an enterprise
    svc.apply(event("talent", talent("t-b", ["BMS", "SOC估算"], "", visible_to_enterprises=False), unit(4), revision=2))
    assert "t-b" not in [m["talent"]["id"] for m in svc.matches_for_job("j-bms", 5)]
    # deleted: gone from the skill index
    svc.apply(VectorChanged(kind="talent", id="t-b", revision=3, model="test"))
    assert "t-b" not in svc._skills["talent"] and "t-b" not in svc._passages["talent"]
    # a closed vacancy leaves the index too
    svc.apply(event("job", job("j-bms", ["BMS"], status="filled"), unit(0), revision=2))
    assert "j-bms" not in svc._skills["job"]


def test_pushes_per_vacancy_are_capped_by_headcount_and_replays_return_the_same(make_service):
    svc = make_service(recall_n=20, push_cap_per_head=2)
    for i in range(6):
        years = 2 + i  # all fit; more experience scores no lower
        svc.apply(event("talent", talent(f"t{i}", ["BMS", "SOC估算"], "BMS", experience_years=years), unit(0, 1 + i % 3)))
    pushed = [m for m in svc.apply(event("job", job("j1", ["BMS", "SOC估算"], headcount=1), unit(0))) if m.audience == "talent"]
    assert len(pushed) == 2  # 2 per head × headcount 1
    scores = sorted((m.score for m in pushed), reverse=True)
    assert [m.score for m in sorted(pushed, key=lambda m: -m.score)] == scores
    svc.record_pushed(pushed)
    # a replay of the same event: the same pairs (already pushed, so not counted twice), nothing more
    again = [m for m in svc.apply(event("job", job("j1", ["BMS", "SOC估算"], headcount=1), unit(0))) if m.audience == "talent"]
    assert {m.talent_id for m in again} == {m.talent_id for m in pushed}
    # a new revision of the vacancy in the same window: the cap is used up by those pushed already
    rev2 = [m for m in svc.apply(event("job", job("j1", ["BMS", "SOC估算"], headcount=1), unit(0), revision=2))
            if m.audience == "talent"]
    assert {m.talent_id for m in rev2} <= {m.talent_id for m in pushed} and svc.unpushed(rev2) == []
    # headcount 3: room for 6
    wide = [m for m in svc.apply(event("job", job("j3", ["BMS", "SOC估算"], headcount=3), unit(0))) if m.audience == "talent"]
    assert len(wide) == 6


def test_over_exposed_vacancy_moves_down_in_seekers_lists_but_keeps_its_score(make_service):
    svc = make_service(recall_n=20)
    svc.apply(event("job", job("j-a", ["BMS", "SOC估算"], salary_max=19000), unit(0)))  # a little better paid: first
    svc.apply(event("job", job("j-b", ["BMS", "SOC估算"], salary_max=16000), unit(0)))
    for i in range(8):
        svc.apply(event("talent", talent(f"t{i}", ["BMS", "SOC估算"], "BMS", salary_expectation=18500), unit(0)))
    best = svc.matches_for_talent("t0", 2)
    assert [m["job"]["id"] for m in best] == ["j-a", "j-b"] and best[0]["score"] > best[1]["score"]

    # without exposure control every seeker's first is j-a; with it, j-b reaches people too
    svc.rank = replace(svc.rank, exposure_weight=0.0)
    assert {svc.matches_for_talent(f"t{i}", 1)[0]["job"]["id"] for i in range(8)} == {"j-a"}
    svc._shown = type(svc._shown)(svc.settings.exposure_window_s)
    svc.rank = replace(svc.rank, exposure_weight=30.0, exposure_per_head=2.0)
    firsts = [svc.matches_for_talent(f"t{i}", 1)[0]["job"]["id"] for i in range(8)]
    assert firsts[:2] == ["j-a", "j-a"] and firsts.count("j-b") >= 2
    both = svc.matches_for_talent("t0", 2)
    moved = [m for m in both if m["parts"]["exposure_penalty"] > 0]
    assert moved and all(any(r["factor"] == "exposure" for r in m["explanation"]["reasons"]) for m in moved)
    assert {m["job"]["id"]: m["score"] for m in both} == {m["job"]["id"]: m["score"] for m in best}  # scores never move
    # the same seeker asking again is not counted twice against the vacancy
    before = svc._shown.count("j-a", time.monotonic())
    svc.matches_for_talent("t0", 2)
    assert svc._shown.count("j-a", time.monotonic()) == before
