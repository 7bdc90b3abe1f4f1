"""Layouts met in extraction_blind9 (after its one blind run): form boxes drawn over rubrics,
a commune heading its quartier."""

from __future__ import annotations

from datetime import UTC, datetime

from format_samples import (
    DESCRIPTION,
    DIFFICULTIES,
    boxed_rubric_acroform_pdf,
    plain_mail,
    text_doc,
)

from extractors.bulletin import extract_bulletin
from extractors.pdf import read_pdf
from extractors.quartiers import split_quartiers
from pipeline.process import process_message
from pipeline.qpv import QpvIndex
from schemas import DocumentKind
from schemas.message import ReceivedAtSource


def test_answer_of_a_box_drawn_over_its_rubric_is_written_under_the_label() -> None:
    # The box covers « Description … : » and its dotted lines; drawn from the box's top, the
    # answer's letters fell between the label's and both became unreadable.
    lines = read_pdf(boxed_rubric_acroform_pdf(), use_ocr=False).pages[0].text.splitlines()
    assert lines[:4] == [
        "Description du projet ou de l'action :",
        DESCRIPTION,
        "Difficultés rencontrées et questions à traiter :",
        DIFFICULTIES,
    ]


def test_answer_of_a_one_line_box_drawn_over_its_label_follows_the_label() -> None:
    lines = read_pdf(boxed_rubric_acroform_pdf(), use_ocr=False).pages[0].text.splitlines()
    assert lines[4] == "Titre du projet : Boutique éphémère"


def test_rubrics_under_boxes_drawn_over_them_are_read_as_the_bulletin() -> None:
    bulletin = extract_bulletin(
        read_pdf(boxed_rubric_acroform_pdf(), use_ocr=False), "bulletin.pdf"
    )
    assert bulletin.description == DESCRIPTION
    assert bulletin.difficulties == DIFFICULTIES
    assert bulletin.project_title == "Boutique éphémère"


COMMUNES = ("Coutras", "Lormont", "Cenon", "Floirac", "Libourne")
QUARTIERS = ("Quartier du Centre", "Génicart")


def test_commune_heading_a_quartier_is_put_aside_after_it() -> None:
    # An agglomeration's bulletin (La Cali) says in which commune its quartier is.
    assert split_quartiers("Coutras, quartier du Centre", QUARTIERS, COMMUNES) == [
        "quartier du Centre (Coutras)"
    ]
    assert split_quartiers(
        "- Coutras, quartier du Centre\n- Lormont, Génicart", QUARTIERS, COMMUNES
    ) == [
        "quartier du Centre (Coutras)",
        "Génicart (Lormont)",
    ]


def test_a_list_of_communes_or_a_quartier_then_its_commune_is_left_as_written() -> None:
    assert split_quartiers("Cenon, Lormont et Floirac", QUARTIERS, COMMUNES) == [
        "Cenon",
        "Lormont",
        "Floirac",
    ]
    assert split_quartiers("Génicart, Coutras", QUARTIERS, COMMUNES) == ["Génicart", "Coutras"]
    # Without the communes, a commune heading a name is a name of its own, as before.
    assert split_quartiers("Coutras, quartier du Centre", QUARTIERS) == [
        "Coutras",
        "quartier du Centre",
    ]


COUTRAS_MAIL = """Bonjour,

Voici notre bulletin d'inscription.

Titre du projet : Permanence création d'entreprise
Quartier(s) prioritaire(s) concerné(s) : Coutras, quartier du Centre
Description : Une demi-journée par semaine, un conseiller reçoit les habitants.
Difficultés rencontrées et questions à traiter : Faire connaître la permanence.

Élu référent : Laetitia Arrouy, Vice-présidente déléguée à l'économie

Cordialement,
Service politique de la ville, La Cali
"""


def test_a_run_reads_the_commune_of_a_quartier_from_the_qpv_reference() -> None:
    """Through process_message with the communes of the shipped QPV list, as a run does."""
    qpv = QpvIndex.builtin()
    mail = plain_mail(
        COUTRAS_MAIL,
        sender="politique.ville@lacali.fr",
        subject="AMI PQA - bulletin d'inscription",
        message_id="<coutras@lacali.fr>",
    )
    result = process_message(
        mail,
        "sha",
        datetime(2016, 4, 8, tzinfo=UTC),
        ReceivedAtSource.DATE_HEADER,
        qpv.names(),
        qpv.communes(),
    )
    (bulletin,) = [d.bulletin for d in result.documents if d.kind == DocumentKind.BULLETIN]
    assert bulletin is not None
    assert bulletin.quartiers == ["quartier du Centre (Coutras)"]
    assert qpv.match(bulletin.quartiers[0]).entry is not None


# blind9 t26: a landscape table over two pages; the élu's labels head two columns and the
# title is pushed to the page's end in the text, far from its label.
OFFICIAL_PAGE = """Élu référent
Nom et prénom
Séverine Guichené
Appel à manifestation d'intérêt « La création d'activités économiques »
Coordonnées
Téléphone : 05 58 94 46 35
Titre
Adjointe au Maire en charge de la politique de la ville et de
l'emploi"""
OFFICIAL_TABLE = [
    ["", "Nom et prénom", "Titre"],
    [
        "",
        "Séverine Guichené",
        "Adjointe au Maire en charge de la politique de la ville et de\nl'emploi",
    ],
]


def test_elected_title_under_its_column_label_completes_the_name_read_in_the_text() -> None:
    bulletin = extract_bulletin(text_doc(OFFICIAL_PAGE, tables=[OFFICIAL_TABLE]), "b.pdf")
    assert bulletin.elected_official is not None
    assert bulletin.elected_official.name == "Séverine Guichené"
    assert bulletin.elected_official.title == (
        "Adjointe au Maire en charge de la politique de la ville et de l'emploi"
    )
