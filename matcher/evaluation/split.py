"""A fixed split of the benchmark into a tuning half and a held-out half.

Anything fitted on the benchmark (the calibration, the semantic band, exposure and ranking
settings) is fitted on the tuning half only, and its figures are reported on the held-out
half.  The split is by entity (a talent or a vacancy), from a hash of its id, so it is the
same on every machine and never changes when the benchmark is rebuilt with the same ids:

- talent → jobs: a query (talent) is *tuning* when the talent is;
- job → talents: a query (vacancy) is *tuning* when the vacancy is;
- a judged pair is *tuning* when both its talent and its vacancy are — so no label of a
  held-out query (every pair of a held-out talent or vacancy) is ever used to fit anything.
"""
from __future__ import annotations

import hashlib

SEED = "huiliu-split/1"
PARTS = ("tune", "held_out")


def part(entity_id: str) -> str:
    digest = hashlib.sha256(f"{SEED}:{entity_id}".encode()).digest()
    return "tune" if digest[0] < 128 else "held_out"


def is_tuning(entity_id: str) -> bool:
    return part(entity_id) == "tune"


def tuning_pair(talent_id: str, job_id: str) -> bool:
    return is_tuning(talent_id) and is_tuning(job_id)
