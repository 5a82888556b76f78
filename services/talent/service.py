"""Talent profiles: create or replace, read, erase; publish every change after commit.

Erasure is total: the row is deleted and a ``talent.removed`` event tells the matcher,
the gateway and analytics to forget the person too.
"""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from services.kit import events
from services.kit.actor import Actor
from services.kit.bus.base import Bus
from services.kit.config import Settings
from services.kit.errors import Forbidden, NotFound, ValidationFailed
from services.kit.store.db import Database
from services.kit.store.models import TalentRow
from services.kit.store.uow import UnitOfWork
from services.talent.repository import TalentRepository
from services.talent.schemas import TalentIn


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def talent_view(row: TalentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "account_id": row.account_id,
        **row.data,
        "revision": row.revision,
        "created_at": _aware(row.created_at).isoformat(),
        "updated_at": _aware(row.updated_at).isoformat(),
    }


class TalentService:
    def __init__(self, db: Database, bus: Bus, settings: Settings) -> None:
        self.db = db
        self.bus = bus
        self.settings = settings

    @staticmethod
    def _seeker(actor: Actor) -> None:
        if actor.role != "seeker":
            raise Forbidden("only job seekers keep a profile / 仅求职者账号可维护个人档案")

    def put(self, actor: Actor, data: TalentIn) -> dict[str, Any]:
        self._seeker(actor)
        bad = [i for i in data.desired_industries if i not in self.settings.all_industries]
        if bad:
            raise ValidationFailed(
                f"desired_industries: unknown industry {bad[0]!r}, allowed: {', '.join(self.settings.all_industries)}",
                field="desired_industries",
            )
        now = datetime.now(UTC)
        with UnitOfWork(self.db, self.bus) as uow:
            repo = TalentRepository(uow.session)
            row = repo.by_account(actor.id, for_update=True)
            if row is None:
                row = TalentRow(id=uuid.uuid4().hex, account_id=actor.id, revision=1, created_at=now, updated_at=now,
                                data=data.model_dump(mode="json"))
                repo.add(row)
            else:
                row.data = data.model_dump(mode="json")
                row.revision += 1
                row.updated_at = now
                uow.session.flush()
            view = talent_view(row)
            uow.emit(events.TALENTS, events.make("talent.upserted", row.id,
                                                 events.TalentChanged(id=row.id, revision=row.revision, talent=view)))
        return view

    def get_mine(self, actor: Actor) -> dict[str, Any]:
        self._seeker(actor)
        with self.db.session() as s:
            row = TalentRepository(s).by_account(actor.id)
            if row is None:
                raise NotFound("no profile yet: PUT /api/v1/talents/me first / 尚未创建个人档案", field="talent")
            return talent_view(row)

    def get(self, talent_id: str) -> dict[str, Any]:
        with self.db.session() as s:
            row = TalentRepository(s).get(talent_id)
            if row is None:
                raise NotFound("talent not found / 人才不存在", field="talent_id")
            return talent_view(row)

    def delete_mine(self, actor: Actor) -> str:
        self._seeker(actor)
        with UnitOfWork(self.db, self.bus) as uow:
            repo = TalentRepository(uow.session)
            row = repo.by_account(actor.id, for_update=True)
            if row is None:
                raise NotFound("no profile to delete / 没有可删除的个人档案", field="talent")
            talent_id, revision = row.id, row.revision + 1
            repo.delete(row)
            uow.emit(events.TALENTS, events.make("talent.removed", talent_id,
                                                 events.TalentChanged(id=talent_id, revision=revision)))
        return talent_id
