"""PDF reading: text layer with word boxes, tables, AcroForm answers, signatures, limits, OCR."""

from __future__ import annotations

import io

import pytest
from format_samples import (
    acroform_pdf,
    bomb_pdf,
    image_pdf,
    scan_letter,
    text_pdf,
    with_annotation,
)
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from extractors import ocr
from extractors import pdf as pdf_module
from extractors.pdf import MAX_PAGES, PASSWORD_ERROR, read_pdf
from schemas import FormField, Method

LINES = ["Intitulé du projet : Jardins partagés", "Fait à Lormont, le 3 mars 2025"]


def _encrypted(user: str, owner: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(LINES))))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _rotated(data: bytes, degrees: int) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.pages[0].rotate(degrees)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_typed_pdf_text_is_read_from_its_text_layer() -> None:
    page = read_pdf(text_pdf(LINES), use_ocr=False).pages[0]
    assert page.method == Method.PDF_TEXT
    assert page.text.splitlines() == LINES


def test_words_have_boxes_in_points_from_the_top_left() -> None:
    words = read_pdf(text_pdf(LINES), use_ocr=False).pages[0].words
    first = words[0]
    assert first.text == "Intitulé"
    assert first.x0 == pytest.approx(72, abs=1)
    assert 60 < first.top < first.bottom < 90  # first line, near the top of the page


def test_ruled_table_comes_back_as_rows_of_label_and_value_cells() -> None:
    rows = [["Nom du projet", "Jardins partagés"], ["Quartier", "Génicart"]]
    extracted = read_pdf(text_pdf(LINES, table=rows), use_ocr=False)
    assert extracted.tables == [rows]


def test_acroform_answers_become_form_fields_with_their_page() -> None:
    fields = read_pdf(acroform_pdf(), use_ocr=False).form_fields
    assert FormField(name="titre_projet", value="Jardins partagés", page=1) in fields
    assert FormField(name="description", value="Ligne une\nLigne deux", page=1) in fields


def test_acroform_check_boxes_read_oui_or_non_and_radio_its_choice() -> None:
    values = {f.name: f.value for f in read_pdf(acroform_pdf(), use_ocr=False).form_fields}
    assert values["service_pv"] == "oui"
    assert values["service_eco"] == "non"
    assert values["territoire"] == "Lormont"


def test_acroform_answers_are_written_beside_their_labels_in_the_page_text() -> None:
    lines = read_pdf(acroform_pdf(), use_ocr=False).pages[0].text.splitlines()
    assert "Intitulé du projet : Jardins partagés" in lines
    assert "Politique de la ville ☒" in lines
    assert "Développement économique ☐" in lines


def test_unchecked_box_is_non_even_when_other_answers_are_filled() -> None:
    values = {
        f.name: f.value for f in read_pdf(acroform_pdf(checked=False), use_ocr=False).form_fields
    }
    assert values["service_pv"] == "non"


def test_signature_image_in_the_lower_half_marks_the_page() -> None:
    page = read_pdf(text_pdf(LINES, signature_image=True), use_ocr=False).pages[0]
    assert page.has_signature_mark


def test_logo_in_the_upper_half_is_not_a_signature() -> None:
    page = read_pdf(text_pdf(LINES, signature_image=True, image_y=650), use_ocr=False).pages[0]
    assert not page.has_signature_mark


def test_ink_strokes_in_the_lower_half_mark_the_page() -> None:
    assert read_pdf(text_pdf(LINES, ink=True), use_ocr=False).pages[0].has_signature_mark


def test_page_with_text_only_has_no_signature_mark() -> None:
    assert not read_pdf(text_pdf(LINES), use_ocr=False).pages[0].has_signature_mark


def _rect(x0: float, y0: float, x1: float, y1: float) -> ArrayObject:
    return ArrayObject([FloatObject(v) for v in (x0, y0, x1, y1)])


def test_signature_drawn_in_a_pdf_reader_is_a_mark() -> None:
    """Acrobat's "Remplir et signer" adds the drawn signature as an Ink annotation."""
    stroke = ArrayObject([FloatObject(v) for v in (330, 160, 400, 210)])
    ink = {
        "/Type": NameObject("/Annot"),
        "/Subtype": NameObject("/Ink"),
        "/Rect": _rect(330, 150, 500, 220),
        "/InkList": ArrayObject([stroke]),
    }
    page = read_pdf(with_annotation(text_pdf(LINES), ink), use_ocr=False).pages[0]
    assert page.has_signature_mark


def test_signed_signature_field_marks_its_page_and_is_a_form_field() -> None:
    signature = {
        "/Type": NameObject("/Annot"),
        "/Subtype": NameObject("/Widget"),
        "/FT": NameObject("/Sig"),
        "/T": TextStringObject("Signature1"),
        "/Rect": _rect(330, 150, 500, 220),
        "/V": DictionaryObject({NameObject("/Type"): NameObject("/Sig")}),
    }
    extracted = read_pdf(with_annotation(text_pdf(LINES), signature, field=True), use_ocr=False)
    assert extracted.pages[0].has_signature_mark
    assert extracted.form_fields == [
        FormField(name="Signature1", value="signature électronique", page=1)
    ]


def test_signature_place_follows_the_page_rotation() -> None:
    """A logo drawn at the top, on a page displayed upside down, ends at the bottom."""
    upside_down = _rotated(text_pdf(LINES, signature_image=True, image_y=650), 180)
    assert read_pdf(upside_down, use_ocr=False).pages[0].has_signature_mark


def test_pdf_with_a_user_password_asks_for_an_unprotected_copy() -> None:
    extracted = read_pdf(_encrypted(user="secret", owner="owner"), use_ocr=False)
    assert extracted.error == PASSWORD_ERROR
    assert extracted.pages == []


def test_pdf_with_only_an_owner_password_is_read() -> None:
    extracted = read_pdf(_encrypted(user="", owner="owner"), use_ocr=False)
    assert extracted.error is None
    assert "Jardins partagés" in extracted.text


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n%%EOF", b"%PDF-1.4\n1 0 obj << /Type /Catalog", text_pdf(LINES)[:900]],
    ids=["header-only", "cut-object", "truncated"],
)
def test_malformed_pdf_gives_a_french_error_not_an_exception(data: bytes) -> None:
    extracted = read_pdf(data, use_ocr=False)
    assert extracted.error is not None or extracted.pages
    if extracted.error:
        assert "PDF" in extracted.error


def test_page_count_is_capped_with_a_note() -> None:
    extracted = read_pdf(text_pdf(["Annexe"], pages=MAX_PAGES + 3), use_ocr=False)
    assert len(extracted.pages) == MAX_PAGES
    assert any(f"{MAX_PAGES + 3} pages" in note for note in extracted.notes)


def test_decompression_bomb_page_is_not_rendered() -> None:
    extracted = read_pdf(bomb_pdf(), use_ocr=True)
    assert extracted.pages[0].text == ""
    assert any("trop grande" in note for note in extracted.notes)


def test_scanned_page_without_ocr_is_kept_empty_with_a_note() -> None:
    extracted = read_pdf(image_pdf(scan_letter().reduce(4), dpi=75), use_ocr=False)
    assert extracted.pages[0].text == ""
    assert any("OCR indisponible" in note for note in extracted.notes)


@pytest.mark.ocr
def test_scanned_page_is_read_by_ocr_with_its_confidence() -> None:
    if not ocr.available():
        pytest.skip("Tesseract with French is not installed")
    page = read_pdf(image_pdf(scan_letter(angle=2.0))).pages[0]
    assert page.method == Method.OCR
    assert "Génicart" in page.text
    assert page.ocr_confidence is not None and page.ocr_confidence > 80
    assert page.has_signature_mark


@pytest.mark.ocr
def test_scanned_pages_beyond_the_ocr_limit_are_noted(monkeypatch: pytest.MonkeyPatch) -> None:
    if not ocr.available():
        pytest.skip("Tesseract with French is not installed")
    monkeypatch.setattr(pdf_module, "MAX_OCR_PAGES", 1)
    small = scan_letter(signature=False).crop((0, 250, 2480, 500))
    writer = PdfWriter()
    for _ in range(2):
        writer.append(PdfReader(io.BytesIO(image_pdf(small))))
    buffer = io.BytesIO()
    writer.write(buffer)
    extracted = read_pdf(buffer.getvalue())
    assert [p.method for p in extracted.pages] == [Method.OCR, Method.PDF_TEXT]
    assert "Lormont" in extracted.pages[0].text
    assert any("Page 2" in note and "limite" in note for note in extracted.notes)


def _grid_with_a_spanning_heading() -> bytes:
    """A two-column form whose column rule runs through its full-width heading rows, as a
    table drawn with a narrow label column does."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595, 842), invariant=1)
    page.setFont("Helvetica", 10)
    rows = [
        ("Personnes-contacts (un par service)", None),
        ("Fonction", "Coordinatrice du contrat de ville"),
        ("Service Développement économique", None),
        ("Courriel", "j.roumegoux@eysines.fr"),
    ]
    left, split, right, top = 60, 150, 540, 760
    for index, (label, answer) in enumerate(rows):
        y = top - index * 24
        page.rect(left, y - 24, right - left, 24)
        page.line(split, y, split, y - 24)  # the rule runs through heading rows too
        page.drawString(left + 4, y - 16, label)
        if answer:
            page.drawString(split + 4, y - 16, answer)
    page.save()
    return buffer.getvalue()


def test_a_heading_the_column_rule_runs_through_stays_one_cell() -> None:
    [table] = read_pdf(_grid_with_a_spanning_heading(), use_ocr=False).tables
    assert table == [
        ["Personnes-contacts (un par service)"],
        ["Fonction", "Coordinatrice du contrat de ville"],
        ["Service Développement économique"],
        ["Courriel", "j.roumegoux@eysines.fr"],
    ]
