"""What processing one archived message yields: a pure function of its bytes and reception time."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from schemas.base import Frozen
from schemas.document import Document
from schemas.message import ParsedMessage, ReceivedAtSource


class MessageResult(Frozen):
    """One message read and its documents classified and extracted; nothing grouped yet."""

    sha256: str = Field(description="Hash of the raw message bytes (its archive name).")
    received_at: datetime
    received_at_source: ReceivedAtSource
    parsed: ParsedMessage
    documents: list[Document] = Field(default_factory=list)
    territory: str | None = None
    territory_reason: str = ""
    notes: list[str] = Field(default_factory=list, description="French notes for staff.")
