"""`python -m matcher`: one matcher shard as its own process.

Every shard consumes the whole ``vectors`` topic (group ``matcher-<shard>``) and keeps all
jobs, but only the talents whose partition falls to it (partition % shards == shard),
with the same partitioner Kafka's producers use for the talent's key.  The gateway asks
every shard and merges.
"""
from __future__ import annotations

import logging

from kafka.partitioner import murmur2

from matcher import api
from matcher.config import match_settings, rank_config
from matcher.handlers import MatcherHandlers
from matcher.index.faiss import FaissIndex, limit_threads
from matcher.service import MatchService
from services.kit.bus.factory import make_bus
from services.kit.config import Settings
from services.kit.http import service_app
from services.kit.process import lifespan, serve
from services.kit.store.db import Database

log = logging.getLogger(__name__)


def talent_owner(partitions: int, shard: int, shards: int):
    def owns(talent_id: str) -> bool:
        partition = (murmur2(talent_id.encode()) & 0x7FFFFFFF) % partitions
        return partition % shards == shard

    return owns if shards > 1 else None


def build(settings: Settings) -> MatchService:
    index_dir = settings.index_dir / f"shard-{settings.matcher_shard}" if settings.matcher_shards > 1 else settings.index_dir
    return MatchService(
        Database(settings.db_url), FaissIndex, FaissIndex.load, settings.embed_dim, index_dir, rank_config(settings),
        match_settings(settings),
        owns_talent=talent_owner(settings.kafka_partitions, settings.matcher_shard, settings.matcher_shards),
        shard=settings.matcher_shard,
    )


def main() -> None:
    settings = Settings()
    service = build(settings)
    bus = make_bus(settings, f"huiliu-matcher-{settings.matcher_shard}")
    def start() -> None:
        limit_threads(1)
        service.db.create_all()
        service.open()
        MatcherHandlers(service, bus, group=f"matcher-{settings.matcher_shard}").register()
        bus.start()
        service.start_checkpoints()

    def stop() -> None:
        bus.stop()  # finish the event in hand and commit, then save the indexes
        service.close()

    status = lambda: {"ready": service.ready, "shard": settings.matcher_shard, **(service.counts() if service.ready else {})}  # noqa: E731
    app = service_app(f"huiliu-matcher-{settings.matcher_shard}", settings.internal_token, ready=status, lifespan=lifespan(start, stop))
    app.include_router(api.router(service))
    url = settings.matcher_urls[min(settings.matcher_shard, len(settings.matcher_urls) - 1)]
    serve(app, settings, url, f"matcher shard {settings.matcher_shard}")
