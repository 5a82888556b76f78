"""`python -m services.embedder`: the embedder as its own process (run several in one
consumer group to share the work)."""
from __future__ import annotations

from matcher.embedding.factory import load_embedder
from services.embedder.handlers import EmbedderHandlers
from services.embedder.service import EmbedderService
from services.kit.bus.factory import make_bus
from services.kit.config import Settings
from services.kit.http import service_app
from services.kit.process import lifespan, serve


def main() -> None:
    settings = Settings()
    bus = make_bus(settings, "huiliu-embedder")
    state: dict = {"ready": False, "model": None}

    def start() -> None:
        embedder = load_embedder(settings.embed_model, settings.embed_batch_size)
        embedder.encode_documents(["预热 warm-up"])
        labels = {**settings.industries, "other": "其他"}
        EmbedderHandlers(EmbedderService(embedder, labels), bus, settings.embed_batch_size).register()
        bus.start()
        state.update(ready=True, model=embedder.name)

    # ready once the consumer group has assigned partitions, so that `make up` (which waits
    # for every embedder) returns after the group settled, not in the middle of a rebalance
    app = service_app("huiliu-embedder", settings.internal_token, ready=lambda: {**state, "ready": state["ready"] and bus.joined()},
                      lifespan=lifespan(start, bus.stop))
    serve(app, settings, settings.embedder_url, "embedder")
