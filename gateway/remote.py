"""The distributed runtime: the gateway alone in its process, reaching the services over
HTTP (httpx) and the matches over Kafka.  Same attributes as EmbeddedRuntime, so the
routes are the same."""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from gateway.accounts import AccountService
from gateway.clients import AnalyticsClient, JobsClient, TalentClient
from gateway.matches import ShardedMatches
from gateway.push import PushHub
from gateway.webhooks import Webhooks
from services.kit.bus.factory import make_bus
from services.kit.config import Settings
from services.kit.http import ServiceClient
from services.kit.store.db import Database

log = logging.getLogger(__name__)


class RemoteRuntime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        token, timeout = settings.internal_token, settings.http_timeout
        self._clients = {
            "jobs": ServiceClient("jobs", settings.jobs_url, token, timeout=timeout),
            "talent": ServiceClient("talent", settings.talent_url, token, timeout=timeout),
            "analytics": ServiceClient("analytics", settings.analytics_url, token, timeout=timeout),
        }
        shards = [ServiceClient(f"matcher-{i}", url, token, timeout=timeout) for i, url in enumerate(settings.matcher_urls)]
        self.db = Database(settings.db_url)
        self.accounts = AccountService(self.db, settings.admin_token)
        self.jobs = JobsClient(self._clients["jobs"])
        self.talent = TalentClient(self._clients["talent"])
        self.analytics = AnalyticsClient(self._clients["analytics"])
        self.matches = ShardedMatches(shards)
        self._shards = shards
        self.bus = make_bus(settings, "huiliu-gateway")
        self.push = PushHub()
        self.webhooks = Webhooks(self.db, timeout=settings.webhook_timeout, max_attempts=settings.webhook_max_attempts,
                                 base_delay=settings.webhook_base_delay)
        self.ready = threading.Event()
        self.error: str | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        try:
            self.db.create_all()
            # every gateway instance needs every match for the clients connected to it: a group
            # of its own, stable across restarts so that a restart resumes where it stopped
            self.push.register(self.bus, group=f"gateway-push-{self.settings.instance_id}-{self.settings.port}")
            self.webhooks.register(self.bus)
            self.bus.start()
            self.webhooks.start()
            # ready once every service has answered at start; afterwards a service that restarts
            # makes only its own routes answer 503, the gateway stays in its load balancer
            while not self._stop.is_set() and not self._downstream_ready():
                time.sleep(0.5)
            self.ready.set()
            log.info("gateway ready (distributed)")
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            log.exception("start failed")
            raise

    def _downstream(self) -> dict[str, bool]:
        out = {name: c.ready() for name, c in self._clients.items()}
        out.update({c.name: c.ready() for c in self._shards})
        return out

    def _downstream_ready(self) -> bool:
        return all(self._downstream().values())

    def wait_idle(self, timeout: float = 60.0) -> bool:
        return self.bus.wait_idle(timeout)

    def stop(self) -> None:
        self._stop.set()
        self.bus.stop()
        self.webhooks.stop()
        self.db.dispose()

    def status(self) -> dict[str, Any]:
        return {"ready": self.ready.is_set(), "error": self.error, "mode": "distributed", "services": self._downstream()}
