"""MatchService: keeps the jobs and talents indexes, answers top-k, finds matches to push.

No FastAPI and no Kafka in here: handlers.py feeds it events, api.py (or the embedded
gateway) asks it questions.  State lives in three places with one source of truth:
the ``match_entities`` table (durable), an in-memory copy of it (fast reads), and two
vector indexes saved to files (rebuilt from the table whenever they disagree with it).
"""
from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matcher.index.base import IndexError_, VectorIndex
from matcher.ranking.score import RankConfig, eligible_job, eligible_talent_for_enterprise, score_pair
from matcher.repository import MatchRepository, from_blob, to_blob
from matcher.views import job_for_seeker, talent_for_enterprise
from services.kit.errors import NotFound
from services.kit.events import BadMessage, MatchCreated, VectorChanged
from services.kit.store.db import Database
from services.kit.store.models import MatchEntityRow

log = logging.getLogger(__name__)
KINDS = ("job", "talent")


def index_id(entity_id: str) -> int:
    """A stable int64 (>= 0) for a string id, the same in every process."""
    return int.from_bytes(hashlib.blake2b(entity_id.encode(), digest_size=8).digest(), "big") & ((1 << 63) - 1)


@dataclass
class Entry:
    id: str
    index_id: int
    revision: int
    active: bool
    entity: dict[str, Any]
    query: np.ndarray | None


@dataclass(frozen=True)
class MatchSettings:
    recall_n: int = 200
    push_top_k: int = 20
    score_threshold: float = 55.0


class MatchService:
    def __init__(self, db: Database, index_factory: Callable[[int], VectorIndex], index_loader: Callable[[Path, int], VectorIndex],
                 dim: int, index_dir: Path, rank: RankConfig, settings: MatchSettings,
                 owns_talent: Callable[[str], bool] | None = None, shard: int = 0) -> None:
        self.db = db
        self.shard = shard
        # a shard keeps every job but only its own talents (all of them when unsharded)
        self.owns_talent = owns_talent or (lambda _id: True)
        self.dim = dim
        self.index_dir = Path(index_dir)
        self.rank = rank
        self.settings = settings
        self._factory = index_factory
        self._loader = index_loader
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._entries: dict[str, dict[str, Entry]] = {k: {} for k in KINDS}
        self._by_index: dict[str, dict[int, str]] = {k: {} for k in KINDS}
        self.indexes: dict[str, VectorIndex] = {}
        self._dirty = False
        self.ready = False

    # start and checkpoint ----------------------------------------------------------------------

    def open(self) -> dict[str, str]:
        """Load entities from the store and the indexes from disk (rebuilt when stale)."""
        vectors: dict[str, dict[int, np.ndarray]] = {k: {} for k in KINDS}
        with self.db.session() as s:
            for row in MatchRepository(s).all_entities(self.shard):
                entry = Entry(row.id, row.index_id, row.revision, row.active, row.entity, from_blob(row.query))
                self._entries[row.kind][row.id] = entry
                self._by_index[row.kind][row.index_id] = row.id
                passage = from_blob(row.passage)
                if row.active and passage is not None and passage.shape[0] == self.dim:
                    vectors[row.kind][row.index_id] = passage
        how = {}
        for kind in KINDS:
            path = self.index_dir / f"{kind}s.index"
            want = set(vectors[kind])
            index = None
            if path.exists():
                try:
                    index = self._loader(path, self.dim)
                    if set(index.ids().tolist()) != want:
                        log.warning("index stale, rebuilding", extra={"fields": {"kind": kind}})
                        index, how[kind] = None, "rebuilt (stale file)"
                    else:
                        how[kind] = "loaded"
                except IndexError_ as exc:
                    log.warning("index unreadable, rebuilding", extra={"fields": {"kind": kind, "error": str(exc)}})
                    how[kind] = "rebuilt (unreadable file)"
            if index is None:
                index = self._factory(self.dim)
                if want:
                    ids = np.fromiter(vectors[kind], dtype=np.int64, count=len(want))
                    index.add(ids, np.stack([vectors[kind][i] for i in ids]).astype(np.float32))
                how.setdefault(kind, "built")
                self._dirty = True
            self.indexes[kind] = index
        self.checkpoint()
        self.ready = True
        return how

    def checkpoint(self) -> None:
        """Save the indexes if they changed since the last save."""
        with self._lock:
            if not self._dirty:
                return
            self.index_dir.mkdir(parents=True, exist_ok=True)
            for kind, index in self.indexes.items():
                index.save(self.index_dir / f"{kind}s.index")
            self._dirty = False

    def counts(self) -> dict[str, int]:
        return {f"{k}s": len(self.indexes[k]) for k in KINDS if k in self.indexes}

    # applying events -----------------------------------------------------------------------------

    def apply(self, ev: VectorChanged) -> list[MatchCreated]:
        """Apply a vector event; returns the matches to push (not yet recorded as pushed)."""
        if ev.kind == "talent" and not self.owns_talent(ev.id):
            return []
        for vec in (ev.query, ev.passage):
            if vec is not None and len(vec) != self.dim:
                raise BadMessage(f"vector of dimension {len(vec)} for {ev.kind} {ev.id}; this matcher's indexes have {self.dim}")
        with self._lock:
            current = self._entries[ev.kind].get(ev.id)
            if current is not None and current.revision >= ev.revision:
                return []  # a replay or an out-of-date event: nothing changes
            active = ev.query is not None and ev.passage is not None and ev.entity is not None
            if ev.kind == "job" and active:
                active = eligible_job(ev.entity)
            iid = index_id(ev.id)
            query = np.asarray(ev.query, dtype=np.float32) if active else None
            passage = np.asarray(ev.passage, dtype=np.float32) if active else None
            # a removed talent keeps only a tombstone (id and revision), never their data
            entity = ev.entity if ev.entity is not None else {}
            with self.db.session() as s:
                repo = MatchRepository(s)
                repo.upsert(MatchEntityRow(shard=self.shard, kind=ev.kind, id=ev.id, index_id=iid, revision=ev.revision, active=active,
                                           model=ev.model or "", entity=entity, query=to_blob(query), passage=to_blob(passage)))
                if ev.entity is None:
                    (repo.forget_talent if ev.kind == "talent" else repo.forget_job)(ev.id)
            self._entries[ev.kind][ev.id] = Entry(ev.id, iid, ev.revision, active, entity, query)
            self._by_index[ev.kind][iid] = ev.id
            if active:
                self.indexes[ev.kind].add(np.array([iid], dtype=np.int64), passage[None, :])
            else:
                self.indexes[ev.kind].remove([iid])
            self._dirty = True
            self._changed.notify_all()
        if not active:
            return []
        return self._new_job_matches(ev.id) if ev.kind == "job" else self._new_talent_matches(ev.id)

    def wait_for(self, kind: str, id_: str, revision: int, timeout: float) -> bool:
        """Wait until the matcher holds ``revision`` (or newer) of an entity."""
        with self._changed:
            return self._changed.wait_for(
                lambda: (e := self._entries[kind].get(id_)) is not None and e.revision >= revision, timeout
            )

    def revision_of(self, kind: str, id_: str) -> int | None:
        e = self._entries[kind].get(id_)
        return e.revision if e else None

    # queries ---------------------------------------------------------------------------------------

    def _entry(self, kind: str, id_: str) -> Entry:
        e = self._entries[kind].get(id_)
        if e is None or not e.active or e.query is None:
            what = "job" if kind == "job" else "talent profile"
            raise NotFound(f"{what} is not open for matching / 该{'岗位' if kind == 'job' else '档案'}当前不可匹配", field="id")
        return e

    def _ranked(self, query_kind: str, queries: np.ndarray, n: int) -> list[list[tuple[Entry, float]]]:
        """Recall: for each query row, the top-n entries of the other kind with cosines."""
        target = "talent" if query_kind == "job" else "job"
        index = self.indexes[target]
        if len(index) == 0:
            return [[] for _ in range(len(queries))]
        scores, ids = index.search(queries.astype(np.float32), min(n, len(index)))
        out = []
        with self._lock:
            for srow, irow in zip(scores, ids, strict=True):
                hits = []
                for s, i in zip(srow, irow, strict=True):
                    eid = self._by_index[target].get(int(i)) if i >= 0 else None
                    if eid is not None and (e := self._entries[target].get(eid)) is not None and e.active:
                        hits.append((e, float(s)))
                out.append(hits)
        return out

    def _rerank_jobs(self, talent: Entry, hits: list[tuple[Entry, float]], k: int) -> list[dict[str, Any]]:
        scored = []
        for job, cos in hits:
            if not eligible_job(job.entity):
                continue
            r = score_pair(job.entity, talent.entity, cos, self.rank)
            scored.append({"job": job_for_seeker(job.entity), "score": r.score, "explanation": r.explanation, "parts": r.parts})
        scored.sort(key=lambda m: (-m["score"], m["job"]["id"]))
        return scored[:k]

    def _rerank_talents(self, job: Entry, hits: list[tuple[Entry, float]], k: int) -> list[dict[str, Any]]:
        scored = []
        for talent, cos in hits:
            if not eligible_talent_for_enterprise(talent.entity):
                continue
            r = score_pair(job.entity, talent.entity, cos, self.rank)
            scored.append({"talent": talent_for_enterprise(talent.entity), "score": r.score, "explanation": r.explanation, "parts": r.parts})
        scored.sort(key=lambda m: (-m["score"], m["talent"]["id"]))
        return scored[:k]

    def matches_for_talent(self, talent_id: str, k: int = 10) -> list[dict[str, Any]]:
        if not self.owns_talent(talent_id):
            raise NotFound("talent belongs to another matcher shard", field="shard")
        talent = self._entry("talent", talent_id)
        hits = self._ranked("talent", talent.query[None, :], max(self.settings.recall_n, k))[0]
        return self._rerank_jobs(talent, hits, k)

    def matches_for_job(self, job_id: str, k: int = 10) -> list[dict[str, Any]]:
        job = self._entry("job", job_id)
        hits = self._ranked("job", job.query[None, :], max(self.settings.recall_n, k))[0]
        return self._rerank_talents(job, hits, k)

    # pushes ------------------------------------------------------------------------------------------

    def _new_job_matches(self, job_id: str) -> list[MatchCreated]:
        """Seekers for whom the new job enters their top-k above the threshold."""
        job = self._entries["job"][job_id]
        thr, top_k = self.settings.score_threshold, self.settings.push_top_k
        candidates = []
        for talent, cos in self._ranked("job", job.query[None, :], self.settings.recall_n)[0]:
            if talent.query is not None and score_pair(job.entity, talent.entity, cos, self.rank).score >= thr:
                candidates.append(talent)
        if not candidates:
            return []
        out = []
        recalls = self._ranked("talent", np.stack([t.query for t in candidates]), self.settings.recall_n)
        for talent, hits in zip(candidates, recalls, strict=True):
            for m in self._rerank_jobs(talent, hits, top_k):
                if m["job"]["id"] == job_id:
                    out.append(MatchCreated(audience="talent", job_id=job_id, talent_id=talent.id,
                                            owner_id=job.entity.get("owner_id"), score=m["score"], item=m))
                    break
        return out

    def _new_talent_matches(self, talent_id: str) -> list[MatchCreated]:
        """Open jobs for which the new talent enters the job's top-k above the threshold."""
        talent = self._entries["talent"][talent_id]
        if not eligible_talent_for_enterprise(talent.entity):
            return []
        thr, top_k = self.settings.score_threshold, self.settings.push_top_k
        candidates = []
        for job, cos in self._ranked("talent", talent.query[None, :], self.settings.recall_n)[0]:
            if job.query is not None and eligible_job(job.entity) and score_pair(job.entity, talent.entity, cos, self.rank).score >= thr:
                candidates.append(job)
        if not candidates:
            return []
        out = []
        recalls = self._ranked("job", np.stack([j.query for j in candidates]), self.settings.recall_n)
        for job, hits in zip(candidates, recalls, strict=True):
            for m in self._rerank_talents(job, hits, top_k):
                if m["talent"]["id"] == talent_id:
                    out.append(MatchCreated(audience="job", job_id=job.id, talent_id=talent_id,
                                            owner_id=job.entity.get("owner_id"), score=m["score"], item=m))
                    break
        return out

    def unpushed(self, matches: list[MatchCreated]) -> list[MatchCreated]:
        with self.db.session() as s:
            repo = MatchRepository(s)
            return [m for m in matches if not repo.pushed(m.audience, m.job_id, m.talent_id)]

    def record_pushed(self, matches: list[MatchCreated]) -> None:
        with self.db.session() as s:
            repo = MatchRepository(s)
            for m in matches:
                repo.record_push(m.audience, m.job_id, m.talent_id, m.score)

    def stats(self) -> dict[str, Any]:
        with self._lock:
            jobs = [e.entity for e in self._entries["job"].values() if e.active]
            talents = [e.entity for e in self._entries["talent"].values() if e.active]
        by_industry: dict[str, dict[str, int]] = {}
        for j in jobs:
            d = by_industry.setdefault(j.get("industry", "other"), {"jobs": 0, "headcount": 0, "talents_wanting": 0})
            d["jobs"] += 1
            d["headcount"] += int(j.get("headcount", 1))
        for t in talents:
            for ind in t.get("desired_industries", []):
                by_industry.setdefault(ind, {"jobs": 0, "headcount": 0, "talents_wanting": 0})["talents_wanting"] += 1
        natives = [t for t in talents if t.get("native")]
        funnel: dict[str, int] = {}
        for t in natives:
            funnel[t.get("return_intention", "none")] = funnel.get(t.get("return_intention", "none"), 0) + 1
        return {"open_jobs": len(jobs), "talents": len(talents), "natives": len(natives),
                "native_return_intention": funnel, "by_industry": by_industry}
