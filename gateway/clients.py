"""HTTP clients for the services, with the same methods as the in-process services, so the
routes serve both modes unchanged."""
from __future__ import annotations

from typing import Any

from services.jobs.schemas import JobIn, JobPatch
from services.kit.actor import Actor
from services.kit.http import ServiceClient
from services.talent.schemas import TalentIn


class JobsClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    def create(self, actor: Actor, data: JobIn) -> dict[str, Any]:
        return self.http.request("POST", "/internal/v1/jobs", actor=actor, json=data.model_dump(mode="json"))

    def get(self, job_id: str, actor: Actor | None) -> dict[str, Any]:
        return self.http.request("GET", f"/internal/v1/jobs/{job_id}", actor=actor)

    def check_owner(self, job_id: str, actor: Actor) -> dict[str, Any]:
        return self.http.request("GET", f"/internal/v1/jobs/{job_id}/managed", actor=actor)

    def update(self, job_id: str, actor: Actor, patch: JobPatch) -> dict[str, Any]:
        body = patch.model_dump(mode="json", exclude_unset=True)
        return self.http.request("PATCH", f"/internal/v1/jobs/{job_id}", actor=actor, json=body)

    def delete(self, job_id: str, actor: Actor) -> None:
        self.http.request("DELETE", f"/internal/v1/jobs/{job_id}", actor=actor)

    def list_open(self, *, industry: str | None = None, q: str | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        params = {k: v for k, v in {"industry": industry, "q": q, "limit": limit, "offset": offset}.items() if v is not None}
        return self.http.request("GET", "/internal/v1/jobs", params=params)

    def list_mine(self, actor: Actor) -> dict[str, Any]:
        return self.http.request("GET", "/internal/v1/jobs/mine", actor=actor)


class TalentClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    def put(self, actor: Actor, data: TalentIn) -> dict[str, Any]:
        return self.http.request("PUT", "/internal/v1/talents/me", actor=actor, json=data.model_dump(mode="json"))

    def get_mine(self, actor: Actor) -> dict[str, Any]:
        return self.http.request("GET", "/internal/v1/talents/me", actor=actor)

    def get(self, talent_id: str) -> dict[str, Any]:
        return self.http.request("GET", f"/internal/v1/talents/{talent_id}")

    def delete_mine(self, actor: Actor) -> None:
        self.http.request("DELETE", "/internal/v1/talents/me", actor=actor)


class AnalyticsClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    def record_outcome(self, actor: Actor, job_id: str, talent_id: str, kind: str, industry: str | None) -> dict[str, Any]:
        body = {"job_id": job_id, "talent_id": talent_id, "kind": kind, "industry": industry}
        return self.http.request("POST", "/internal/v1/outcomes", actor=actor, json=body)

    def funnel(self) -> dict[str, Any]:
        return self.http.request("GET", "/internal/v1/funnel")
