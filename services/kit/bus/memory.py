"""In-memory bus for the embedded mode: the same delivery rules as Kafka, in one process.

Each topic is an append-only log of raw bytes (so messages go through the same encoding
as on Kafka); each (topic, group) subscription has its own offset and its own thread.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from services.kit.bus.base import BatchHandler, Bus, Handler
from services.kit.events import Envelope


@dataclass
class _Subscription:
    topic: str
    group: str
    handler: Handler | BatchHandler
    batch_size: int | None = None
    offset: int = 0
    busy: bool = False
    thread: threading.Thread | None = field(default=None, repr=False)


class MemoryBus(Bus):
    def __init__(self) -> None:
        self._logs: dict[str, list[tuple[str, bytes]]] = {}
        self._subs: list[_Subscription] = []
        self._cond = threading.Condition()
        self._stopping = False
        self._started = False

    # producing ----------------------------------------------------------------------------

    def publish(self, topic: str, envelope: Envelope) -> None:
        raw = envelope.encode()
        with self._cond:
            self._logs.setdefault(topic, []).append((envelope.key, raw))
            self._cond.notify_all()

    def publish_raw(self, topic: str, key: str, raw: bytes) -> None:
        """Append bytes as they are (tests use it to send a poison message)."""
        with self._cond:
            self._logs.setdefault(topic, []).append((key, raw))
            self._cond.notify_all()

    def flush(self, timeout: float = 30.0) -> None:
        return None  # appends are synchronous

    def messages(self, topic: str) -> list[Envelope]:
        with self._cond:
            raws = list(self._logs.get(topic, []))
        return [Envelope.decode(raw) for _, raw in raws]

    # consuming ----------------------------------------------------------------------------

    def subscribe(self, topic: str, group: str, handler: Handler | BatchHandler, batch_size: int | None = None) -> None:
        if any(s.topic == topic and s.group == group for s in self._subs):
            raise ValueError(f"group {group!r} already subscribed to {topic!r} on the memory bus")
        sub = _Subscription(topic, group, handler, batch_size)
        self._subs.append(sub)
        if self._started:
            self._spawn(sub)

    def start(self) -> None:
        self._stopping = False
        self._started = True
        for sub in self._subs:
            if sub.thread is None:
                self._spawn(sub)

    def _spawn(self, sub: _Subscription) -> None:
        sub.thread = threading.Thread(target=self._run, args=(sub,), name=f"bus-{sub.topic}-{sub.group}", daemon=True)
        sub.thread.start()

    def _run(self, sub: _Subscription) -> None:
        while True:
            with self._cond:
                while not self._stopping and sub.offset >= len(self._logs.get(sub.topic, [])):
                    self._cond.wait()
                if self._stopping:
                    return
                pending = self._logs[sub.topic]
                take = pending[sub.offset: sub.offset + (sub.batch_size or 1)]
                sub.busy = True
            try:
                if sub.batch_size:
                    self.deliver_batch(sub.topic, take, sub.handler)
                else:
                    self.deliver(sub.topic, take[0][1], sub.handler, take[0][0])
            finally:
                with self._cond:
                    sub.offset += len(take)  # "commit" only after the handler's work is done
                    sub.busy = False
                    self._cond.notify_all()

    def stop(self, timeout: float = 10.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        for sub in self._subs:
            if sub.thread is not None:
                sub.thread.join(timeout)
                sub.thread = None
        self._started = False

    def wait_idle(self, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                pending = [
                    s for s in self._subs
                    if s.busy or s.offset < len(self._logs.get(s.topic, []))
                ]
                if not pending:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._started:
                    return False
                self._cond.wait(remaining)
