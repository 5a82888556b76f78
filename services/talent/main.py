"""`python -m services.talent`: the talent service as its own process."""
from __future__ import annotations

from services.kit.config import Settings
from services.kit.process import serve, store_service
from services.talent import api
from services.talent.service import TalentService


def main() -> None:
    settings = Settings()
    app = store_service("talent", settings, lambda db, bus: [api.router(TalentService(db, bus, settings))])
    serve(app, settings, settings.talent_url, "talent")
