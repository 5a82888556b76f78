"""The analytics service's internal HTTP API (distributed mode)."""
from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from services.analytics.service import AnalyticsService
from services.kit.actor import Actor
from services.kit.domain import OutcomeKind
from services.kit.http import required_actor


class OutcomeRecord(BaseModel):
    job_id: str = Field(min_length=1, max_length=64)
    talent_id: str = Field(min_length=1, max_length=64)
    kind: OutcomeKind
    industry: str | None = None


def router(service: AnalyticsService) -> APIRouter:
    r = APIRouter(prefix="/internal/v1")

    @r.post("/outcomes", status_code=201)
    def record(body: OutcomeRecord, who: Actor = Depends(required_actor)) -> dict:
        return service.record_outcome(who, body.job_id, body.talent_id, body.kind, body.industry)

    @r.get("/funnel")
    def funnel() -> dict:
        return service.funnel()

    return r
