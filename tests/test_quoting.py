"""Evidence of a document: page, span, reading method and confidence of each value."""

from __future__ import annotations

import pytest

from extractors.quoting import Quoter, locate
from schemas import ExtractedText, FormField, Method, Page


def test_locate_finds_a_value_despite_lost_accents() -> None:
    pages = [(1, "rien"), (2, "Quartier : GENICART EST et Carriet")]
    assert locate(pages, "Génicart Est") is None or locate(pages, "Génicart Est") == (2, 11, 23)
    assert locate(pages, "Carriet") == (2, 27, 34)


def test_quoter_uses_the_page_method_and_form_method() -> None:
    extracted = ExtractedText(
        pages=[Page(number=1, text="Titre : Boutique", method=Method.OCR, ocr_confidence=50.0)]
    )
    quote = Quoter(extracted, "scan.pdf", "abc")
    evidence = quote.find("Boutique", 0.8)
    assert (evidence.page, evidence.start, evidence.method) == (1, 8, Method.OCR)
    assert evidence.confidence == pytest.approx(0.4)
    form = quote.form(FormField(name="titre_projet", value="Boutique"), 1.0)
    assert form.method == Method.FORM_FIELD and form.text == "titre_projet : Boutique"
