"""Evidence for the values of one document: which page, which span, read how, how sure.

Values found in a table or a form are placed back in the page text when they can be, so the
report and the web app always quote what the document says, where it says it.
"""

from __future__ import annotations

from extractors.folding import fold, fold_text
from extractors.labels import LabelledValue, PageTexts
from schemas.document import ExtractedText, FormField
from schemas.evidence import Evidence, Method


def locate(pages: PageTexts, value: str) -> tuple[int | None, int, int] | None:
    """Where a value found elsewhere (table, form) appears in the page texts, if it does."""
    probe = value.strip().split("\n")[0].strip()
    if not probe:
        return None
    for page, text in pages:
        at = text.find(probe)
        if at >= 0:
            return page, at, at + len(probe)
    folded_probe = fold_text(probe).strip()
    for page, text in pages:
        folded = fold(text)
        at = folded.text.find(folded_probe)
        if at >= 0:
            return page, folded.original(at), folded.original(at + len(folded_probe))
    return None


class Quoter:
    """Builds the evidence of one document: its name, hash, and each page's reading method."""

    def __init__(self, extracted: ExtractedText, document: str, sha256: str | None) -> None:
        self.document = document
        self.sha256 = sha256
        self.pages: list[tuple[int | None, str]] = [(p.number, p.text) for p in extracted.pages]
        self._methods = {p.number: p.method for p in extracted.pages}
        self._ocr = {p.number: p.ocr_confidence for p in extracted.pages}
        self._default = extracted.pages[0].method if extracted.pages else Method.PDF_TEXT

    def text_of(self, page: int | None) -> str:
        return next((text for number, text in self.pages if number == page), "")

    def at(
        self, page: int | None, start: int | None, end: int | None, text: str, confidence: float
    ) -> Evidence:
        """Evidence for a span of a page (or a quote that could not be placed)."""
        method = self._methods.get(page, self._default) if page is not None else self._default
        ocr = self._ocr.get(page) if page is not None else None
        if ocr is not None:
            # An OCR'd span is only as sure as Tesseract was about the page.
            confidence *= max(0.3, min(1.0, ocr / 100))
        return Evidence(
            document=self.document,
            document_sha256=self.sha256,
            page=page,
            text=text[:500],
            start=start,
            end=end,
            method=method,
            confidence=max(0.0, min(1.0, confidence)),
        )

    def value(self, found: LabelledValue, confidence: float) -> Evidence:
        """Evidence quoting the page text under a labelled value (its exact span)."""
        text = found.value
        if found.page is not None and found.start is not None and found.end is not None:
            text = self.text_of(found.page)[found.start : found.end] or found.value
        return self.at(found.page, found.start, found.end, text, confidence)

    def find(
        self, text: str, confidence: float, page: int | None = None, near: int = 0
    ) -> Evidence:
        """Evidence for a piece of text: searched on ``page`` from ``near``, then everywhere."""
        probe = text.strip().split("\n")[0].strip()
        for candidate in dict.fromkeys((probe, probe.split(", ")[0])):
            if page is not None and candidate:
                at = self.text_of(page).find(candidate, near)
                if at >= 0:
                    return self.at(page, at, at + len(candidate), text, confidence)
        where = locate(self.pages, text)
        if where is None:
            return self.at(None, None, None, text, confidence * 0.9)
        return self.at(where[0], where[1], where[2], text, confidence)

    def form(self, field: FormField, confidence: float) -> Evidence:
        """Evidence for a form answer: the field name and its value, method form_field."""
        return Evidence(
            document=self.document,
            document_sha256=self.sha256,
            page=field.page,
            text=f"{field.name} : {field.value}"[:500],
            method=Method.FORM_FIELD,
            confidence=confidence,
        )
