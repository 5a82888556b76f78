"""Admin figures: supply and demand per industry, the natives' return funnel, outcomes."""
from __future__ import annotations

from fastapi import APIRouter, Depends

from gateway.deps import actor, runtime
from services.kit.actor import Actor
from services.kit.errors import Forbidden

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


@router.get("/stats")
def stats(who: Actor = Depends(actor), rt=Depends(runtime)) -> dict:
    if not who.is_admin:
        raise Forbidden("admins only / 仅管理员可查看")
    return {"city": rt.settings.city_name, "industries": rt.settings.industries,
            "supply_demand": rt.matches.stats(), "funnel": rt.analytics.funnel()}
