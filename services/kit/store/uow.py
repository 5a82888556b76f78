"""Unit of work with a transactional outbox: events are written in the same transaction as
the change and published only after the commit; a rollback drops them.

If the process dies between commit and publish, ``relay_pending`` (run at start) sends
what is left; consumers are idempotent, so a resend is harmless.
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
            relay_pending(self.db, self.bus)
        return False


def relay_pending(db: Database, bus: Bus, batch: int = 500) -> int:
    """Publish every unsent outbox row in order, flush, then delete them."""
    sent = 0
    with _relay_lock:  # one relay at a time keeps per-key order
        while True:
            with db.session() as s:
                rows = s.scalars(select(OutboxRow).where(OutboxRow.sent.is_(False)).order_by(OutboxRow.seq).limit(batch)).all()
                if not rows:
                    return sent
                for row in rows:
                    bus.publish(row.topic, Envelope.model_validate_json(row.body))
                bus.flush()
                # sent rows are deleted: the bus holds them now, and the table stays small
                s.execute(delete(OutboxRow).where(OutboxRow.seq.in_([r.seq for r in rows])))
                sent += len(rows)
