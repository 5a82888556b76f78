"""`python -m gateway`: the whole system in one process (embedded mode) on HUILIU_PORT."""
from __future__ import annotations

import logging

import uvicorn

from gateway.app import create_app
from gateway.embedded import EmbeddedRuntime
from services.kit.config import DEV_ADMIN_TOKEN, Settings
from services.kit.logging import setup_logging


def main() -> None:
    settings = Settings()
    setup_logging(settings.log_level)
    log = logging.getLogger("gateway")
    if settings.admin_token == DEV_ADMIN_TOKEN:
        log.warning(f"development admin token in use: {DEV_ADMIN_TOKEN} (set HUILIU_ADMIN_TOKEN in production)")
    log.info(f"Huiliu 回流 starting on http://{settings.host}:{settings.port} (data in {settings.data_dir.resolve()})")
    app = create_app(EmbeddedRuntime(settings))
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
