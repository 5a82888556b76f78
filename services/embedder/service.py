"""EmbedderService: job and talent events in, ``vector.*`` events out.

Each entity gets a passage vector (what is searched) and a query vector (to search the
other side).  Work is done in batches because the model is several times faster per text
in a batch than one by one.
"""
from __future__ import annotations

import logging
from typing import Any

from matcher.embedding.base import Embedder
from services.embedder.texts import job_text, talent_text
from services.kit import events
from services.kit.events import Envelope, JobChanged, TalentChanged, VectorChanged

log = logging.getLogger(__name__)


class EmbedderService:
    def __init__(self, embedder: Embedder, industry_labels: dict[str, str]) -> None:
        self.embedder = embedder
        self.labels = industry_labels

    def vectors_for(self, envelopes: list[Envelope]) -> list[Envelope]:
        """The vector events for a batch of job/talent events, in the same order."""
        todo: list[tuple[int, str, str, int, dict[str, Any], str]] = []
        out: list[Envelope | None] = [None] * len(envelopes)
        for i, env in enumerate(envelopes):
            ev = events.parse(env)
            if isinstance(ev, JobChanged):
                kind, entity = "job", ev.job
                active = entity is not None and entity.get("status", "open") == "open"
                text = job_text(entity, self.labels) if active else ""
            elif isinstance(ev, TalentChanged):
                kind, entity = "talent", ev.talent
                active = entity is not None
                text = talent_text(entity, self.labels) if active else ""
            else:
                raise events.BadMessage(f"embedder cannot handle {env.type}")
            if entity is None:
                out[i] = events.make("vector.removed", ev.id, VectorChanged(kind=kind, id=ev.id, revision=ev.revision))
            elif not active:
                # closed or filled: forward the snapshot without vectors so the matcher drops it
                out[i] = events.make("vector.upserted", ev.id, VectorChanged(kind=kind, id=ev.id, revision=ev.revision, entity=entity))
            else:
                todo.append((i, kind, ev.id, ev.revision, entity, text))
        if todo:
            texts = [t[5] for t in todo]
            queries = self.embedder.encode_queries(texts)
            passages = self.embedder.encode_documents(texts)
            for (i, kind, id_, revision, entity, _), q, p in zip(todo, queries, passages, strict=True):
                out[i] = events.make("vector.upserted", id_, VectorChanged(
                    kind=kind, id=id_, revision=revision, model=self.embedder.name, entity=entity,
                    query=q.tolist(), passage=p.tolist()))
        return [o for o in out if o is not None]
