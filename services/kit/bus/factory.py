"""Choose the bus from settings: in-memory (embedded) or Kafka (distributed)."""
from __future__ import annotations

from services.kit.bus.base import Bus


def make_bus(settings, client_id: str) -> Bus:
    if settings.bus == "memory":
        from services.kit.bus.memory import MemoryBus

        return MemoryBus()
    from services.kit.bus.kafka import KafkaBus

    return KafkaBus(settings.kafka_bootstrap, client_id=client_id, topic_prefix=settings.kafka_topic_prefix,
                    partitions=settings.kafka_partitions, replication=settings.kafka_replication,
                    transactional_id=settings.kafka_transactional_id)
