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
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matcher.index.base import IndexError_, VectorIndex
from matcher.ranking import exposure
from matcher.ranking.score import RankConfig, eligible_job, eligible_talent_for_enterprise, score_pair
from matcher.repository import MatchRepository, from_blob, to_blob
from matcher.skills.index import SkillIndex, holding_keys, requirement_keys
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
    recall_n: int = 100  # candidates by vector similarity ...
    push_top_k: int = 20
    score_threshold: float = 55.0
    skill_recall_n: int = 100  # ... and by shared skills (0: vector only)
    push_cap_per_head: int = 10  # pushes per vacancy and window, per head of its headcount (0: no cap)
    exposure_window_s: float = 7 * 24 * 3600


class _Seen:
    """Distinct talents per vacancy within a sliding window, in memory (a restart starts afresh:
    at worst one window of extra exposure).  The caller holds the service's lock."""

    def __init__(self, window_s: float) -> None:
        self.window = window_s
        self._at: dict[str, dict[str, float]] = {}

    def note(self, job_id: str, talent_ids: Iterable[str], now: float) -> None:
        seen = self._at.setdefault(job_id, {})
        for t in talent_ids:
            seen.pop(t, None)  # re-inserted at the end: the dict stays in time order
            seen[t] = now

    def count(self, job_id: str, now: float, excluding: Iterable[str] = ()) -> int:
        seen = self._at.get(job_id)
        if not seen:
            return 0
        while seen and now - next(iter(seen.values())) > self.window:  # the oldest first
            del seen[next(iter(seen))]
        return len(seen) - sum(1 for t in set(excluding) if t in seen)

    def forget_job(self, job_id: str) -> None:
        self._at.pop(job_id, None)

    def forget_talent(self, talent_id: str) -> None:
        for seen in self._at.values():
            seen.pop(talent_id, None)


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
        self._saving: threading.Event | None = None
        self.ready = False
        # recall by skills: an inverted index per kind, the keys each entity is looked up by,
        # and the passage vectors (the cosine of a candidate recalled by skills, not by vector)
        self._skills: dict[str, SkillIndex] = {k: SkillIndex() for k in KINDS}
        self._skill_keys: dict[str, dict[str, dict[str, float]]] = {k: {} for k in KINDS}
        self._passages: dict[str, dict[str, np.ndarray]] = {k: {} for k in KINDS}
        self.skills_ready = threading.Event()
        # exposure: seekers shown each vacancy (pushed or listed), and pushes per vacancy and audience
        self._shown = _Seen(settings.exposure_window_s)
        self._pushed = {a: _Seen(settings.exposure_window_s) for a in ("talent", "job")}

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
                    self._passages[row.kind][row.id] = passage
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
        self._start_skill_index()
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

    def start_checkpoints(self, interval: float = 5.0) -> None:
        """Save changed indexes every ``interval`` seconds in the background, until ``close``;
        a restart then replays only what came after the last save."""
        self._saving = threading.Event()

        def loop() -> None:
            while not self._saving.wait(interval):
                try:
                    self.checkpoint()
                except Exception:  # noqa: BLE001 - a failed save is retried at the next tick
                    log.exception("index checkpoint failed")

        threading.Thread(target=loop, name="index-checkpoint", daemon=True).start()

    def close(self) -> None:
        """Stop the background saves and save once more (call after the consumers stopped)."""
        if self._saving is not None:
            self._saving.set()
        if self.ready:
            self.checkpoint()

    def counts(self) -> dict[str, int]:
        return {f"{k}s": len(self.indexes[k]) for k in KINDS if k in self.indexes}

    # applying events -----------------------------------------------------------------------------

    def apply(self, ev: VectorChanged) -> list[MatchCreated]:
        """Apply a vector event; returns the matches it creates, some perhaps recorded as
        pushed already (``unpushed`` filters those).

        A replay of the revision held (at-least-once delivery after a crash or restart)
        changes nothing but returns its matches again: the crash may have come between
        the database write and the publish, and those pushes must not be lost. They are
        computed on the indexes as they are now, so a replay may also push a pair that
        became a match since; never one recorded as pushed."""
        if ev.kind == "talent" and not self.owns_talent(ev.id):
            return []
        for vec in (ev.query, ev.passage):
            if vec is not None and len(vec) != self.dim:
                raise BadMessage(f"vector of dimension {len(vec)} for {ev.kind} {ev.id}; this matcher's indexes have {self.dim}")
        with self._lock:
            current = self._entries[ev.kind].get(ev.id)
            if current is not None and current.revision > ev.revision:
                return []  # out of date: a newer revision is held
            if current is not None and current.revision == ev.revision:
                active = current.active  # a replay: the state is there, its pushes may not be
            else:
                active = self._store(ev)
        if not active:
            return []
        return self._new_job_matches(ev.id) if ev.kind == "job" else self._new_talent_matches(ev.id)

    def _store(self, ev: VectorChanged) -> bool:
        """Write a new revision to the table, the in-memory copy and the index (caller holds
        the lock); returns whether the entity is open for matching."""
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
        self._remember_for_recall(ev.kind, ev.id, entity if active else None, passage)
        self._dirty = True
        self._changed.notify_all()
        return active

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
        """Recall by vector: for each query row, the top-n entries of the other kind with cosines."""
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

    def _recall(self, query_kind: str, queries: list[Entry], n: int | None = None) -> list[list[tuple[Entry, float]]]:
        """Recall for each query entity: its vector top-n, joined by the entities sharing most
        skills with it (``skill_recall_n``): an English resume far from Chinese postings in the
        embedding space, or a posting whose boilerplate outweighs its skills, is still found."""
        if not queries:
            return []
        n = self.settings.recall_n if n is None else n
        out = self._ranked(query_kind, np.stack([q.query for q in queries]), n)
        m = self.settings.skill_recall_n
        if m <= 0:
            return out
        target = "talent" if query_kind == "job" else "job"
        # a vacancy asks: who has most of my requirements; a person asks: whose requirements do I meet
        how = "query" if query_kind == "job" else "entity"
        with self._lock:
            for q, hits in zip(queries, out, strict=True):
                keys = self._skill_keys[query_kind].get(q.id) or self._keys_of(query_kind, q.entity)
                seen = {e.id for e, _ in hits}
                for eid, _share in self._skills[target].search(keys, m, how):
                    e = self._entries[target].get(eid)
                    passage = self._passages[target].get(eid)
                    if eid in seen or e is None or not e.active or passage is None:
                        continue
                    hits.append((e, float(np.dot(q.query, passage))))
        return out

    @staticmethod
    def _keys_of(kind: str, entity: dict[str, Any]) -> dict[str, float]:
        if kind == "job":
            return requirement_keys(entity.get("skills", []))
        return holding_keys(entity.get("skills", []), entity.get("resume_text", ""))

    def _remember_for_recall(self, kind: str, id_: str, entity: dict[str, Any] | None, passage: np.ndarray | None) -> None:
        """Keep the skill index and the passage vectors in step with an entity (caller holds the lock)."""
        if entity is None or passage is None:
            self._skills[kind].remove(id_)
            self._skill_keys[kind].pop(id_, None)
            self._passages[kind].pop(id_, None)
            if kind == "job":
                self._shown.forget_job(id_)
                for seen in self._pushed.values():
                    seen.forget_job(id_)
            else:  # a removed talent: gone from the exposure counts too
                self._shown.forget_talent(id_)
                for seen in self._pushed.values():
                    seen.forget_talent(id_)
            return
        keys = self._keys_of(kind, entity)
        self._skill_keys[kind][id_] = keys
        self._passages[kind][id_] = passage
        # only those who may be shown are worth recalling: a hidden talent never reaches an enterprise
        if kind == "job" or eligible_talent_for_enterprise(entity):
            self._skills[kind].put(id_, keys)
        else:
            self._skills[kind].remove(id_)

    def _start_skill_index(self) -> None:
        """Index the skills of the entities loaded at start, in the background: extraction takes
        a few milliseconds per resume, so a large store would otherwise delay readiness by
        minutes.  Until it is done, recall finds less by skills (never anything wrong)."""
        with self._lock:
            todo = [(kind, e.id, e.revision, e.entity) for kind in KINDS for e in self._entries[kind].values()
                    if e.active and e.id in self._passages[kind] and e.id not in self._skill_keys[kind]]

        def build() -> None:
            for kind, id_, revision, entity in todo:
                keys = self._keys_of(kind, entity)  # the slow part, outside the lock
                with self._lock:
                    e = self._entries[kind].get(id_)
                    if e is None or e.revision != revision or not e.active or id_ in self._skill_keys[kind]:
                        continue  # changed meanwhile: _store has indexed the newer revision
                    self._skill_keys[kind][id_] = keys
                    if kind == "job" or eligible_talent_for_enterprise(entity):
                        self._skills[kind].put(id_, keys)
            self.skills_ready.set()
            log.info("skill index built", extra={"fields": {"jobs": len(self._skills["job"]), "talents": len(self._skills["talent"])}})

        if not todo:
            self.skills_ready.set()
            return
        threading.Thread(target=build, name="skill-index", daemon=True).start()

    def _rerank_jobs(self, talent: Entry, hits: list[tuple[Entry, float]], k: int,
                     exposure_aware: bool = False) -> list[dict[str, Any]]:
        """The talent's top-k vacancies among the recalled ones, explained.

        ``exposure_aware`` (a seeker's own list): a vacancy already shown to more seekers than
        its headcount warrants moves down (matcher/ranking/exposure.py); its score stays."""
        scored = []
        shown: dict[str, int] = {}
        if exposure_aware and self.rank.exposure_weight > 0:
            now = time.monotonic()
            with self._lock:
                shown = {job.id: self._shown.count(job.id, now, excluding=(talent.id,)) for job, _ in hits}
        for job, cos in hits:
            if not eligible_job(job.entity):
                continue
            r = score_pair(job.entity, talent.entity, cos, self.rank, with_explanation=False)
            drop = exposure.penalty(shown.get(job.id, 0), int(job.entity.get("headcount", 1) or 1), self.rank.exposure_per_head,
                                    self.rank.exposure_weight)
            scored.append((-(r.score - drop), -r.parts["raw"], job.id, job, cos, drop))
        scored.sort(key=lambda x: x[:3])
        out = []
        for _key, _raw, _id, job, cos, drop in scored[:k]:
            r = score_pair(job.entity, talent.entity, cos, self.rank)
            explanation = r.explanation
            if drop > 0:
                explanation = {**explanation, "reasons": [*explanation["reasons"], {
                    "factor": "exposure", "effect": "-", "text": "该岗位近期已推荐给较多求职者，排序略有下调"}]}
            out.append({"job": job_for_seeker(job.entity), "score": r.score, "explanation": explanation,
                        "parts": r.parts | ({"exposure_penalty": round(drop, 2)} if exposure_aware else {})})
        return out

    def _rerank_talents(self, job: Entry, hits: list[tuple[Entry, float]], k: int) -> list[dict[str, Any]]:
        scored = []
        for talent, cos in hits:
            if not eligible_talent_for_enterprise(talent.entity):
                continue
            r = score_pair(job.entity, talent.entity, cos, self.rank, with_explanation=False)
            scored.append((-r.score, -r.parts["raw"], talent.id, talent, cos))
        scored.sort(key=lambda x: x[:3])
        out = []
        for *_key, talent, cos in scored[:k]:
            r = score_pair(job.entity, talent.entity, cos, self.rank)
            out.append({"talent": talent_for_enterprise(talent.entity), "score": r.score, "explanation": r.explanation, "parts": r.parts})
        return out

    def matches_for_talent(self, talent_id: str, k: int = 10) -> list[dict[str, Any]]:
        if not self.owns_talent(talent_id):
            raise NotFound("talent belongs to another matcher shard", field="shard")
        talent = self._entry("talent", talent_id)
        hits = self._recall("talent", [talent], max(self.settings.recall_n, k))[0]
        out = self._rerank_jobs(talent, hits, k, exposure_aware=True)
        with self._lock:
            now = time.monotonic()
            for m in out:
                self._shown.note(m["job"]["id"], (talent_id,), now)
        return out

    def matches_for_job(self, job_id: str, k: int = 10) -> list[dict[str, Any]]:
        job = self._entry("job", job_id)
        hits = self._recall("job", [job], max(self.settings.recall_n, k))[0]
        return self._rerank_talents(job, hits, k)

    # pushes ------------------------------------------------------------------------------------------

    def _new_job_matches(self, job_id: str) -> list[MatchCreated]:
        """Seekers for whom the new job enters their top-k above the threshold."""
        job = self._entries["job"][job_id]
        thr, top_k = self.settings.score_threshold, self.settings.push_top_k
        candidates = []
        for talent, cos in self._recall("job", [job])[0]:
            if talent.query is not None and score_pair(job.entity, talent.entity, cos, self.rank, with_explanation=False).score >= thr:
                candidates.append(talent)
        if not candidates:
            return []
        out = []
        recalls = self._recall("talent", candidates)
        for talent, hits in zip(candidates, recalls, strict=True):
            for m in self._rerank_jobs(talent, hits, top_k):
                if m["job"]["id"] == job_id:
                    out.append(MatchCreated(audience="talent", job_id=job_id, talent_id=talent.id,
                                            owner_id=job.entity.get("owner_id"), score=m["score"], item=m))
                    break
        return self._capped(job, out)

    def _new_talent_matches(self, talent_id: str) -> list[MatchCreated]:
        """Open jobs for which the new talent enters the job's top-k above the threshold."""
        talent = self._entries["talent"][talent_id]
        if not eligible_talent_for_enterprise(talent.entity):
            return []
        thr, top_k = self.settings.score_threshold, self.settings.push_top_k
        candidates = []
        for job, cos in self._recall("talent", [talent])[0]:
            if (job.query is not None and eligible_job(job.entity)
                    and score_pair(job.entity, talent.entity, cos, self.rank, with_explanation=False).score >= thr):
                candidates.append(job)
        if not candidates:
            return []
        out = []
        recalls = self._recall("job", candidates)
        for job, hits in zip(candidates, recalls, strict=True):
            for m in self._rerank_talents(job, hits, top_k):
                if m["talent"]["id"] == talent_id:
                    out.append(MatchCreated(audience="job", job_id=job.id, talent_id=talent_id,
                                            owner_id=job.entity.get("owner_id"), score=m["score"], item=m))
                    break
        return [m for match in out for m in self._capped(self._entries["job"][match.job_id], [match])]

    def _capped(self, job: Entry, matches: list[MatchCreated]) -> list[MatchCreated]:
        """At most ``push_cap_per_head`` × headcount pushes per vacancy and audience within the
        window, the best first: a vacancy for two people is not pushed to thousands, nor are
        thousands of candidates pushed to its owner.  Pairs already pushed are not counted
        twice, so a replay of the same event returns the same matches."""
        cap = self.settings.push_cap_per_head * max(1, int(job.entity.get("headcount", 1) or 1))
        if not matches or self.settings.push_cap_per_head <= 0:
            return matches
        by_audience: dict[str, list[MatchCreated]] = {}
        for m in matches:
            by_audience.setdefault(m.audience, []).append(m)
        out = []
        now = time.monotonic()
        with self._lock:
            for audience, ms in by_audience.items():
                room = cap - self._pushed[audience].count(job.id, now, excluding=[m.talent_id for m in ms])
                ms.sort(key=lambda m: (-m.score, m.talent_id))
                out += ms[:max(0, room)]
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
        with self._lock:  # exposure: pushes count against the vacancy's cap, and as shown to the seeker
            now = time.monotonic()
            for m in matches:
                self._pushed[m.audience].note(m.job_id, (m.talent_id,), now)
                if m.audience == "talent":
                    self._shown.note(m.job_id, (m.talent_id,), now)

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
