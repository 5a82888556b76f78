"""`python -m services.analytics`: outcomes and the funnel as their own process."""
from __future__ import annotations

from services.analytics import api
from services.analytics.handlers import AnalyticsHandlers
from services.analytics.service import AnalyticsService
from services.kit.config import Settings
from services.kit.process import serve, store_service


def main() -> None:
    settings = Settings()

    def wire(db, bus):
        service = AnalyticsService(db, bus)
        AnalyticsHandlers(service, bus).register()
        return [api.router(service)]

    serve(store_service("analytics", settings, wire), settings, settings.analytics_url, "analytics")
