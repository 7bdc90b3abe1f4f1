"""What the checks and the report are computed from: an application before its checks."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from schemas.application import GroupingReason
from schemas.base import Frozen
from schemas.document import Document
from schemas.fields import ApplicationFields, BulletinFields, LetterFields


class ApplicationDraft(Frozen):
    """A grouped application with its documents and merged fields, not yet checked."""

    id: str
    territory: str | None
    received_at: datetime
    messages: list[str]
    sender: str | None = None
    sender_domain: str | None = None
    subject: str = ""
    documents: list[Document]
    bulletin: BulletinFields | None = Field(default=None, description="Merged bulletin fields.")
    letter: LetterFields | None = Field(default=None, description="Fields of the letter of intent.")
    fields: ApplicationFields
    grouping: list[GroupingReason] = Field(default_factory=list)
