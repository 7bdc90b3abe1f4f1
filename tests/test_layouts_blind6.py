"""Layouts first met in the blind6 set (then tuned on): bracketed rubrics, « => » answers,
controls written after the section end, clipped form labels, services as grid columns,
spaced capitals, RTF control words glued to a name, pictogram addresses."""

from __future__ import annotations

import pytest
from format_samples import (
    clipped_label_acroform_pdf,
    docx_with_xml,
    letter_spaced_pdf,
    replace_part,
)

from extractors.body import read_body
from extractors.bulletin import extract_bulletin
from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.contact_services import heading_service
from extractors.contacts import find_address, split_name_title
from extractors.docx import read_docx
from extractors.label_tables import table_values
from extractors.labels import clean_value
from extractors.pdf import read_pdf
from extractors.quartiers import split_quartiers
from extractors.rtf import read_rtf
from extractors.service_columns import services_as_rows
from extractors.territory import find_territory
from schemas import Service

BRACKETED_MAIL = """Bonjour,

[Titre du projet]
Pépinière tertiaire en rez-de-chaussée

[Quartier(s) prioritaire(s)]
la Moustey

[Description]
Transformer des logements vacants en bureaux.

[Difficultés rencontrées / questions]
Changement d'usage des locaux.

[Personnes-contacts]
PV : Roselyne Lapeyre | Directrice de la cohésion urbaine | 05 58 05 12 68 | r.lapeyre@spdm.fr
DEV ECO : Laurence Hiriart | Directrice de l'économie | 05 58 05 93 21 | l.hiriart@spdm.fr

[Élu référent]
Roselyne Garrigou | Adjointe déléguée au développement économique
"""


def test_rubrics_in_brackets_alone_on_their_line_head_the_answer_below() -> None:
    fields = extract_bulletin(read_body(BRACKETED_MAIL), "corps du message")
    assert fields.project_title == "Pépinière tertiaire en rez-de-chaussée"
    assert fields.quartiers == ["la Moustey"]
    assert fields.difficulties == "Changement d'usage des locaux."
    by_service = {c.service: c for c in fields.contacts}
    assert by_service[Service.POLITIQUE_DE_LA_VILLE].name == "Roselyne Lapeyre"
    assert by_service[Service.DEVELOPPEMENT_ECONOMIQUE].phone == "+33558059321"
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Roselyne Garrigou"


ARROW_MAIL = """Titre du projet ou de l'action
=> Garage solidaire et mobilité

Quartier(s) prioritaire(s) concerné(s)
=> Peyrouat + Moustey

Élu(e) référent(e)
=> Laurence Puyo, Présidente
"""


def test_answers_opening_with_an_arrow_lose_the_arrow() -> None:
    fields = extract_bulletin(read_body(ARROW_MAIL), "corps du message")
    assert fields.project_title == "Garage solidaire et mobilité"
    assert fields.quartiers == ["Peyrouat", "Moustey"]
    assert fields.elected_official is not None
    assert (fields.elected_official.name, fields.elected_official.title) == (
        "Laurence Puyo",
        "Présidente",
    )


def test_an_elected_title_alone_is_not_a_declared_collectivity() -> None:
    assert find_territory(["Présidente"], None)[0] is None
    assert find_territory(["Le Maire"], None)[0] is None
    assert find_territory(["Coutras"], None)[0] == "Coutras"


def test_an_agglomeration_domain_names_the_agglomeration_officially() -> None:
    assert find_territory([], "marsan-agglo.fr")[0] == "Le Marsan Agglomération"
    assert find_territory([], "agglo-pau.fr")[0] == "Communauté d'agglomération Pau-Pyrénées"


def test_a_single_letter_after_an_epci_kind_is_no_name() -> None:
    found, _ = find_territory(["Le Grand Périgueux\nCommunauté d'agglomération P"], None)
    assert found == "Communauté d'agglomération Le Grand Périgueux"


def _control(name: str, value: str) -> str:
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{name}"/><w:tag w:val="{name}"/></w:sdtPr>'
        f'<w:sdtContent><w:p><w:r><w:t xml:space="preserve">{value}</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    )


def _after_section(data: bytes, xml: str) -> bytes:
    """The controls moved after the body's sectPr, as some form tools write them."""
    return replace_part(
        data, "word/document.xml", lambda text: text.replace("</w:body>", xml + "</w:body>")
    )


def test_controls_written_after_the_section_end_go_back_under_their_labels() -> None:
    labels = ("Nom du projet :", "Quartier(s) visé(s) :", "Résumé du projet :")
    controls = _control("champ1", "Atelier partagé") + _control("champ2", "Carriet")
    controls += _control("champ3", "Un atelier de couture.")
    data = _after_section(docx_with_xml("", paragraphs=labels), controls)
    lines = read_docx(data).pages[0].text.splitlines()
    assert lines == [
        "Nom du projet :",
        "Atelier partagé",
        "Quartier(s) visé(s) :",
        "Carriet",
        "Résumé du projet :",
        "Un atelier de couture.",
    ]


def test_controls_after_the_section_end_stay_at_the_end_when_the_counts_differ() -> None:
    data = _after_section(docx_with_xml("", paragraphs=("Nom :", "Prénom :")), _control("c", "X"))
    assert read_docx(data).pages[0].text.splitlines() == ["Nom :", "Prénom :", "X"]


def test_form_labels_cut_by_their_boxes_do_not_open_the_answers() -> None:
    extracted = read_pdf(clipped_label_acroform_pdf(), use_ocr=False)
    lines = extracted.pages[0].text.splitlines()
    assert lines[0] == "Quartier(s) prioritaire(s) concern : Bacalan"  # on the label's line
    fields = extract_bulletin(extracted, "formulaire.pdf")
    assert fields.quartiers == ["Bacalan", "Le Grand Parc"]
    assert fields.description == "Une conciergerie de quartier."


def test_a_clipped_label_cell_keeps_its_tail_out_of_the_answer() -> None:
    table = [["Description du projet ou de l'acti", "Lancer une conciergerie."]]
    found = table_values([table], BULLETIN_LABELS)
    assert [(f.key, f.value) for f in found] == [("description", "Lancer une conciergerie.")]


def test_the_labels_colon_in_the_answer_cell_is_not_part_of_the_answer() -> None:
    assert clean_value(": Trouver la clientèle") == "Trouver la clientèle"
    assert clean_value("Trouver : la clientèle") == "Trouver : la clientèle"


def test_a_grid_with_one_column_per_service_becomes_one_block_per_service() -> None:
    grid = (
        "Politique de la ville : Développement économique\n"
        "Nom : Ludovic Garrigou : Solène Lapeyre\n"
        "Téléphone : 05 56 49 43 36 : 05 56 49 82 51\n"
        "\n"
        "Élu référent : Sandrine Lescure"
    )
    assert services_as_rows(grid, heading_service).splitlines() == [
        "Politique de la ville",
        "Nom : Ludovic Garrigou",
        "Téléphone : 05 56 49 43 36",
        "Développement économique",
        "Nom : Solène Lapeyre",
        "Téléphone : 05 56 49 82 51",
        "",
        "Élu référent : Sandrine Lescure",
    ]


def test_a_service_grid_in_a_mail_gives_one_contact_per_column() -> None:
    body = (
        "Titre du projet : Pépinière\n\nPersonnes-contacts\n\n"
        "Politique de la ville\tDéveloppement économique\n"
        "Nom\tLudovic Garrigou\tSolène Lapeyre\n"
        "Courriel\tl.garrigou@begles.fr\ts.lapeyre@begles.fr\n"
    )
    contacts = extract_bulletin(read_body(body), "corps du message").contacts
    assert [(c.name, c.service, c.email) for c in contacts] == [
        ("Ludovic Garrigou", Service.POLITIQUE_DE_LA_VILLE, "l.garrigou@begles.fr"),
        ("Solène Lapeyre", Service.DEVELOPPEMENT_ECONOMIQUE, "s.lapeyre@begles.fr"),
    ]


def test_headings_in_spaced_capitals_are_read_as_words() -> None:
    data = letter_spaced_pdf(
        ["PROJET", "Boutiques à l'essai", "DIFFICULTÉS ET QUESTIONS", "Loyers."]
    )
    extracted = read_pdf(data, use_ocr=False)
    assert extracted.pages[0].text.splitlines()[::2] == ["PROJET", "DIFFICULTÉS ET QUESTIONS"]
    fields = extract_bulletin(extracted, "fiche.pdf")
    assert (fields.project_title, fields.difficulties) == ("Boutiques à l'essai", "Loyers.")


def test_an_rtf_control_word_ends_before_a_capital_letter() -> None:
    rtf = rb"{\rtf1\ansi {\i Service politique de la ville}\parRoselyne Tauzin (Charg\'e9e)\par}"
    assert read_rtf(rtf).pages[0].text.splitlines() == [
        "Service politique de la ville",
        "Roselyne Tauzin (Chargée)",
    ]


def test_name_then_function_in_brackets_with_a_cut_detail_word_after() -> None:
    assert split_name_title("Roselyne Tauzin (Chargée de mission politique de la ville)él.") == (
        "Roselyne Tauzin",
        "Chargée de mission politique de la ville",
    )


def test_an_address_behind_a_pictogram_loses_the_pictogram() -> None:
    assert (
        find_address("⌂ 31 rue des Écoles, 33700 Mérignac") == "31 rue des Écoles, 33700 Mérignac"
    )


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Sablar / Cuyes", ["Sablar", "Cuyes"]),
        ("Beaudesert, Yser / Pont-de-Madame", ["Beaudesert", "Yser / Pont-de-Madame"]),
    ],
)
def test_quartiers_split_on_a_spaced_slash_but_a_known_name_keeps_its_own(
    text: str, items: list[str]
) -> None:
    assert split_quartiers(text, ("Yser - Pont de Madame", "Le Sablar")) == items


def test_reworded_rubrics_of_a_staff_form() -> None:
    text = (
        "Contenu de l'opération\nRéunir en un lieu unique les créateurs.\n"
        "Points de blocage / questions à approfondir\nPilotage partagé.\n"
        "Élu porteur du dossier\nIdentité : Solène Roumégous\nDélégation : Maire\n"
        "Document à retourner à Pays et Quartiers d'Aquitaine – AMI 2016\n"
    )
    fields = extract_bulletin(read_body(text), "fiche")
    assert fields.description == "Réunir en un lieu unique les créateurs."
    assert fields.difficulties == "Pilotage partagé."
    assert fields.elected_official is not None
    assert fields.elected_official.title == "Maire"


def test_a_signature_pasted_under_an_html_letter_marks_the_body_signed() -> None:
    from email.message import EmailMessage

    from extractors.letter import extract_letter
    from extractors.mime import parse_message

    msg = EmailMessage()
    msg["Message-ID"] = "<l@x>"
    msg.set_content("Je soutiens la candidature.\n\nNadia Lafitte")  # left out most
    msg.add_alternative(
        "<p>Bordeaux, le 21 avril 2016</p><p>Madame la Directrice,</p>"
        "<p>Je soutiens pleinement la candidature de notre agglomération.</p>"
        "<p>Je vous prie d'agréer, Madame la Directrice, mes salutations distinguées.</p>"
        '<p>Vice-présidente chargée de la cohésion sociale<br><img src="cid:sig" width="180">'
        "<br><b>Nadia Lafitte</b></p>",
        subtype="html",
    )
    msg.get_payload()[1].add_related(b"\x89PNG....", "image", "png", cid="<sig>")
    parsed = parse_message(msg.as_bytes())
    assert "Madame la Directrice," in parsed.body_text  # the HTML part was read
    body = read_body(parsed.body_text)
    assert "[image]" not in body.pages[0].text
    letter = extract_letter(body, "corps du message")
    assert letter.signatory is not None and letter.signatory.name == "Nadia Lafitte"
    assert letter.signed


def test_an_icon_is_no_signature_and_an_unsized_picture_at_the_top_neither() -> None:
    from extractors.html_text import html_to_text

    assert html_to_text('<p>Texte</p><img src="cid:x" width="16" height="16">') == "Texte"
    body = read_body(html_to_text('<img src="cid:logo"><p>Un</p><p>Deux</p><p>Trois</p>'))
    assert not body.pages[0].has_signature_mark
