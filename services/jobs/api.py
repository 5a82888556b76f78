"""The jobs service's internal HTTP API (distributed mode): the gateway calls it with the
acting account in a header, after authenticating the caller."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from services.jobs.schemas import JobIn, JobPatch
from services.jobs.service import JobsService
from services.kit.actor import Actor
from services.kit.http import current_actor, required_actor


def router(service: JobsService) -> APIRouter:
    r = APIRouter(prefix="/internal/v1/jobs")

    @r.post("", status_code=201)
    def create(body: JobIn, who: Actor = Depends(required_actor)) -> dict:
        return service.create(who, body)

    @r.get("")
    def list_open(industry: str | None = None, q: str | None = None, limit: int = Query(20, ge=1, le=100),
                  offset: int = Query(0, ge=0)) -> dict:
        return service.list_open(industry=industry, q=q, limit=limit, offset=offset)

    @r.get("/mine")
    def list_mine(who: Actor = Depends(required_actor)) -> dict:
        return service.list_mine(who)

    @r.get("/{job_id}")
    def get(job_id: str, who: Actor | None = Depends(current_actor)) -> dict:
        return service.get(job_id, who)

    @r.get("/{job_id}/managed")
    def managed(job_id: str, who: Actor = Depends(required_actor)) -> dict:
        return service.check_owner(job_id, who)

    @r.patch("/{job_id}")
    def update(job_id: str, body: JobPatch, who: Actor = Depends(required_actor)) -> dict:
        return service.update(job_id, who, body)

    @r.delete("/{job_id}", status_code=204)
    def delete(job_id: str, who: Actor = Depends(required_actor)) -> Response:
        service.delete(job_id, who)
        return Response(status_code=204)

    return r
