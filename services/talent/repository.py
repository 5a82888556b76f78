"""Database access for talent profiles."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.kit.store.models import TalentRow


class TalentRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def by_account(self, account_id: str, *, for_update: bool = False) -> TalentRow | None:
        stmt = select(TalentRow).where(TalentRow.account_id == account_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.s.scalars(stmt).first()

    def get(self, talent_id: str) -> TalentRow | None:
        return self.s.get(TalentRow, talent_id)

    def add(self, row: TalentRow) -> None:
        self.s.add(row)
        self.s.flush()

    def delete(self, row: TalentRow) -> None:
        self.s.delete(row)
        self.s.flush()
