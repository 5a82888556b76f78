"""Webhooks: an enterprise registers a URL and receives each new candidate for its
vacancies as a signed POST.

A delivery is written to the database first (idempotent per event), then sent by a
worker with exponential backoff; every attempt's result is recorded, so a failure is
visible to the enterprise and nothing is dropped silently.

Signature: header ``X-Huiliu-Signature: t=<unix seconds>,v1=<hex>``, where hex is
HMAC-SHA256 with the webhook's secret over ``f"{t}.{raw body}"``.  Receivers should
recompute it and reject timestamps older than a few minutes (replays).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from prometheus_client import Counter
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select

from services.kit import events
from services.kit.actor import Actor
from services.kit.bus.base import Bus
from services.kit.errors import Forbidden, NotFound
from services.kit.events import Envelope, MatchCreated
from services.kit.store.db import Database
from services.kit.store.models import WebhookDeliveryRow, WebhookRow

log = logging.getLogger(__name__)
GROUP = "gateway-webhooks"
SENT = Counter("huiliu_webhook_attempts_total", "Webhook delivery attempts", ["result"])


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=500)
    rotate_secret: bool = False

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        parsed = httpx.URL(v)
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise ValueError("must be an http(s) URL with a host / 须为 http(s) 地址")
        return v


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def _view(row: WebhookRow) -> dict[str, Any]:
    return {"url": row.url, "secret": row.secret, "updated_at": row.updated_at.isoformat()}


class Webhooks:
    """Registration (routes) and delivery (bus handler + worker thread)."""

    def __init__(self, db: Database, *, timeout: float = 5.0, max_attempts: int = 5, base_delay: float = 1.0) -> None:
        self.db = db
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self._http = httpx.Client(timeout=timeout)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # registration --------------------------------------------------------------------------

    @staticmethod
    def _enterprise(actor: Actor) -> None:
        if actor.role != "enterprise":
            raise Forbidden("webhooks are for enterprise accounts / 仅企业账号可设置 Webhook")

    def put(self, actor: Actor, data: WebhookIn) -> dict[str, Any]:
        self._enterprise(actor)
        now = datetime.now(UTC)
        with self.db.session() as s:
            row = s.get(WebhookRow, actor.id)
            if row is None:
                row = WebhookRow(account_id=actor.id, url=data.url, secret=secrets.token_urlsafe(32), created_at=now, updated_at=now)
                s.add(row)
            else:
                row.url, row.updated_at = data.url, now
                if data.rotate_secret:
                    row.secret = secrets.token_urlsafe(32)
            return _view(row)

    def get(self, actor: Actor) -> dict[str, Any]:
        self._enterprise(actor)
        with self.db.session() as s:
            row = s.get(WebhookRow, actor.id)
            if row is None:
                raise NotFound("no webhook registered / 尚未设置 Webhook", field="webhook")
            return _view(row)

    def delete(self, actor: Actor) -> None:
        self._enterprise(actor)
        with self.db.session() as s:
            row = s.get(WebhookRow, actor.id)
            if row is None:
                raise NotFound("no webhook registered / 尚未设置 Webhook", field="webhook")
            s.delete(row)

    def deliveries(self, actor: Actor, limit: int = 50) -> list[dict[str, Any]]:
        self._enterprise(actor)
        with self.db.session() as s:
            rows = s.scalars(select(WebhookDeliveryRow).where(WebhookDeliveryRow.account_id == actor.id)
                             .order_by(WebhookDeliveryRow.created_at.desc()).limit(limit)).all()
            return [{"id": r.id, "event_id": r.event_id, "status": r.state, "attempts": r.attempts,
                     "last_status": r.last_status, "last_error": r.last_error, "created_at": r.created_at.isoformat(),
                     "delivered_at": r.delivered_at.isoformat() if r.delivered_at else None} for r in rows]

    # delivery ------------------------------------------------------------------------------

    def register(self, bus: Bus) -> None:
        bus.subscribe(events.MATCHES, GROUP, self.on_match)

    def on_match(self, envelope: Envelope) -> None:
        m = events.parse(envelope)
        assert isinstance(m, MatchCreated)
        if m.audience != "job" or not m.owner_id:
            return
        body = events.dumps({"event": "match", "id": envelope.id, "job_id": m.job_id, "match": m.item}).encode()
        with self.db.session() as s:
            hook = s.get(WebhookRow, m.owner_id)
            if hook is None:
                return
            exists = s.scalar(select(WebhookDeliveryRow.id).where(WebhookDeliveryRow.account_id == m.owner_id,
                                                                  WebhookDeliveryRow.event_id == envelope.id))
            if exists:
                return  # a replayed event: already queued
            s.add(WebhookDeliveryRow(id=uuid.uuid4().hex, account_id=m.owner_id, event_id=envelope.id, body=body.decode(),
                                     state="pending", attempts=0, next_attempt_at=datetime.now(UTC), created_at=datetime.now(UTC)))
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(self.timeout + 5)
        self._http.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.deliver_due()
            except Exception:  # noqa: BLE001 - the loop must survive a database hiccup
                log.exception("webhook worker failed")
                sent = 0
            if not sent:
                self._wake.wait(0.5)
                self._wake.clear()

    def deliver_due(self, limit: int = 20) -> int:
        now = datetime.now(UTC)
        with self.db.session() as s:
            due = s.scalars(select(WebhookDeliveryRow).where(WebhookDeliveryRow.state == "pending",
                                                             WebhookDeliveryRow.next_attempt_at <= now)
                            .order_by(WebhookDeliveryRow.next_attempt_at).limit(limit)).all()
            jobs = [(d.id, d.account_id, d.body) for d in due]
        for delivery_id, account_id, body in jobs:
            with self.db.session() as s:
                hook = s.get(WebhookRow, account_id)
                target = (hook.url, hook.secret) if hook else None
            self._attempt(delivery_id, body, target)
        return len(jobs)

    def _attempt(self, delivery_id: str, body: str, target: tuple[str, str] | None) -> None:
        status, error = None, None
        if target is None:
            error = "webhook removed"
        else:
            url, secret = target
            raw = body.encode()
            headers = {"Content-Type": "application/json", "X-Huiliu-Event": "match", "X-Huiliu-Delivery": delivery_id,
                       "X-Huiliu-Signature": sign(secret, raw, int(time.time()))}
            try:
                r = self._http.post(url, content=raw, headers=headers)
                status = r.status_code
                if not 200 <= r.status_code < 300:
                    error = f"HTTP {r.status_code}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
        with self.db.session() as s:
            d = s.get(WebhookDeliveryRow, delivery_id)
            d.attempts += 1
            d.last_status, d.last_error = status, error
            if error is None:
                d.state, d.delivered_at = "delivered", datetime.now(UTC)
                SENT.labels("delivered").inc()
            elif target is None or d.attempts >= self.max_attempts:
                d.state = "failed"
                SENT.labels("failed").inc()
                log.warning("webhook delivery failed", extra={"fields": {"delivery": delivery_id, "error": error}})
            else:
                # 1 s, 2 s, 4 s, ... between attempts
                d.next_attempt_at = datetime.now(UTC) + timedelta(seconds=self.base_delay * 2 ** (d.attempts - 1))
                SENT.labels("retry").inc()
