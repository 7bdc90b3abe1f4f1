"""A landscape bulletin in two columns, each with its own rubrics, is read column by column.

The page is typeset with reportlab (a text PDF read by pdfplumber), then rendered, turned a
little and read by the real Tesseract.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from format_samples import FONT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors import ocr
from extractors.bulletin import extract_bulletin
from extractors.page_columns import find_columns
from extractors.pdf import read_pdf
from extractors.word_lines import word_lines
from schemas import ExtractedText, Service

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with French absent")

LEFT = [
    "LE PROJET",
    "Titre de l'action",
    "Point d'appui à la création d'entreprise",
    "Quartier(s) prioritaire(s) concerné(s)",
    "Sablar",
    "Description de l'action",
    "Installer une permanence hebdomadaire dans la maison de quartier,",
    "tenue à tour de rôle par la couveuse et la chambre de commerce.",
    "Difficultés rencontrées et questions à traiter",
    "La coordination entre les structures d'accompagnement est faible.",
]
RIGHT = [
    "LES PERSONNES À CONTACTER",
    "Service Politique de la ville",
    "Nom : Maëlle Boissonnade",
    "Fonction : Coordonnatrice du contrat de ville",
    "Tél. : 05.58.75.84.88",
    "Mél : maelle.boissonnade@dax.fr",
    "Service Développement économique",
    "Nom : Karima Guillon",
    "Fonction : Développeuse économique",
    "Tél. : 05.58.68.97.92",
    "Mél : karima.guillon@dax.fr",
    "Élu(e) référent(e)",
    "Nom : Sandrine Lafargue",
    "Qualité : Adjointe au maire",
]


def _landscape_pdf() -> bytes:
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    buffer = io.BytesIO()
    size = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=size, invariant=1)
    width, height = size
    pdf.setFont("DejaVu", 12)
    pdf.drawString(42, height - 50, "BULLETIN D'INSCRIPTION — Territoire candidat : Ville de Dax")
    pdf.setFont("DejaVu", 10)
    for column, lines in ((42, LEFT), (460, RIGHT)):
        for index, line in enumerate(lines):
            pdf.drawString(column, height - 100 - 14 * index, line)
    pdf.line(445, height - 90, 445, height - 310)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _check(extracted: ExtractedText) -> None:
    fields = extract_bulletin(extracted, "bulletin.pdf")
    assert fields.project_title == "Point d'appui à la création d'entreprise"
    assert fields.quartiers == ["Sablar"]
    assert fields.description is not None and fields.description.startswith("Installer")
    assert fields.description.endswith("chambre de commerce.")
    assert (
        fields.difficulties == "La coordination entre les structures d'accompagnement est faible."
    )
    assert [(c.name, c.service, c.email) for c in fields.contacts] == [
        ("Maëlle Boissonnade", Service.POLITIQUE_DE_LA_VILLE, "maelle.boissonnade@dax.fr"),
        ("Karima Guillon", Service.DEVELOPPEMENT_ECONOMIQUE, "karima.guillon@dax.fr"),
    ]
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Sandrine Lafargue"


def test_the_columns_are_found_at_the_right_column_s_edge() -> None:
    page = read_pdf(_landscape_pdf(), use_ocr=False).pages[0]
    columns = find_columns(word_lines(page.words))
    assert columns is not None and 420 < columns.gutter <= 460
    # The text reads the left column whole, then the right one.
    assert page.text.index("chambre de commerce.") < page.text.index("LES PERSONNES À CONTACTER")


def test_a_text_pdf_in_two_columns_gives_its_bulletin() -> None:
    _check(read_pdf(_landscape_pdf(), use_ocr=False))


@needs_tesseract
def test_the_same_page_printed_and_scanned_gives_its_bulletin() -> None:
    page = pdfium.PdfDocument(_landscape_pdf())[0]
    image = page.render(scale=250 / 72, grayscale=True).to_pil().rotate(-0.9, fillcolor=255)
    result = ocr.ocr_image(image, 250)
    assert result.error is None
    _check(ExtractedText(pages=[result.page(1)], tables=result.tables))


def test_cards_side_by_side_and_a_line_running_across_are_not_columns() -> None:
    """Two contact cards side by side, then « Erwan Cazenave, vice-président chargé de la
    politique de la ville » running across the page and happening to break between two
    words where the right card starts: one column of rubrics, not two."""
    page = read_pdf(_cards_pdf(), use_ocr=False).pages[0]
    assert find_columns(word_lines(page.words)) is None
    assert "vice-président chargé de la politique de la ville" in page.text


def _cards_pdf() -> bytes:
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    _width, height = A4
    pdf.setFont("DejaVu", 10)
    y = height - 80
    for left, right in [
        ("1. Titre du projet : Pépinière", ""),
        ("2. Quartiers : Saragosse", ""),
        ("5. Nos interlocuteurs", ""),
        ("POLITIQUE DE LA VILLE", "DÉVELOPPEMENT ÉCONOMIQUE"),
        ("Capucine Pédezert", "Bérénice Ribeyrolles"),
        ("Responsable du pôle", "Manager de centre-ville"),
        ("05 59 41 02 44", "05 59 94 87 25"),
        ("6. Élu référent", ""),
    ]:
        pdf.drawString(56, y, left)
        if right:
            pdf.drawString(300, y, right)
        y -= 14
    # The line's next word starts just where the right card did.
    text = "Erwan Cazenave, vice-président chargé de la"
    pdf.drawString(300 - pdfmetrics.stringWidth(text + " ", "DejaVu", 10), y, text)
    pdf.drawString(300, y, "politique de la ville")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
