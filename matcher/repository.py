"""The matcher's durable state: entity snapshots with their vectors, and pushed matches."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.kit.store.models import MatchEntityRow, MatchPushRow


def to_blob(v: np.ndarray | None) -> bytes:
    return b"" if v is None else np.asarray(v, dtype=np.float32).tobytes()


def from_blob(b: bytes) -> np.ndarray | None:
    return np.frombuffer(b, dtype=np.float32).copy() if b else None


class MatchRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def all_entities(self, shard: int) -> Iterator[MatchEntityRow]:
        stmt = select(MatchEntityRow).where(MatchEntityRow.shard == shard)
        yield from self.s.scalars(stmt.execution_options(yield_per=1000))

    def get(self, shard: int, kind: str, id_: str) -> MatchEntityRow | None:
        return self.s.get(MatchEntityRow, (shard, kind, id_))

    def upsert(self, row: MatchEntityRow) -> None:
        self.s.merge(row)

    def pushed(self, audience: str, job_id: str, talent_id: str) -> bool:
        return self.s.get(MatchPushRow, (audience, job_id, talent_id)) is not None

    def record_push(self, audience: str, job_id: str, talent_id: str, score: float) -> None:
        self.s.merge(MatchPushRow(audience=audience, job_id=job_id, talent_id=talent_id, score=score,
                                  created_at=datetime.now(UTC)))

    def forget_talent(self, talent_id: str) -> None:
        self.s.execute(delete(MatchPushRow).where(MatchPushRow.talent_id == talent_id))

    def forget_job(self, job_id: str) -> None:
        self.s.execute(delete(MatchPushRow).where(MatchPushRow.job_id == job_id))
