"""The HTTP contract in the embedded mode: accounts, jobs, profiles, matches, access, errors.

These use the hashing embedder (fast, deterministic); test_matching_quality.py uses the
real model for the claims about match quality.
"""
from __future__ import annotations

import pytest

from tests.fixtures.api import ADMIN, account, job_body, make_settings, running, talent_body


@pytest.fixture
def api(tmp_path):
    with running(make_settings(tmp_path)) as (client, runtime):
        yield client, runtime


def test_walkthrough_enterprise_and_seeker_see_each_other(api):
    c, rt = api
    ent, seek = account(c, "enterprise", "云港宁川储能科技有限公司"), account(c, "seeker", "李明")
    assert ent["role"] == "enterprise" and ent["token"]
    job = c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"])
    assert job.status_code == 201
    job = job.json()
    assert job["status"] == "open" and job["title"] == "光伏电站运维工程师"
    me = c.put("/api/v1/talents/me", json=talent_body(), headers=seek["headers"])
    assert me.status_code == 200 and me.json()["id"]

    mine = c.get("/api/v1/talents/me/matches?k=5", headers=seek["headers"]).json()["items"]
    assert [m["job"]["id"] for m in mine] == [job["id"]]
    top = mine[0]
    assert 0 <= top["score"] <= 100
    assert top["explanation"]["matched_skills"] == ["光伏运维", "逆变器", "电工证"]
    assert top["explanation"]["summary"].startswith("匹配度")

    cands = c.get(f"/api/v1/jobs/{job['id']}/matches", headers=ent["headers"]).json()["items"]
    assert [m["talent"]["id"] for m in cands] == [me.json()["id"]]
    assert "account_id" not in cands[0]["talent"] and "resume_text" not in cands[0]["talent"]


def test_token_login_and_auth_errors(api):
    c, _ = api
    seek = account(c, "seeker")
    r = c.post("/api/v1/tokens", json={"account_id": seek["id"], "password": "password123"})
    assert r.status_code == 200
    assert c.get("/api/v1/talents/me", headers={"Authorization": f"Bearer {r.json()['token']}"}).status_code == 404
    assert c.post("/api/v1/tokens", json={"account_id": seek["id"], "password": "wrong-pass"}).status_code == 401
    assert c.get("/api/v1/talents/me").status_code == 401
    assert c.get("/api/v1/talents/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert c.get("/api/v1/talents/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_contact_details_are_hidden_from_enterprises(api):
    c, _ = api
    ent, seek = account(c, "enterprise"), account(c, "seeker")
    job = c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"]).json()
    resume = "光伏运维三年。联系电话 13912345678，邮箱 liming@example.com，微信 liming_88"
    c.put("/api/v1/talents/me", json=talent_body(resume_text=resume), headers=seek["headers"])
    item = c.get(f"/api/v1/jobs/{job['id']}/matches", headers=ent["headers"]).json()["items"][0]
    excerpt = item["talent"]["resume_excerpt"]
    assert "13912345678" not in excerpt and "liming@example.com" not in excerpt and "liming_88" not in excerpt
    assert "光伏运维三年" in excerpt


def test_access_rules(api):
    c, _ = api
    ent_a, ent_b = account(c, "enterprise", "A"), account(c, "enterprise", "B")
    seek_a, seek_b = account(c, "seeker", "甲"), account(c, "seeker", "乙")
    job = c.post("/api/v1/jobs", json=job_body(), headers=ent_a["headers"]).json()
    c.put("/api/v1/talents/me", json=talent_body(), headers=seek_a["headers"])
    # another enterprise can neither see the candidates nor change the job
    assert c.get(f"/api/v1/jobs/{job['id']}/matches", headers=ent_b["headers"]).status_code == 403
    assert c.get(f"/api/v1/jobs/{job['id']}/stream", headers=ent_b["headers"]).status_code == 403
    assert c.patch(f"/api/v1/jobs/{job['id']}", json={"headcount": 9}, headers=ent_b["headers"]).status_code == 403
    assert c.delete(f"/api/v1/jobs/{job['id']}", headers=ent_b["headers"]).status_code == 403
    # seekers cannot post jobs or read a job's candidates; enterprises keep no profile
    assert c.post("/api/v1/jobs", json=job_body(), headers=seek_a["headers"]).status_code == 403
    assert c.get(f"/api/v1/jobs/{job['id']}/matches", headers=seek_a["headers"]).status_code == 403
    assert c.put("/api/v1/talents/me", json=talent_body(), headers=ent_a["headers"]).status_code == 403
    # a seeker's matches are their own: seeker B has no profile, so sees nothing of A's
    assert c.get("/api/v1/talents/me/matches", headers=seek_b["headers"]).status_code == 404
    # an open job is public; admins may read anything
    assert c.get(f"/api/v1/jobs/{job['id']}").status_code == 200
    admin = {"Authorization": f"Bearer {ADMIN}"}
    assert c.get(f"/api/v1/jobs/{job['id']}/matches", headers=admin).status_code == 200
    assert c.get("/api/v1/admin/stats", headers=admin).status_code == 200
    assert c.get("/api/v1/admin/stats", headers=ent_a["headers"]).status_code == 403
    assert c.get("/api/v1/jobs/does-not-exist").status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"industry": "mining"}, "industry"),
        ({"salary_min": 9000, "salary_max": 5000}, "salary_max"),
        ({"headcount": 0}, "headcount"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "岗" * 101}, "title"),
        ({"education_min": "phd"}, "education_min"),
        ({"engagement": ["gig"]}, "engagement.0"),
        ({"engagement": []}, "engagement"),
        ({"skills": ["x" * 41]}, "skills.0"),
        ({"skills": [f"s{i}" for i in range(31)]}, "skills"),
        ({"expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
        ({"salary_min": -1}, "salary_min"),
        ({"unknown_field": 1}, "unknown_field"),
    ],
)
def test_bad_job_is_rejected_with_field_and_stores_nothing(api, change, field):
    c, rt = api
    ent = account(c, "enterprise")
    r = c.post("/api/v1/jobs", json=job_body(**change), headers=ent["headers"])
    assert r.status_code == 422, r.text
    assert r.json()["error"]["field"] == field
    assert r.json()["error"]["message"]
    assert c.get("/api/v1/jobs").json()["total"] == 0
    assert rt.wait_idle(10) and rt.matcher.counts()["jobs"] == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"return_intention": "maybe"}, "return_intention"),
        ({"education": {"level": "bachelor", "graduation_year": 1800}}, "education.graduation_year"),
        ({"experience_years": -2}, "experience_years"),
        ({"desired_industries": ["mining"]}, "desired_industries"),
        ({"name": ""}, "name"),
        ({"resume_text": "字" * 20001}, "resume_text"),
        ({"visible_to_enterprises": "perhaps"}, "visible_to_enterprises"),
    ],
)
def test_bad_profile_is_rejected_and_the_old_one_kept(api, change, field):
    c, _ = api
    seek = account(c, "seeker")
    assert c.put("/api/v1/talents/me", json=talent_body(), headers=seek["headers"]).status_code == 200
    r = c.put("/api/v1/talents/me", json=talent_body(**change), headers=seek["headers"])
    assert r.status_code == 422, r.text
    assert r.json()["error"]["field"] == field
    assert c.get("/api/v1/talents/me", headers=seek["headers"]).json()["revision"] == 1


def test_closing_a_job_removes_it_from_matches(api):
    c, rt = api
    ent, seek = account(c, "enterprise"), account(c, "seeker")
    job = c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"]).json()
    c.put("/api/v1/talents/me", json=talent_body(), headers=seek["headers"])
    assert len(c.get("/api/v1/talents/me/matches", headers=seek["headers"]).json()["items"]) == 1
    r = c.patch(f"/api/v1/jobs/{job['id']}", json={"status": "filled"}, headers=ent["headers"])
    assert r.status_code == 200 and r.json()["status"] == "filled" and r.json()["revision"] == 2
    assert rt.wait_idle(10)
    assert c.get("/api/v1/talents/me/matches", headers=seek["headers"]).json()["items"] == []
    assert c.get("/api/v1/jobs").json()["total"] == 0
    assert c.get(f"/api/v1/jobs/{job['id']}").status_code == 404  # not public any more
    assert c.get(f"/api/v1/jobs/{job['id']}", headers=ent["headers"]).json()["status"] == "filled"
    assert c.delete(f"/api/v1/jobs/{job['id']}", headers=ent["headers"]).status_code == 204
    assert c.get(f"/api/v1/jobs/{job['id']}", headers=ent["headers"]).status_code == 404


def test_invisible_talents_are_never_shown_to_enterprises(api):
    c, _ = api
    ent, seek = account(c, "enterprise"), account(c, "seeker")
    job = c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"]).json()
    c.put("/api/v1/talents/me", json=talent_body(visible_to_enterprises=False), headers=seek["headers"])
    assert c.get(f"/api/v1/jobs/{job['id']}/matches", headers=ent["headers"]).json()["items"] == []
    # the seeker still gets their own recommendations
    assert len(c.get("/api/v1/talents/me/matches", headers=seek["headers"]).json()["items"]) == 1


def test_deleting_a_profile_erases_it_everywhere(api):
    c, rt = api
    ent, seek = account(c, "enterprise"), account(c, "seeker")
    job = c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"]).json()
    talent = c.put("/api/v1/talents/me", json=talent_body(), headers=seek["headers"]).json()
    assert c.post("/api/v1/outcomes", json={"job_id": job["id"], "talent_id": talent["id"], "kind": "applied"},
                  headers=seek["headers"]).status_code == 201
    assert c.delete("/api/v1/talents/me", headers=seek["headers"]).status_code == 204
    assert rt.wait_idle(10)
    assert c.get("/api/v1/talents/me", headers=seek["headers"]).status_code == 404
    assert c.get(f"/api/v1/jobs/{job['id']}/matches", headers=ent["headers"]).json()["items"] == []
    assert rt.matcher.counts()["talents"] == 0
    from sqlalchemy import text
    with rt.db.session() as s:
        assert s.execute(text("select count(*) from talents")).scalar() == 0
        assert s.execute(text("select count(*) from outcomes")).scalar() == 0
        row = s.execute(text("select entity, query, passage from match_entities where kind='talent'")).one()
        assert row.entity in ({}, "{}") and not row.query and not row.passage


def test_outcomes_access_and_funnel(api):
    c, _ = api
    ent, seek, other = account(c, "enterprise"), account(c, "seeker"), account(c, "seeker", "丙")
    job = c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"]).json()
    talent = c.put("/api/v1/talents/me", json=talent_body(), headers=seek["headers"]).json()
    c.put("/api/v1/talents/me", json=talent_body(name="丙"), headers=other["headers"])
    body = {"job_id": job["id"], "talent_id": talent["id"]}
    assert c.post("/api/v1/outcomes", json={**body, "kind": "viewed"}, headers=seek["headers"]).status_code == 201
    assert c.post("/api/v1/outcomes", json={**body, "kind": "applied"}, headers=seek["headers"]).status_code == 201
    assert c.post("/api/v1/outcomes", json={**body, "kind": "interviewed"}, headers=ent["headers"]).status_code == 201
    assert c.post("/api/v1/outcomes", json={**body, "kind": "applied"}, headers=other["headers"]).status_code == 403
    r = c.post("/api/v1/outcomes", json={**body, "kind": "married"}, headers=seek["headers"])
    assert r.status_code == 422 and r.json()["error"]["field"] == "kind"
    stats = c.get("/api/v1/admin/stats", headers={"Authorization": f"Bearer {ADMIN}"}).json()
    assert stats["funnel"]["outcomes"]["applied"] == 1 and stats["funnel"]["outcomes"]["interviewed"] == 1
    assert stats["supply_demand"]["open_jobs"] == 1 and stats["supply_demand"]["natives"] == 2


def test_list_and_search_open_jobs(api):
    c, _ = api
    ent = account(c, "enterprise")
    c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"])
    c.post("/api/v1/jobs", json=job_body(title="食品检验员", industry="green_food", skills=["HACCP"]), headers=ent["headers"])
    assert c.get("/api/v1/jobs?industry=green_food").json()["total"] == 1
    assert c.get("/api/v1/jobs?q=HACCP").json()["items"][0]["title"] == "食品检验员"
    assert c.get("/api/v1/jobs?industry=mining").status_code == 422
    assert len(c.get("/api/v1/jobs?mine=true", headers=ent["headers"]).json()["items"]) == 2


def test_health_ready_and_metrics(api):
    c, _ = api
    assert c.get("/healthz").json() == {"status": "ok"}
    ready = c.get("/readyz")
    assert ready.status_code == 200 and ready.json()["indexes"] == {"jobs": 0, "talents": 0}
    assert "huiliu_http_requests_total" in c.get("/metrics").text


def test_restart_keeps_data_and_answers(tmp_path):
    settings = make_settings(tmp_path)
    with running(settings) as (c, rt):
        ent, seek = account(c, "enterprise"), account(c, "seeker")
        job = c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"]).json()
        c.put("/api/v1/talents/me", json=talent_body(), headers=seek["headers"])
        before = c.get("/api/v1/talents/me/matches", headers=seek["headers"]).json()
    assert (tmp_path / "index" / "jobs.index").exists()
    with running(settings) as (c, rt):
        assert rt.matcher.counts() == {"jobs": 1, "talents": 1}
        after = c.get("/api/v1/talents/me/matches", headers=seek["headers"]).json()
        assert after == before
        assert c.get(f"/api/v1/jobs/{job['id']}").status_code == 200
    # an index file that disagrees with the store is rebuilt, not trusted
    (tmp_path / "index" / "talents.index").write_bytes(b"garbage")
    with running(settings) as (c, rt):
        assert rt.matcher.counts() == {"jobs": 1, "talents": 1}
        assert c.get("/api/v1/talents/me/matches", headers=seek["headers"]).json() == before
