"""Shared vocabulary of the domain (DESIGN.md): education levels, engagement modes, return
intentions and outcome kinds, with their Chinese labels.  Pure data, no behaviour."""
from __future__ import annotations

from typing import Literal

EducationLevel = Literal["none", "secondary", "associate", "bachelor", "master", "doctorate"]
EDUCATION_ORDER: dict[str, int] = {"none": 0, "secondary": 1, "associate": 2, "bachelor": 3, "master": 4, "doctorate": 5}
EDUCATION_LABELS = {"none": "不限", "secondary": "中专/高中", "associate": "大专", "bachelor": "本科", "master": "硕士", "doctorate": "博士"}

Engagement = Literal["full_time", "part_time", "project", "short_term", "equity", "remote"]
ENGAGEMENT_LABELS = {
    "full_time": "全职", "part_time": "兼职", "project": "项目合作",
    "short_term": "短期服务", "equity": "技术入股", "remote": "远程",
}

ReturnIntention = Literal["none", "considering", "planning", "returned"]
RETURN_LABELS = {"none": "无返乡意向", "considering": "考虑返乡", "planning": "计划返乡", "returned": "已返乡"}

JobStatus = Literal["open", "filled", "closed"]

OutcomeKind = Literal["viewed", "saved", "applied", "interviewed", "hired", "rejected"]
OUTCOME_KINDS = ("viewed", "saved", "applied", "interviewed", "hired", "rejected")
