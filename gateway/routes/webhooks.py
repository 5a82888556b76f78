"""An enterprise's webhook: where new candidates are POSTed, signed (see gateway/webhooks.py)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from gateway.deps import require, runtime
from gateway.webhooks import WebhookIn
from services.kit.actor import Actor

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])
enterprise = require("enterprise")


@router.put("/me")
def put_webhook(body: WebhookIn, who: Actor = Depends(enterprise), rt=Depends(runtime)) -> dict:
    return rt.webhooks.put(who, body)


@router.get("/me")
def get_webhook(who: Actor = Depends(enterprise), rt=Depends(runtime)) -> dict:
    return rt.webhooks.get(who)


@router.delete("/me", status_code=204)
def delete_webhook(who: Actor = Depends(enterprise), rt=Depends(runtime)) -> Response:
    rt.webhooks.delete(who)
    return Response(status_code=204)


@router.get("/me/deliveries")
def deliveries(limit: int = Query(50, ge=1, le=500), who: Actor = Depends(enterprise), rt=Depends(runtime)) -> dict:
    return {"items": rt.webhooks.deliveries(who, limit)}
