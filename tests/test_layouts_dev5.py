"""Layouts first met in the dev5 tuning set, and old misses of dev2 and blind3 mended with
them: services as table columns, English field names, « Autre partenaire », two empty labels
on a line, a person's « Titre », tables cut by a page, wrapped addresses and e-mails."""

from __future__ import annotations

import pytest
from format_samples import text_doc

from extractors.bulletin import extract_bulletin
from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.contact_services import heading_service
from extractors.contact_tables import contacts_from_tables
from extractors.contacts import (
    contacts_from_text,
    find_address,
    split_name_title,
)
from extractors.docx import _row_text
from extractors.letter import extract_letter
from extractors.quartiers import split_quartiers
from extractors.quoting import Quoter
from schemas import ExtractedText, FormField, Method, Service


def _doc(text: str, **kwargs: object) -> ExtractedText:
    return text_doc(text, method=Method.DOCX, **kwargs)


def _quoter(text: str = "") -> Quoter:
    return Quoter(_doc(text), "b.pdf", "abc")


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Territoire(s) prioritaire(s) visé(s)", "quartiers"),
        ("Points durs et questions à éclairer", "difficulties"),
        ("Obstacles et interrogations", "difficulties"),
        ("Questions / difficultés", "difficulties"),
        ("Points de blocage / questions à approfondir", "difficulties"),
        ("Contenu de l'opération", "description"),
        ("Le projet en bref", "description"),
        ("En quelques mots", "description"),
        ("Personnes à joindre", "contacts"),
        ("Objet de la candidature", "project_title"),
        ("Secteur(s) géographique(s)", "quartiers"),
        ("Synthèse du projet", "description"),
        ("Vos attentes vis-à-vis de l'accompagnement", "difficulties"),
        ("Correspondants techniques", "contacts"),
        ("Portage politique", "elected_official"),
    ],
)
def test_staff_rewordings_of_the_rubrics(label: str, key: str) -> None:
    hit = BULLETIN_LABELS.match(f"{label} : réponse")
    assert hit is not None and (hit.key, hit.value) == (key, "réponse")


def test_a_single_interlocuteur_is_a_name_label_not_the_contacts_rubric() -> None:
    assert BULLETIN_LABELS.match("Interlocuteur Fabien Capdevielle") is None
    hit = BULLETIN_LABELS.match("Nos interlocuteurs")
    assert hit is not None and hit.key == "contacts"


def test_a_table_with_one_column_per_service_under_economy_headings() -> None:
    table = [
        ["", "Cohésion urbaine (politique de la ville)", "Économie – emploi (dév. économique)"],
        ["Interlocuteur", "Murielle Lacoste", "Thierry Sallenave"],
        ["Emploi occupé", "Responsable du pôle", "Chargé de mission économie"],
        ["E-mail", "m.lacoste@bm.fr", "t.sallenave@bm.fr"],
    ]
    contacts = contacts_from_tables([table], _quoter())
    assert [(c.name, c.function, c.service) for c in contacts] == [
        ("Murielle Lacoste", "Responsable du pôle", Service.POLITIQUE_DE_LA_VILLE),
        ("Thierry Sallenave", "Chargé de mission économie", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]


def test_a_contacts_table_cut_by_a_page_completes_its_last_person() -> None:
    first = [
        ["Service Développement économique", ""],
        ["Nom et prénom", "Pascale Mesplède"],
        ["Téléphone", "05 56 14 52 31"],
    ]
    second = [["Adresse électronique", "pmesplede@gradignan-ville.fr"]]
    contacts = contacts_from_tables([first, second], _quoter())
    assert [(c.name, c.email) for c in contacts] == [
        ("Pascale Mesplède", "pmesplede@gradignan-ville.fr")
    ]


def test_an_e_mail_a_narrow_cell_wrapped_is_joined_in_a_pair_grid() -> None:
    table = [
        ["Nom et prénom", "Fatoumata Larrieu", "Fonction", "Chargée d'affaires"],
        ["Courriel", "fatoumata.larrieu@mairie-pessac.\nfr", "Téléphone", "05.57.18.03.97"],
    ]
    contacts = contacts_from_tables([table], _quoter())
    assert [c.email for c in contacts] == ["fatoumata.larrieu@mairie-pessac.fr"]


def test_contact_fields_named_in_english_and_numbered_take_the_pages_sections() -> None:
    text = (
        "Titre du projet : Plateforme\nService Politique de la ville\nNom et prénom : \n"
        "Service Développement économique\nNom et prénom : \nÉlu(e) référent(e)\n"
    )
    form = [
        FormField(name="contact1_name", value="Ophélie Pujol"),
        FormField(name="contact1_function", value="Chargée de mission cohésion urbaine"),
        FormField(name="contact1_email", value="o.pujol@granddax-agglo.fr"),
        FormField(name="contact2_name", value="Guilhem Sallenave"),
        FormField(name="contact2_email", value="gsallenave@granddax-agglo.fr"),
    ]
    contacts = extract_bulletin(_doc(text, form_fields=form), "b.docx").contacts
    assert [(c.name, c.service) for c in contacts] == [
        ("Ophélie Pujol", Service.POLITIQUE_DE_LA_VILLE),
        ("Guilhem Sallenave", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]
    assert contacts[0].function == "Chargée de mission cohésion urbaine"


def test_a_partner_section_gives_a_contact_of_another_service() -> None:
    text = (
        "Service Développement économique\nNom : Mathieu Haramboure\nTél. : 06 50 43 18 28\n"
        "Autre partenaire\nNom : Fabien Massias\nTél. : 05 56 94 73 52\n"
    )
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [c.service for c in contacts] == [Service.DEVELOPPEMENT_ECONOMIQUE, Service.AUTRE]


def test_a_second_label_on_a_line_opens_its_own_line() -> None:
    text = "Nom : Hervé Bordenave Fonction : Délégué territorial\nCourriel : h.b@dax.fr"
    (contact,) = contacts_from_text(text, _quoter(text), 1, 0)
    assert (contact.name, contact.function) == ("Hervé Bordenave", "Délégué territorial")


def test_two_labels_left_empty_on_one_line_give_no_name() -> None:
    text = "Élu(e) référent(e)\nNom et prénom Qualité\n"
    official = extract_bulletin(_doc(text), "b.pdf").elected_official
    assert official is None or official.name is None


def test_a_persons_titre_is_not_the_projects() -> None:
    text = (
        "Intitulé de l'action : Revitalisation\nÉlu(e) en charge du dossier\n"
        "Nom : Hélène Laborde-Peyré\n"
        "Titre : Adjointe au Maire chargée de la politique de la ville\n"
    )
    fields = extract_bulletin(_doc(text), "b.pdf")
    assert fields.project_title == "Revitalisation"
    assert fields.elected_official is not None
    assert fields.elected_official.title == "Adjointe au Maire chargée de la politique de la ville"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Élodie Lafargue, Coordinatrice du contrat de ville, 24 rue du Maréchal Leclerc, "
            "47300 Villeneuve-sur-Lot",
            "24 rue du Maréchal Leclerc, 47300 Villeneuve-sur-Lot",
        ),
        (
            "Fanny Lafitte, tél. 05 53 26 57 32, f.lafitte@gp.fr, 73 rue\n"
            "Sainte-Catherine, 24000 Périgueux",
            "73 rue Sainte-Catherine, 24000 Périgueux",
        ),
        (
            "Grégoire Ducasse, tél. 05 53 00 41 86, g.d@gp.fr, 59 quai Saint-Pierre,\n"
            "24000 Périgueux",
            "59 quai Saint-Pierre, 24000 Périgueux",
        ),
    ],
)
def test_addresses_without_the_person_and_continued_after_the_details(
    text: str, address: str
) -> None:
    assert find_address(text) == address


def test_name_and_function_in_brackets_before_the_details() -> None:
    text = (
        "Service Développement économique : Fanny Lafitte (Responsable commerce et artisanat), "
        "tél. 05 53 26 57 32, f.lafitte@gp.fr"
    )
    (contact,) = contacts_from_text(text, _quoter(text), 1, 0)
    assert (contact.name, contact.function) == (
        "Fanny Lafitte",
        "Responsable commerce et artisanat",
    )


def test_the_rest_of_a_wrapped_address_label_is_no_address() -> None:
    text = "Nom : Pascale Mesplède\nAdresse : du service\nTéléphone : 05 56 14 52 31"
    (contact,) = contacts_from_text(text, _quoter(text), 1, 0)
    assert contact.address is None


@pytest.mark.parametrize(
    ("line", "service"),
    [
        ("› Service Politique de la ville", Service.POLITIQUE_DE_LA_VILLE),
        ("Contact n° 2 (développement économique)", Service.DEVELOPPEMENT_ECONOMIQUE),
        ("Économie – emploi (dév. économique)", Service.DEVELOPPEMENT_ECONOMIQUE),
        ("Autres contacts", Service.AUTRE),
        ("Emploi occupé", None),
    ],
)
def test_service_headings(line: str, service: Service | None) -> None:
    assert heading_service(line) == service


@pytest.mark.parametrize("delegation", ["P/le Maire", "P/0 le Maire", "P/O le Maire"])
def test_a_delegation_formula_is_not_the_signatorys_title(delegation: str) -> None:
    assert split_name_title(f"{delegation}, Premier adjoint au Maire") == (
        None,
        "Premier adjoint au Maire",
    )


def test_a_copy_line_beside_the_signatory_block_does_not_hide_it() -> None:
    text = (
        "Bordeaux, le 7 avril 2016\nMadame la Directrice,\n"
        "Je vous confirme l'intérêt de Bordeaux Métropole pour votre appel.\n"
        "Je vous prie d'agréer, Madame, mes salutations les meilleures.\n"
        + _row_text(
            [
                "Copie : M. le Sous-préfet",
                "La Conseillère communautaire déléguée à l'emploi,\n\nHélène CAZAUBON",
            ]
        )
    )
    letter = extract_letter(_doc(text), "lettre.docx")
    assert letter.signatory is not None
    assert letter.signatory.name == "Hélène Cazaubon"


def test_two_readings_of_one_scanned_person_are_one_contact() -> None:
    text = (
        "Service Politique de la ville\nNom : Émilie Brouste\nCourriel : brouste@lemarsan.fr\n"
        "Téléphone : 05 58 22 61 03\n"
    )
    table = [
        ["Nom", "Émilie Brouste"],
        ["Courriel", "emiliebrouste@lemarsan.fr"],
        ["Téléphone", "05 58 22 61 03"],
    ]
    contacts = extract_bulletin(_doc(text, tables=[table]), "b.pdf").contacts
    assert [c.name for c in contacts] == ["Émilie Brouste"]


def test_pieces_of_one_known_name_split_by_slashes_stay_one_name() -> None:
    assert split_quartiers("cité Monmousseau / Paty", ("Monmousseau - Paty",)) == [
        "cité Monmousseau / Paty"
    ]
    known = ("Maubec - Citadelle", "Palmer - Saraillère - 8 Mai 45 - Dravemont", "Le Sablar")
    assert split_quartiers("Citadelle / Maubec ; Le Sablar", known) == [
        "Citadelle / Maubec",
        "Le Sablar",
    ]
    assert split_quartiers("Palmer / Saraillère / 8 mai 45 / Dravemont", known) == [
        "Palmer / Saraillère / 8 mai 45 / Dravemont"
    ]


CAPTIONS_BELOW = """Personnes-contacts
Service Politique de la ville
Laetitia BÉGUÉ Cheffe de projet contrat de ville
Nom et prénom Fonction
laetitia.begue@dax-mairie.fr 05 58 95 39 36
Courriel Téléphone
Service Développement économique
Maïté LALANNE Animatrice économique territoriale
Nom et prénom Fonction
m.lalanne@dax-mairie.fr 05 58 53 18 55
Courriel Téléphone
PQA – AMI 2016 – bulletin d'inscription – page 1
Élu(e) référent(e)
Gaëtan Bégué Premier adjoint, chargé du développement
économique
Nom et prénom Qualité
PQA – AMI 2016 – bulletin d'inscription – page 2
"""


def test_labels_printed_under_their_answers_as_captions() -> None:
    fields = extract_bulletin(_doc(CAPTIONS_BELOW), "bulletin.pdf")
    assert [(c.name, c.function, c.email) for c in fields.contacts] == [
        ("Laetitia Bégué", "Cheffe de projet contrat de ville", "laetitia.begue@dax-mairie.fr"),
        ("Maïté Lalanne", "Animatrice économique territoriale", "m.lalanne@dax-mairie.fr"),
    ]
    assert fields.elected_official is not None
    assert (fields.elected_official.name, fields.elected_official.title) == (
        "Gaëtan Bégué",
        "Premier adjoint, chargé du développement économique",
    )


def test_labels_above_their_answers_are_left_where_they_are() -> None:
    text = "Service Politique de la ville\nNom et prénom\nJean Dupont\nCourriel\nj.d@cenon.fr\n"
    (contact,) = extract_bulletin(_doc(text), "bulletin.pdf").contacts
    assert (contact.name, contact.email) == ("Jean Dupont", "j.d@cenon.fr")


def test_a_cards_service_line_under_the_name_and_function() -> None:
    text = (
        "Vos interlocuteurs\nArmelle Dartigues\nChargée de mission cohésion urbaine\n"
        "Service politique de la ville – Ville de Lormont\nT. 05 56 11 75 78 | a.d@lormont.fr\n"
        "Yasmina Hiriart\nAnimatrice économique\n"
        "Service développement économique – Ville de Lormont\nT. 05 56 22 21 18 | y.h@lormont.fr\n"
    )
    contacts = extract_bulletin(_doc(text), "fiche.pdf").contacts
    assert [(c.name, c.service, c.email) for c in contacts] == [
        ("Armelle Dartigues", Service.POLITIQUE_DE_LA_VILLE, "a.d@lormont.fr"),
        ("Yasmina Hiriart", Service.DEVELOPPEMENT_ECONOMIQUE, "y.h@lormont.fr"),
    ]


def test_rows_of_an_exported_sheet_named_by_service_abbreviation() -> None:
    text = (
        "Titre du projet\tRez-de-chaussée actifs\n"
        "Contact PV – nom\tLALANNE Rozenn\nContact PV – mail\tr.lalanne@bordeaux-ville.fr\n"
        "Contact Dév. éco. – nom\tPOUYANNE Ghislaine\n"
        "Contact Dév. éco. – mail\tgpouyanne@bordeaux-ville.fr\n"
    )
    contacts = extract_bulletin(_doc(text), "corps du message").contacts
    assert [(c.name, c.service) for c in contacts] == [
        ("Rozenn Lalanne", Service.POLITIQUE_DE_LA_VILLE),
        ("Ghislaine Pouyanne", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]


def test_sides_named_cote_are_service_headings() -> None:
    text = (
        "Côté politique de la ville : Mme Maryline NOGARO, Coordonnatrice du contrat de ville "
        "– tél. 05 56 59 52 98 – m.nogaro@merignac-ville.fr\n"
        "Côté développement économique : M. Lionel FOURCADE, Responsable du pôle "
        "– tél. 05 56 82 02 46 – l.fourcade@merignac-ville.fr"
    )
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [(c.name, c.function, c.service) for c in contacts] == [
        ("Maryline Nogaro", "Coordonnatrice du contrat de ville", Service.POLITIQUE_DE_LA_VILLE),
        ("Lionel Fourcade", "Responsable du pôle", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]


def test_readings_made_alike_by_a_merge_are_joined_too() -> None:
    from extractors.bulletin import _dedupe
    from schemas import Contact

    contacts = [
        Contact(name="Noël Pédeboscq", service=Service.POLITIQUE_DE_LA_VILLE),
        Contact(email="np@floirac.fr", service=Service.POLITIQUE_DE_LA_VILLE),
        Contact(name="Noël Pédeboscq", email="np@floirac.fr"),
    ]
    assert [(c.name, c.email) for c in _dedupe(contacts)] == [("Noël Pédeboscq", "np@floirac.fr")]


def test_an_email_or_a_phone_is_neither_a_name_nor_a_function() -> None:
    text = "Nom : np@floirac.fr\nFonction : 0557072043\nCourriel : np@floirac.fr"
    (contact,) = contacts_from_text(text, _quoter(text), 1, 0)
    assert (contact.name, contact.function, contact.email) == (None, None, "np@floirac.fr")


def test_a_partner_column_heading_names_another_service() -> None:
    assert heading_service("Partenaire emploi (PLIE)") == Service.AUTRE
