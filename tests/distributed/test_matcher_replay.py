"""The matcher is at-least-once with idempotent handling (it writes to its database as well
as publishing matches, so no Kafka transaction covers it). A crash between its database
write and the publish makes the vector event come again: the replay must still publish the
matches that were not recorded as pushed, and never re-send those that were.

On the real PostgreSQL, in a schema of its own; the matcher built as its process builds it.
"""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from matcher.embedding.fake import HashingEmbedder
from matcher.handlers import MatcherHandlers
from matcher.main import build
from services.embedder.service import EmbedderService
from services.kit import events
from services.kit.bus.memory import MemoryBus
from services.kit.config import Settings
from services.kit.events import Envelope, JobChanged, TalentChanged
from tests.fixtures.api import job_body, talent_body


@pytest.fixture
def settings(postgres, tmp_path):
    schema = f"replay_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(postgres.url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield Settings(env="test", data_dir=tmp_path, database_url=f"{postgres.url}?options=-csearch_path%3D{schema}",
                   embed_dim=256, score_threshold=0.0)
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def vector_events(*changes: Envelope) -> list[Envelope]:
    return EmbedderService(HashingEmbedder(), {"new_energy": "新能源"}).vectors_for(list(changes))


def started(settings: Settings, bus: MemoryBus):
    service = build(settings)
    service.db.create_all()
    service.open()  # what a restarted matcher does: entities from the table, indexes from the files
    return service, MatcherHandlers(service, bus)


class Crash(Exception):
    pass


def pushed_pairs(bus: MemoryBus) -> list[tuple[str, str, str]]:
    return [(m.payload["audience"], m.payload["job_id"], m.payload["talent_id"]) for m in bus.messages(events.MATCHES)]


def test_a_replayed_vector_event_publishes_the_pushes_a_crash_lost_and_no_others(settings):
    talents = [TalentChanged(id=f"t{i}", revision=1, talent={**talent_body(name=f"李{i}"), "id": f"t{i}", "account_id": f"a{i}"})
               for i in range(3)]
    job = JobChanged(id="j1", revision=1, job={**job_body(), "id": "j1", "owner_id": "e1", "status": "open"})
    vectors = vector_events(*(events.make("talent.upserted", t.id, t) for t in talents),
                            events.make("job.upserted", job.id, job))
    talent_vectors, job_vector = vectors[:3], vectors[3]

    first = MemoryBus()
    service, handlers = started(settings, first)
    for v in talent_vectors:
        handlers.on_vector(v)

    def crash(topic, envelope):  # the process dies after apply's database write, before the publish
        raise Crash("killed between the database write and the publish")

    first.publish = crash
    with pytest.raises(Crash):
        handlers.on_vector(job_vector)
    service.checkpoint()
    assert service.revision_of("job", "j1") == 1  # the state was written...
    assert service.unpushed(service.apply(events.parse(job_vector))) != []  # ...its pushes were not

    # restart: the event comes again (its offset was never committed)
    second = MemoryBus()
    service, handlers = started(settings, second)
    handlers.on_vector(job_vector)
    replayed = pushed_pairs(second)
    assert sorted(replayed) == [("talent", "j1", f"t{i}") for i in range(3)]  # every seeker hears of the job

    # once more (e.g. a crash after the publish, before the offset commit): nothing new is sent
    third = MemoryBus()
    service, handlers = started(settings, third)
    handlers.on_vector(job_vector)
    assert pushed_pairs(third) == []

    # and an out-of-date revision changes nothing and pushes nothing
    stale = events.make("vector.upserted", "j1", events.VectorChanged(**{**job_vector.payload, "revision": 0}))
    handlers.on_vector(stale)
    assert pushed_pairs(third) == [] and service.revision_of("job", "j1") == 1
