"""One application per territory, whatever the mail did, with the reasons it was grouped."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from schemas.base import Frozen
from schemas.check import CheckCode, CheckResult
from schemas.document import DocumentKind
from schemas.fields import ApplicationFields


class GroupingReason(Frozen):
    """Why a message joined an application (or was set apart), so staff can see and undo it."""

    message_id: str
    rule: str = Field(description="Machine code: first_message, same_message_id, thread, ...")
    detail: str = Field(description="French sentence for staff.")
    joined: str | None = Field(default=None, description="Message-ID it was linked to.")


class DocumentRef(Frozen):
    filename: str
    kind: DocumentKind
    ocr: bool
    sha256: str
    message_id: str
    media_type: str
    kind_reason: str = ""
    error: str | None = None


class Application(Frozen):
    id: str
    territory: str | None
    received_at: datetime
    on_time: bool
    messages: list[str]
    documents: list[DocumentRef]
    fields: ApplicationFields
    checks: dict[CheckCode, CheckResult]
    grouping: list[GroupingReason] = Field(default_factory=list)
    sender: str | None = None
    subject: str = ""


class UnrelatedMessage(Frozen):
    message_id: str
    subject: str
    from_addr: str | None
    received_at: datetime
    reason: str = Field(description="French: why it is not an application.")
    rule: str
