"""A call for expressions of interest: what is asked, of whom, by when."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from schemas.base import Frozen


class Campaign(Frozen):
    name: str
    organisation: str = "Pays et Quartiers d'Aquitaine"
    deadline: datetime = Field(description="Aware datetime; naive values take `timezone`.")
    timezone: str = "Europe/Paris"
    referents: list[str] = Field(description="Addresses the applications are sent to.")
    required_documents: list[str] = Field(default_factory=lambda: ["bulletin", "letter"])
    required_fields: list[str] = Field(
        default_factory=lambda: [
            "project_title",
            "quartiers",
            "description",
            "difficulties",
            "contacts",
            "elected_official",
        ]
    )
    qpv_list: str = Field(default="2015", description="Which QPV list is in force: 2015 or 2024.")

    @field_validator("referents")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [v.strip().lower() for v in value]

    def aware_deadline(self) -> datetime:
        if self.deadline.tzinfo is None:
            return self.deadline.replace(tzinfo=ZoneInfo(self.timezone))
        return self.deadline
