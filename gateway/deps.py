"""Request dependencies: the runtime (503 until ready) and the acting account."""
from __future__ import annotations

from fastapi import Request

from services.kit.actor import Actor
from services.kit.errors import Forbidden, Unauthorized, Unavailable


def runtime(request: Request):
    rt = request.app.state.runtime
    if not rt.ready.is_set():
        raise Unavailable("service is starting, model and indexes not loaded yet / 服务启动中，请稍后重试")
    return rt


def optional_actor(request: Request) -> Actor | None:
    header = request.headers.get("authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization must be 'Bearer <token>' / 认证头格式应为 Bearer <token>")
    return request.app.state.runtime.accounts.authenticate(token.strip())


def actor(request: Request) -> Actor:
    found = optional_actor(request)
    if found is None:
        raise Unauthorized("sign in first: Authorization: Bearer <token> / 请先登录")
    return found


def require(role: str):
    def check(request: Request) -> Actor:
        a = actor(request)
        if a.role != role and not a.is_admin:
            labels = {"seeker": "求职者", "enterprise": "企业"}
            raise Forbidden(f"this needs a {role} account / 需要{labels.get(role, role)}账号")
        return a
    return check
