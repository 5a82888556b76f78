"""The message bus: one interface, an in-memory backend (embedded) and Kafka (distributed)."""
from services.kit.bus.base import Bus, Handler

__all__ = ["Bus", "Handler"]
