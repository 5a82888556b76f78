"""Fixtures of the distributed suite: one seeded cluster shared by the tests whose state
allows it (2 matcher shards, 2 embedders, the hashing embedder), and the seeding itself.

The seed is the hand-written matching fixture (24 vacancies, 24 profiles) and 16 profiles
of the demo sample: 24 jobs, 40 talents. Tests that share the cluster add vacancies only,
never talents, so the candidates of the seeded vacancies stay what the seed made them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from deploy.demo.generate import generate
from tests.distributed.harness import HASHING, Deployment, deployment
from tests.fixtures.matching_cases import CASES, JOBS


def seed_profiles() -> dict[str, dict[str, Any]]:
    profiles = {f"case{i:02d}": profile for i, (profile, _) in enumerate(CASES)}
    demo = generate(seed=7, today=date(2026, 1, 15)).talents[:16]
    profiles.update({f"demo{i:02d}": t["profile"] for i, t in enumerate(demo)})
    return profiles


@dataclass
class Seeded:
    owner: dict[str, Any]
    jobs: dict[str, str] = field(default_factory=dict)  # key -> id
    talents: dict[str, str] = field(default_factory=dict)  # key -> id
    seekers: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> account
    key_of: dict[str, str] = field(default_factory=dict)  # id -> key


def seed(dep: Deployment) -> Seeded:
    """Post the seed through the gateway and wait until every shard holds all of it."""
    s = Seeded(owner=dep.account("enterprise", "云港市重点产业企业"))
    for key, body in JOBS.items():
        s.jobs[key] = dep.post_job(s.owner, body)["id"]
    for key, profile in seed_profiles().items():
        s.seekers[key] = dep.account("seeker", profile["name"])
        s.talents[key] = dep.put_talent(s.seekers[key], profile)["id"]
    s.key_of = {v: k for k, v in (*s.jobs.items(), *s.talents.items())}
    for key in s.talents:  # answered by the owning shard once it holds the profile
        dep.talent_matches(s.seekers[key], k=1, timeout=120)
    for job_id in s.jobs.values():  # answered once every shard holds the vacancy
        dep.job_matches(s.owner, job_id, k=1, timeout=120)
    return s


@pytest.fixture(scope="module")
def shared(kafka, postgres, tmp_path_factory):
    """(deployment, seed): 2 shards, 2 embedders, hashing embedder."""
    with deployment(tmp_path_factory.mktemp("shared"), kafka, postgres, shards=2, embedders=2, extra_env=HASHING) as dep:
        yield dep, seed(dep)
