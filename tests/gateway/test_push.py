"""Live push over SSE: a new job reaches the seekers it fits; a new talent reaches the
owners of the jobs it fits; nobody receives another's matches."""
from __future__ import annotations

import threading
import time

import httpx

from tests.fixtures.api import SSE, job_body, make_settings, served, talent_body

QUIET = httpx.Timeout(30, read=6)  # a stream that gets nothing raises ReadTimeout after 6 s


def _account(base, role, name):
    r = httpx.post(f"{base}/api/v1/accounts", json={"role": role, "name": name, "password": "password123"})
    assert r.status_code == 201
    return {"id": r.json()["id"], "headers": {"Authorization": f"Bearer {r.json()['token']}"}}


class Listener(threading.Thread):
    """Connects to a stream, signals when subscribed, then waits for one ``match``."""

    def __init__(self, url, headers):
        super().__init__(daemon=True)
        self.url, self.headers = url, headers
        self.connected = threading.Event()
        self.item = None
        self.arrived = None
        self.status = None

    def run(self):
        with httpx.stream("GET", self.url, headers=self.headers, timeout=QUIET) as r:
            self.status = r.status_code
            if r.status_code != 200:
                self.connected.set()
                return
            sse = SSE(r)
            sse.next("ready")
            self.connected.set()
            try:
                self.item = sse.next("match")
                self.arrived = time.monotonic()
            except httpx.ReadTimeout:
                pass


def test_new_job_is_pushed_to_the_seeker_and_new_talent_to_the_enterprise(tmp_path):
    with served(make_settings(tmp_path, score_threshold=40.0)) as (base, _rt):
        ent = _account(base, "enterprise", "云港光伏")
        seeker = _account(base, "seeker", "李明")
        other = _account(base, "seeker", "王芳")
        assert httpx.put(f"{base}/api/v1/talents/me", json=talent_body(), headers=seeker["headers"]).status_code == 200
        httpx.put(f"{base}/api/v1/talents/me", json=talent_body(
            name="王芳", resume_text="食品检验", skills=["HACCP"], desired_industries=["green_food"], engagement=["part_time"],
            native=False, return_intention="none", current_city="上海", desired_locations=["上海"]), headers=other["headers"])

        mine = Listener(f"{base}/api/v1/talents/me/stream", seeker["headers"])
        theirs = Listener(f"{base}/api/v1/talents/me/stream", other["headers"])
        for listener in (mine, theirs):
            listener.start()
            assert listener.connected.wait(10) and listener.status == 200
        posted = time.monotonic()
        job = httpx.post(f"{base}/api/v1/jobs", json=job_body(), headers=ent["headers"]).json()
        mine.join(20), theirs.join(20)
        assert mine.item is not None, "no match pushed to the seeker"
        assert mine.item["job"]["id"] == job["id"] and mine.item["score"] >= 40.0
        assert mine.item["explanation"]["summary"].startswith("匹配度")
        assert mine.arrived - posted < 5.0
        assert theirs.item is None  # a part-time food inspector in Shanghai is not pushed a PV job

        # and the other way: a new talent reaches the enterprise's stream for its job
        newcomer = _account(base, "seeker", "赵强")
        owner = Listener(f"{base}/api/v1/jobs/{job['id']}/stream", ent["headers"])
        owner.start()
        assert owner.connected.wait(10) and owner.status == 200
        talent = httpx.put(f"{base}/api/v1/talents/me", json=talent_body(name="赵强"), headers=newcomer["headers"]).json()
        owner.join(20)
        assert owner.item is not None and owner.item["talent"]["id"] == talent["id"]
        assert "resume_text" not in owner.item["talent"]

        # another enterprise cannot listen to this job's stream
        intruder = _account(base, "enterprise", "别家")
        r = httpx.get(f"{base}/api/v1/jobs/{job['id']}/stream", headers=intruder["headers"])
        assert r.status_code == 403
