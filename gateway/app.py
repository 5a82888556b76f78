"""The FastAPI application: routes, error rendering, and the runtime's lifespan.

The runtime starts in a background thread so that /healthz answers at once and /readyz
turns 200 when the model and indexes are loaded.
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from prometheus_client import Counter, Histogram

from gateway.routes import accounts, admin, health, jobs, outcomes, resume, stream, talents, webhooks
from services.kit.errors import AppError

log = logging.getLogger(__name__)
REQUESTS = Counter("huiliu_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("huiliu_http_request_seconds", "HTTP request latency", ["route"])


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts)


def create_app(runtime, *, start_runtime: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if start_runtime:
            threading.Thread(target=_start, args=(runtime,), name="runtime-start", daemon=True).start()
        yield
        runtime.stop()

    app = FastAPI(title="Huiliu 回流", version="1.0", lifespan=lifespan,
                  description="人才与岗位匹配 · talent–job matching for the city's talent office")
    app.state.runtime = runtime

    @app.exception_handler(AppError)
    async def app_error(_request: Request, exc: AppError) -> JSONResponse:
        headers = {"Retry-After": "3"} if exc.status == 503 else None
        return JSONResponse(exc.to_dict(), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": _field(e["loc"]), "message": e["msg"].removeprefix("Value error, ")} for e in exc.errors()]
        first = errors[0]
        return JSONResponse({"error": {"code": "validation_error", "field": first["field"],
                                       "message": f"{first['field']}: {first['message']}", "errors": errors}},
                            status_code=422)

    @app.middleware("http")
    async def count(request: Request, call_next):
        t0 = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        REQUESTS.labels(request.method, path, str(response.status_code)).inc()
        LATENCY.labels(path).observe(time.perf_counter() - t0)
        return response

    for module in (health, accounts, jobs, talents, resume, stream, outcomes, webhooks, admin):
        app.include_router(module.router)
    return app


def _start(runtime) -> None:
    try:
        runtime.start()
    except Exception:  # noqa: BLE001 - reported by /readyz and the log
        log.error("runtime failed to start; /readyz will say why")
