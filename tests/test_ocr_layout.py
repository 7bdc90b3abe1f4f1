"""Layout of scanned pages: lines rebuilt across Tesseract's blocks, ruled tables from the image.

The line tests use word boxes written by hand; the table tests draw a form at 200 dpi with
Pillow, turn it a little as a feeder does, and read it with the real Tesseract.
"""

from __future__ import annotations

import numpy as np
import pytest
from format_samples import FONT
from PIL import Image, ImageDraw, ImageFont

from extractors import ocr
from extractors.ocr_layout import OcrWord, page_text, visual_lines
from extractors.ocr_tables import find_rules, page_tables

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with French absent")


def _word(text: str, left: int, top: int, block: int, line: int = 1) -> OcrWord:
    return OcrWord(text, 95.0, (left, top, left + 20 * len(text), top + 30), (block, 1, line))


def test_label_and_answer_read_as_two_blocks_come_back_on_one_line() -> None:
    words = [
        _word("Titre", 100, 100, 1),
        _word("Quartier", 100, 140, 1, 2),
        _word("Boutique", 900, 104, 2),
        _word("Génicart", 900, 138, 2, 2),
    ]
    assert page_text(words) == "Titre Boutique\nQuartier Génicart"


def test_two_lines_over_the_same_column_stay_two_lines_however_close() -> None:
    words = [_word("haut", 100, 100, 1), _word("bas", 110, 115, 2)]
    assert len(visual_lines(words)) == 2


def _card_line(left: str, right: str, top: int, line: int, at: int = 1000) -> list[OcrWord]:
    words, x = [], 100
    for text in left.split():
        words.append(_word(text, x, top, 1, line))
        x += 20 * len(text) + 12
    x = at
    for text in right.split():
        words.append(_word(text, x, top, 2, line))
        x += 20 * len(text) + 12
    return words


def test_two_contact_cards_side_by_side_read_one_after_the_other() -> None:
    rows = [
        ("Contact politique de la ville", "Contact développement économique"),
        ("Nom : Pascale Pédezert", "Nom : Hervé Sarrazin"),
        ("Mél : pp@v47.fr", "Mél : hs@v47.fr"),
    ]
    words = [
        w
        for k, (a, b) in enumerate(rows)
        for w in _card_line(a, b, 100 + 40 * k, k + 1, 1000 if k == 0 else 994)  # a scan wanders
    ]
    words.append(_word("Élu", 100, 300, 3))
    assert page_text(words).split("\n") == [
        "Contact politique de la ville", "Nom : Pascale Pédezert", "Mél : pp@v47.fr",
        "Contact développement économique", "Nom : Hervé Sarrazin", "Mél : hs@v47.fr",
        "", "Élu",
    ]  # fmt: skip


def test_a_label_and_answer_grid_stays_merged_line_by_line() -> None:
    rows = [("Nom et prénom", "Pascale Pédezert"), ("Fonction", "Coordinatrice")]
    words = [w for k, (a, b) in enumerate(rows) for w in _card_line(a, b, 100 + 40 * k, k + 1)]
    assert page_text(words) == "Nom et prénom Pascale Pédezert\nFonction Coordinatrice"


def test_a_gap_taller_than_a_line_is_a_blank_line() -> None:
    words = [_word("Madame,", 100, 100, 1), _word("Je", 100, 250, 2)]
    assert page_text(words) == "Madame,\n\nJe"


def _form(rows: list[list[str]], *, nested: list[list[str]] | None = None) -> Image.Image:
    """An A4 page at 200 dpi with a two-column ruled table, optionally a nested one below."""
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 30)
    left, split, right, top, height = 120, 620, 1530, 200, 110
    for index, (label, answer) in enumerate(rows):
        y = top + index * height
        draw.rectangle((left, y, right, y + height), outline=0, width=3)
        draw.line((split, y, split, y + height), fill=0, width=3)
        draw.text((left + 20, y + 35), label, font=font, fill=0)
        draw.text((split + 20, y + 35), answer, font=font, fill=0)
    if nested:
        y0 = top + len(rows) * height + 120
        draw.rectangle((left, y0, right, y0 + 120 + len(nested) * 90), outline=0, width=3)
        draw.text((left + 20, y0 + 15), "Personnes-contacts", font=font, fill=0)
        draw.line((left, y0 + 60, right, y0 + 60), fill=0, width=3)
        inner_left, inner_right, width = left + 40, right - 40, (right - left - 80) // 2
        for index, cells in enumerate(nested):
            y = y0 + 90 + index * 90
            for column, text in enumerate(cells):
                x = inner_left + column * width
                draw.rectangle((x, y, min(x + width, inner_right), y + 90), outline=0, width=2)
                draw.text((x + 15, y + 28), text, font=font, fill=0)
    draw.line((900, 2100, 1400, 2100), fill=0, width=3)  # a signature line, not a table
    return page.rotate(1.2, expand=False, fillcolor=255, resample=Image.Resampling.BICUBIC)


ROWS = [
    ["Titre du projet", "Boutique éphémère"],
    ["Quartier prioritaire", "Génicart"],
    ["Commune", "Cenon"],
]


@pytest.mark.ocr
@needs_tesseract
def test_a_scanned_two_column_form_reads_each_answer_beside_its_label() -> None:
    result = ocr.ocr_image(_form(ROWS), 200)
    lines = result.text.splitlines()
    for label, answer in ROWS:
        assert any(label in line and answer in line for line in lines), (label, result.text)


@pytest.mark.ocr
@needs_tesseract
def test_a_scanned_ruled_table_comes_back_as_rows_of_cells() -> None:
    result = ocr.ocr_image(_form(ROWS), 200)
    assert result.tables == [ROWS]
    page = result.page(1)
    assert page.number == 1 and page.text == result.text


@pytest.mark.ocr
@needs_tesseract
def test_a_nested_table_is_a_table_of_its_own_and_a_lone_rule_is_none() -> None:
    nested = [["Nom", "Courriel"], ["Anne Roux", "aroux@cenon.fr"]]
    result = ocr.ocr_image(_form(ROWS, nested=nested), 200)
    assert result.tables[0] == ROWS
    assert nested in result.tables
    outer = result.tables[1]
    assert outer[0] == ["Personnes-contacts"]
    assert "Anne Roux" in outer[1][0] and "aroux@cenon.fr" in outer[1][0]
    assert len(result.tables) == 3


def test_a_blank_page_has_no_table() -> None:
    rules = find_rules(np.full((2339, 1654), 255, np.uint8), 200)
    assert not rules.grids and not rules.boxes and page_tables(rules, []) == []


def _banner_form(sections: list[tuple[str, str]]) -> Image.Image:
    """An A4 page at 200 dpi: numbered dark banners in white letters, each over its answer box."""
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 30)
    left, right, y = 120, 1530, 200
    for heading, answer in sections:
        draw.rectangle((left, y, right, y + 60), fill=40)
        draw.text((left + 20, y + 12), heading, font=font, fill=255)
        draw.rectangle((left, y + 60, right, y + 170), outline=0, width=3)
        draw.text((left + 20, y + 95), answer, font=font, fill=0)
        y += 230
    return page.rotate(0.8, expand=False, fillcolor=255, resample=Image.Resampling.BICUBIC)


@pytest.mark.ocr
@needs_tesseract
def test_a_dark_banner_over_its_answer_box_is_one_cell_not_a_cell_per_letter() -> None:
    sections = [
        ("1. Titre du projet ou de l'action", "Couveuse d'activités"),
        ("2. Quartier(s) prioritaire(s) concerné(s)", "Palmer et Génicart"),
    ]
    result = ocr.ocr_image(_banner_form(sections), 200)
    assert len(result.tables) == 2, result.tables
    for (heading, answer), table in zip(sections, result.tables, strict=True):
        assert len(table) == 2 and all(len(row) == 1 for row in table), table
        assert table[0][0].startswith(heading[:8]) and table[1] == [answer], table
