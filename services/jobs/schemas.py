"""Request and response shapes of a Job (vacancy)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

from services.kit.domain import EducationLevel, Engagement, JobStatus
from services.kit.text import clean, dedupe

Skill = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Place = Annotated[str, StringConstraints(min_length=1, max_length=50)]
MAX_SALARY = 1_000_000


class JobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=100)
    description: str = Field(min_length=1, max_length=5000)
    industry: str = Field(min_length=1, max_length=32)
    skills: list[Skill] = Field(default_factory=list, max_length=30)
    location: Place
    education_min: EducationLevel = "none"
    experience_min_years: int = Field(0, ge=0, le=50)
    salary_min: int = Field(ge=0, le=MAX_SALARY)
    salary_max: int = Field(ge=0, le=MAX_SALARY)
    headcount: int = Field(1, ge=1, le=10_000)
    engagement: list[Engagement] = Field(default_factory=lambda: ["full_time"], min_length=1, max_length=6)
    expires_at: datetime | None = None

    @field_validator("title", "description", "location")
    @classmethod
    def _clean(cls, v: str) -> str:
        v = clean(v)
        if not v:
            raise ValueError("must not be blank")
        return v

    @field_validator("skills")
    @classmethod
    def _skills(cls, v: list[str]) -> list[str]:
        return dedupe(v)

    @field_validator("engagement")
    @classmethod
    def _engagement(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    @field_validator("expires_at")
    @classmethod
    def _tz(cls, v: datetime | None) -> datetime | None:
        if v is not None and v.tzinfo is None:
            v = v.replace(tzinfo=UTC)  # a naive time is read as UTC
        return v

    @field_validator("salary_max")
    @classmethod
    def _salary(cls, v: int, info: ValidationInfo) -> int:
        low = info.data.get("salary_min")
        if low is not None and v < low:
            raise ValueError("must not be below salary_min / 最高薪资不能低于最低薪资")
        return v


class JobPatch(BaseModel):
    """Any subset of the job's fields, plus ``status``."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    description: str | None = None
    industry: str | None = None
    skills: list[str] | None = None
    location: str | None = None
    education_min: EducationLevel | None = None
    experience_min_years: int | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    headcount: int | None = None
    engagement: list[Engagement] | None = None
    expires_at: datetime | None = None
    status: JobStatus | None = None
