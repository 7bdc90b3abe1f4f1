"""Any file → (sniffed type, text): the registry, unsupported formats, and real-world files.

The tests marked ``corpus`` read third-party files from ``/work/shared/corpora`` (or
``../shared/corpora`` beside the repository) and are skipped when that folder is absent.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from format_samples import text_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import ocr
from extractors import sniff as types
from extractors.base import extractor_for, registered
from extractors.docx import BROKEN_ERROR as DOCX_BROKEN
from extractors.formats import EMPTY, PROTECTED_OFFICE, read_document
from extractors.pdf import BROKEN_ERROR as PDF_BROKEN
from extractors.pdf import PASSWORD_ERROR
from schemas import ExtractedText, Method

ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = [ROOT.parent / "shared" / "corpora", Path("/work/shared/corpora")]
CORPORA = next((path for path in _CANDIDATES if path.is_dir()), None)


def corpus_file(relative: str) -> bytes:
    """Bytes of a corpus file; skips the test when the corpora are not on this machine."""
    if CORPORA is None or not (CORPORA / relative).is_file():
        pytest.skip("third-party corpora absent (../shared/corpora)")
    return (CORPORA / relative).read_bytes()


def read(relative: str) -> tuple[str, ExtractedText]:
    return read_document(corpus_file(relative), Path(relative).name)


def test_every_readable_format_has_an_extractor() -> None:
    expected = {types.PDF, types.DOCX, types.DOCM, types.ODT, types.RTF, types.DOC, types.JPEG}
    assert expected <= set(registered())
    assert extractor_for(types.TIFF) is extractor_for(types.PNG)


def test_pdf_is_read_whatever_its_name_and_declared_type() -> None:
    media_type, extracted = read_document(
        text_pdf(["Bonjour"]), "lettre.docx", "application/msword"
    )
    assert media_type == types.PDF
    assert extracted.pages[0].text == "Bonjour"
    assert extracted.notes[0] == (
        "Type annoncé application/msword, lu comme application/pdf d'après son contenu."
    )


def test_matching_declared_type_adds_no_note() -> None:
    _media, extracted = read_document(text_pdf(["Bonjour"]), "lettre.pdf", "application/pdf")
    assert extracted.notes == []


def test_spreadsheet_asks_for_a_pdf_or_a_docx() -> None:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    media_type, extracted = read_document(buffer.getvalue(), "budget.xlsx")
    assert media_type == types.XLSX
    assert extracted.error == "Format non lu (tableur Excel) : demander un PDF ou un DOCX."


def test_unknown_bytes_ask_for_a_pdf_or_a_docx() -> None:
    _media, extracted = read_document(bytes(range(256)) * 8, "bulletin.pdf")
    assert extracted.error == "Format non lu (type inconnu) : demander un PDF ou un DOCX."


def test_password_protected_office_file_asks_for_an_unprotected_copy() -> None:
    protected = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")
    assert read_document(protected, "bulletin.docx")[1].error == PROTECTED_OFFICE


def test_empty_attachment_asks_for_a_new_sending() -> None:
    assert read_document(b"", "bulletin.pdf")[1].error == EMPTY


_PREFIXES = [
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"{\\rtf1 ",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PREFIXES), st.binary(max_size=3000))
def test_read_document_never_raises_on_garbage(prefix: bytes, tail: bytes) -> None:
    """Contract: any bytes give a media type and either pages or a French error; no exception."""
    media_type, extracted = read_document(prefix + tail, "piece-jointe")
    assert "/" in media_type
    assert extracted.error is None or extracted.error.endswith(".")


@pytest.mark.corpus
def test_corpus_word_content_control_is_a_form_field() -> None:
    media_type, extracted = read("docx2python/ControlTest.docx")
    assert media_type == types.DOCX
    assert extracted.form_fields[0].name == "Test_Control"
    assert extracted.form_fields[0].value.startswith("This is a test")


@pytest.mark.corpus
def test_corpus_word_legacy_check_boxes_and_drop_downs() -> None:
    values = [(f.name, f.value) for f in read("docx2python/check_drop_my.docx")[1].form_fields]
    assert ("Check1", "oui") in values
    assert ("Dropdown2", "Piihan B") in values


@pytest.mark.corpus
def test_corpus_word_text_box_is_read_once() -> None:
    assert read("mammoth/text-box.docx")[1].text.count("Datum plane") == 1


@pytest.mark.corpus
def test_corpus_strict_ooxml_is_read() -> None:
    extracted = read("docx2python/strict.docx")[1]
    assert "Cellaa\tCellab" in extracted.text
    assert extracted.tables == [[["Cellaa", "Cellab"], ["Cellba", "Cellbb"]]]


@pytest.mark.corpus
def test_corpus_renamed_main_part_is_found_through_relationships() -> None:
    assert read("docx2python/renamed_document_xml.docx")[1].text == "This is a link to my website."


@pytest.mark.corpus
def test_corpus_broken_zip_offsets_still_sniff_as_odt() -> None:
    media_type, extracted = read("ocrmypdf/tagged.odt")
    assert media_type == types.ODT
    assert ["Cell 1", "Cell 2"] in extracted.tables[0]


@pytest.mark.corpus
def test_corpus_odt_form_controls_give_answers() -> None:
    extracted = read("py-pdf-sample-files/012-libreoffice-form/libreoffice-form.odt")[1]
    assert ("First Name", "Alice") in [(f.name, f.value) for f in extracted.form_fields]


@pytest.mark.corpus
def test_corpus_acroform_filled_in_acrobat_reader() -> None:
    extracted = read("pypdf-resources/form_acrobatReader.pdf")[1]
    assert [(f.name, f.value, f.page) for f in extracted.form_fields] == [("foo", "Bar", 1)]
    assert extracted.pages[0].text.startswith("foo Bar")


@pytest.mark.corpus
def test_corpus_acroform_check_box_off_reads_non() -> None:
    values = {f.name: f.value for f in read("pypdf-resources/FormTestFromOo.pdf")[1].form_fields}
    assert values["CheckBox1"] == "non"


@pytest.mark.corpus
@pytest.mark.parametrize(
    "relative",
    [
        "pypdf-resources/encryption/r6-user-password.pdf",
        "pypdf-resources/encryption/r4-aes-user-password.pdf",
        "pdfplumber/password-example.pdf",
    ],
)
def test_corpus_pdf_with_user_password_asks_for_an_unprotected_copy(relative: str) -> None:
    assert read(relative)[1].error == PASSWORD_ERROR


@pytest.mark.corpus
def test_corpus_pdf_with_owner_password_only_is_read() -> None:
    assert "pdfencryptiontest" in read("pypdf-resources/encryption/r6-owner-password.pdf")[1].text


@pytest.mark.corpus
def test_corpus_invalid_pdf_gives_a_french_error() -> None:
    assert read("ocrmypdf/invalid.pdf")[1].error == PDF_BROKEN


@pytest.mark.corpus
def test_corpus_decompression_bomb_is_skipped_with_a_note() -> None:
    extracted = read("ocrmypdf/hugemono.pdf")[1]
    assert extracted.pages[0].text == ""
    assert "trop grande" in extracted.notes[0]


@pytest.mark.corpus
def test_corpus_dynamic_xfa_form_says_its_answers_are_unreadable() -> None:
    assert "XFA" in read("ocrmypdf/livecycle.pdf")[1].notes[0]


@pytest.mark.corpus
def test_corpus_page_pdfplumber_cannot_parse_falls_back_with_a_note() -> None:
    extracted = read("pdfplumber/issue-297-example.pdf")[1]
    assert len(extracted.pages) == 1
    assert "positions des mots non lues" in extracted.notes[0]


@pytest.mark.corpus
def test_corpus_french_minutes_keep_their_accents() -> None:
    assert "PROCÈS-VERBAL" in read("pdfplumber/2023-06-20-PV.pdf")[1].pages[0].text


@pytest.mark.corpus
def test_corpus_outlook_msg_asks_for_a_pdf_or_a_docx() -> None:
    media_type, extracted = read("spamscope-mail-parser/mail_outlook_1")
    assert media_type == types.MSG
    assert extracted.error == "Format non lu (message Outlook .msg) : demander un PDF ou un DOCX."


@pytest.mark.corpus
def test_corpus_truncated_docx_is_reported_as_a_broken_word_file() -> None:
    data = corpus_file("docx2python/paragraphs_and_tables.docx")
    media_type, extracted = read_document(data[: len(data) // 2], "bulletin.docx")
    assert media_type == types.DOCX
    assert extracted.error == DOCX_BROKEN


@pytest.mark.corpus
@pytest.mark.ocr
@pytest.mark.skipif(not ocr.available(), reason="Tesseract with French absent")
def test_corpus_french_scan_is_read_with_its_accents() -> None:
    page = read("ocrmypdf/francais.pdf")[1].pages[0]
    assert page.method == Method.OCR
    assert "Portez ce vieux whisky au juge" in page.text
    assert "intérieure" in page.text


@pytest.mark.corpus
@pytest.mark.ocr
@pytest.mark.skipif(not ocr.available(), reason="Tesseract with French absent")
def test_corpus_skewed_scan_is_straightened_and_read() -> None:
    page = read("ocrmypdf/skew.pdf")[1].pages[0]
    assert "LinnSequencer" in page.text
    assert page.ocr_confidence is not None and page.ocr_confidence > 85
