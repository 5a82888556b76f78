"""Request shape of a Talent (a job seeker's profile)."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from services.kit.domain import EducationLevel, Engagement, ReturnIntention
from services.kit.text import clean, dedupe

Skill = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Place = Annotated[str, StringConstraints(min_length=1, max_length=50)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=32)]


class Education(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: EducationLevel = "none"
    major: str = Field("", max_length=50)
    graduation_year: int | None = Field(None, ge=1950, le=date.today().year + 6)

    @field_validator("major")
    @classmethod
    def _clean(cls, v: str) -> str:
        return clean(v)


class TalentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=50)
    resume_text: str = Field("", max_length=20_000)
    skills: list[Skill] = Field(default_factory=list, max_length=50)
    education: Education = Field(default_factory=Education)
    experience_years: float = Field(0, ge=0, le=60)
    current_city: str = Field("", max_length=50)
    native: bool = False
    desired_industries: list[Code] = Field(default_factory=list, max_length=10)
    desired_locations: list[Place] = Field(default_factory=list, max_length=10)
    salary_expectation: int | None = Field(None, ge=0, le=1_000_000)
    engagement: list[Engagement] = Field(default_factory=lambda: ["full_time"], min_length=1, max_length=6)
    return_intention: ReturnIntention = "none"
    visible_to_enterprises: bool = True

    @field_validator("name", "current_city", "resume_text")
    @classmethod
    def _clean(cls, v: str) -> str:
        return clean(v)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v:
            raise ValueError("must not be blank")
        return v

    @field_validator("skills", "desired_locations", "desired_industries")
    @classmethod
    def _lists(cls, v: list[str]) -> list[str]:
        return dedupe(v)

    @field_validator("engagement")
    @classmethod
    def _engagement(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))
