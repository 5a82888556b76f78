"""A simulated outcome log on the evaluation benchmark, to measure learning where the truth is known.

People here act on the benchmark's hidden ground truth (``truth.jsonl`` and the judge's
grades), never on the ranker's features; the ranker only decides what they are *shown*:

- **Seekers.**  Each talent opens the platform once, at a random moment of a 120-day period,
  and sees their top 10 vacancies from the current ranking (the product's ``huiliu`` ranker
  with the configured weights); three in ten scroll on to ranks 11–20.  Position bias: the
  item at rank r is looked at (``viewed``) with probability 0.95·r^-0.7 (0.95 at rank 1,
  0.19 at rank 10).  A viewed vacancy is ``applied`` to with a probability that rises with
  the pair's true grade (3 %, 15 %, 45 %, 70 % for grades 0–3, times the person's own
  activity level), else sometimes ``saved``.
- **Enterprises.**  An application is answered by the vacancy's owner: ``interviewed`` with a
  probability rising with the grade (5 %, 30 %, 60 %, 75 %) and falling with
  over-qualification (× 0.4; the judge's rule: a senior person for an entry-level vacancy)
  and with the pay gap (× e^(−gap/10 %), gap = how far the vacancy's top pay falls short of
  what the person needs); then ``hired`` (0 %, 15 %, 35 %, 55 %, same factors) or
  ``rejected``.  An application not taken up is ``rejected`` explicitly half of the time.
  Each vacancy's owner also looks through its own top 10 talents once (same position bias,
  ``viewed`` by the enterprise) and invites some to an interview (2 %, 10 %, 30 %, 45 %,
  same factors), who are then hired or rejected as above.
- Times: views within minutes of the session, applications within two days, interviews
  2–10 days later, decisions 3–14 days after that.  The log is read at the end of the
  period, as a real one would be: what would happen after it is not in it yet (the last
  weeks' applications have no answer so far).

Everything is drawn from one seeded generator in a fixed order (talents, then vacancies, by
id), so the same seed gives the same log, byte for byte.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from matcher.evaluation.benchmark.judge import EDUCATION_ORDER
from matcher.learning.labels import Outcome

SEED = "huiliu-learn/1"
START = datetime(2026, 1, 5, tzinfo=UTC)
GRADES = (0, 1, 2, 3)


def seed_of(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


@dataclass(frozen=True)
class Behaviour:
    days: float = 120.0
    page_size: int = 10
    second_page: float = 0.3
    examine_top: float = 0.95
    examine_decay: float = 0.7
    activity_sigma: float = 0.35
    apply: tuple[float, ...] = (0.03, 0.15, 0.45, 0.70)
    save: tuple[float, ...] = (0.02, 0.06, 0.12, 0.15)
    interview: tuple[float, ...] = (0.05, 0.30, 0.60, 0.75)
    hire: tuple[float, ...] = (0.0, 0.15, 0.35, 0.55)
    invite: tuple[float, ...] = (0.02, 0.10, 0.30, 0.45)
    explicit_reject: float = 0.5
    overqualified_factor: float = 0.4
    pay_gap_scale: float = 0.10

    def examine(self, rank: int) -> float:
        return self.examine_top * rank ** -self.examine_decay


def overqualified(job: Mapping[str, Any], talent: Mapping[str, Any]) -> bool:
    """The judge's rule (RUBRIC.md): a senior person for a vacancy asking at most a year."""
    senior = talent["experience_years"] >= 10 or (
        EDUCATION_ORDER[talent["education"]] >= 4 and EDUCATION_ORDER[job["education_min"]] <= 2)
    return senior and job["experience_min_years"] <= 1


def pay_gap(job: Mapping[str, Any], talent: Mapping[str, Any]) -> float:
    need = talent.get("salary_need") or 0
    return max(0.0, 1.0 - job["salary_max"] / need) if need else 0.0


class _Log:
    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.rows: list[Outcome] = []

    def add(self, job_id: str, talent_id: str, kind: str, actor: str, at: datetime) -> None:
        self.rows.append(Outcome(job_id, talent_id, kind, actor, at, f"sim{len(self.rows):07d}"))

    def later(self, at: datetime, lo_hours: float, hi_hours: float) -> datetime:
        return at + timedelta(hours=float(self.rng.uniform(lo_hours, hi_hours)))


def simulate_log(truth: Mapping[str, Mapping[str, Any]], grades: Mapping[tuple[str, str], int],
                 talent_lists: Mapping[str, list[str]], job_lists: Mapping[str, list[str]],
                 behaviour: Behaviour = Behaviour(), seed: str = SEED) -> list[Outcome]:
    """The outcome log (unordered in time; ``labels.split_by_time`` orders it).

    ``talent_lists``: each talent's ranked vacancies under the current weights;
    ``job_lists``: each vacancy's ranked talents; ``grades``: (talent, job) → 0..3, missing = 0.
    """
    b = behaviour
    log = _Log(np.random.default_rng(seed_of(seed)))
    rng = log.rng

    def factor(job_id: str, talent_id: str) -> float:
        job, talent = truth[job_id], truth[talent_id]
        f = b.overqualified_factor if overqualified(job, talent) else 1.0
        return f * math.exp(-pay_gap(job, talent) / b.pay_gap_scale)

    def decide(job_id: str, talent_id: str, grade: int, at: datetime) -> None:
        """After an interview: hired or rejected by the enterprise."""
        when = log.later(at, 72, 14 * 24)
        hired = rng.random() < b.hire[grade] * factor(job_id, talent_id)
        log.add(job_id, talent_id, "hired" if hired else "rejected", "enterprise", when)

    for talent_id in sorted(talent_lists):
        ranked = talent_lists[talent_id]
        session = START + timedelta(days=float(rng.uniform(0, b.days)))
        activity = float(rng.lognormal(0.0, b.activity_sigma))
        shown = ranked[: b.page_size] + (ranked[b.page_size: 2 * b.page_size] if rng.random() < b.second_page else [])
        for rank, job_id in enumerate(shown, start=1):
            if rng.random() >= b.examine(rank):
                continue
            seen = session + timedelta(minutes=float(rank * rng.uniform(0.5, 3.0)))
            log.add(job_id, talent_id, "viewed", "seeker", seen)
            grade = grades.get((talent_id, job_id), 0)
            if rng.random() < min(0.95, b.apply[grade] * activity):
                applied = log.later(seen, 0.2, 48)
                log.add(job_id, talent_id, "applied", "seeker", applied)
                if rng.random() < b.interview[grade] * factor(job_id, talent_id):
                    met = log.later(applied, 48, 10 * 24)
                    log.add(job_id, talent_id, "interviewed", "enterprise", met)
                    decide(job_id, talent_id, grade, met)
                elif rng.random() < b.explicit_reject:
                    log.add(job_id, talent_id, "rejected", "enterprise", log.later(applied, 24, 7 * 24))
            elif rng.random() < b.save[grade]:
                log.add(job_id, talent_id, "saved", "seeker", seen + timedelta(seconds=30))

    for job_id in sorted(job_lists):
        session = START + timedelta(days=float(rng.uniform(0, b.days)))
        for rank, talent_id in enumerate(job_lists[job_id][: b.page_size], start=1):
            if rng.random() >= b.examine(rank):
                continue
            seen = session + timedelta(minutes=float(rank * rng.uniform(0.5, 3.0)))
            log.add(job_id, talent_id, "viewed", "enterprise", seen)
            grade = grades.get((talent_id, job_id), 0)
            if rng.random() < b.invite[grade] * factor(job_id, talent_id):
                met = log.later(seen, 48, 10 * 24)
                log.add(job_id, talent_id, "interviewed", "enterprise", met)
                decide(job_id, talent_id, grade, met)
    end = START + timedelta(days=b.days)
    return [o for o in log.rows if o.created_at < end]
