"""OCR with the real Tesseract: French accents, skew, orientation, word boxes, ink, images."""

from __future__ import annotations

import struct
import zlib

import pytest
from format_samples import image_bytes, scan_letter
from PIL import Image

from extractors import ocr
from extractors.image import NO_OCR, UNREADABLE, read_image
from schemas import Method

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with French absent")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 10))
        + _chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def signed_skewed() -> ocr.OcrResult:
    """One OCR of a signed letter scanned 2.5° askew, shared by the tests that read it."""
    return ocr.ocr_image(scan_letter(angle=2.5), 300)


@pytest.mark.ocr
@needs_tesseract
def test_skewed_scan_is_straightened_and_read_with_french_accents(
    signed_skewed: ocr.OcrResult,
) -> None:
    assert "Madame la Présidente," in signed_skewed.text
    assert "quartier Génicart" in signed_skewed.text
    assert "salutations distinguées" in signed_skewed.text
    assert any("redressée" in note for note in signed_skewed.notes)


@pytest.mark.ocr
@needs_tesseract
def test_mean_confidence_is_kept_on_a_0_to_100_scale(signed_skewed: ocr.OcrResult) -> None:
    assert signed_skewed.confidence is not None
    assert 80 < signed_skewed.confidence <= 100


@pytest.mark.ocr
@needs_tesseract
def test_word_boxes_are_in_points_from_the_top_left(signed_skewed: ocr.OcrResult) -> None:
    commune = next(w for w in signed_skewed.words if w.text == "Commune")
    # Drawn at (250, 300) px, i.e. (60, 72) pt, then the page was tilted 2.5° about its centre:
    # on the scan the word starts near (188, 340) px, i.e. (45, 82) pt, where it is given back.
    assert commune.x0 == pytest.approx(45, abs=8)
    assert commune.top == pytest.approx(82, abs=8)
    assert commune.x1 > commune.x0 and commune.bottom > commune.top


@pytest.mark.ocr
@needs_tesseract
def test_scribbled_signature_in_the_lower_half_is_an_ink_mark(
    signed_skewed: ocr.OcrResult,
) -> None:
    assert signed_skewed.has_signature_mark


@pytest.mark.ocr
@needs_tesseract
def test_unsigned_scan_has_no_ink_mark() -> None:
    assert not ocr.ocr_image(scan_letter(signature=False), 300).has_signature_mark


@pytest.mark.ocr
@needs_tesseract
def test_upside_down_scan_is_turned_before_reading() -> None:
    result = ocr.ocr_image(scan_letter(signature=False).rotate(180), 300)
    assert "quartier Génicart" in result.text
    assert any("retournée" in note for note in result.notes)


@pytest.mark.ocr
@needs_tesseract
def test_page_taking_too_long_gives_a_french_error() -> None:
    result = ocr.ocr_image(scan_letter(signature=False), 300, timeout=0.05)
    assert result.error is not None and "interrompue" in result.error
    assert result.text == ""


@pytest.mark.ocr
@needs_tesseract
def test_phone_photo_is_turned_upright_from_its_exif_orientation() -> None:
    upright = scan_letter(signature=False).crop((0, 0, 2480, 1000))
    stored = upright.rotate(90, expand=True)  # as the sensor wrote it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    extracted = read_image(image_bytes(stored, "JPEG", exif=exif, quality=90))
    assert extracted.pages[0].method == Method.OCR
    assert "quartier Génicart" in extracted.pages[0].text


@pytest.mark.ocr
@needs_tesseract
def test_each_frame_of_a_multipage_tiff_is_a_page() -> None:
    letter = scan_letter(signature=False)
    first, second = letter.crop((0, 250, 2480, 500)), letter.crop((0, 450, 2480, 800))
    data = image_bytes(first, "TIFF", save_all=True, append_images=[second], dpi=(300, 300))
    pages = read_image(data).pages
    assert [p.number for p in pages] == [1, 2]
    assert "Lormont" in pages[0].text
    assert "Génicart" in pages[1].text


@pytest.mark.ocr
@needs_tesseract
def test_transparent_png_is_read_on_white() -> None:
    letter = scan_letter(signature=False).crop((0, 250, 2480, 500))
    transparent = Image.new("RGBA", letter.size, (0, 0, 0, 0))
    transparent.putalpha(Image.eval(letter, lambda v: 255 - v))  # black ink, clear paper
    text = read_image(image_bytes(transparent, "PNG")).pages[0].text
    assert "Commune de Lormont" in text


def test_image_claiming_billions_of_pixels_is_refused_before_decoding() -> None:
    extracted = read_image(_png_claiming(60_000, 60_000), use_ocr=True)
    assert extracted.error is not None and "trop grande" in extracted.error


def test_corrupt_image_gives_a_french_error() -> None:
    assert read_image(b"\xff\xd8\xff\xe0 not a jpeg", use_ocr=True).error == UNREADABLE


def test_image_without_tesseract_says_so() -> None:
    data = image_bytes(Image.new("L", (50, 50), 255), "PNG")
    assert read_image(data, use_ocr=False).error == NO_OCR
