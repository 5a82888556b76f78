"""An inverted index of skills: who has (or asks for) which canonical skill, for recall.

Vector search alone loses candidates the reranker would put on top: an English resume sits
far from Chinese postings in the embedding space, and a posting's boilerplate can outweigh
its skills.  :class:`SkillIndex` finds the entities that share skills with a query, so that
recall is the union of the vector top-N and the skill top-M.

Keys are canonical skills (``matcher.skills.match``), or ``=<written form>`` for a skill
outside the vocabulary.  Each entity's keys carry weights (generic skills count less); a
search scores an entity by the weight of the keys it shares with the query:

- ``normalise="query"``: the share of the *query's* weight found in the entity (a vacancy
  looking for people: how many of its requirements a person has);
- ``normalise="entity"``: the share of the *entity's* weight found in the query (a person
  looking for vacancies: how many of a vacancy's requirements they have).

Not thread-safe by itself: the owner (MatchService) calls it under its lock.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

from matcher.skills.match import holdings, requirements


def requirement_keys(job_skills: Iterable[str]) -> dict[str, float]:
    """A vacancy's keys: each requirement's canonical skills (or written form), with its weight."""
    keys: dict[str, float] = {}
    for req in requirements(tuple(job_skills)):
        for key in req.keys:
            keys[key] = max(keys.get(key, 0.0), req.weight / len(req.keys))
    return keys


def holding_keys(talent_skills: Iterable[str], resume_text: str) -> dict[str, float]:
    """A person's keys: canonical skills (listed, in the resume, implied) and the written forms of the listed ones."""
    return dict.fromkeys(holdings(tuple(talent_skills), resume_text).keys, 1.0)


class SkillIndex:
    def __init__(self) -> None:
        self._postings: dict[str, set[str]] = {}
        self._keys: dict[str, dict[str, float]] = {}
        self._totals: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self._keys

    def put(self, entity_id: str, keys: Mapping[str, float]) -> None:
        """Add or replace an entity's keys."""
        self.remove(entity_id)
        if not keys:
            return
        self._keys[entity_id] = dict(keys)
        self._totals[entity_id] = sum(keys.values()) or 1.0
        for key in keys:
            self._postings.setdefault(key, set()).add(entity_id)

    def remove(self, entity_id: str) -> None:
        for key in self._keys.pop(entity_id, {}):
            ids = self._postings.get(key)
            if ids is not None:
                ids.discard(entity_id)
                if not ids:
                    del self._postings[key]
        self._totals.pop(entity_id, None)

    def search(self, query: Mapping[str, float], limit: int, normalise: str = "query",
               min_share: float = 0.0) -> list[tuple[str, float]]:
        """Up to ``limit`` (entity id, share of weight matched), best first (ties by id)."""
        if limit <= 0 or not query:
            return []
        got: dict[str, float] = {}
        if normalise == "query":
            total = sum(query.values()) or 1.0
            for key, w in query.items():
                for eid in self._postings.get(key, ()):
                    got[eid] = got.get(eid, 0.0) + w / total
        elif normalise == "entity":
            for key in query:
                for eid in self._postings.get(key, ()):
                    got[eid] = got.get(eid, 0.0) + self._keys[eid][key] / self._totals[eid]
        else:
            raise ValueError(f"normalise must be 'query' or 'entity', not {normalise!r}")
        best = heapq.nsmallest(limit, ((-s, eid) for eid, s in got.items() if s > min_share))
        return [(eid, -s) for s, eid in best]
