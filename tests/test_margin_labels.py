"""Labels set in a margin column, answers beside them: read as label | answer rows.

The layout is typeset with reportlab (a text PDF read by pdfplumber) and the same page is
rendered and read by the real Tesseract, so both routes to ``margin_table`` are exercised.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from format_samples import FONT
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors import ocr
from extractors.bulletin import extract_bulletin
from extractors.margin_labels import margin_table
from extractors.pdf import read_pdf
from extractors.word_lines import word_lines
from schemas import ExtractedText, Service, Word

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with French absent")

# (label lines in the margin, answer lines beside them)
ROWS = [
    (["PROJET"], ["Couveuse d'activités de services à la personne"]),
    (["QUARTIER(S)", "PRIORITAIRE(S)"], ["le Thouars"]),
    (
        ["DESCRIPTIF"],
        [
            "Héberger juridiquement des habitants qui lancent une activité",
            "de services, le temps de vérifier qu'elle est viable.",
        ],
    ),
    (["DIFFICULTÉS /", "QUESTIONS"], ["Peu de candidats osent franchir le pas."]),
    (
        ["CONTACT POLITIQUE", "DE LA VILLE"],
        [
            "Béatrice BORDENAVE",
            "Responsable du service politique de la ville",
            "tél. 05 56 93 87 37",
            "courriel b.bordenave@talence.fr",
        ],
    ),
    (
        ["CONTACT", "DÉVELOPPEMENT", "ÉCONOMIQUE"],
        [
            "Sandrine DUPOUY",
            "Chargée de mission développement économique",
            "tél. 05 56 85 23 94",
            "courriel s.dupouy@talence.fr",
        ],
    ),
    (["ÉLU(E) RÉFÉRENT(E)"], ["Grégoire Tastet", "Conseiller municipal délégué"]),
]


def _margin_pdf() -> bytes:
    """A bulletin retyped with its rubrics in a grey margin column and a hairline between
    rows, as a town hall's word processor prints it."""
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    pdf.setFont("DejaVu", 14)
    pdf.drawString(56, height - 60, "Ville de Talence")
    pdf.drawString(56, height - 80, "Bulletin d'inscription")
    y = height - 120
    for labels, answers in ROWS:
        pdf.setLineWidth(0.3)
        pdf.line(56, y + 12, width - 56, y + 12)
        for k in range(max(len(labels), len(answers))):
            if k < len(labels):
                pdf.setFont("DejaVu", 9)
                pdf.drawString(56, y - 14 * k, labels[k])
            if k < len(answers):
                pdf.setFont("DejaVu", 10.5)
                pdf.drawString(190, y - 14 * k, answers[k])
        y -= 14 * max(len(labels), len(answers)) + 12
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _check_bulletin(extracted: ExtractedText) -> None:
    fields = extract_bulletin(extracted, "bulletin.pdf")
    assert fields.project_title == "Couveuse d'activités de services à la personne"
    assert fields.quartiers == ["le Thouars"]
    assert fields.description is not None and fields.description.endswith("viable.")
    assert fields.difficulties == "Peu de candidats osent franchir le pas."
    people = [(c.name, c.service, c.phone) for c in fields.contacts]
    assert people == [
        ("Béatrice Bordenave", Service.POLITIQUE_DE_LA_VILLE, "+33556938737"),
        ("Sandrine Dupouy", Service.DEVELOPPEMENT_ECONOMIQUE, "+33556852394"),
    ]
    assert fields.contacts[0].function == "Responsable du service politique de la ville"
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Grégoire Tastet"


def test_margin_rows_pair_each_label_with_the_answer_beside_it() -> None:
    extracted = read_pdf(_margin_pdf(), use_ocr=False)
    table = margin_table(word_lines(extracted.pages[0].words))
    assert ["QUARTIER(S) PRIORITAIRE(S)", "le Thouars"] in table
    assert ["CONTACT DÉVELOPPEMENT ÉCONOMIQUE", "\n".join(ROWS[5][1])] in table
    assert table[-1] == ["ÉLU(E) RÉFÉRENT(E)", "Grégoire Tastet\nConseiller municipal délégué"]


def test_a_text_pdf_in_margin_layout_gives_its_bulletin() -> None:
    _check_bulletin(read_pdf(_margin_pdf(), use_ocr=False))


@needs_tesseract
def test_the_same_page_printed_and_scanned_gives_its_bulletin() -> None:
    page = pdfium.PdfDocument(_margin_pdf())[0]
    image = page.render(scale=250 / 72, grayscale=True).to_pil().rotate(0.8, fillcolor=255)
    result = ocr.ocr_image(image, 250)
    assert result.error is None
    assert any(["PROJET", ROWS[0][1][0]] == row for table in result.tables for row in table)
    _check_bulletin(ExtractedText(pages=[result.page(1)], tables=result.tables))


def _line(y: float, *parts: tuple[float, str]) -> list[Word]:
    words = []
    for x, text in parts:
        for word in text.split():
            words.append(Word(text=word, x0=x, top=y, x1=x + 6 * len(word), bottom=y + 10))
            x += 6 * len(word) + 3
    return words


def test_prose_and_a_letter_block_make_no_margin_table() -> None:
    words = (
        _line(100, (56, "Madame la Directrice,"))
        + _line(130, (56, "Nous souhaitons déposer la candidature du quartier."))
        + _line(145, (56, "Le projet vise à accompagner les commerçants."))
        + _line(200, (56, "Le Maire"), (300, "Dax, le 7 avril 2016"))
        + _line(215, (56, "Objet :"), (300, "Appel à manifestation"))
        + _line(230, (56, "PJ :"), (300, "bulletin"))
    )
    assert margin_table(word_lines(words)) == []


def test_section_headings_across_both_columns_and_one_line_rows() -> None:
    """« Nom » then « Fonction » on the next line are two rows, however tight; a heading set
    across both columns stays in the table and opens the rows below it."""
    words = (
        _line(100, (56, "Titre du projet"), (280, "Incubateur culinaire"))
        + _line(114, (56, "Quartier(s) concerné(s)"), (280, "Chamiers"))
        + _line(128, (56, "Difficultés rencontrées et"), (280, "Nous avons du mal"))
        + _line(142, (56, "questions à traiter"), (280, "à mobiliser les partenaires."))
        + _line(170, (56, "Contact - service politique de la ville"))
        + _line(184, (56, "Nom"), (280, "Yasmina Mercadié"))
        + _line(198, (56, "Fonction"), (280, "Chargée de mission contrat de ville"))
    )
    assert margin_table(word_lines(words)) == [
        ["Titre du projet", "Incubateur culinaire"],
        ["Quartier(s) concerné(s)", "Chamiers"],
        [
            "Difficultés rencontrées et questions à traiter",
            "Nous avons du mal\nà mobiliser les partenaires.",
        ],
        ["Contact - service politique de la ville", ""],
        ["Nom", "Yasmina Mercadié"],
        ["Fonction", "Chargée de mission contrat de ville"],
    ]
