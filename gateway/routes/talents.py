"""A seeker's own profile and matches."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from gateway.deps import require, runtime
from services.kit.actor import Actor
from services.talent.schemas import TalentIn

router = APIRouter(prefix="/api/v1/talents", tags=["talents"])
seeker = require("seeker")


@router.put("/me")
def put_profile(body: TalentIn, who: Actor = Depends(seeker), rt=Depends(runtime)) -> dict:
    return rt.talent.put(who, body)


@router.get("/me")
def get_profile(who: Actor = Depends(seeker), rt=Depends(runtime)) -> dict:
    return rt.talent.get_mine(who)


@router.delete("/me", status_code=204)
def delete_profile(who: Actor = Depends(seeker), rt=Depends(runtime)) -> Response:
    rt.talent.delete_mine(who)
    return Response(status_code=204)


@router.get("/me/matches")
def my_matches(k: int = Query(10, ge=1, le=100), who: Actor = Depends(seeker), rt=Depends(runtime)) -> dict:
    profile = rt.talent.get_mine(who)
    return {"items": rt.matches.for_talent(profile["id"], profile["revision"], k)}
