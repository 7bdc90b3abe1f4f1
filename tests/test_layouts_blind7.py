"""Layouts first met in the blind7 set (then tuned on, once spent): question labels in
capitals, « CADRE 2 – » numbering, « Au service … » headings, labels over their answers in one
cell, « Fiche contact – … » sections, « Messagerie » and « Ligne », and quartiers written
« 8 mai 1945 », « centre-ville de Coutras » or with their commune after a comma."""

from __future__ import annotations

import pytest
from format_samples import text_doc

from extractors.bulletin import extract_bulletin
from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.contact_grid import CONTACT_LABELS
from extractors.contact_services import heading_service
from extractors.label_tables import table_values
from extractors.quartiers import split_quartiers
from pipeline.qpv import QpvIndex
from schemas import Service


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("1.1 QUEL EST LE TITRE DE VOTRE PROJET OU DE VOTRE ACTION ?", "project_title"),
        ("1.2 QUEL(S) QUARTIER(S) PRIORITAIRE(S) SONT CONCERNÉS ?", "quartiers"),
        ("1.3 POUVEZ-VOUS DÉCRIRE LE PROJET ?", "description"),
        ("1.4 QUELLES DIFFICULTÉS RENCONTREZ-VOUS, QUELLES QUESTIONS SOUHAITEZ-VOUS TRAITER ?",
         "difficulties"),
        ("CADRE 2 – QUI SONT VOS INTERLOCUTEURS ?", "contacts"),
        ("CADRE 3 – QUI EST L'ÉLU(E) RÉFÉRENT(E) ?", "elected_official"),
        ("TERRITOIRE(S) QPV", "quartiers"),
        ("PROBLÉMATIQUES ET QUESTIONNEMENTS", "difficulties"),
        ("Fiche contact – Politique de la ville / contrat de ville", "contact_pv"),
        ("Fiche contact – Économie - emploi (développement économique)", "contact_eco"),
    ],
)  # fmt: skip
def test_question_and_heading_labels_leave_no_answer_on_their_line(line: str, key: str) -> None:
    hit = BULLETIN_LABELS.match(line)
    assert hit is not None and (hit.key, hit.value) == (key, "")


def test_a_colon_inside_an_answer_still_belongs_to_the_answer() -> None:
    hit = BULLETIN_LABELS.match("Titre du projet Grand Dax : entreprendre")
    assert hit is not None and hit.value == "Grand Dax : entreprendre"


@pytest.mark.parametrize(
    ("line", "key"),
    [("Messagerie : a@b.fr", "email"), ("Ligne : 05 59 36 20 12", "phone"),
     ("Titre de l'élu : Maire", "function")],
)  # fmt: skip
def test_contact_labels(line: str, key: str) -> None:
    hit = CONTACT_LABELS.match(line)
    assert hit is not None and hit.key == key


def test_a_line_about_a_bus_is_no_phone_label() -> None:
    assert CONTACT_LABELS.match("Ligne de bus 12") is None


def test_numbered_au_service_headings() -> None:
    assert heading_service("2.1 Au service Politique de la ville") == Service.POLITIQUE_DE_LA_VILLE
    assert heading_service("1 avenue du développement") is None


def test_cells_holding_their_label_over_their_answer() -> None:
    table = [
        ["CADRE 2 – CORRESPONDANTS TECHNIQUES"],
        ["2.1 Politique de la ville / contrat de ville"],
        ["INTERLOCUTEUR\nGuillaume Baylac", "EMPLOI OCCUPÉ\nDirecteur de la cohésion urbaine"],
        ["MESSAGERIE\nguillaume.baylac@agglo-pau.fr", "LIGNE\n05 59 36 20 12"],
    ]
    (found,) = [f for f in table_values([table], BULLETIN_LABELS) if f.key == "contacts"]
    assert "INTERLOCUTEUR : Guillaume Baylac" in found.value.splitlines()
    contacts = extract_bulletin(text_doc("", tables=[table]), "bulletin.docx").contacts
    assert [(c.name, c.function, c.email, c.service) for c in contacts] == [
        ("Guillaume Baylac", "Directeur de la cohésion urbaine", "guillaume.baylac@agglo-pau.fr",
         Service.POLITIQUE_DE_LA_VILLE)
    ]  # fmt: skip


def test_a_second_inline_label_after_a_name() -> None:
    text = (
        "Politique de la ville\nInterlocuteur : Benoît Mesplède Ligne : 05 59 90 39 61\n"
        "Messagerie : benoit.mesplede@agglo-pau.fr\n"
    )
    (contact,) = extract_bulletin(text_doc(text), "b.pdf").contacts
    assert (contact.name, contact.phone) == ("Benoît Mesplède", "+33559903961")


def test_with_semicolons_between_quartiers_a_comma_adds_the_commune() -> None:
    text = "Peyrouat, Mont-de-Marsan ; Moustey, Saint-Pierre-du-Mont"
    assert split_quartiers(text, ("Le Peyrouat", "La Moustey")) == [
        "Peyrouat, Mont-de-Marsan",
        "Moustey, Saint-Pierre-du-Mont",
    ]
    assert split_quartiers("Génicart, Carriet", ()) == ["Génicart", "Carriet"]


@pytest.mark.parametrize(
    ("written", "official"),
    [
        (
            "Palmer / Saraillère / 8 mai 1945 / Dravemont",
            "Palmer - Saraillère - 8 Mai 45 - Dravemont",
        ),
        ("centre-ville de Coutras", "Quartier du Centre"),
        ("Peyrouat, Mont-de-Marsan", "Le Peyrouat"),
    ],
)
def test_quartiers_as_staff_write_them_are_found_in_the_list(written: str, official: str) -> None:
    entry = QpvIndex.builtin().match(written, year_list="any").entry
    assert entry is not None and entry.name == official


def test_an_html_body_keeps_its_tables_even_when_its_plain_part_is_read() -> None:
    from email.message import EmailMessage

    from extractors.body import read_body
    from extractors.mime import parse_message

    msg = EmailMessage()
    msg["Message-ID"] = "<t@x>"
    msg.set_content(
        "Titre du projet ou de l'action : Quartier(s) prioritaire(s) concerné(s)\n"
        "Fabrique numérique de quartier\nGénicart-Est\nle Carriet\n"
    )
    msg.add_alternative(
        "<table><tr><th>Titre du projet ou de l'action</th>"
        "<th>Quartier(s) prioritaire(s) concerné(s)</th></tr>"
        "<tr><td>Fabrique numérique de quartier</td><td>Génicart-Est<br>le Carriet</td></tr>"
        "</table>",
        subtype="html",
    )
    parsed = parse_message(msg.as_bytes())
    assert parsed.body_tables == [
        [
            ["Titre du projet ou de l'action", "Quartier(s) prioritaire(s) concerné(s)"],
            ["Fabrique numérique de quartier", "Génicart-Est\nle Carriet"],
        ]
    ]
    body = read_body(parsed.body_text, tables=parsed.body_tables)
    fields = extract_bulletin(body, "corps du message")
    assert fields.project_title == "Fabrique numérique de quartier"
    assert fields.quartiers == ["Génicart-Est", "le Carriet"]


def test_a_row_of_labels_over_a_row_of_answers() -> None:
    table = [["Titre du projet", "Quartiers concernés"], ["Halle gourmande", "Saragosse"]]
    found = {(f.key, f.value) for f in table_values([table], BULLETIN_LABELS)}
    assert found == {("project_title", "Halle gourmande"), ("quartiers", "Saragosse")}
