"""A fillable form printed and scanned: rows of answer boxes become a table, their frames are not
read as « [ ».

The page is drawn at 250 dpi with Pillow (boxes as a PDF viewer prints AcroForm fields: a thin
frame on a light fill), turned a little as a feeder does, and read by the real Tesseract.
"""

from __future__ import annotations

import pytest
from format_samples import FONT
from PIL import Image, ImageDraw, ImageFont

from extractors import ocr

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with French absent")

HEADS = ["Service Politique de la ville", "Service Développement économique"]
ROWS = [
    ["Nom et prénom", "Arnaud Nogaret", "Julie Etcheverry"],
    ["Fonction", "Chef de projet", "Chargée de mission"],
    ["Téléphone", "05 59 46 91 54", "05 59 90 67 50"],
    ["Courriel", "a.nogaret@bayonne.fr", "julie.etche@bayonne.fr"],
]
OFFICIAL = [["Nom et prénom", "Sébastien Tauzia"], ["Qualité", "Premier adjoint au maire"]]


def _printed_form() -> Image.Image:
    page = Image.new("L", (2067, 2000), 255)
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(FONT.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), 34)
    font = ImageFont.truetype(FONT, 32)
    draw.text((200, 150), "5. Personnes-contacts", font=bold, fill=0)
    columns = [(560, 1240), (1260, 1940)]
    for (left, _right), head in zip(columns, HEADS, strict=True):
        draw.text((left + 5, 240), head, font=bold, fill=0)
    y = 300
    for label, *answers in ROWS:
        draw.text((200, y + 14), label, font=bold, fill=0)
        for (left, right), answer in zip(columns, answers, strict=True):
            draw.rectangle((left, y, right, y + 68), fill=232, outline=60, width=2)
            draw.text((left + 10, y + 14), answer, font=font, fill=0)
        y += 72
    draw.text((200, y + 120), "6. Élu(e) référent(e)", font=bold, fill=0)
    y += 200
    for label, answer in OFFICIAL:
        draw.text((200, y + 14), label, font=bold, fill=0)
        draw.rectangle((560, y, 1940, y + 68), fill=232, outline=60, width=2)
        draw.text((570, y + 14), answer, font=font, fill=0)
        y += 72
    return page.rotate(-0.9, expand=False, fillcolor=255, resample=Image.Resampling.BICUBIC)


@pytest.mark.ocr
@needs_tesseract
def test_rows_of_printed_field_boxes_come_back_as_tables_with_their_labels_and_heads() -> None:
    result = ocr.ocr_image(_printed_form(), 250)
    assert result.tables == [[["", *HEADS], *ROWS], OFFICIAL], result.tables


@pytest.mark.ocr
@needs_tesseract
def test_a_field_box_frame_is_not_read_as_a_bracket() -> None:
    result = ocr.ocr_image(_printed_form(), 250)
    assert not any(c in result.text for c in "[|"), result.text
    assert "Nom et prénom Arnaud Nogaret Julie Etcheverry" in result.text.splitlines()


def _labels_above_form() -> Image.Image:
    """Each field box with its label printed above it, two boxes a row, under a heading."""
    page = Image.new("L", (2067, 1400), 255)
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(FONT.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), 32)
    font = ImageFont.truetype(FONT, 32)
    y = 150
    for heading, rows in ABOVE:
        draw.text((200, y), heading, font=bold, fill=0)
        y += 60
        for pairs in rows:
            x = 200
            for label, answer in pairs:
                width = 1640 // len(pairs) - 20
                draw.text((x, y), label, font=font, fill=0)
                draw.rectangle((x, y + 45, x + width, y + 113), fill=230, outline=80, width=2)
                draw.text((x + 10, y + 60), answer, font=font, fill=0)
                x += width + 40
            y += 140
        y += 30
    return page.rotate(0.7, expand=False, fillcolor=255, resample=Image.Resampling.BICUBIC)


ABOVE = [
    ("Service Politique de la ville", [
        [("Nom et prénom", "Pascale Peyrelongue"), ("Fonction", "Cheffe de projet")],
        [("Courriel", "p.peyrelongue@pau.fr"), ("Téléphone", "05 59 74 86 39")],
    ]),
    ("Service Développement économique", [
        [("Nom et prénom", "Julien Brouste"), ("Fonction", "Développeur économique")],
        [("Adresse postale", "16 avenue de l'Europe, 64000 Pau")],
    ]),
]  # fmt: skip


@pytest.mark.ocr
@needs_tesseract
def test_boxes_with_their_labels_printed_above_read_as_label_value_pairs() -> None:
    result = ocr.ocr_image(_labels_above_form(), 250)
    expected = []
    for heading, rows in ABOVE:
        expected.append([heading])
        expected += [[cell for pair in pairs for cell in pair] for pairs in rows]
    assert result.tables == [expected], result.tables
