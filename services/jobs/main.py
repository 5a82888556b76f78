"""`python -m services.jobs`: the jobs service as its own process."""
from __future__ import annotations

from services.jobs import api
from services.jobs.service import JobsService
from services.kit.config import Settings
from services.kit.process import serve, store_service


def main() -> None:
    settings = Settings()
    app = store_service("jobs", settings, lambda db, bus: [api.router(JobsService(db, bus, settings))])
    serve(app, settings, settings.jobs_url, "jobs")
