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
        # One consumer for both topics, so a job posted before a profile is embedded first.
        # Transactional: the embedder's only output is on the bus, so on Kafka a batch's
        # vectors and its input offsets commit together: exactly one vector event per
        # input event, even when an embedder is killed mid-batch (its batch is redone by
        # whoever takes the partition, and what it had sent is never seen).
        self.bus.subscribe([events.JOBS, events.TALENTS], GROUP, self.on_batch, batch_size=self.batch_size,
                           transactional=True)

    def on_batch(self, envelopes: list[Envelope]) -> None:
        for out in self.service.vectors_for(envelopes):
            self.bus.publish(events.VECTORS, out)
        self.bus.flush()  # the vectors are sent before the input offsets (in the transaction on Kafka)
