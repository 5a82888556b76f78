"""Vacancies: post, read, change, delete, list; ranked candidates for one vacancy."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from gateway.deps import actor, optional_actor, require, runtime
from services.jobs.schemas import JobIn, JobPatch
from services.kit.actor import Actor
from services.kit.errors import Unauthorized

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.post("", status_code=201)
def post_job(body: JobIn, who: Actor = Depends(require("enterprise")), rt=Depends(runtime)) -> dict:
    return rt.jobs.create(who, body)


@router.get("")
def list_jobs(industry: str | None = Query(None, max_length=32), q: str | None = Query(None, max_length=100),
              mine: bool = False, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0),
              who: Actor | None = Depends(optional_actor), rt=Depends(runtime)) -> dict:
    if mine:
        if who is None:
            raise Unauthorized("mine=true needs a signed-in enterprise / 请先登录企业账号")
        return rt.jobs.list_mine(who)
    return rt.jobs.list_open(industry=industry, q=q, limit=limit, offset=offset)


@router.get("/{job_id}")
def get_job(job_id: str, who: Actor | None = Depends(optional_actor), rt=Depends(runtime)) -> dict:
    return rt.jobs.get(job_id, who)


@router.patch("/{job_id}")
def patch_job(job_id: str, body: JobPatch, who: Actor = Depends(actor), rt=Depends(runtime)) -> dict:
    return rt.jobs.update(job_id, who, body)


@router.delete("/{job_id}", status_code=204)
def delete_job(job_id: str, who: Actor = Depends(actor), rt=Depends(runtime)) -> Response:
    rt.jobs.delete(job_id, who)
    return Response(status_code=204)


@router.get("/{job_id}/matches")
def job_matches(job_id: str, k: int = Query(10, ge=1, le=100), who: Actor = Depends(actor), rt=Depends(runtime)) -> dict:
    job = rt.jobs.check_owner(job_id, who)
    return {"items": rt.matches.for_job(job_id, job["revision"], k)}
