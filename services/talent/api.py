"""The talent service's internal HTTP API (distributed mode)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from services.kit.actor import Actor
from services.kit.http import required_actor
from services.talent.schemas import TalentIn
from services.talent.service import TalentService


def router(service: TalentService) -> APIRouter:
    r = APIRouter(prefix="/internal/v1/talents")

    @r.put("/me")
    def put(body: TalentIn, who: Actor = Depends(required_actor)) -> dict:
        return service.put(who, body)

    @r.get("/me")
    def get_mine(who: Actor = Depends(required_actor)) -> dict:
        return service.get_mine(who)

    @r.delete("/me", status_code=204)
    def delete_mine(who: Actor = Depends(required_actor)) -> Response:
        service.delete_mine(who)
        return Response(status_code=204)

    @r.get("/{talent_id}")
    def get(talent_id: str) -> dict:
        return service.get(talent_id)

    return r
