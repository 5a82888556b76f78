"""From outcomes to labelled (talent, job) examples, and the split of the outcome log by time.

An outcome row says what one side did about one pair (``viewed``, ``saved``, ``applied``,
``interviewed``, ``hired``, ``rejected``; by a ``seeker`` or an ``enterprise``).  All the rows
of one pair fold into **one example**, graded by how far the pair got:

=======  ==========================================================  ==========
grade    the pair's outcomes (reported by either side)               label
=======  ==========================================================  ==========
3        hired                                                       positive
2        interviewed (not hired)                                     positive
1        applied, and neither interviewed nor rejected               positive
0        applied, then rejected before any interview                 negative
0        rejected                                                    negative
0        viewed, and nothing further                                 negative
—        saved, and nothing further (intent without a decision)      left out
=======  ==========================================================  ==========

So *positive* means someone acted on the match (the seeker applied, or it got as far as an
interview or a hire) and nobody turned it down before an interview; *negative* means a
side looked at it and moved on, or turned it down.  A rejection after an interview does
not undo the interview: the pair was good enough to meet, which is what the ranking is
for.  The kind decides the grade, not the actor: an ``applied`` reported by the enterprise
is the same application.  The grade (0–3) is the gain of the held-out NDCG; the label
(grade ≥ 1) is what the logistic fit and the AUC use.

The actor of the pair's **first** outcome says in which list the pair was seen: a seeker's
(talent → jobs: the talent's query vector against the job's passage vector) or an
enterprise's (job → talents), which decides the cosine of the semantic feature.

**The split by time.**  Rows are ordered by (``created_at``, ``id``); the cutoff is the time
of the first row of the latest ``held_out_share`` (20 %) of them, and every row at or after
it is held out.  Training examples are built from the rows *before* the cutoff alone (a
pair's later rows are unknown at fitting time, as they would be in production);
held-out examples are the pairs whose *first* row is at or after the cutoff, so no held-out
pair was ever seen, even partly, by the fit.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

POSITIVE_FROM = 1
DIRECTIONS = ("talent_to_jobs", "job_to_talents")


@dataclass(frozen=True)
class Outcome:
    job_id: str
    talent_id: str
    kind: str
    actor: str
    created_at: datetime
    id: str = ""


@dataclass(frozen=True)
class Example:
    """One (talent, job) pair with its grade; ``rows`` index the time-ordered outcome log."""

    talent_id: str
    job_id: str
    grade: int
    direction: str
    first_at: datetime
    rows: tuple[int, ...]

    @property
    def label(self) -> int:
        return int(self.grade >= POSITIVE_FROM)

    @property
    def key(self) -> tuple[str, str]:
        return self.talent_id, self.job_id


@dataclass(frozen=True)
class Split:
    outcomes: list[Outcome]  # the whole log, time-ordered; rows below index into it
    cutoff: datetime | None  # the first held-out instant (None: nothing held out)
    train_rows: list[int]
    held_out_rows: list[int]
    train: list[Example]
    held_out: list[Example]


def in_time_order(outcomes: Iterable[Outcome]) -> list[Outcome]:
    return sorted(outcomes, key=lambda o: (o.created_at, o.id))


def pair_grade(kinds: Iterable[str]) -> int | None:
    """The grade of a pair from the kinds of its outcomes (table above); None: left out."""
    seen = set(kinds)
    if "hired" in seen:
        return 3
    if "interviewed" in seen:
        return 2
    if "rejected" in seen:
        return 0
    if "applied" in seen:
        return 1
    if "viewed" in seen:
        return 0
    return None  # only "saved" (or nothing known)


def examples_from(outcomes: Sequence[Outcome], rows: Iterable[int]) -> list[Example]:
    """One example per pair from the given rows of a time-ordered log, in order of first row."""
    by_pair: dict[tuple[str, str], list[int]] = {}
    for i in sorted(rows):
        o = outcomes[i]
        by_pair.setdefault((o.talent_id, o.job_id), []).append(i)
    out = []
    for (talent_id, job_id), idx in by_pair.items():
        grade = pair_grade(outcomes[i].kind for i in idx)
        if grade is None:
            continue
        first = outcomes[idx[0]]
        direction = "talent_to_jobs" if first.actor == "seeker" else "job_to_talents"
        out.append(Example(talent_id, job_id, grade, direction, first.created_at, tuple(idx)))
    out.sort(key=lambda e: e.rows[0])
    return out


def split_by_time(outcomes: Iterable[Outcome], held_out_share: float = 0.2) -> Split:
    """Hold out the latest ``held_out_share`` of the outcomes (module docstring)."""
    if not 0.0 <= held_out_share < 1.0:
        raise ValueError("held_out_share must be in [0, 1)")
    log = in_time_order(outcomes)
    n = len(log)
    n_held = math.ceil(held_out_share * n) if n else 0
    if n_held == 0:
        return Split(log, None, list(range(n)), [], examples_from(log, range(n)), [])
    cutoff = log[n - n_held].created_at
    train_rows = [i for i, o in enumerate(log) if o.created_at < cutoff]
    held_rows = [i for i, o in enumerate(log) if o.created_at >= cutoff]
    train = examples_from(log, train_rows)
    seen_before = {(log[i].talent_id, log[i].job_id) for i in train_rows}
    held = [e for e in examples_from(log, held_rows) if e.key not in seen_before]
    return Split(log, cutoff, train_rows, held_rows, train, held)
