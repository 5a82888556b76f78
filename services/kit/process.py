"""What every service process does at start and stop (distributed mode).

A process is a uvicorn app: its lifespan starts the bus consumers (threads) and the
outbox relay, and on SIGTERM uvicorn stops taking requests, then the lifespan's exit
stops the consumers — each finishes the message in hand and commits — and flushes.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import APIRouter, FastAPI

from services.kit.bus.base import Bus
from services.kit.bus.factory import make_bus
from services.kit.config import Settings
from services.kit.http import service_app
from services.kit.logging import setup_logging
from services.kit.store.db import Database
from services.kit.store.uow import OutboxRelay

log = logging.getLogger(__name__)


def lifespan(start: Callable[[], None], stop: Callable[[], None]):
    @asynccontextmanager
    async def span(_app: FastAPI):
        start()
        try:
            yield
        finally:
            stop()

    return span


def serve(app: FastAPI, settings: Settings, url: str, name: str) -> None:
    setup_logging(settings.log_level)
    port = settings.listen_port(url)
    log.info(f"{name} listening on {settings.host}:{port}")
    uvicorn.run(app, host=settings.host, port=port, log_level="warning", timeout_graceful_shutdown=10)


def store_service(name: str, settings: Settings, wire: Callable[[Database, Bus], list[APIRouter]]) -> FastAPI:
    """The app of a service that owns tables: migrate, relay the outbox, consume what
    ``wire`` subscribed, serve what it returned."""
    db = Database(settings.db_url)
    bus = make_bus(settings, f"huiliu-{name}")
    relay = OutboxRelay(db, bus)
    routers = wire(db, bus)

    def start() -> None:
        db.create_all()
        relay.start()
        bus.start()

    def stop() -> None:
        relay.stop()
        bus.stop()
        db.dispose()

    app = service_app(f"huiliu-{name}", settings.internal_token, ready=lambda: {"ready": True}, lifespan=lifespan(start, stop))
    for r in routers:
        app.include_router(r)
    return app
