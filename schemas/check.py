"""Completeness checks: codes, statuses, and the evidence each one quotes."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from schemas.base import Frozen
from schemas.evidence import Evidence


class CheckStatus(StrEnum):
    OK = "ok"
    WARNING = "warning"
    MISSING = "missing"


class CheckCode(StrEnum):
    ON_TIME = "on_time"
    BULLETIN = "bulletin"
    LETTER = "letter"
    PROJECT_TITLE = "project_title"
    QUARTIERS = "quartiers"
    DESCRIPTION = "description"
    DIFFICULTIES = "difficulties"
    CONTACTS = "contacts"
    ELECTED_OFFICIAL = "elected_official"
    LETTER_SIGNED = "letter_signed"
    MOTIVATION = "motivation"
    OBJECTIVES = "objectives"
    QUARTIER_JUSTIFICATION = "quartier_justification"
    QUARTIERS_QPV = "quartiers_qpv"


class CheckResult(Frozen):
    status: CheckStatus
    message: str = Field(description="French, for the reviewer.")
    evidence: list[Evidence] = Field(default_factory=list)
