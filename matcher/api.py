"""The matcher's internal HTTP API (distributed mode): matches for a talent or a job, once
the matcher holds the revision the caller saved."""
from __future__ import annotations

from fastapi import APIRouter, Query

from matcher.service import MatchService
from services.kit.errors import Unavailable

WAIT_SECONDS = 15.0


def router(service: MatchService) -> APIRouter:
    r = APIRouter(prefix="/internal/v1")

    def wait(kind: str, id_: str, revision: int) -> None:
        if not service.wait_for(kind, id_, revision, WAIT_SECONDS):
            raise Unavailable("still being processed, retry in a few seconds / 正在处理，请几秒后重试")

    @r.get("/talents/{talent_id}/matches")
    def talent_matches(talent_id: str, k: int = Query(10, ge=1, le=100), revision: int = Query(0, ge=0)) -> dict:
        if not service.owns_talent(talent_id):
            return {"items": service.matches_for_talent(talent_id, k)}  # raises "another shard" (404)
        wait("talent", talent_id, revision)
        return {"items": service.matches_for_talent(talent_id, k)}

    @r.get("/jobs/{job_id}/matches")
    def job_matches(job_id: str, k: int = Query(10, ge=1, le=100), revision: int = Query(0, ge=0)) -> dict:
        wait("job", job_id, revision)
        return {"items": service.matches_for_job(job_id, k)}

    @r.get("/stats")
    def stats() -> dict:
        return service.stats()

    return r
