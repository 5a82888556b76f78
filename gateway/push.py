"""The SSE hub: bus threads publish, connected clients' asyncio queues receive.

Channels are ``talent:<id>`` (a seeker's new matches) and ``job:<id>`` (an enterprise's
new candidates for one vacancy).
"""
from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict
from typing import Any

from prometheus_client import Counter, Gauge

from services.kit import events
from services.kit.bus.base import Bus
from services.kit.events import Envelope, MatchCreated

log = logging.getLogger(__name__)
PUSHED = Counter("huiliu_sse_events_pushed_total", "SSE match events delivered to connected clients")
CONNECTED = Gauge("huiliu_sse_clients", "Connected SSE clients")
GROUP = "gateway-push"


class PushHub:
    def __init__(self, queue_size: int = 200, max_age: float = 120.0) -> None:
        self.max_age = max_age
        self._subs: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = defaultdict(set)
        self._lock = threading.Lock()
        self.queue_size = queue_size

    def register(self, bus: Bus, group: str = GROUP) -> None:
        bus.subscribe(events.MATCHES, group, self.on_match)

    def subscribe(self, channel: str) -> tuple[asyncio.AbstractEventLoop, asyncio.Queue]:
        sub = (asyncio.get_running_loop(), asyncio.Queue(self.queue_size))
        with self._lock:
            self._subs[channel].add(sub)
        CONNECTED.inc()
        return sub

    def unsubscribe(self, channel: str, sub: tuple[asyncio.AbstractEventLoop, asyncio.Queue]) -> None:
        with self._lock:
            self._subs[channel].discard(sub)
            if not self._subs[channel]:
                del self._subs[channel]
        CONNECTED.dec()

    def publish(self, channel: str, data: dict[str, Any]) -> int:
        with self._lock:
            subs = list(self._subs.get(channel, ()))
        for loop, queue in subs:
            loop.call_soon_threadsafe(self._offer, queue, data)
        return len(subs)

    @staticmethod
    def _offer(queue: asyncio.Queue, data: dict[str, Any]) -> None:
        if queue.full():  # a client that does not read loses its oldest events, not the server
            queue.get_nowait()
        queue.put_nowait(data)
        PUSHED.inc()

    def on_match(self, envelope: Envelope) -> None:
        if (events.now() - envelope.time).total_seconds() > self.max_age:
            return  # a gateway that (re)joins reads old matches too: only fresh ones are news
        m = events.parse(envelope)
        assert isinstance(m, MatchCreated)
        channel = f"talent:{m.talent_id}" if m.audience == "talent" else f"job:{m.job_id}"
        self.publish(channel, m.item)
