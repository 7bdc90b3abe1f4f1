"""A document read out of a message: its pages of text, its kind, and how it was read."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from schemas.base import Frozen
from schemas.evidence import Method
from schemas.fields import BulletinFields, LetterFields


class DocumentKind(StrEnum):
    BULLETIN = "bulletin"
    LETTER = "letter"
    OTHER = "other"


class Word(Frozen):
    """A word and its box in PDF points (x0, top, x1, bottom), top-left origin."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Page(Frozen):
    """One page of text. Unpaged formats (DOCX, mail body) have a single page 1."""

    number: int = Field(ge=1)
    text: str
    method: Method
    ocr_confidence: float | None = Field(
        default=None, description="Mean Tesseract confidence 0-100."
    )
    words: list[Word] = Field(default_factory=list)
    has_signature_mark: bool = Field(
        default=False, description="An image or ink mark was seen in the lower part of the page."
    )


class FormField(Frozen):
    """A form answer found outside the visible text (AcroForm, w:sdt, legacy form field)."""

    name: str
    value: str
    page: int | None = None


class ExtractedText(Frozen):
    """What a format extractor returns: pages, form fields, and French notes for staff."""

    pages: list[Page] = Field(default_factory=list)
    form_fields: list[FormField] = Field(default_factory=list)
    tables: list[list[list[str]]] = Field(
        default_factory=list,
        description="Tables as rows of cells, label in one cell, value in next.",
    )
    notes: list[str] = Field(default_factory=list)
    error: str | None = Field(
        default=None, description="French message when the file was not read."
    )

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def ocr(self) -> bool:
        return any(p.method == Method.OCR for p in self.pages)


class Document(Frozen):
    """A document of an application: an attachment or a mail body, read and classified."""

    sha256: str
    filename: str
    media_type: str = Field(description="Sniffed from content, not the declared type.")
    message_id: str
    kind: DocumentKind = DocumentKind.OTHER
    kind_reason: str = ""
    extracted: ExtractedText
    page_range: tuple[int, int] | None = Field(
        default=None, description="Pages of a PDF that holds several documents (split)."
    )
    bulletin: BulletinFields | None = Field(default=None, description="Set when kind is bulletin.")
    letter: LetterFields | None = Field(default=None, description="Set when kind is letter.")

    @property
    def ocr(self) -> bool:
        return self.extracted.ocr
