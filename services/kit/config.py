"""Settings: one pydantic-settings class, read from HUILIU_* environment variables.

Settings are created once at start and passed down (never read from globals), so a test
can build a service with any configuration it likes.
"""
from __future__ import annotations

import secrets
import socket
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_INDUSTRIES: dict[str, str] = {
    "new_energy": "新能源",
    "green_food": "绿色食品",
    "advanced_equipment": "高端装备制造",
    "fine_chemicals": "精细化工",
}

DEV_ADMIN_TOKEN = "dev-admin-token"
DEV_INTERNAL_TOKEN = "dev-internal-token"


class RankingWeights(BaseSettings):
    """Weights of the two-sided rerank (documented in README: "Ranking").

    Two sides (matcher/ranking/score.py): the vacancy's requirements met by the person
    (semantic, skills, education, experience) and the person's wishes met by the vacancy
    (industry, location, salary, engagement); each side is the weighted mean of its features
    and the score their weighted geometric mean, so neither side can make up for the other.

    The defaults were chosen on the tuning half of the labelled benchmark
    (matcher/evaluation, ``python -m matcher.evaluation --slice full``): a coordinate search
    there put about as much weight on pay and on the structured requirements as on skills,
    and little on the embedding's cosine, which separates occupations poorly once skills are
    known; the values below are that fit rounded to a readable set (held-out NDCG@10 within
    0.005 of the fit).  Skills stay the largest single requirement because recruiters screen
    on them first.  ``matcher/learning`` may replace them with weights fitted on outcomes.
    """

    model_config = SettingsConfigDict(env_prefix="HUILIU_WEIGHT_")

    semantic: float = 0.12
    skills: float = 0.20
    industry: float = 0.08
    location: float = 0.08
    education: float = 0.10
    experience: float = 0.10
    salary: float = 0.20
    engagement: float = 0.12
    #: points added (then capped at 100) for a native who plans or considers coming back (or
    #: came back), on the city's own vacancies, scaled by how well the place suits them.  A
    #: policy choice of the talent office, not a fit: the benchmark measures what it costs.
    return_bonus: float = 2.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUILIU_", env_nested_delimiter="__")

    env: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    data_dir: Path = Path("var")
    database_url: str | None = None
    bus: Literal["memory", "kafka"] = "memory"
    kafka_bootstrap: str = "127.0.0.1:9092"
    admin_token: str | None = None
    log_level: str = "INFO"

    # distributed mode: where the services listen (a process serves on its own URL's port
    # unless HUILIU_PORT is given), the shared secret between gateway and services, Kafka
    internal_token: str | None = None
    jobs_url: str = "http://127.0.0.1:8101"
    talent_url: str = "http://127.0.0.1:8102"
    matcher_urls: list[str] = ["http://127.0.0.1:8103"]
    analytics_url: str = "http://127.0.0.1:8105"
    embedder_url: str = "http://127.0.0.1:8104"
    matcher_shard: int = Field(0, ge=0)
    matcher_shards: int = Field(1, ge=1, le=64)
    kafka_topic_prefix: str = ""
    kafka_partitions: int = Field(3, ge=1, le=256)
    kafka_replication: int = Field(1, ge=1, le=10)  # of the topics the services create
    #: a stable name for this process's Kafka transactions (e.g. "embedder-0"), so that after a
    #: crash its successor aborts the open transaction at once instead of waiting it out
    kafka_transactional_id: str | None = Field(None, min_length=1, max_length=100)
    #: names this gateway's push consumer group, so a restart resumes where it stopped
    instance_id: str = Field(default_factory=lambda: socket.gethostname(), min_length=1, max_length=100)
    http_timeout: float = Field(10.0, gt=0)
    webhook_timeout: float = Field(5.0, gt=0)
    webhook_max_attempts: int = Field(5, ge=1, le=20)
    webhook_base_delay: float = Field(1.0, gt=0)  # seconds before the 2nd attempt; doubles after each

    # the city
    city_name: str = "云港市"
    city_districts: list[str] = ["海港区", "新城区", "高新区", "临港经济开发区", "北山县", "南湖区"]
    industries: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_INDUSTRIES))

    # embedding
    embed_model: str | None = None
    embed_batch_size: int = Field(32, ge=1, le=1024)
    #: the matcher's index dimension in the distributed mode (it does not load the model)
    embed_dim: int = Field(384, ge=8, le=8192)

    # matching
    #: candidates recalled by vector similarity, and by shared skills (matcher/skills/index.py);
    #: the reranker scores the union of both
    recall_n: int = Field(100, ge=1, le=10_000)
    skill_recall_n: int = Field(100, ge=0, le=10_000)
    push_top_k: int = Field(20, ge=1, le=1000)
    #: pushes need at least this (calibrated) score: about the chance in percent that the pair is a good match
    score_threshold: float = Field(55.0, ge=0, le=100)
    #: cosine similarities of e5 models sit in a narrow band; these map it onto 0..1.  Set from
    #: the benchmark's cosines (tuning half, multilingual-e5-small): the floor is the 1st
    #: percentile of all (talent, vacancy) pairs, below which nothing is related; the ceiling
    #: the 95th percentile of the relevant pairs (grade >= 2), above which only good matches lie.
    #: ``python -m matcher.evaluation --calibrate`` prints both again.
    semantic_floor: float = 0.86
    semantic_ceiling: float = 0.96
    weights: RankingWeights = Field(default_factory=RankingWeights)
    #: score multiplier for a veteran (10+ years, or a master's for an associate-level job) on an entry-level vacancy
    overqualified_factor: float = Field(0.9, ge=0, le=1)
    #: the score calibration (matcher/ranking/calibration.py); unset: the one shipped with the code
    calibration_file: Path | None = None
    #: exposure control: a vacancy is "fairly" exposed to ``exposure_per_head`` × headcount seekers
    #: (pushed, or in the top of a list they asked for) per window; beyond that its place in
    #: seekers' lists drops by ``exposure_weight`` points per doubling, and pushes stop at
    #: ``push_cap_per_head`` × headcount per vacancy, audience and window (0: no cap).  Chosen on
    #: the benchmark's tuning half (``python -m matcher.evaluation --exposure``): the largest drop
    #: of the exposure Gini for an NDCG@10 cost under 0.001.
    exposure_window_hours: float = Field(168.0, gt=0)
    exposure_per_head: float = Field(10.0, gt=0)
    exposure_weight: float = Field(2.0, ge=0, le=100)
    push_cap_per_head: int = Field(10, ge=0, le=100_000)
    #: rerank weights fitted on outcomes (``python -m matcher.learning fit``); when set, the
    #: matcher ranks with them instead of HUILIU_WEIGHT_* (the return bonus stays a setting)
    weights_file: Path | None = None

    @field_validator("industries")
    @classmethod
    def _industries(cls, v: dict[str, str]) -> dict[str, str]:
        if not v:
            raise ValueError("at least one priority industry is required")
        if "other" in v:
            raise ValueError("'other' is implicit and must not be configured")
        return v

    @model_validator(mode="after")
    def _secrets(self) -> Settings:
        if self.semantic_ceiling <= self.semantic_floor:
            raise ValueError("semantic_ceiling must be above semantic_floor")
        if self.matcher_shard >= self.matcher_shards:
            raise ValueError("matcher_shard must be below matcher_shards")
        for name in ("admin_token", "internal_token"):
            value = getattr(self, name)
            if value is not None and len(value) < 16 and self.env == "production":
                raise ValueError(f"HUILIU_{name.upper()} must be at least 16 characters in production")
            if value is not None and not value.strip():
                raise ValueError(f"HUILIU_{name.upper()} must not be empty")
        if self.internal_token is None:
            if self.env == "production":
                raise ValueError("HUILIU_INTERNAL_TOKEN must be set in production")
            self.internal_token = DEV_INTERNAL_TOKEN
        elif self.env == "production" and self.internal_token == DEV_INTERNAL_TOKEN:
            raise ValueError("HUILIU_INTERNAL_TOKEN must not be the development default in production")
        if self.admin_token is None:
            if self.env == "production":
                raise ValueError("HUILIU_ADMIN_TOKEN must be set in production")
            self.admin_token = DEV_ADMIN_TOKEN if self.env == "development" else secrets.token_urlsafe(24)
        elif self.env == "production" and self.admin_token == DEV_ADMIN_TOKEN:
            raise ValueError("HUILIU_ADMIN_TOKEN must not be the development default in production")
        return self

    @property
    def all_industries(self) -> list[str]:
        return [*self.industries, "other"]

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'huiliu.db').resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def listen_port(self, url: str) -> int:
        """HUILIU_PORT when given, else the port of this service's own URL."""
        if "port" in self.model_fields_set:
            return self.port
        from urllib.parse import urlparse

        return urlparse(url).port or 80

    def names_city(self, place: str) -> bool:
        """Whether a location names the whole city (云港 / 云港市), not one of its districts."""
        return place.strip().removesuffix("市") == self.city_name.removesuffix("市")

    def in_city(self, place: str) -> bool:
        """Whether a location names the city itself or one of its districts."""
        place = place.strip()
        if not place:
            return False
        short = self.city_name.removesuffix("市")
        return place.startswith(short) or any(d in place for d in self.city_districts)
