"""Seeded generator of the Huiliu demo sample for the (configurable) city 云港市.

    from deploy.demo.generate import generate
    sample = generate(seed=7)            # or: enterprises, talents = generate(seed=7)
    sample.enterprises  # [{"name", "password", "jobs": [job, ...]}, ...]   40 enterprises
    sample.talents      # [{"account_name", "password", "profile": {...}}]  540 talents
    sample.jobs         # all job dicts, flattened (256: ≈55-60 per priority industry, 22 other)

Jobs and profiles use the exact field names of the HTTP API (``POST /api/v1/jobs``,
``PUT /api/v1/talents/me``). The material is hand-written per occupation
(``deploy/demo/occupations``: ≥8 occupations per industry) and combined at random with
several sentence structures, so descriptions and resumes differ from one another.

Determinism: the same ``seed`` and ``today`` give the same sample, byte for byte.
``today`` (default: the current date in China) only anchors dates — job expiries
(``today`` + 30..120 days, or null) and graduation years — so a sample loaded later
never posts already expired vacancies.

Run ``python -m deploy.demo.generate [--seed 7] [--json FILE]`` for a summary or a dump.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

from .city import ENTERPRISES
from .jobs import build_jobs
from .talents import build_talents

CHINA = timezone(timedelta(hours=8))


class Sample(NamedTuple):
    """The demo sample; unpacks as ``(enterprises, talents)``."""

    enterprises: list[dict]  # {"name": str, "password": str, "jobs": [job dict, ...]}
    talents: list[dict]  # {"account_name": str, "password": str, "profile": profile dict}

    @property
    def jobs(self) -> list[dict]:
        return [job for ent in self.enterprises for job in ent["jobs"]]


def _password(rng: random.Random) -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "Yg-" + "".join(rng.choices(alphabet, k=10))


def generate(seed: int = 7, today: date | None = None) -> Sample:
    """Build the sample. Separate random streams keep jobs and talents independent."""
    today = today or datetime.now(CHINA).date()
    jobs = build_jobs(random.Random(f"{seed}/jobs"), today)
    pw = random.Random(f"{seed}/passwords")
    enterprises = [{"name": e.name, "password": _password(pw), "jobs": jobs[e.name]} for e in ENTERPRISES]
    talents = build_talents(random.Random(f"{seed}/talents"), today)
    return Sample(enterprises, talents)


def summary(sample: Sample) -> str:
    jobs = sample.jobs
    profiles = [t["profile"] for t in sample.talents]
    by_industry = Counter(j["industry"] for j in jobs)
    away = sum(p["native"] and p["current_city"] != "云港市" for p in profiles)
    lines = [
        f"企业 enterprises: {len(sample.enterprises)}",
        f"岗位 jobs: {len(jobs)}  " + "  ".join(f"{k}={v}" for k, v in sorted(by_industry.items())),
        f"人才 talents: {len(profiles)}  在外本地人 natives elsewhere: {away} ({away / len(profiles):.0%})  "
        f"应届 graduates: {sum(p['experience_years'] == 0 for p in profiles)}  "
        f"公开 visible: {sum(p['visible_to_enterprises'] for p in profiles)}",
        "回流意愿 return intention: " + "  ".join(
            f"{k}={v}" for k, v in sorted(Counter(p["return_intention"] for p in profiles).items())),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate the Huiliu demo sample (云港市).")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--today", type=date.fromisoformat, default=None, help="anchor date, YYYY-MM-DD")
    ap.add_argument("--json", metavar="FILE", help="write the sample as JSON ('-' for stdout)")
    args = ap.parse_args(argv)
    sample = generate(args.seed, args.today)
    if args.json:
        data = json.dumps(sample._asdict(), ensure_ascii=False, indent=1)
        if args.json == "-":
            sys.stdout.write(data + "\n")
        else:
            with open(args.json, "w", encoding="utf-8") as f:
                f.write(data + "\n")
    print(summary(sample), file=sys.stderr if args.json == "-" else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
