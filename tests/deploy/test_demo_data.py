"""The demo sample (deploy/demo) and the matching fixture keep their promises.

Field rules are written out here, independently of the generator: a record the API
would reject should fail here first.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from datetime import date, datetime
from difflib import SequenceMatcher

import httpx
import pytest

from deploy.demo import load as loader
from deploy.demo.generate import Sample, generate
from deploy.demo.occupations import BY_INDUSTRY
from tests.fixtures.matching_cases import CASES, JOBS, LOOKALIKES

TODAY = date(2026, 11, 27)
CITY = "云港市"
DISTRICTS = {"海港区", "新城区", "高新区", "临港经济开发区", "北山县", "南湖区"}
PRIORITY = ("new_energy", "green_food", "advanced_equipment", "fine_chemicals")
INDUSTRIES = set(PRIORITY) | {"other"}
LEVELS = ["none", "secondary", "associate", "bachelor", "master", "doctorate"]
MODES = {"full_time", "part_time", "project", "short_term", "equity", "remote"}
FLEXIBLE = MODES - {"full_time", "part_time"}
INTENTIONS = {"none", "considering", "planning", "returned"}
JOB_KEYS = {"title", "description", "industry", "skills", "location", "education_min", "experience_min_years",
            "salary_min", "salary_max", "headcount", "engagement", "expires_at"}
PROFILE_KEYS = {"name", "resume_text", "skills", "education", "experience_years", "current_city", "native",
                "desired_industries", "desired_locations", "salary_expectation", "engagement", "return_intention",
                "visible_to_enterprises"}


def _int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _str(x, limit: int) -> bool:
    return isinstance(x, str) and 0 < len(x.strip()) and len(x) <= limit


def _modes(x) -> bool:
    return isinstance(x, list) and len(x) >= 1 and len(set(x)) == len(x) and set(x) <= MODES


def job_errors(j: dict) -> list[str]:
    e = []
    if set(j) != JOB_KEYS:
        e.append(f"keys {sorted(set(j) ^ JOB_KEYS)}")
        return e
    e += [] if _str(j["title"], 100) else ["title"]
    e += [] if _str(j["description"], 5000) else ["description"]
    e += [] if j["industry"] in INDUSTRIES else ["industry"]
    sk = j["skills"]
    e += [] if isinstance(sk, list) and len(sk) <= 30 and all(_str(s, 40) for s in sk) else ["skills"]
    e += [] if j["location"] in DISTRICTS | {CITY} else ["location"]
    e += [] if j["education_min"] in LEVELS else ["education_min"]
    e += [] if _int(j["experience_min_years"]) and 0 <= j["experience_min_years"] <= 50 else ["experience"]
    e += [] if _int(j["salary_min"]) and j["salary_min"] > 0 else ["salary_min"]
    e += [] if _int(j["salary_max"]) and _int(j["salary_min"]) and j["salary_max"] >= j["salary_min"] else ["salary_max"]
    e += [] if _int(j["headcount"]) and j["headcount"] >= 1 else ["headcount"]
    e += [] if _modes(j["engagement"]) else ["engagement"]
    if j["expires_at"] is not None:
        try:
            e += [] if datetime.fromisoformat(j["expires_at"]).tzinfo else ["expires_at without zone"]
        except (TypeError, ValueError):
            e.append("expires_at")
    return e


def profile_errors(p: dict) -> list[str]:
    e = []
    if set(p) != PROFILE_KEYS:
        return [f"keys {sorted(set(p) ^ PROFILE_KEYS)}"]
    e += [] if _str(p["name"], 50) else ["name"]
    e += [] if _str(p["resume_text"], 20000) else ["resume_text"]
    e += [] if isinstance(p["skills"], list) and all(_str(s, 40) for s in p["skills"]) else ["skills"]
    ed = p["education"]
    if not (isinstance(ed, dict) and set(ed) == {"level", "major", "graduation_year"}):
        e.append("education keys")
    else:
        e += [] if ed["level"] in LEVELS else ["education.level"]
        e += [] if isinstance(ed["major"], str) and len(ed["major"]) <= 50 else ["education.major"]
        e += [] if _int(ed["graduation_year"]) and 1960 <= ed["graduation_year"] <= TODAY.year + 1 else ["grad year"]
    x = p["experience_years"]
    e += [] if isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x <= 60 else ["experience_years"]
    e += [] if _str(p["current_city"], 50) else ["current_city"]
    e += [] if isinstance(p["native"], bool) else ["native"]
    e += [] if isinstance(p["desired_industries"], list) and set(p["desired_industries"]) <= INDUSTRIES else ["ind"]
    locs = p["desired_locations"]
    e += [] if isinstance(locs, list) and all(_str(s, 50) for s in locs) else ["desired_locations"]
    e += [] if _int(p["salary_expectation"]) and p["salary_expectation"] > 0 else ["salary_expectation"]
    e += [] if _modes(p["engagement"]) else ["engagement"]
    e += [] if p["return_intention"] in INTENTIONS else ["return_intention"]
    e += [] if isinstance(p["visible_to_enterprises"], bool) else ["visible_to_enterprises"]
    return e


def is_english(text: str) -> bool:
    return sum(c.isascii() for c in text) > 0.8 * len(text)


def elsewhere(p: dict) -> bool:
    return p["native"] and p["current_city"] != CITY


@pytest.fixture(scope="module")
def sample() -> Sample:
    return generate(7, today=TODAY)


@pytest.fixture(scope="module")
def profiles(sample) -> list[dict]:
    return [t["profile"] for t in sample.talents]


# ---------------------------------------------------------------- the generated sample
def test_counts(sample, profiles):
    assert 35 <= len(sample.enterprises) <= 45
    assert len(sample.jobs) >= 240
    by_industry = Counter(j["industry"] for j in sample.jobs)
    for ind in PRIORITY:
        assert by_industry[ind] >= 50, by_industry
    assert 15 <= by_industry["other"] <= 30, by_industry
    assert len(profiles) >= 520
    assert all(ent["jobs"] for ent in sample.enterprises), "every enterprise posts something"


def test_every_record_is_valid(sample, profiles):
    bad_jobs = [(j["title"], errs) for j in sample.jobs if (errs := job_errors(j))]
    bad_profiles = [(p["name"], errs) for p in profiles if (errs := profile_errors(p))]
    assert not bad_jobs[:5] and not bad_profiles[:5]


def test_accounts(sample):
    names = [e["name"] for e in sample.enterprises]
    assert len(set(names)) == len(names)
    assert all(n.startswith("云港") and n.endswith("公司") and len(n) <= 50 for n in names)
    accounts = [t["account_name"] for t in sample.talents]
    assert len(set(accounts)) == len(accounts)
    assert all(len(x["password"]) >= 8 for x in sample.enterprises + sample.talents)


def test_salaries_are_plausible_for_the_city(sample, profiles):
    assert all(4000 <= j["salary_min"] <= j["salary_max"] <= 25000 for j in sample.jobs)
    assert all(4000 <= p["salary_expectation"] <= 25000 for p in profiles)


def test_expiry_in_the_future(sample):
    dates = [datetime.fromisoformat(j["expires_at"]).date() for j in sample.jobs if j["expires_at"]]
    assert dates and all(d > TODAY for d in dates)
    assert len(dates) < len(sample.jobs), "some vacancies never expire"


def _near_duplicate_share(docs: list[str], n: int = 5, probes: int = 80, limit: float = 0.6) -> float:
    """Share of (sampled) documents whose closest other document shares ≥ limit of 5-grams."""
    grams = [{d[i:i + n] for i in range(len(d) - n + 1)} for d in docs]
    idx = random.Random(0).sample(range(len(docs)), min(probes, len(docs)))
    close = sum(any(len(grams[i] & g) / len(grams[i] | g) >= limit for k, g in enumerate(grams) if k != i)
                for i in idx)
    return close / len(idx)


def test_wording_is_varied(sample, profiles):
    descriptions = [j["description"] for j in sample.jobs]
    resumes = [p["resume_text"] for p in profiles]
    assert len(set(descriptions)) >= 0.9 * len(descriptions)
    assert len(set(resumes)) >= 0.95 * len(resumes)
    # not a handful of templates: openings differ, and few documents have a near twin
    assert len({d.splitlines()[0] for d in descriptions}) >= 0.5 * len(descriptions)
    assert len({r.splitlines()[0][:30] for r in resumes}) >= 0.5 * len(resumes)
    assert _near_duplicate_share(descriptions) <= 0.1
    assert _near_duplicate_share(resumes) <= 0.1


def test_occupation_material_is_rich():
    for ind, occs in BY_INDUSTRY.items():
        assert len(occs) >= 8, ind
        for o in occs:
            assert len(o.titles) >= 2 and len(o.duties) >= 5 and len(o.requirements) >= 4, o.key
            assert len(o.skills) >= 5 and len(o.experience) >= 3 and o.en_experience, o.key
    ascii_skills = {s for occs in BY_INDUSTRY.values() for o in occs for s in o.skills if s.isascii()}
    assert {"PLC", "SolidWorks", "HPLC", "HACCP"} <= ascii_skills


def test_natives_and_return_intention(profiles):
    away = [p for p in profiles if elsewhere(p)]
    assert 0.25 <= len(away) / len(profiles) <= 0.35
    assert all(p["return_intention"] in ("considering", "planning") for p in away)
    assert {p["current_city"] for p in away} >= {"苏州", "深圳", "上海", "杭州"}
    returned = [p for p in profiles if p["return_intention"] == "returned"]
    assert len(returned) >= 0.03 * len(profiles)
    assert all(p["native"] and p["current_city"] == CITY for p in returned)
    assert all(p["return_intention"] == "none" for p in profiles if not p["native"])


def test_graduates_experienced_english_flexible_visible(sample, profiles):
    grads = [p for p in profiles if p["experience_years"] == 0]
    assert len(grads) >= 0.08 * len(profiles)
    assert {"associate", "bachelor"} <= {p["education"]["level"] for p in grads}
    assert all(p["education"]["graduation_year"] >= TODAY.year for p in grads)
    assert sum(p["experience_years"] >= 10 for p in profiles) >= 0.1 * len(profiles)
    english = [p for p in profiles if is_english(p["resume_text"])]
    assert 3 <= len(english) <= 0.05 * len(profiles)
    flexible = [p for p in profiles if set(p["engagement"]) & FLEXIBLE]
    assert 0.03 * len(profiles) <= len(flexible) <= 0.25 * len(profiles)
    assert any(set(j["engagement"]) & FLEXIBLE for j in sample.jobs)
    visible = sum(p["visible_to_enterprises"] for p in profiles) / len(profiles)
    assert 0.85 <= visible <= 0.95


def test_deterministic_for_a_seed(sample):
    dump = lambda s: json.dumps(s._asdict(), ensure_ascii=False, sort_keys=True)  # noqa: E731
    assert dump(generate(7, today=TODAY)) == dump(sample)
    assert dump(generate(8, today=TODAY)) != dump(sample)
    enterprises, talents = generate(7, today=TODAY)  # unpacks as a pair
    assert enterprises == sample.enterprises and talents == sample.talents


# ---------------------------------------------------------------- the hand-written fixture
def test_fixture_counts_and_keys():
    assert len(JOBS) >= 24
    by_industry = Counter(j["industry"] for j in JOBS.values())
    assert all(by_industry[ind] >= 6 for ind in PRIORITY), by_industry
    assert len(CASES) >= 22
    assert all(key in JOBS for _, key in CASES)
    assert all(a in JOBS and b in JOBS for a, b in LOOKALIKES) and len(LOOKALIKES) >= 8


def test_fixture_records_are_valid():
    assert not {k: e for k, j in JOBS.items() if (e := job_errors(j))}
    assert not [(p["name"], e) for p, _ in CASES if (e := profile_errors(p))]


def test_fixture_mix_of_people():
    people = [p for p, _ in CASES]
    assert 2 <= sum(is_english(p["resume_text"]) for p in people) <= 3
    assert 3 <= sum(elsewhere(p) for p in people) <= 4
    assert any(p["experience_years"] == 0 for p in people)
    assert all(not is_english(j["description"]) for j in JOBS.values())


def test_fixture_lookalikes_share_industry_location_salary():
    for a, b in LOOKALIKES:
        ja, jb = JOBS[a], JOBS[b]
        assert ja["industry"] == jb["industry"] and ja["location"] == jb["location"], (a, b)
        assert max(ja["salary_min"], jb["salary_min"]) < min(ja["salary_max"], jb["salary_max"]), (a, b)


def test_fixture_structured_fields_fit_the_intended_job():
    for p, key in CASES:
        j = JOBS[key]
        assert j["industry"] in p["desired_industries"], p["name"]
        assert j["location"] in p["desired_locations"] or CITY in p["desired_locations"], p["name"]
        assert LEVELS.index(p["education"]["level"]) >= LEVELS.index(j["education_min"]), p["name"]
        assert p["experience_years"] >= j["experience_min_years"], p["name"]
        assert p["salary_expectation"] <= j["salary_max"], p["name"]
        assert set(p["engagement"]) & set(j["engagement"]), p["name"]


def test_fixture_resumes_paraphrase_rather_than_copy():
    for p, key in CASES:
        a, b = p["resume_text"], JOBS[key]["description"]
        m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        assert m.size < 12, (p["name"], a[m.a:m.a + m.size])


# ---------------------------------------------------------------- the loader, against a fake API
class FakeApi:
    """Accepts accounts/jobs/profiles like the gateway would; can fail on purpose."""

    def __init__(self, reject_job_no: int | None = None, refuse_connections: int = 0):
        self.reject_job_no, self.refuse = reject_job_no, refuse_connections
        self.tokens: dict[str, str] = {}
        self.jobs, self.profiles, self.requests = [], [], 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.refuse:
            self.refuse -= 1
            raise httpx.ConnectError("connection refused", request=request)
        body = json.loads(request.content) if request.content else None
        role = self.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
        if request.url.path == "/api/v1/accounts":
            token = f"t{len(self.tokens)}"
            self.tokens[token] = body["role"]
            return httpx.Response(201, json={"id": token, "role": body["role"], "token": token})
        if request.url.path == "/api/v1/jobs" and role == "enterprise":
            if not job_errors(body) and len(self.jobs) != self.reject_job_no:
                self.jobs.append(body)
                return httpx.Response(201, json={"id": len(self.jobs), **body})
            return httpx.Response(422, json={"detail": [{"loc": ["body", "salary_max"], "msg": "too low"}]})
        if request.url.path == "/api/v1/talents/me" and role == "seeker" and not profile_errors(body):
            self.profiles.append(body)
            return httpx.Response(200, json={"id": len(self.profiles), **body})
        return httpx.Response(400, json={"detail": "bad request"})


def _small(sample: Sample) -> Sample:
    return Sample(sample.enterprises[:3], sample.talents[:10])


def test_loader_posts_everything(sample, capsys):
    api, small = FakeApi(), _small(sample)
    counts = asyncio.run(loader.load(small, "http://demo.test", transport=httpx.MockTransport(api)))
    assert (counts.enterprises, counts.jobs, counts.talents) == (3, len(small.jobs), 10)
    assert api.jobs == small.jobs and api.profiles == [t["profile"] for t in small.talents]
    assert "企业 enterprises 3/3" in capsys.readouterr().out


def test_loader_waits_for_a_starting_server(sample, monkeypatch):
    monkeypatch.setattr(loader, "RETRY_FIRST_DELAY", 0.01)
    api = FakeApi(refuse_connections=3)
    counts = asyncio.run(loader.load(_small(sample), "http://demo.test", transport=httpx.MockTransport(api)))
    assert counts.talents == 10 and len(api.profiles) == 10


def test_loader_exits_nonzero_with_the_server_error(capsys):
    api = FakeApi(reject_job_no=0)
    rc = loader.main(["--base-url", "http://demo.test"], transport=httpx.MockTransport(api))
    err = capsys.readouterr().err
    assert rc == 1 and "422" in err and "salary_max" in err and "too low" in err
    assert not api.profiles, "stops at the first rejection"


def test_loader_reports_an_unreachable_server(monkeypatch, capsys):
    monkeypatch.setattr(loader, "RETRY_FIRST_DELAY", 0.01)
    api = FakeApi(refuse_connections=10**9)
    rc = loader.main(["--base-url", "http://demo.test", "--wait", "0.2"], transport=httpx.MockTransport(api))
    assert rc == 2 and "unreachable" in capsys.readouterr().err
