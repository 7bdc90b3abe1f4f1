"""What a scanned form hides from Tesseract, given back: headings in white on dark banners,
bold letters at the edge of a cell's grey fill, lines its page layout leaves out.

Pages are drawn with Pillow at 250 dpi and read by the real Tesseract; the left-out line is
checked on a real copier scan of the blind3 set (spent, so its files may serve as tests).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from format_samples import FONT
from PIL import Image, ImageDraw, ImageFont

from extractors import ocr
from extractors.ocr_banners import invert_banners
from extractors.ocr_missed import missed_bands
from extractors.ocr_tables import erase_rules, find_rules
from extractors.pdf import read_pdf

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with French absent")

DPI = 250
BOLD = FONT.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def _banner_page() -> Image.Image:
    """A heading in white on a dark band, bold black text, and a dark strip at the page's edge
    (a copier's lid shadow)."""
    page = Image.new("L", (2067, 900), 245)
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(BOLD, 36)
    draw.rectangle((200, 150, 1860, 215), fill=55)
    draw.text((220, 160), "3. ÉLU(E) RÉFÉRENT(E)", font=bold, fill=250)
    draw.text((220, 300), "Nom et prénom : Solène Tastet", font=bold, fill=0)
    draw.rectangle((0, 0, 60, 899), fill=40)
    return page


def test_a_dark_banner_is_turned_dark_on_light_and_other_ink_is_left() -> None:
    page = _banner_page()
    turned = np.asarray(invert_banners(page, DPI))
    before = np.asarray(page)
    band = turned[158:208, 215:1850]
    assert band.mean() > 200  # the band is now light...
    assert (band < 100).sum() > 2000  # ...and its letters dark
    assert (turned[290:350] == before[290:350]).all()  # bold text on paper is not a banner
    assert (turned[:, :60] == before[:, :60]).all()  # nor is the shadow at the edge


def test_a_page_without_banner_comes_back_unchanged() -> None:
    page = Image.new("L", (800, 400), 250)
    ImageDraw.Draw(page).text((20, 20), "Rien de sombre.", font=ImageFont.truetype(BOLD, 38))
    assert invert_banners(page, DPI) is page


F01 = Path(__file__).parents[1] / "fixtures/extraction_blind3/files/f01-pdf-scan.pdf"


@needs_tesseract
def test_a_scanned_banner_s_heading_and_a_grey_row_s_bold_letters_are_read() -> None:
    """On this copier scan the section heading is white on a dark band, and the edge of the
    service row's grey fill runs along its bold letters."""
    text = read_pdf(F01.read_bytes()).pages[0].text
    assert "3. ÉLU(E) RÉFÉRENT(E)" in text
    assert "Service Politique de la ville" in text


def test_erasing_a_grey_fill_s_edge_keeps_the_bold_letters_it_runs_along() -> None:
    """The fill's lower edge counts as a rule; it must not take the letters' feet with it."""
    page = Image.new("L", (2067, 700), 250)
    draw = ImageDraw.Draw(page)
    draw.rectangle((200, 100, 1860, 150), fill=190)  # a grey row ending across the letters
    draw.text(
        (220, 128), "Service Politique de la ville", font=ImageFont.truetype(BOLD, 34), fill=0
    )
    draw.rectangle((200, 400, 1860, 403), fill=0)  # a drawn rule of a table
    draw.rectangle((200, 400, 203, 600), fill=0)
    draw.rectangle((1857, 400, 1860, 600), fill=0)
    draw.rectangle((200, 597, 1860, 600), fill=0)
    gray = page
    rules = find_rules(np.asarray(gray), DPI)
    erased = np.asarray(erase_rules(gray, rules))
    before = np.asarray(gray)
    letters = slice(120, 175), slice(215, 900)
    assert (erased[letters] < 100).sum() == (before[letters] < 100).sum() > 0
    assert (erased[400:404, 300:1800] == 255).all()  # the drawn rule is gone


def test_a_line_no_word_covers_is_handed_back_as_a_band() -> None:
    page = Image.new("L", (2067, 800), 250)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 36)
    draw.text((200, 200), "Nom : Rozenn Peyrot", font=font, fill=0)
    draw.text((200, 300), "Qualité : Adjointe au maire", font=font, fill=0)
    read = [(200, 205, 560, 245)]  # the first line only, as Tesseract's layout gave it
    bands = missed_bands(page, read, DPI)
    assert len(bands) == 1
    left, top, right, bottom = bands[0]
    assert left <= 205 and right >= 640 and top <= 310 and bottom >= 335 and bottom < 400


def test_ink_everywhere_is_a_picture_not_missed_lines() -> None:
    rng = np.random.default_rng(7)
    noise = (rng.random((800, 2067)) > 0.5).astype(np.uint8) * 255
    assert missed_bands(Image.fromarray(noise, mode="L"), [(0, 0, 10, 10)], DPI) == []


F08 = Path(__file__).parents[1] / "fixtures/extraction_blind3/files/f08-pdf-scan.pdf"


@needs_tesseract
def test_the_last_line_tesseract_s_layout_dropped_is_read() -> None:
    """On this scan Tesseract's page layout leaves out the form's last line, the elected
    official's « Qualité » typed over dots."""
    text = read_pdf(F08.read_bytes()).pages[0].text
    assert "Qualité : Adjointe au maire chargée de la cohésion sociale et des quartiers" in text
