"""Server-Sent Events: new matches pushed live (event name ``match``).

On connect the client first receives an event ``ready`` so it knows it is subscribed;
every ``match`` event's data is one match, shaped as in the matches lists.
"""
from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from sse_starlette.sse import EventSourceResponse

from gateway.deps import actor, require, runtime
from services.kit.actor import Actor

router = APIRouter(prefix="/api/v1", tags=["push"])
PING_SECONDS = 15


def _stream(request: Request, channel: str) -> EventSourceResponse:
    hub = request.app.state.runtime.push

    async def events():
        sub = hub.subscribe(channel)  # here, on the event loop that will read the queue
        try:
            yield {"event": "ready", "data": json.dumps({"channel": channel})}
            while True:
                data = await sub[1].get()
                yield {"event": "match", "data": json.dumps(data, ensure_ascii=False)}
        finally:
            hub.unsubscribe(channel, sub)

    return EventSourceResponse(events(), ping=PING_SECONDS)


@router.get("/talents/me/stream")
def talent_stream(request: Request, who: Actor = Depends(require("seeker")), rt=Depends(runtime)) -> EventSourceResponse:
    profile = rt.talent.get_mine(who)
    return _stream(request, f"talent:{profile['id']}")


@router.get("/jobs/{job_id}/stream")
def job_stream(job_id: str, request: Request, who: Actor = Depends(actor), rt=Depends(runtime)) -> EventSourceResponse:
    rt.jobs.check_owner(job_id, who)
    return _stream(request, f"job:{job_id}")
