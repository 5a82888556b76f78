"""Reading the outcome log and the matcher's entity snapshots from the store (SQLite or PostgreSQL).

Outcomes come from the analytics table (``OutcomeRow``), snapshots and vectors from the
matcher's own table (``MatchEntityRow``, through ``MatchRepository``) — ORM queries only,
so the same code reads both databases.  Things to know about what is read:

- a snapshot is the entity's *latest* revision, not the one a person saw when they acted;
- a vacancy that was filled or closed keeps its snapshot but loses its vectors (the matcher
  drops it from the index), and filled vacancies are where the hires are: their vectors are
  encoded again from the snapshot with the configured embedder (the same text the embedder
  service builds), unless ``embed=False``, in which case such pairs are dropped and counted;
- a talent who deleted their account has no snapshot and no outcomes left (both are erased).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from matcher.learning.examples import Pair
from matcher.learning.labels import Example, Outcome
from matcher.repository import MatchRepository, from_blob
from services.kit.store.db import Database
from services.kit.store.models import MatchEntityRow, OutcomeRow

log = logging.getLogger(__name__)


class StoreUnreadable(RuntimeError):
    """The store cannot be read (not reachable, or not a Huiliu store)."""


@dataclass
class Snapshot:
    kind: str
    id: str
    revision: int
    entity: dict[str, Any]
    query: np.ndarray | None
    passage: np.ndarray | None


@dataclass
class Resolved:
    pairs: list[Pair]
    dropped: dict[str, int] = field(default_factory=dict)
    reencoded: int = 0


def read_outcomes(db: Database) -> list[Outcome]:
    try:
        with db.session() as s:
            rows = s.scalars(select(OutcomeRow).order_by(OutcomeRow.created_at, OutcomeRow.id)).all()
            return [Outcome(r.job_id, r.talent_id, r.kind, r.actor, r.created_at, r.id) for r in rows]
    except SQLAlchemyError as exc:
        raise StoreUnreadable(f"cannot read outcomes from the store: {_first_line(exc)}") from exc


def _first_line(exc: Exception) -> str:
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{exc.__class__.__name__}: {first} (is it a Huiliu store at the current schema? starting Huiliu migrates it)"


def read_snapshots(db: Database) -> dict[str, dict[str, Snapshot]]:
    """``{"job": {id: Snapshot}, "talent": {...}}`` over every matcher shard, newest revision first
    (a revision with vectors wins a tie: shards hold the same jobs)."""
    out: dict[str, dict[str, Snapshot]] = {"job": {}, "talent": {}}
    try:
        with db.session() as s:
            shards = s.scalars(select(MatchEntityRow.shard).distinct().order_by(MatchEntityRow.shard)).all()
            repo = MatchRepository(s)
            for shard in shards:
                for row in repo.all_entities(shard):
                    snap = Snapshot(row.kind, row.id, row.revision, dict(row.entity or {}), from_blob(row.query), from_blob(row.passage))
                    held = out.setdefault(row.kind, {}).get(row.id)
                    if held is None or (snap.revision, snap.passage is not None) > (held.revision, held.passage is not None):
                        out[row.kind][row.id] = snap
    except SQLAlchemyError as exc:
        raise StoreUnreadable(f"cannot read the matcher's snapshots from the store: {_first_line(exc)}") from exc
    return out


Encoder = Callable[[str, dict[str, Any]], tuple[np.ndarray, np.ndarray]]  # (kind, entity) -> (query, passage)


def resolve(examples: list[Example], snapshots: dict[str, dict[str, Snapshot]], encode: Encoder | None) -> Resolved:
    """Attach snapshots and the cosine to each example (module docstring for what is dropped)."""
    result = Resolved([])

    def drop(reason: str) -> None:
        result.dropped[reason] = result.dropped.get(reason, 0) + 1

    for e in examples:
        job, talent = snapshots["job"].get(e.job_id), snapshots["talent"].get(e.talent_id)
        if job is None or not job.entity:
            drop("job unknown to the matcher")
            continue
        if talent is None or not talent.entity:
            drop("talent unknown to the matcher or deleted")
            continue
        for snap in (job, talent):
            if snap.query is None or snap.passage is None:
                if encode is None:
                    break
                snap.query, snap.passage = encode(snap.kind, snap.entity)
                result.reencoded += 1
        if job.query is None or talent.query is None:
            drop("no vectors (filled or closed) and re-encoding off")
            continue
        q, p = (talent.query, job.passage) if e.direction == "talent_to_jobs" else (job.query, talent.passage)
        if q.shape != p.shape:
            drop("vectors of different models")
            continue
        result.pairs.append(Pair(e, job.entity, talent.entity, float(np.dot(q, p))))
    return result


def embedder_encoder(model: str | None, industry_labels: dict[str, str], batch_size: int = 32) -> Encoder:
    """Encode a snapshot as the embedder service does (its text, "query:" and "passage:" vectors); the
    model is loaded on first use only."""
    from matcher.embedding.factory import load_embedder
    from matcher.evaluation.methods import make_side

    loaded = []

    def encode(kind: str, entity: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        if not loaded:
            loaded.append(load_embedder(model, batch_size))
        text = make_side(kind, [{**entity, "id": entity.get("id", "")}], industry_labels).texts[0]
        return (np.asarray(loaded[0].encode_queries([text])[0], dtype=np.float32),
                np.asarray(loaded[0].encode_documents([text])[0], dtype=np.float32))

    return encode
