"""HTTP between the gateway and the services (distributed mode).

Server side: ``service_app`` builds a service's internal FastAPI app with the project's
error rendering, /healthz, /readyz and /metrics, and a shared-secret check.  The acting
account travels in a header the gateway sets after authenticating the caller.

Client side: ``ServiceClient`` wraps httpx with timeouts, retries only for idempotent
requests, and turns error answers back into the same AppError the service raised, and
an unreachable service into a clear 503.
"""
from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.kit.actor import Actor
from services.kit.errors import AppError, Forbidden, NotFound, Unauthorized, Unavailable, ValidationFailed

log = logging.getLogger(__name__)
ACTOR_HEADER = "X-Huiliu-Actor"
TOKEN_HEADER = "X-Huiliu-Internal-Token"
IDEMPOTENT = {"GET", "PUT", "DELETE", "HEAD"}


def actor_header(actor: Actor | None) -> dict[str, str]:
    return {ACTOR_HEADER: f"{actor.id}:{actor.role}"} if actor else {}


def parse_actor(value: str | None) -> Actor | None:
    if not value:
        return None
    id_, _, role = value.partition(":")
    if role not in ("seeker", "enterprise", "admin") or not id_:
        raise Unauthorized("malformed actor header")
    return Actor(id=id_, role=role)  # type: ignore[arg-type]


def service_app(title: str, internal_token: str, ready: Callable[[], dict[str, Any]], lifespan=None) -> FastAPI:
    """A service's internal app; add its routes with ``app.include_router``."""
    app = FastAPI(title=title, lifespan=lifespan)

    @app.middleware("http")
    async def check_token(request: Request, call_next):
        if request.url.path.startswith("/internal/"):
            given = request.headers.get(TOKEN_HEADER, "")
            if not hmac.compare_digest(given, internal_token):
                return JSONResponse(Unauthorized("internal token missing or wrong").to_dict(), status_code=401)
        return await call_next(request)

    @app.exception_handler(AppError)
    async def app_error(_request: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        e = exc.errors()[0]
        field = ".".join(str(p) for p in e["loc"] if p not in ("body", "query", "path"))
        msg = e["msg"].removeprefix("Value error, ")
        return JSONResponse(ValidationFailed(f"{field}: {msg}", field=field).to_dict(), status_code=422)

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> JSONResponse:
        status = ready()
        return JSONResponse(status, status_code=200 if status.get("ready") else 503)

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def current_actor(x_huiliu_actor: str | None = Header(None)) -> Actor | None:
    """FastAPI dependency: the actor the gateway vouches for (None for anonymous reads)."""
    return parse_actor(x_huiliu_actor)


def required_actor(x_huiliu_actor: str | None = Header(None)) -> Actor:
    actor = parse_actor(x_huiliu_actor)
    if actor is None:
        raise Unauthorized("sign in first / 请先登录")
    return actor


_ERRORS = {401: Unauthorized, 403: Forbidden, 404: NotFound, 422: ValidationFailed, 503: Unavailable}


class ServiceClient:
    """A small httpx client for one service, shared by the gateway's request threads."""

    def __init__(self, name: str, base_url: str, internal_token: str, *, timeout: float = 10.0, retries: int = 2) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self._http = httpx.Client(base_url=self.base_url, timeout=httpx.Timeout(timeout, connect=3.0),
                                  headers={TOKEN_HEADER: internal_token})

    def request(self, method: str, path: str, *, actor: Actor | None = None, json: Any = None,
                params: dict[str, Any] | None = None, timeout: float | None = None) -> Any:
        attempts = 1 + (self.retries if method in IDEMPOTENT else 0)
        last: Exception | None = None
        for attempt in range(attempts):
            try:
                kwargs: dict[str, Any] = {"headers": actor_header(actor), "json": json, "params": params}
                if timeout is not None:
                    kwargs["timeout"] = timeout
                r = self._http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                # a POST is never retried: the service may have done it before the connection broke
                last = exc
                if attempt + 1 < attempts:
                    time.sleep(0.2 * (attempt + 1))
                continue
            if r.status_code >= 400:
                raise self._error(r)
            return r.json() if r.content else None
        log.warning("service unreachable", extra={"fields": {"service": self.name, "error": str(last)}})
        raise Unavailable(f"{self.name} service unavailable / {self.name} 服务暂不可用")

    def _error(self, r: httpx.Response) -> AppError:
        try:
            detail = r.json()["error"]
            message, field = detail.get("message", r.text), detail.get("field")
        except (ValueError, KeyError, TypeError):
            message, field = r.text or r.reason_phrase, None
        cls = _ERRORS.get(r.status_code, AppError)
        return cls(message, field=field, status=r.status_code)

    def ready(self) -> bool:
        try:
            return self._http.get("/readyz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def close(self) -> None:
        self._http.close()
