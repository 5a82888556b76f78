"""Versioned event schemas and the envelope every bus message travels in.

Keys are entity ids so that one entity's events stay in order on one partition.  Every
payload carries the entity's ``revision`` so that a handler can drop an event older than
what it already holds: at-least-once delivery then never moves state backwards.
"""
from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

# topic names
JOBS = "jobs"
TALENTS = "talents"
VECTORS = "vectors"
MATCHES = "matches"
OUTCOMES = "outcomes"
DEAD_LETTER = "deadletter"
TOPICS = (JOBS, TALENTS, VECTORS, MATCHES, OUTCOMES, DEAD_LETTER)


class BadMessage(Exception):
    """A message that cannot be decoded or does not match its schema (goes to dead-letter)."""


def now() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    type: str
    version: int = 1
    key: str
    time: datetime = Field(default_factory=now)
    payload: dict[str, Any]

    def encode(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def decode(cls, raw: bytes) -> Envelope:
        try:
            return cls.model_validate_json(raw)
        except ValidationError as exc:
            raise BadMessage(f"not a Huiliu envelope: {exc.errors()[0]['msg']}") from exc


# payloads ------------------------------------------------------------------------------


class JobChanged(BaseModel):
    """``job.upserted`` (full snapshot) and ``job.removed`` (id and revision only)."""

    id: str
    revision: int
    job: dict[str, Any] | None = None


class TalentChanged(BaseModel):
    """``talent.upserted`` (full snapshot) and ``talent.removed`` (erasure: id only)."""

    id: str
    revision: int
    talent: dict[str, Any] | None = None


class VectorChanged(BaseModel):
    """``vector.upserted``: the entity snapshot with its two vectors; ``vector.removed``."""

    kind: Literal["job", "talent"]
    id: str
    revision: int
    model: str | None = None
    entity: dict[str, Any] | None = None
    query: list[float] | None = None
    passage: list[float] | None = None


class MatchCreated(BaseModel):
    """``match.created``: a new entry in someone's top-k, addressed to one audience."""

    audience: Literal["talent", "job"]
    job_id: str
    talent_id: str
    owner_id: str | None = None  # the enterprise that owns the job (webhooks)
    score: float
    item: dict[str, Any]


class OutcomeRecorded(BaseModel):
    id: str
    job_id: str
    talent_id: str
    kind: str
    actor: Literal["seeker", "enterprise", "admin"]


class DeadLetter(BaseModel):
    """``deadletter``: a message that could not be processed, with why and the original."""

    topic: str
    error: str
    original: str


PAYLOADS: dict[str, type[BaseModel]] = {
    "deadletter": DeadLetter,
    "job.upserted": JobChanged,
    "job.removed": JobChanged,
    "talent.upserted": TalentChanged,
    "talent.removed": TalentChanged,
    "vector.upserted": VectorChanged,
    "vector.removed": VectorChanged,
    "match.created": MatchCreated,
    "outcome.recorded": OutcomeRecorded,
}
SUPPORTED_VERSION = 1


def make(event_type: str, key: str, payload: BaseModel) -> Envelope:
    return Envelope(type=event_type, key=key, payload=payload.model_dump(mode="json"))


def parse(envelope: Envelope) -> BaseModel:
    """The typed payload of an envelope; BadMessage if unknown type, version or shape."""
    model = PAYLOADS.get(envelope.type)
    if model is None:
        raise BadMessage(f"unknown event type {envelope.type!r}")
    if envelope.version > SUPPORTED_VERSION:
        raise BadMessage(f"event version {envelope.version} of {envelope.type} is newer than supported")
    try:
        return model.model_validate(envelope.payload)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise BadMessage(f"{envelope.type}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from exc


def dead_letter(topic: str, raw: bytes, error: str, key: str | None) -> Envelope:
    """The dead-letter record: where it came from, why it failed, and the original bytes."""
    return make("deadletter", key or "unknown", DeadLetter(topic=topic, error=error, original=raw.decode("utf-8", "replace")))


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)
