"""A mail as the pipeline sees it: where it came from, and what MIME parsing found in it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from schemas.base import Frozen


class ReceivedAtSource(StrEnum):
    """Which clock gave the reception time, best first."""

    INTERNALDATE = "internaldate"
    RECEIVED_HEADER = "received_header"
    DATE_HEADER = "date_header"
    FILE_MTIME = "file_mtime"


class SourceRef(Frozen):
    """Identity of one delivered copy of a message in its mailbox (the ledger key)."""

    mailbox: str = Field(description="Account and folder, e.g. 'imap://user@host/INBOX' or 'file'.")
    uidvalidity: int = Field(default=0, description="IMAP UIDVALIDITY, 0 for file sources.")
    uid: int = Field(default=0, description="IMAP UID, 0 for file sources.")
    internaldate: datetime | None = Field(default=None, description="IMAP INTERNALDATE.")
    origin: str | None = Field(default=None, description="File path or folder, for operators.")


class RawMessage(Frozen):
    """The untouched bytes of one message and where they came from."""

    source: SourceRef
    raw: bytes = Field(repr=False)


class Attachment(Frozen):
    """A file carried by a message. The name is for display only, never a path."""

    filename: str = Field(description="Decoded file name as sent (RFC 2047/2231), display only.")
    declared_type: str = Field(description="Content-Type declared by the sender.")
    sha256: str
    size: int
    content: bytes = Field(
        default=b"",
        repr=False,
        exclude=True,
        description="Bytes; not stored in JSON (archived apart).",
    )


class ParsedMessage(Frozen):
    """What MIME parsing found in one message; nested forwards are parsed the same way."""

    message_id: str = Field(
        description="Message-ID without angle brackets (synthesised if absent)."
    )
    subject: str = ""
    from_name: str | None = None
    from_addr: str | None = None
    to: list[str] = Field(default_factory=list)
    cc: list[str] = Field(default_factory=list)
    date: datetime | None = None
    in_reply_to: str | None = None
    references: list[str] = Field(default_factory=list)
    body_text: str = Field(
        default="", description="Plain text body, HTML turned into text if needed."
    )
    body_tables: list[list[list[str]]] = Field(
        default_factory=list,
        description="Tables of the HTML body (or of its HTML alternative), rows of cell texts.",
    )
    attachments: list[Attachment] = Field(default_factory=list)
    forwarded: list[ParsedMessage] = Field(
        default_factory=list, description="Messages forwarded inside this one (rfc822 or inline)."
    )
    auto_submitted: bool = Field(default=False, description="RFC 3834 auto-reply or X-Autoreply.")
    mailing_list: bool = Field(default=False, description="List-Id or List-Unsubscribe present.")
    spam_flag: bool = Field(default=False, description="X-Spam-Flag: YES or similar.")
    notes: list[str] = Field(default_factory=list, description="French notes for staff.")

    @property
    def original_sender(self) -> str | None:
        """The address of the first forwarded author, else the sender: a forward counts for it."""
        for inner in self.forwarded:
            if inner.from_addr:
                return inner.from_addr
        return self.from_addr
