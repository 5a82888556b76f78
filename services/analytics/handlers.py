"""Bus → analytics: a talent's erasure removes their outcomes too."""
from __future__ import annotations

from services.analytics.service import AnalyticsService
from services.kit import events
from services.kit.bus.base import Bus
from services.kit.events import Envelope

GROUP = "analytics"


class AnalyticsHandlers:
    def __init__(self, service: AnalyticsService, bus: Bus) -> None:
        self.service = service
        self.bus = bus

    def register(self) -> None:
        self.bus.subscribe(events.TALENTS, GROUP, self.on_talent)

    def on_talent(self, envelope: Envelope) -> None:
        if envelope.type == "talent.removed":
            self.service.forget_talent(envelope.key)
