"""Unit of work with a transactional outbox: events are written in the same transaction as
the change and published only after the commit; a rollback drops them.

If the process dies between commit and publish, ``relay_pending`` (run at start) sends
what is left; consumers are idempotent, so a resend is harmless.

In the distributed mode several processes share the outbox table and each relays what it
finds; they take turns (``Database.exclusive``), so no two send the same rows at once and
one entity's events reach the bus in the order they were committed.
"""
from __future__ import annotations

import logging
import threading

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.kit.bus.base import Bus
from services.kit.events import Envelope
from services.kit.store.db import Database
from services.kit.store.models import OutboxRow

log = logging.getLogger(__name__)
_relay_lock = threading.Lock()


class UnitOfWork:
    def __init__(self, db: Database, bus: Bus) -> None:
        self.db = db
        self.bus = bus
        self.session: Session | None = None
        self._ctx = None
        self._rows: list[OutboxRow] = []

    def __enter__(self) -> UnitOfWork:
        self._ctx = self.db.session()
        self.session = self._ctx.__enter__()
        self._rows = []
        return self

    def emit(self, topic: str, envelope: Envelope) -> None:
        row = OutboxRow(topic=topic, key=envelope.key, body=envelope.model_dump_json(), sent=False)
        self.session.add(row)
        self._rows.append(row)

    def __exit__(self, exc_type, exc, tb) -> bool:
        self._ctx.__exit__(exc_type, exc, tb)  # commits or rolls back
        if exc_type is None and self._rows:
            try:
                # the request does not wait on a slow or absent broker: a short flush, and no
                # queueing behind another relay (the relay loop sends whatever is left)
                relay_pending(self.db, self.bus, flush_timeout=3.0, lock_timeout=5.0)
            except Exception as err:  # noqa: BLE001 - committed is committed: the relay loop sends it later
                log.warning("outbox relay deferred", extra={"fields": {"error": str(err)}})
        return False


def relay_pending(db: Database, bus: Bus, batch: int = 500, flush_timeout: float = 30.0, lock_timeout: float = -1) -> int:
    """Publish every unsent outbox row in order, flush, then delete them.  With a
    ``lock_timeout`` it gives up (returns 0) when another relay of this process holds the
    lock that long; the relay loop sends what is left."""
    sent = 0
    if not _relay_lock.acquire(timeout=lock_timeout):
        return 0
    try:  # one relay at a time keeps per-key order (threads of this process)
        while True:
            with db.session() as s:
                db.exclusive(s.connection(), "huiliu.outbox.relay")  # ... and across processes
                rows = s.scalars(select(OutboxRow).where(OutboxRow.sent.is_(False)).order_by(OutboxRow.seq).limit(batch)).all()
                if not rows:
                    return sent
                for row in rows:
                    bus.publish(row.topic, Envelope.model_validate_json(row.body))
                bus.flush(flush_timeout)
                # sent rows are deleted: the bus holds them now, and the table stays small
                s.execute(delete(OutboxRow).where(OutboxRow.seq.in_([r.seq for r in rows])))
                sent += len(rows)
    finally:
        _relay_lock.release()


class OutboxRelay:
    """Sends what a failed relay left behind (e.g. the broker was down at commit time)."""

    def __init__(self, db: Database, bus: Bus, interval: float = 1.0) -> None:
        self.db, self.bus, self.interval = db, bus, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                relay_pending(self.db, self.bus)
            except Exception as err:  # noqa: BLE001 - retried at the next tick
                log.warning("outbox relay failed", extra={"fields": {"error": str(err)}})

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        try:
            relay_pending(self.db, self.bus)  # last chance to send before the process ends
        except Exception as err:  # noqa: BLE001 - the rows stay in the outbox for the next start
            log.warning("outbox relay at stop failed", extra={"fields": {"error": str(err)}})
