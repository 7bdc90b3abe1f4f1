"""Where a value came from: the document, page and span a reviewer can check in one glance."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from schemas.base import Frozen


class Method(StrEnum):
    """How a value was obtained."""

    PDF_TEXT = "pdf_text"
    FORM_FIELD = "form_field"
    DOCX = "docx"
    ODT = "odt"
    RTF = "rtf"
    MAIL_BODY = "mail_body"
    OCR = "ocr"
    NLP = "nlp"
    HEADER = "header"
    HUMAN = "human"


class Evidence(Frozen):
    """A quoted piece of a document that supports a value or a check."""

    document: str = Field(description="File name of the document (or 'corps du message').")
    document_sha256: str | None = Field(default=None, description="Hash of the document bytes.")
    page: int | None = Field(default=None, description="1-based page number, None when unpaged.")
    text: str = Field(description="The quoted text.")
    start: int | None = Field(default=None, description="Start offset in the page text.")
    end: int | None = Field(default=None, description="End offset in the page text.")
    method: Method = Method.PDF_TEXT
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
