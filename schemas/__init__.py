"""Pydantic models every other package speaks."""

from schemas.application import Application, DocumentRef, GroupingReason, UnrelatedMessage
from schemas.campaign import Campaign
from schemas.check import CheckCode, CheckResult, CheckStatus
from schemas.document import Document, DocumentKind, ExtractedText, FormField, Page, Word
from schemas.draft import ApplicationDraft
from schemas.evidence import Evidence, Method
from schemas.fields import (
    ApplicationFields,
    BulletinFields,
    Contact,
    LetterFields,
    Person,
    Service,
)
from schemas.message import Attachment, ParsedMessage, RawMessage, ReceivedAtSource, SourceRef
from schemas.result import MessageResult

__all__ = [
    "Application",
    "ApplicationDraft",
    "ApplicationFields",
    "Attachment",
    "BulletinFields",
    "Campaign",
    "CheckCode",
    "CheckResult",
    "CheckStatus",
    "Contact",
    "Document",
    "DocumentKind",
    "DocumentRef",
    "Evidence",
    "ExtractedText",
    "FormField",
    "GroupingReason",
    "LetterFields",
    "MessageResult",
    "Method",
    "Page",
    "ParsedMessage",
    "Person",
    "RawMessage",
    "ReceivedAtSource",
    "Service",
    "SourceRef",
    "UnrelatedMessage",
    "Word",
]
