"""The bus interface and the delivery rules every backend shares.

Delivery is at-least-once.  A backend hands each raw message to ``deliver`` and advances
(commits) its position only after ``deliver`` returns: by then the handler's work is
durable, or the message has been written to the dead-letter topic.  A message that cannot
be decoded goes to dead-letter at once; one whose handler keeps failing goes there after
``max_attempts`` tries, so one bad message never blocks its partition.

A subscription may ask for ``transactional`` delivery: exactly-once for a handler whose
only output is on the bus (consume-transform-produce).  On Kafka what the handler
publishes, its dead-letter records and the consumed offsets commit in one transaction, or
not at all; a handler that fails leaves nothing visible and its records are handled again.
A handler that also writes elsewhere (a database) stays at-least-once and idempotent.
"""
from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

from services.kit import events
from services.kit.events import BadMessage, Envelope

log = logging.getLogger(__name__)

Handler = Callable[[Envelope], None]
BatchHandler = Callable[[list[Envelope]], None]


class BusError(Exception):
    """The bus could not do what was asked (broker unreachable, events not acknowledged).

    Backends raise this instead of their client library's errors, so callers depend on
    the interface only."""


class Bus(ABC):
    max_attempts: int = 3
    retry_backoff: float = 0.2

    @abstractmethod
    def publish(self, topic: str, envelope: Envelope) -> None:
        """Queue an event for ``topic``, keyed by ``envelope.key``."""

    @abstractmethod
    def flush(self, timeout: float = 30.0) -> None:
        """Block until every published event is durably accepted by the bus."""

    @abstractmethod
    def subscribe(self, topics: str | Sequence[str], group: str, handler: Handler | BatchHandler,
                  batch_size: int | None = None, transactional: bool = False) -> None:
        """Register a handler for one topic or several; consumption starts with ``start``.
        Consumers in the same group share the work; every group sees every message.

        With ``batch_size`` the handler receives lists of up to that many envelopes (what is
        already waiting, never waiting for more), otherwise one envelope at a time.

        With ``transactional`` the handler's ``publish``/``flush`` calls (made on the
        subscription's own thread) and the consumed offsets commit atomically (see the
        module docstring).  A bus whose delivery is in-process (memory) ignores it.
        """

    @abstractmethod
    def start(self) -> None: ...

    @abstractmethod
    def stop(self, timeout: float = 10.0) -> None:
        """Stop consuming: finish the message in hand, commit, close."""

    def joined(self) -> bool:
        """Whether the consumers have their assignments (always, where there are no groups)."""
        return True

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every subscriber has processed everything published so far."""
        return True

    # shared delivery logic -------------------------------------------------------------

    def deliver(self, topic: str, raw: bytes, handler: Handler, key: str | None = None) -> str:
        """Decode and handle one message; returns "ok" or "dead-letter"."""
        try:
            envelope = Envelope.decode(raw)
            events.parse(envelope)  # reject unknown types or bad payloads before the handler
        except BadMessage as exc:
            self._to_dead_letter(topic, raw, str(exc), key)
            return "dead-letter"
        last_error = ""
        for attempt in range(1, self.max_attempts + 1):
            try:
                handler(envelope)
                return "ok"
            except BadMessage as exc:
                last_error = str(exc)
                break
            except Exception as exc:  # noqa: BLE001 - any handler failure is retried, then dead-lettered
                last_error = f"{type(exc).__name__}: {exc}"
                log.warning("handler failed", extra={"fields": {"topic": topic, "event": envelope.id, "attempt": attempt, "error": last_error}})
                if attempt < self.max_attempts:
                    time.sleep(self.retry_backoff * attempt)
        self._to_dead_letter(topic, raw, last_error, envelope.key)
        return "dead-letter"

    def deliver_batch(self, items: list[tuple[str, str | None, bytes]], handler: BatchHandler) -> None:
        """Handle a batch of (topic, key, raw); on failure fall back to one by one so that
        only the bad ones dead-letter."""
        good: list[tuple[str, str | None, bytes, Envelope]] = []
        for topic, key, raw in items:
            try:
                envelope = Envelope.decode(raw)
                events.parse(envelope)
                good.append((topic, key, raw, envelope))
            except BadMessage as exc:
                self._to_dead_letter(topic, raw, str(exc), key)
        if not good:
            return
        try:
            handler([g[3] for g in good])
            return
        except Exception as exc:  # noqa: BLE001 - retried one by one below
            log.warning("batch handler failed, retrying one by one", extra={"fields": {"error": str(exc)}})
        for topic, key, raw, _ in good:
            self.deliver(topic, raw, lambda env: handler([env]), key)

    def _to_dead_letter(self, topic: str, raw: bytes, error: str, key: str | None) -> None:
        if topic == events.DEAD_LETTER:  # never loop: a broken dead-letter record is only logged
            log.error("unreadable dead-letter record dropped", extra={"fields": {"error": error, "key": key}})
            return
        log.error("message sent to dead-letter", extra={"fields": {"topic": topic, "error": error, "key": key}})
        self.publish(events.DEAD_LETTER, events.dead_letter(topic, raw, error, key))
        self.flush()
