"""Bus → EmbedderService → bus."""
from __future__ import annotations

from services.embedder.service import EmbedderService
from services.kit import events
from services.kit.bus.base import Bus
from services.kit.events import Envelope

GROUP = "embedder"


class EmbedderHandlers:
    def __init__(self, service: EmbedderService, bus: Bus, batch_size: int = 32) -> None:
        self.service = service
        self.bus = bus
        self.batch_size = batch_size

    def register(self) -> None:
        # one consumer for both topics, so a job posted before a profile is embedded first
        self.bus.subscribe([events.JOBS, events.TALENTS], GROUP, self.on_batch, batch_size=self.batch_size)

    def on_batch(self, envelopes: list[Envelope]) -> None:
        for out in self.service.vectors_for(envelopes):
            self.bus.publish(events.VECTORS, out)
        self.bus.flush()  # the vectors are on the bus before the input offsets are committed
