"""POST /api/v1/outcomes: viewed / saved / applied / interviewed / hired / rejected."""
from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from gateway.deps import actor, runtime
from services.kit.actor import Actor
from services.kit.domain import OutcomeKind
from services.kit.errors import Forbidden

router = APIRouter(prefix="/api/v1", tags=["outcomes"])


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    job_id: str = Field(min_length=1, max_length=64)
    talent_id: str = Field(min_length=1, max_length=64)
    kind: OutcomeKind


@router.post("/outcomes", status_code=201)
def post_outcome(body: OutcomeIn, who: Actor = Depends(actor), rt=Depends(runtime)) -> dict:
    # a seeker reports on their own profile, an enterprise on its own vacancy
    if who.role == "seeker":
        if rt.talent.get_mine(who)["id"] != body.talent_id:
            raise Forbidden("you can only report outcomes for your own profile / 只能记录本人的求职结果")
        job = rt.jobs.get(body.job_id, who)
    else:
        job = rt.jobs.check_owner(body.job_id, who)
        rt.talent.get(body.talent_id)
    return rt.analytics.record_outcome(who, body.job_id, body.talent_id, body.kind, job.get("industry"))
