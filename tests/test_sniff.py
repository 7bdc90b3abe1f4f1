"""Media types come from the bytes: magic numbers, then the inside of ZIP and OLE containers."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
from format_samples import image_bytes, replace_part, text_pdf
from hypothesis import given
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentText
from odf.text import P
from PIL import Image

from extractors import sniff as types
from extractors.sniff import sniff


def _docx() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Bonjour")
    document.save(buffer)
    return buffer.getvalue()


def _ole(*streams: str) -> bytes:
    """The start of a compound file with its directory entry names (UTF-16, as stored)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + b"".join(name.encode("utf-16-le") + b"\x00" * 10 for name in streams)


def test_pdf_is_found_even_after_junk_before_the_header() -> None:
    assert sniff(b"\r\n  " + text_pdf(["Bonjour"])) == types.PDF


def test_pdf_named_docx_is_still_a_pdf() -> None:
    assert sniff(text_pdf(["Bonjour"]), "lettre.docx") == types.PDF


def test_docx_is_told_from_a_plain_zip_by_its_content_types() -> None:
    assert sniff(_docx()) == types.DOCX


def test_macro_enabled_word_document_is_named_as_such() -> None:
    docm = replace_part(
        _docx(),
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        ),
    )
    assert sniff(docm) == types.DOCM


def test_xlsx_is_not_taken_for_a_word_document() -> None:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    assert sniff(buffer.getvalue()) == types.XLSX


def test_odt_is_named_by_its_mimetype_entry() -> None:
    document = OpenDocumentText()
    document.text.addElement(P(text="Bonjour"))
    buffer = io.BytesIO()
    document.write(buffer)
    assert sniff(buffer.getvalue()) == types.ODT


def test_zip_without_manifest_is_a_plain_archive() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bulletin.pdf", b"%PDF-1.4")
    assert sniff(buffer.getvalue(), "dossier.docx") == types.ZIP


def test_rtf_is_found_after_a_byte_order_mark() -> None:
    assert sniff(b"\xef\xbb\xbf{\\rtf1\\ansi Bonjour}") == types.RTF


def test_ole_file_is_word_outlook_excel_or_encrypted_by_its_streams() -> None:
    assert sniff(_ole("Root Entry", "WordDocument", "1Table")) == types.DOC
    assert sniff(_ole("Root Entry", "__substg1.0_0037001F")) == types.MSG
    assert sniff(_ole("Root Entry", "Workbook")) == types.XLS
    assert sniff(_ole("Root Entry", "EncryptedInfo", "EncryptedPackage")) == types.OFFICE_ENCRYPTED


def test_images_are_named_by_their_magic_numbers() -> None:
    picture = Image.new("L", (20, 20), 255)
    assert sniff(image_bytes(picture, "JPEG")) == types.JPEG
    assert sniff(image_bytes(picture, "PNG")) == types.PNG
    assert sniff(image_bytes(picture, "TIFF")) == types.TIFF
    assert sniff(image_bytes(picture, "GIF")) == types.GIF


def test_html_is_recognised_from_its_markup() -> None:
    assert sniff(b"<!DOCTYPE html><html><body>Bonjour</body></html>", "x.txt") == types.HTML


def test_mail_saved_as_file_is_a_message() -> None:
    mail = b"From: maire@lormont.fr\r\nTo: ami@example.org\r\nSubject: Candidature\r\n\r\nBonjour"
    assert sniff(mail) == types.EML


def test_extension_only_separates_kinds_of_plain_text() -> None:
    assert sniff("Quartier;Commune\nGénicart;Lormont\n".encode(), "qpv.csv") == types.CSV
    assert sniff("Bonjour à tous".encode(), "note.txt") == types.PLAIN


def test_unknown_binary_is_octet_stream() -> None:
    assert sniff(bytes(range(256)) * 4, "lettre.pdf") == types.UNKNOWN


@given(st.binary(max_size=2048), st.text(max_size=30))
def test_sniff_returns_a_media_type_for_any_bytes(data: bytes, filename: str) -> None:
    """Contract: any bytes and name give a 'type/subtype' string; never raises."""
    found = sniff(data, filename)
    assert "/" in found
