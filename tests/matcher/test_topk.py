"""The top-k cache agrees with recomputing the top-k from scratch."""
from __future__ import annotations

import random

from matcher.topk import TopKCache


def brute(scores: dict[str, float], k: int) -> list[tuple[float, str]]:
    return sorted(((s, o) for o, s in scores.items()), key=lambda x: (-x[0], x[1]))[:k]


def test_offers_agree_with_recomputing():
    rng = random.Random(3)
    cache = TopKCache(5)
    scores = {f"j{i}": round(rng.uniform(0, 100), 1) for i in range(8)}
    cache.put("t", brute(scores, 5))
    for i in range(8, 200):
        new, s = f"j{i}", round(rng.uniform(0, 100), 1)
        scores[new] = s
        entered = cache.offer("t", s, new)
        assert entered == ((s, new) in brute(scores, 5))
        assert cache.get("t") == brute(scores, 5)


def test_unknown_owner_and_short_lists():
    cache = TopKCache(3)
    assert cache.offer("nobody", 50.0, "j1") is None
    cache.put("t", [(10.0, "j1")])
    assert cache.offer("t", 1.0, "j2") is True  # fewer than k: anything enters
    assert cache.offer("t", 1.0, "j2") is True  # already there
    assert cache.get("t") == [(10.0, "j1"), (1.0, "j2")]


def test_ties_follow_the_rerank_order():
    cache = TopKCache(2)
    cache.put("t", [(50.0, "b"), (50.0, "c")])
    assert cache.offer("t", 50.0, "a") is True  # same score, smaller id ranks first
    assert cache.get("t") == [(50.0, "a"), (50.0, "b")]
    assert cache.offer("t", 50.0, "d") is False


def test_a_changed_entity_drops_every_list_holding_it():
    cache = TopKCache(2)
    cache.put("t1", [(90.0, "j1"), (80.0, "j2")])
    cache.put("t2", [(70.0, "j3"), (60.0, "j4")])
    cache.forget("j2")
    assert cache.get("t1") is None and cache.get("t2") is not None
    cache.offer("t2", 65.0, "j5")  # j4 drops out of t2's list ...
    cache.forget("j4")  # ... so j4 changing leaves t2's list alone
    assert cache.get("t2") == [(70.0, "j3"), (65.0, "j5")]
    cache.drop("t2")
    assert len(cache) == 0
