"""Dot leaders of a form typed over dotted lines are erased before OCR; other ink is kept.

The erasure is tested on a page drawn at 250 dpi with Pillow; the reading, with the real
Tesseract, on a real copier-like scan of the dev2 set (a clean drawn page reads well either way).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from format_samples import FONT
from PIL import Image, ImageDraw, ImageFont

from extractors import ocr
from extractors.ocr_cleanup import erase_marks
from extractors.pdf import read_pdf

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with French absent")

DPI = 250
LINES = [
    ("Titre du projet :", "Commerces ambulants des quartiers"),
    ("Quartier(s) prioritaire(s) :", "le Peyrouat"),
]


def _dotted_form() -> Image.Image:
    """Labels, answers typed before a run of periods to the margin, and a line of periods."""
    page = Image.new("L", (2067, 1200), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 38)
    y = 120
    for label, answer in LINES:
        draw.text((200, y), label, font=font, fill=0)
        y += 70
        dots = "." * 60
        draw.text((200, y), f"{answer} {dots}"[:75], font=font, fill=0)
        y += 70
        draw.text((200, y), dots + dots[:45], font=font, fill=0)
        y += 100
    draw.text((200, y), "Voir la liste... et le plan ci-joint.", font=font, fill=0)
    return page


def test_only_rows_of_dots_are_erased() -> None:
    page = _dotted_form()
    cleaned = np.asarray(erase_marks(page, DPI))
    before = np.asarray(page)
    erased = (before < 160) & (cleaned == 255)
    assert erased.any()
    rows = np.nonzero(erased.any(axis=1))[0]
    # Every erased pixel lies on a dotted line (4 px tall dots), none on the text lines.
    for label_row in (120, 190 + 5, 360, 430 + 5):
        assert not erased[label_row : label_row + 25].any(), label_row
    assert len(rows) <= 4 * 6 * 2
    # The ellipsis of the last sentence (three dots) and i-dots stay.
    assert (cleaned[590:670] < 160).sum() == (before[590:670] < 160).sum() > 0


def test_a_page_without_dots_comes_back_unchanged() -> None:
    page = Image.new("L", (800, 400), 255)
    ImageDraw.Draw(page).text((20, 20), "Pas de pointillés ici.", font=ImageFont.truetype(FONT, 38))
    assert erase_marks(page, DPI) is page


B09 = Path(__file__).parents[1] / "fixtures/extraction_dev2/files/b09-pdf-scan.pdf"


@pytest.mark.ocr
@needs_tesseract
def test_a_copier_scan_typed_over_periods_reads_without_junk() -> None:
    """The top of dev2's b09, a form typed over rows of periods and scanned at 250 dpi.

    Read as it is, Tesseract glues junk to the answers (« Commerces ambUlaNtS JESQUATTICES »,
    « le Peyrouat ............ »); a synthetic page drawn clean does not show it.
    """
    document = pdfium.PdfDocument(B09.read_bytes())
    image = document[0].get_objects().__next__().get_bitmap().to_pil()
    result = ocr.ocr_image(image.crop((150, 400, 2067, 1400)), 250)
    lines = [line.strip() for line in result.text.splitlines()]
    assert "Collectivité : Ville de Mont-de-Marsan" in lines, result.text
    assert "Commerces ambulants des quartiers" in lines, result.text
    assert "le Peyrouat" in lines, result.text
    assert not any(re.search(r"\.{3}", line) for line in lines), result.text


S07 = Path(__file__).parents[1] / "fixtures/extraction_dev3/files/s07-pdf-scan.pdf"


@pytest.mark.ocr
@needs_tesseract
def test_light_close_dots_under_the_answers_do_not_hide_a_line() -> None:
    """dev3's s07 at 200 dpi: light dots 5 px apart under each answer; read as they are,
    Tesseract drops the quartiers line (« Montanou ; Le Pin ») altogether."""
    text = read_pdf(S07.read_bytes()).pages[0].text
    lines = [line.strip() for line in text.splitlines()]
    assert "Montanou ; Le Pin" in lines, text
    assert "Garage solidaire et atelier mobilité" in lines, text


def _bulleted_page() -> Image.Image:
    page = Image.new("L", (2000, 500), 245)
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(FONT.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), 40)
    for k, label in enumerate(["Titre du projet : Atelier", "Description : Une cuisine"]):
        y = 100 + 150 * k
        draw.rectangle((200, y + 8, 234, y + 42), fill=10)  # « ■ » before the label
        draw.text((255, y), label, font=bold, fill=10)
    return page


def test_square_bullets_before_labels_are_erased_and_nothing_else() -> None:
    page = _bulleted_page()
    before, after = np.asarray(page), np.asarray(erase_marks(page, 300))
    changed = before != after
    assert changed[100:160, 195:240].any() and changed[250:310, 195:240].any()
    changed[100:160, 195:240] = changed[250:310, 195:240] = False
    assert not changed.any()  # no letter of the labels was touched


F09 = Path(__file__).parents[1] / "fixtures/extraction_blind3/files/f09-pdf-scan.pdf"


@pytest.mark.ocr
@needs_tesseract
def test_a_bulleted_scanned_form_reads_its_labels_at_the_start_of_their_lines() -> None:
    """blind3's f09, « ■ » before each label: read as they are, they become « EH », « HE »."""
    text = read_pdf(F09.read_bytes()).pages[0].text
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.startswith("Quartier(s) prioritaire(s) concerné(s) :") for line in lines), text
    assert "Personne-contact - Service Politique de la ville" in lines, text
