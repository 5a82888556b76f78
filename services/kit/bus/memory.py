"""In-memory bus for the embedded mode: the same delivery rules as Kafka, in one process.

Each topic is an append-only log of raw bytes (so messages go through the same encoding
as on Kafka), stamped with a global sequence number; each subscription has an offset per
topic and its own thread, and reads its topics in the order messages were published.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from services.kit.bus.base import BatchHandler, Bus, Handler
from services.kit.events import Envelope


@dataclass
class _Subscription:
    topics: tuple[str, ...]
    group: str
    handler: Handler | BatchHandler
    batch_size: int | None = None
    offsets: dict[str, int] = field(default_factory=dict)
    busy: bool = False
    thread: threading.Thread | None = field(default=None, repr=False)


class MemoryBus(Bus):
    def __init__(self) -> None:
        self._logs: dict[str, list[tuple[int, str, bytes]]] = {}
        self._seq = 0
        self._subs: list[_Subscription] = []
        self._cond = threading.Condition()
        self._stopping = False
        self._started = False

    # producing ----------------------------------------------------------------------------

    def publish(self, topic: str, envelope: Envelope) -> None:
        self.publish_raw(topic, envelope.key, envelope.encode())

    def publish_raw(self, topic: str, key: str, raw: bytes) -> None:
        """Append bytes as they are (tests use it to send a poison message)."""
        with self._cond:
            self._seq += 1
            self._logs.setdefault(topic, []).append((self._seq, key, raw))
            self._cond.notify_all()

    def flush(self, timeout: float = 30.0) -> None:
        return None  # appends are synchronous

    def messages(self, topic: str) -> list[Envelope]:
        with self._cond:
            raws = list(self._logs.get(topic, []))
        return [Envelope.decode(raw) for _, _, raw in raws]

    # consuming ----------------------------------------------------------------------------

    def subscribe(self, topics: str | Sequence[str], group: str, handler: Handler | BatchHandler,
                  batch_size: int | None = None, transactional: bool = False) -> None:
        # ``transactional`` is accepted and ignored: this log and its offsets live and die
        # with the process, so there is no commit for the handler's output to join
        topics = (topics,) if isinstance(topics, str) else tuple(topics)
        for sub in self._subs:
            if sub.group == group and set(sub.topics) & set(topics):
                raise ValueError(f"group {group!r} already consumes {sorted(set(sub.topics) & set(topics))} on the memory bus")
        sub = _Subscription(topics, group, handler, batch_size, {t: 0 for t in topics})
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
        sub.thread = threading.Thread(target=self._run, args=(sub,), name=f"bus-{sub.group}", daemon=True)
        sub.thread.start()

    def _pending(self, sub: _Subscription) -> int:
        return sum(len(self._logs.get(t, [])) - sub.offsets[t] for t in sub.topics)

    def _take(self, sub: _Subscription) -> list[tuple[str, str, bytes]]:
        """The next messages across the subscription's topics, in publish order."""
        waiting = []
        for t in sub.topics:
            log = self._logs.get(t, [])
            waiting.extend((seq, t, key, raw) for seq, key, raw in log[sub.offsets[t]: sub.offsets[t] + (sub.batch_size or 1)])
        waiting.sort()
        return [(t, key, raw) for _, t, key, raw in waiting[: sub.batch_size or 1]]

    def _run(self, sub: _Subscription) -> None:
        while True:
            with self._cond:
                while not self._stopping and self._pending(sub) == 0:
                    self._cond.wait()
                if self._stopping:
                    return
                take = self._take(sub)
                sub.busy = True
            try:
                if sub.batch_size:
                    self.deliver_batch(take, sub.handler)
                else:
                    topic, key, raw = take[0]
                    self.deliver(topic, raw, sub.handler, key)
            finally:
                with self._cond:
                    for topic, _, _ in take:
                        sub.offsets[topic] += 1  # "commit" only after the handler's work is done
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
                if not any(s.busy or self._pending(s) for s in self._subs):
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._started:
                    return False
                self._cond.wait(remaining)
