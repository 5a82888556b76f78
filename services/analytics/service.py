"""Outcomes (viewed … hired, by either side) and the funnel computed from them."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select

from services.kit import events
from services.kit.actor import Actor
from services.kit.bus.base import Bus
from services.kit.domain import OUTCOME_KINDS
from services.kit.store.db import Database
from services.kit.store.models import OutcomeRow
from services.kit.store.uow import UnitOfWork


class AnalyticsService:
    def __init__(self, db: Database, bus: Bus) -> None:
        self.db = db
        self.bus = bus

    def record_outcome(self, actor: Actor, job_id: str, talent_id: str, kind: str, industry: str | None) -> dict[str, Any]:
        row = OutcomeRow(id=uuid.uuid4().hex, job_id=job_id, talent_id=talent_id, kind=kind, actor=actor.role,
                         industry=industry, created_at=datetime.now(UTC))
        with UnitOfWork(self.db, self.bus) as uow:
            uow.session.add(row)
            uow.emit(events.OUTCOMES, events.make("outcome.recorded", talent_id, events.OutcomeRecorded(
                id=row.id, job_id=job_id, talent_id=talent_id, kind=kind, actor=actor.role)))
        return {"id": row.id, "job_id": job_id, "talent_id": talent_id, "kind": kind, "actor": actor.role,
                "created_at": row.created_at.isoformat()}

    def forget_talent(self, talent_id: str) -> None:
        with self.db.session() as s:
            s.execute(delete(OutcomeRow).where(OutcomeRow.talent_id == talent_id))

    def funnel(self) -> dict[str, Any]:
        """Distinct (talent, job) pairs that reached each outcome, overall and per industry."""
        with self.db.session() as s:
            pairs = func.count(func.distinct(OutcomeRow.job_id + ":" + OutcomeRow.talent_id))
            overall = dict(s.execute(select(OutcomeRow.kind, pairs).group_by(OutcomeRow.kind)).all())
            per = s.execute(select(OutcomeRow.industry, OutcomeRow.kind, pairs).group_by(OutcomeRow.industry, OutcomeRow.kind)).all()
        by_industry: dict[str, dict[str, int]] = {}
        for industry, kind, n in per:
            by_industry.setdefault(industry or "other", {k: 0 for k in OUTCOME_KINDS})[kind] = n
        counts = {k: int(overall.get(k, 0)) for k in OUTCOME_KINDS}
        viewed = counts["viewed"] or 0
        return {
            "outcomes": counts,
            "apply_rate": round(counts["applied"] / viewed, 4) if viewed else None,
            "hire_rate": round(counts["hired"] / counts["applied"], 4) if counts["applied"] else None,
            "by_industry": by_industry,
        }
