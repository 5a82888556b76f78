"""A cache of each entity's current top-k, so that deciding whether a newcomer enters
someone's top-k is a comparison with their k-th best, not a full rerank.

Measured before it existed (hashing embedder, 540 talents): deciding the pushes for one
new vacancy took 143 ms on average, because each candidate seeker's whole list was
reranked; most of that work is repeated for every new vacancy.

Entries are ``(score, other_id)`` kept in the rerank's order (score descending, then id).
A list is the true top-k of what the owner could be matched with when it was computed;
it stays true while newcomers are offered to it.  When an entity in a list changes or
leaves, every list holding it is dropped and recomputed on next use.
"""
from __future__ import annotations

import threading
from collections import defaultdict


def _key(item: tuple[float, str]) -> tuple[float, str]:
    return (-item[0], item[1])


class TopKCache:
    def __init__(self, k: int) -> None:
        self.k = k
        self._lists: dict[str, list[tuple[float, str]]] = {}
        self._holders: dict[str, set[str]] = defaultdict(set)  # other id -> owners listing it
        self._lock = threading.Lock()

    def get(self, owner: str) -> list[tuple[float, str]] | None:
        with self._lock:
            items = self._lists.get(owner)
            return list(items) if items is not None else None

    def put(self, owner: str, items: list[tuple[float, str]]) -> None:
        """Store a freshly computed top-k (any order; trimmed to k)."""
        ranked = sorted(items, key=_key)[: self.k]
        with self._lock:
            self._drop(owner)
            self._lists[owner] = ranked
            for _, other in ranked:
                self._holders[other].add(owner)

    def offer(self, owner: str, score: float, other: str) -> bool | None:
        """Does ``other`` with ``score`` enter ``owner``'s top-k?  None when no list is cached.
        A newcomer that enters is kept in the list (the k-th best drops out)."""
        with self._lock:
            items = self._lists.get(owner)
            if items is None:
                return None
            if any(o == other for _, o in items):
                return True
            item = (score, other)
            if len(items) >= self.k and _key(item) >= _key(items[-1]):
                return False
            items.append(item)
            items.sort(key=_key)
            self._holders[other].add(owner)
            if len(items) > self.k:
                _, out = items.pop()
                self._holders[out].discard(owner)
            return True

    def drop(self, owner: str) -> None:
        with self._lock:
            self._drop(owner)

    def forget(self, other: str) -> None:
        """``other`` changed or left: every list that holds it is no longer known to be true."""
        with self._lock:
            for owner in self._holders.pop(other, set()):
                self._drop(owner)

    def _drop(self, owner: str) -> None:
        for _, other in self._lists.pop(owner, []):
            self._holders[other].discard(owner)

    def __len__(self) -> int:
        return len(self._lists)
