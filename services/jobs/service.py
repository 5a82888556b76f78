"""Jobs: create, read, change, close and list vacancies; publish every change after commit."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from services.jobs.repository import JobRepository
from services.jobs.schemas import JobIn, JobPatch
from services.kit import events
from services.kit.actor import Actor
from services.kit.bus.base import Bus
from services.kit.config import Settings
from services.kit.errors import Forbidden, NotFound, ValidationFailed
from services.kit.store.db import Database
from services.kit.store.models import JobRow
from services.kit.store.uow import UnitOfWork


def _aware(dt: datetime | None) -> datetime | None:
    # SQLite returns naive datetimes; everything stored is UTC
    return dt.replace(tzinfo=UTC) if dt is not None and dt.tzinfo is None else dt


def job_view(row: JobRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "owner_id": row.owner_id,
        **row.data,
        "status": row.status,
        "revision": row.revision,
        "created_at": _aware(row.created_at).isoformat(),
        "updated_at": _aware(row.updated_at).isoformat(),
    }


def validation_error(exc: ValidationError) -> ValidationFailed:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or None
    return ValidationFailed(f"{field}: {err['msg']}" if field else err["msg"], field=field)


class JobsService:
    def __init__(self, db: Database, bus: Bus, settings: Settings) -> None:
        self.db = db
        self.bus = bus
        self.settings = settings

    def _check_industry(self, industry: str) -> None:
        if industry not in self.settings.all_industries:
            allowed = ", ".join(self.settings.all_industries)
            raise ValidationFailed(f"industry: must be one of {allowed} / 行业不在可选范围内", field="industry")

    def _publish(self, uow: UnitOfWork, row: JobRow) -> None:
        uow.emit(events.JOBS, events.make("job.upserted", row.id, events.JobChanged(id=row.id, revision=row.revision, job=job_view(row))))

    def create(self, actor: Actor, data: JobIn) -> dict[str, Any]:
        if actor.role not in ("enterprise", "admin"):
            raise Forbidden("only enterprises post vacancies / 仅企业账号可发布岗位")
        self._check_industry(data.industry)
        now = datetime.now(UTC)
        if data.expires_at is not None and data.expires_at <= now:
            raise ValidationFailed("expires_at: must be in the future / 截止时间须晚于当前时间", field="expires_at")
        body = data.model_dump(mode="json")
        row = JobRow(
            id=uuid.uuid4().hex, owner_id=actor.id, revision=1, status="open", industry=data.industry,
            title=data.title, expires_at=data.expires_at, created_at=now, updated_at=now, data=body,
        )
        with UnitOfWork(self.db, self.bus) as uow:
            JobRepository(uow.session).add(row)
            self._publish(uow, row)
        return job_view(row)

    def get(self, job_id: str, actor: Actor | None) -> dict[str, Any]:
        with self.db.session() as s:
            row = JobRepository(s).get(job_id)
            if row is None:
                raise NotFound("job not found / 岗位不存在", field="id")
            if row.status != "open" and not self._may_manage(row, actor):
                raise NotFound("job not found / 岗位不存在", field="id")
            return job_view(row)

    @staticmethod
    def _may_manage(row: JobRow, actor: Actor | None) -> bool:
        return actor is not None and (actor.is_admin or actor.id == row.owner_id)

    def _owned(self, repo: JobRepository, job_id: str, actor: Actor) -> JobRow:
        row = repo.get(job_id, for_update=True)
        if row is None:
            raise NotFound("job not found / 岗位不存在", field="id")
        if not self._may_manage(row, actor):
            raise Forbidden("this vacancy belongs to another enterprise / 无权操作其他企业的岗位")
        return row

    def check_owner(self, job_id: str, actor: Actor) -> dict[str, Any]:
        with self.db.session() as s:
            return job_view(self._owned(JobRepository(s), job_id, actor))

    def update(self, job_id: str, actor: Actor, patch: JobPatch) -> dict[str, Any]:
        changes = patch.model_dump(exclude_unset=True, mode="json")
        with UnitOfWork(self.db, self.bus) as uow:
            repo = JobRepository(uow.session)
            row = self._owned(repo, job_id, actor)
            status = changes.pop("status", row.status)
            merged = {**row.data, **changes}
            try:
                data = JobIn.model_validate(merged)  # the whole job must stay valid
            except ValidationError as exc:
                raise validation_error(exc) from exc
            self._check_industry(data.industry)
            row.data = data.model_dump(mode="json")
            row.status = status
            row.industry = data.industry
            row.title = data.title
            row.expires_at = data.expires_at
            row.revision += 1
            row.updated_at = datetime.now(UTC)
            uow.session.flush()
            self._publish(uow, row)
            view = job_view(row)
        return view

    def delete(self, job_id: str, actor: Actor) -> None:
        with UnitOfWork(self.db, self.bus) as uow:
            repo = JobRepository(uow.session)
            row = self._owned(repo, job_id, actor)
            revision = row.revision + 1
            repo.delete(row)
            uow.emit(events.JOBS, events.make("job.removed", job_id, events.JobChanged(id=job_id, revision=revision)))

    def list_open(self, *, industry: str | None = None, q: str | None = None, owner_id: str | None = None,
                  limit: int = 20, offset: int = 0) -> dict[str, Any]:
        if industry:
            self._check_industry(industry)
        with self.db.session() as s:
            rows, total = JobRepository(s).list_open(
                now=datetime.now(UTC), industry=industry, q=q, owner_id=owner_id, limit=limit, offset=offset
            )
            return {"items": [job_view(r) for r in rows], "total": total, "limit": limit, "offset": offset}

    def list_mine(self, actor: Actor) -> dict[str, Any]:
        with self.db.session() as s:
            return {"items": [job_view(r) for r in JobRepository(s).list_by_owner(actor.id)]}
