"""Fixtures shared by every test package (the real Kafka broker and PostgreSQL cluster)."""
from tests.fixtures.infra import kafka, postgres  # noqa: F401 - pytest fixtures
