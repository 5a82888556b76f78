"""The embedded runtime: every service in one process over the in-memory bus and SQLite.

This is the composition root of ``make run``: it builds the services, wires their bus
handlers and exposes them to the routes.  The distributed mode builds the same services
in separate processes; only the bus and the store differ.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from gateway.accounts import AccountService
from gateway.matches import LocalMatches
from gateway.push import PushHub
from gateway.webhooks import Webhooks
from matcher.config import match_settings, rank_config
from matcher.embedding.base import Embedder
from matcher.embedding.factory import load_embedder
from matcher.handlers import MatcherHandlers
from matcher.index.faiss import FaissIndex, limit_threads
from matcher.service import MatchService
from services.analytics.handlers import AnalyticsHandlers
from services.analytics.service import AnalyticsService
from services.embedder.handlers import EmbedderHandlers
from services.embedder.service import EmbedderService
from services.jobs.service import JobsService
from services.kit.bus.base import Bus
from services.kit.bus.memory import MemoryBus
from services.kit.config import Settings
from services.kit.store.db import Database
from services.kit.store.uow import OutboxRelay, relay_pending
from services.talent.service import TalentService

log = logging.getLogger(__name__)


class EmbeddedRuntime:
    """Owns the database, the bus, the model and every service of the embedded mode."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, bus: Bus | None = None) -> None:
        self.settings = settings
        self.db = Database(settings.db_url)
        self.bus: Bus = bus or MemoryBus()
        self.accounts = AccountService(self.db, settings.admin_token)
        self.jobs = JobsService(self.db, self.bus, settings)
        self.talent = TalentService(self.db, self.bus, settings)
        self.analytics = AnalyticsService(self.db, self.bus)
        self.push = PushHub()
        self.webhooks = Webhooks(self.db, timeout=settings.webhook_timeout, max_attempts=settings.webhook_max_attempts,
                                 base_delay=settings.webhook_base_delay)
        self._embedder = embedder
        self.embedder: Embedder | None = None
        self.matcher: MatchService | None = None
        self.matches: LocalMatches | None = None
        self.ready = threading.Event()
        self.error: str | None = None
        self.started_in: float | None = None
        self._relay: OutboxRelay | None = None

    def start(self) -> None:
        """Blocking start: open the store, load the model and indexes, begin consuming."""
        t0 = time.monotonic()
        try:
            self.settings.data_dir.mkdir(parents=True, exist_ok=True)
            self.db.create_all()
            limit_threads(1)
            self.embedder = self._embedder or load_embedder(self.settings.embed_model, self.settings.embed_batch_size)
            self.embedder.encode_documents(["预热 warm-up"])  # the first call is slow; pay it before ready
            self.matcher = MatchService(
                self.db, FaissIndex, FaissIndex.load, self.embedder.dim, self.settings.index_dir,
                rank_config(self.settings),
                match_settings(self.settings),
            )
            how = self.matcher.open()
            self.matches = LocalMatches(self.matcher)
            EmbedderHandlers(EmbedderService(self.embedder, {**self.settings.industries, "other": "其他"}), self.bus,
                             self.settings.embed_batch_size).register()
            MatcherHandlers(self.matcher, self.bus).register()
            AnalyticsHandlers(self.analytics, self.bus).register()
            self.push.register(self.bus)
            self.webhooks.register(self.bus)
            self.bus.start()
            self.webhooks.start()
            relay_pending(self.db, self.bus)  # events committed before a crash but never sent
            self._relay = OutboxRelay(self.db, self.bus)
            self._relay.start()
            self.matcher.start_checkpoints()
            self.started_in = time.monotonic() - t0
            log.info("ready", extra={"fields": {"seconds": round(self.started_in, 2), "indexes": how, **self.matcher.counts()}})
            self.ready.set()
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            log.exception("start failed")
            raise

    def wait_idle(self, timeout: float = 60.0) -> bool:
        return self.bus.wait_idle(timeout)

    def stop(self) -> None:
        if self._relay is not None:
            self._relay.stop()
        self.bus.stop()
        self.webhooks.stop()
        if self.matcher is not None:
            self.matcher.close()
        self.db.dispose()

    def status(self) -> dict[str, Any]:
        return {
            "ready": self.ready.is_set(),
            "error": self.error,
            "model": getattr(self.embedder, "name", None),
            "indexes": self.matcher.counts() if self.matcher and self.matcher.ready else None,
        }
