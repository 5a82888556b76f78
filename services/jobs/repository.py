"""Database access for jobs; the only module of the service that touches SQLAlchemy."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from services.kit.store.models import JobRow


class JobRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, job_id: str, *, for_update: bool = False) -> JobRow | None:
        stmt = select(JobRow).where(JobRow.id == job_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.s.scalars(stmt).first()

    def add(self, row: JobRow) -> None:
        self.s.add(row)
        self.s.flush()

    def delete(self, row: JobRow) -> None:
        self.s.delete(row)
        self.s.flush()

    def list_open(self, *, now: datetime, industry: str | None, q: str | None, owner_id: str | None,
                  limit: int, offset: int) -> tuple[list[JobRow], int]:
        stmt = select(JobRow).where(JobRow.status == "open", or_(JobRow.expires_at.is_(None), JobRow.expires_at > now))
        if industry:
            stmt = stmt.where(JobRow.industry == industry)
        if owner_id:
            stmt = stmt.where(JobRow.owner_id == owner_id)
        if q:
            # title first; the JSON text covers description and skills on both SQLite and PostgreSQL
            like = f"%{q}%"
            stmt = stmt.where(or_(JobRow.title.ilike(like), cast(JobRow.data, String).ilike(like)))
        total = self.s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.s.scalars(stmt.order_by(JobRow.created_at.desc(), JobRow.id).limit(limit).offset(offset)).all()
        return list(rows), total

    def list_by_owner(self, owner_id: str) -> list[JobRow]:
        return list(self.s.scalars(select(JobRow).where(JobRow.owner_id == owner_id).order_by(JobRow.created_at.desc())))
