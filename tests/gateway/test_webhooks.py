"""Webhooks: signed POSTs of new candidates to the enterprise's URL, retried with backoff,
every attempt recorded."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.fixtures.api import account, job_body, make_settings, running, talent_body
from tests.fixtures.waiting import wait_until


class Receiver:
    """A loopback HTTP server that answers with the next status in ``script`` (then 200)."""

    def __init__(self, script: list[int] | None = None) -> None:
        self.script = list(script or [])
        self.received: list[tuple[dict, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.script.pop(0) if outer.script else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def api(tmp_path):
    settings = make_settings(tmp_path, score_threshold=30.0, webhook_base_delay=0.1, webhook_max_attempts=3)
    with running(settings) as (client, runtime):
        yield client, runtime


def _match_for_new_talent(c, ent):
    job = c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"]).json()
    seek = account(c, "seeker", "李明")
    talent = c.put("/api/v1/talents/me", json=talent_body(), headers=seek["headers"]).json()
    return job, talent


def test_new_candidate_is_posted_signed(api):
    c, _ = api
    rx = Receiver()
    try:
        ent = account(c, "enterprise")
        hook = c.put("/api/v1/webhooks/me", json={"url": rx.url}, headers=ent["headers"])
        assert hook.status_code == 200 and len(hook.json()["secret"]) > 20
        secret = hook.json()["secret"]
        job, talent = _match_for_new_talent(c, ent)
        assert wait_until(lambda: rx.received)
        headers, body = rx.received[0]
        payload = json.loads(body)
        assert payload["event"] == "match" and payload["job_id"] == job["id"]
        assert payload["match"]["talent"]["id"] == talent["id"] and "resume_text" not in payload["match"]["talent"]
        t, v1 = (part.split("=", 1)[1] for part in headers["X-Huiliu-Signature"].split(","))
        expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(v1, expected)
        assert abs(int(t) - time.time()) < 60
        assert wait_until(lambda: c.get("/api/v1/webhooks/me/deliveries", headers=ent["headers"]).json()["items"][0]["status"] == "delivered")
    finally:
        rx.close()


def test_failures_are_retried_then_recorded(api):
    c, _ = api
    flaky = Receiver([500, 503])  # fails twice, then accepts
    try:
        ent = account(c, "enterprise")
        c.put("/api/v1/webhooks/me", json={"url": flaky.url}, headers=ent["headers"])
        _match_for_new_talent(c, ent)
        assert wait_until(lambda: len(flaky.received) == 3)
        assert wait_until(lambda: c.get("/api/v1/webhooks/me/deliveries", headers=ent["headers"]).json()["items"][0]["status"] == "delivered")
        d = c.get("/api/v1/webhooks/me/deliveries", headers=ent["headers"]).json()["items"][0]
        assert d["attempts"] == 3 and d["last_status"] == 200
    finally:
        flaky.close()

    dead = Receiver([500] * 10)
    try:
        ent2 = account(c, "enterprise", "B")
        c.put("/api/v1/webhooks/me", json={"url": dead.url}, headers=ent2["headers"])
        _match_for_new_talent(c, ent2)
        ok = wait_until(lambda: (items := c.get("/api/v1/webhooks/me/deliveries", headers=ent2["headers"]).json()["items"])
                        and items[0]["status"] == "failed")
        assert ok
        d = c.get("/api/v1/webhooks/me/deliveries", headers=ent2["headers"]).json()["items"][0]
        assert d["attempts"] == 3 and d["last_error"] == "HTTP 500"
    finally:
        dead.close()


def test_webhook_registration_rules(api):
    c, _ = api
    ent, seek = account(c, "enterprise"), account(c, "seeker")
    assert c.put("/api/v1/webhooks/me", json={"url": "ftp://x.example"}, headers=ent["headers"]).status_code == 422
    assert c.put("/api/v1/webhooks/me", json={"url": "http://127.0.0.1:9/h"}, headers=seek["headers"]).status_code == 403
    assert c.get("/api/v1/webhooks/me", headers=ent["headers"]).status_code == 404
    first = c.put("/api/v1/webhooks/me", json={"url": "http://127.0.0.1:9/h"}, headers=ent["headers"]).json()
    same = c.put("/api/v1/webhooks/me", json={"url": "http://127.0.0.1:9/h2"}, headers=ent["headers"]).json()
    assert same["secret"] == first["secret"] and same["url"].endswith("/h2")
    rotated = c.put("/api/v1/webhooks/me", json={"url": "http://127.0.0.1:9/h2", "rotate_secret": True}, headers=ent["headers"]).json()
    assert rotated["secret"] != first["secret"]
    assert c.delete("/api/v1/webhooks/me", headers=ent["headers"]).status_code == 204
