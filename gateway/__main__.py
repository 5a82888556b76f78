"""`python -m gateway`: the public API on HUILIU_PORT.

With HUILIU_BUS=memory (the default) the whole system runs in this one process (embedded
mode); with HUILIU_BUS=kafka the gateway reaches the separate services (distributed mode).
"""
from __future__ import annotations

import logging

import uvicorn

from gateway.app import create_app
from services.kit.config import DEV_ADMIN_TOKEN, Settings
from services.kit.logging import setup_logging


def main() -> None:
    settings = Settings()
    setup_logging(settings.log_level)
    log = logging.getLogger("gateway")
    if settings.admin_token == DEV_ADMIN_TOKEN:
        log.warning(f"development admin token in use: {DEV_ADMIN_TOKEN} (set HUILIU_ADMIN_TOKEN in production)")
    if settings.bus == "memory":
        from gateway.embedded import EmbeddedRuntime

        runtime = EmbeddedRuntime(settings)
        mode = f"embedded, data in {settings.data_dir.resolve()}"
    else:
        from gateway.remote import RemoteRuntime

        runtime = RemoteRuntime(settings)
        mode = "distributed"
    log.info(f"Huiliu 回流 starting on http://{settings.host}:{settings.port} ({mode})")
    uvicorn.run(create_app(runtime), host=settings.host, port=settings.port, log_level="warning", timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
