"""Two contact cards set side by side without rules, in a text PDF: one person per card, each
under its service, although the text layer reads both cards line across line."""

from __future__ import annotations

import io

from format_samples import FONT
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors.bulletin import extract_bulletin
from extractors.pdf import read_pdf
from schemas import Service

CARDS = [
    ("POLITIQUE DE LA VILLE", "DÉVELOPPEMENT ÉCONOMIQUE"),
    ("Capucine Pédezert", "Bérénice Ribeyrolles"),
    ("Responsable du pôle politique de la ville", "Manager de centre-ville"),
    ("✆ 05 59 41 02 44", "✆ +33 5 59 94 87 25"),
    ("✉ capucine.pedezert@agglo-pau.fr", "✉ berenice.ribeyrolles@agglo-pau.fr"),
]


def _cards_pdf() -> bytes:
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595, 842), invariant=1)
    page.setFont("DejaVu", 10)
    page.drawString(60, 780, "5. Nos interlocuteurs")
    for k, (left, right) in enumerate(CARDS):
        page.drawString(60, 760 - 14 * k, left)
        page.drawString(310, 760 - 14 * k, right)
    page.drawString(60, 660, "6. Élu référent")
    page.drawString(60, 646, "Erwan Cazenave, vice-président chargé de la politique de la ville")
    page.save()
    return buffer.getvalue()


def test_side_by_side_cards_give_one_contact_each_under_its_service() -> None:
    fields = extract_bulletin(read_pdf(_cards_pdf(), use_ocr=False), "bulletin.pdf")
    assert [(c.name, c.service, c.function, c.email, c.phone) for c in fields.contacts] == [
        ("Capucine Pédezert", Service.POLITIQUE_DE_LA_VILLE,
         "Responsable du pôle politique de la ville", "capucine.pedezert@agglo-pau.fr",
         "+33559410244"),
        ("Bérénice Ribeyrolles", Service.DEVELOPPEMENT_ECONOMIQUE, "Manager de centre-ville",
         "berenice.ribeyrolles@agglo-pau.fr", "+33559948725"),
    ]  # fmt: skip
