"""Bus → MatchService: apply vector events, publish the matches they create."""
from __future__ import annotations

from matcher.service import MatchService
from services.kit import events
from services.kit.bus.base import Bus
from services.kit.events import Envelope, VectorChanged

GROUP = "matcher"


class MatcherHandlers:
    def __init__(self, service: MatchService, bus: Bus, group: str = GROUP) -> None:
        self.service = service
        self.bus = bus
        self.group = group

    def register(self) -> None:
        self.bus.subscribe(events.VECTORS, self.group, self.on_vector)

    def on_vector(self, envelope: Envelope) -> None:
        # At-least-once with idempotent handling (the matcher writes to its database as
        # well as to the bus, so no Kafka transaction covers it): the state is written
        # first, then the pushes published, then recorded. A crash after the write makes
        # the event come again; ``apply`` then returns its matches again and ``unpushed``
        # keeps those not recorded, so nothing is lost and nothing recorded is re-sent.
        ev = events.parse(envelope)
        assert isinstance(ev, VectorChanged)
        matches = self.service.unpushed(self.service.apply(ev))
        if not matches:
            return
        for m in matches:
            key = m.talent_id if m.audience == "talent" else m.job_id
            self.bus.publish(events.MATCHES, events.make("match.created", key, m))
        # flushed before they are recorded: a crash in between pushes again, never loses
        self.bus.flush()
        self.service.record_pushed(matches)
