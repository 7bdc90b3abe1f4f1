"""Contacts of a bulletin: phones, e-mails, addresses, services, names and functions."""

from __future__ import annotations

import pytest

from extractors.contact_services import heading_service, service_of
from extractors.contact_tables import contacts_from_tables
from extractors.contacts import (
    clean_name,
    contacts_from_text,
    find_address,
    person_from_text,
    split_name_title,
    unwrap,
)
from extractors.quoting import Quoter
from schemas import ExtractedText, Method, Page, Service


def _quoter(text: str = "") -> Quoter:
    pages = [Page(number=1, text=text, method=Method.PDF_TEXT)]
    return Quoter(ExtractedText(pages=pages), "bulletin.pdf", "abc")


def test_address_takes_street_line_and_postcode_line() -> None:
    text = "Mme Martin\nHôtel de Ville\n1 avenue Carnot\n33150 CENON\nTél : 05 56 12 34 56"
    assert find_address(text) == "Hôtel de Ville, 1 avenue Carnot, 33150 CENON"


def test_address_on_one_line() -> None:
    assert find_address("Adresse : 12 rue Victor Hugo 40100 Dax") == "12 rue Victor Hugo 40100 Dax"


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("Service Politique de la Ville", Service.POLITIQUE_DE_LA_VILLE),
        ("SERVICE POLITIQUE DE LA VILLE", Service.POLITIQUE_DE_LA_VILLE),
        ("cheffe de projet contrat de ville", Service.POLITIQUE_DE_LA_VILLE),
        ("Service Développement Économique", Service.DEVELOPPEMENT_ECONOMIQUE),
        ("service developpement economique", Service.DEVELOPPEMENT_ECONOMIQUE),
        ("chargé de mission dév. éco", Service.DEVELOPPEMENT_ECONOMIQUE),
        ("Direction des affaires culturelles", None),
    ],
)
def test_service_is_read_from_heading_or_function(text: str, service: Service | None) -> None:
    assert service_of(text) == service


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("M. Jean Dupont, Maire de Cenon", "Jean Dupont", "Maire de Cenon"),
        (
            "Madame Marie Durand, Adjointe au maire déléguée à l'économie",
            "Marie Durand",
            "Adjointe au maire déléguée à l'économie",
        ),
        ("Le Maire, Jean Dupont", "Jean Dupont", "Le Maire"),
        ("Jean DUPONT - Maire", "Jean Dupont", "Maire"),
        (
            "L'Adjointe au maire déléguée à la politique de la ville, Josiane Béraud",
            "Josiane Béraud",
            "L'Adjointe au maire déléguée à la politique de la ville",
        ),
        ("Alain David\nMaire de Cenon", "Alain David", "Maire de Cenon"),
        ("Mme Claire Petit, Vice-présidente de l'Agglomération", "Claire Petit", None),
        ("Conseillère déléguée au commerce : Mme Anne Roux", "Anne Roux", None),
        (
            "Marc-Antoine Darrigrand, Conseiller municipal délégué au commerce et à\nl'artisanat",
            "Marc-Antoine Darrigrand",
            "Conseiller municipal délégué au commerce et à l'artisanat",
        ),
        (
            "Isabelle Le Gall, Adjointe au maire déléguée à la\nCohésion sociale",
            "Isabelle Le Gall",
            "Adjointe au maire déléguée à la Cohésion sociale",
        ),
    ],
)
def test_name_and_title_of_an_elected_official(text: str, name: str, title: str | None) -> None:
    found_name, found_title = split_name_title(text)
    assert found_name == name
    if title is not None:
        assert found_title == title
    else:
        assert found_title is not None


def test_contacts_split_by_service_headings() -> None:
    text = (
        "Service Politique de la ville :\n"
        "Mme Sophie Martin, cheffe de projet contrat de ville\n"
        "Tél : 05 56 12 34 56\n"
        "Courriel : Sophie.Martin@Mairie-Cenon.fr\n"
        "Service développement économique :\n"
        "Nom : Paul Lefèvre\n"
        "Fonction : chargé de mission\n"
        "Téléphone : +33 (0)5 57 80 70 60\n"
        "E-mail : p.lefevre@ville-cenon.fr"
    )
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [(c.name, c.service) for c in contacts] == [
        ("Sophie Martin", Service.POLITIQUE_DE_LA_VILLE),
        ("Paul Lefèvre", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]
    assert contacts[0].function == "cheffe de projet contrat de ville"
    assert contacts[0].email == "sophie.martin@mairie-cenon.fr"
    assert contacts[1].phone == "+33557807060"


def test_contact_evidence_quotes_the_page_span() -> None:
    text = "Contact : Paul Lefèvre\nTél. 05 57 80 70 60"
    contact = contacts_from_text(text, _quoter(text), 1, 0, Service.DEVELOPPEMENT_ECONOMIQUE)[0]
    phone = next(e for e in contact.evidence if "57" in e.text)
    assert text[phone.start : phone.end] == "05 57 80 70 60"


def test_two_people_separated_by_a_blank_line_are_two_contacts() -> None:
    text = (
        "Sophie Martin, cheffe de projet\ns.martin@mairie-cenon.fr\n\n"
        "Paul Lefèvre, chargé de mission développement économique\np.lefevre@mairie-cenon.fr"
    )
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [c.email for c in contacts] == ["s.martin@mairie-cenon.fr", "p.lefevre@mairie-cenon.fr"]
    assert contacts[1].service == Service.DEVELOPPEMENT_ECONOMIQUE


def test_service_hint_applies_when_no_heading() -> None:
    text = "Sophie Martin\nCheffe de projet\n05 56 12 34 56"
    contact = contacts_from_text(text, _quoter(text), 1, 0, Service.POLITIQUE_DE_LA_VILLE)[0]
    assert contact.service == Service.POLITIQUE_DE_LA_VILLE
    assert contact.name == "Sophie Martin"


def test_contacts_table_with_header_row() -> None:
    table = [
        ["Service", "Nom", "Fonction", "Courriel", "Téléphone"],
        [
            "Politique de la ville",
            "Sophie Martin",
            "Cheffe de projet",
            "s.martin@cenon.fr",
            "05 56 12 34 56",
        ],
        ["Développement économique", "Paul Lefèvre", "Chargé de mission", "p.lefevre@cenon.fr", ""],
    ]
    contacts = contacts_from_tables([table], _quoter())
    assert [(c.name, c.service, c.email) for c in contacts] == [
        ("Sophie Martin", Service.POLITIQUE_DE_LA_VILLE, "s.martin@cenon.fr"),
        ("Paul Lefèvre", Service.DEVELOPPEMENT_ECONOMIQUE, "p.lefevre@cenon.fr"),
    ]
    assert contacts[0].phone == "+33556123456"


def test_blank_lines_between_labels_and_answers_keep_one_person() -> None:
    """OCR of a table scan: a blank line between each label and its answer."""
    text = (
        "Nom et prénom\n\nKarima Labat\n\nFonction Cheffe de projet Contrat de ville\n"
        "Courriel karima.labat@ coulounieix-chamiers.fr\n\n"
        "Téléphone 05 53 35 78 81 (ligne directe)"
    )
    [contact] = contacts_from_text(text, _quoter(text), 1, 0, Service.POLITIQUE_DE_LA_VILLE)
    assert contact.name == "Karima Labat"
    assert contact.function == "Cheffe de projet Contrat de ville"
    assert contact.email == "karima.labat@coulounieix-chamiers.fr"
    assert contact.phone == "+33553357881"


def test_html_paragraphs_of_two_labelled_people_give_two_contacts() -> None:
    """An HTML body made of <p>: every line its own paragraph, the second name label splits."""
    text = (
        "- Nom et prénom : Marc-Antoine Benhamou\n\n- Fonction : Directeur\n\n"
        "- Téléphone : +33 5 53 41 19 28\n\n"
        "- Nom et prénom : Jérôme Tauzin\n\n- Courriel : jerome.tauzin@ville.fr"
    )
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [(c.name, c.phone, c.email) for c in contacts] == [
        ("Marc-Antoine Benhamou", "+33553411928", None),
        ("Jérôme Tauzin", None, "jerome.tauzin@ville.fr"),
    ]


def test_first_name_label_seen_again_starts_the_next_person() -> None:
    text = (
        "Prénom : Sophie\nNom : Martin\nCourriel : s.martin@cenon.fr\n\n"
        "Prénom : Paul\nNom : Lefèvre\nCourriel : p.lefevre@cenon.fr"
    )
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [(c.name, c.email) for c in contacts] == [
        ("Sophie Martin", "s.martin@cenon.fr"),
        ("Paul Lefèvre", "p.lefevre@cenon.fr"),
    ]


def test_free_name_line_after_a_complete_person_starts_the_next() -> None:
    text = (
        "Sophie Martin, cheffe de projet\n05 56 12 34 56\n"
        "Paul Lefèvre, chargé de mission\np.lefevre@mairie-cenon.fr"
    )
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [(c.name, c.phone, c.email) for c in contacts] == [
        ("Sophie Martin", "+33556123456", None),
        ("Paul Lefèvre", None, "p.lefevre@mairie-cenon.fr"),
    ]


def test_capitalised_line_saying_nothing_more_does_not_start_a_person() -> None:
    text = "Sophie Martin, cheffe de projet\n05 56 12 34 56\nCCAS Floirac"
    [contact] = contacts_from_text(text, _quoter(text), 1, 0)
    assert (contact.name, contact.phone) == ("Sophie Martin", "+33556123456")


def test_postal_details_label_stays_in_the_person() -> None:
    text = (
        "Nom, prénom : Émilie N'Diaye\nCoordonnées postales : Hôtel de ville, Place Royale,"
        " 64000 Pau\nTél. : 05 59 27 34 61"
    )
    [contact] = contacts_from_text(text, _quoter(text), 1, 0)
    assert contact.name == "Émilie N'Diaye"
    assert contact.address == "Hôtel de ville, Place Royale, 64000 Pau"
    assert contact.phone == "+33559273461"


def test_function_naming_the_economy_is_not_a_service_heading() -> None:
    text = "Nom et prénom\nBruno Ouali\nFonction\nDéveloppeur économique\nCourriel\nb.ouali@mdm.fr"
    [contact] = contacts_from_text(text, _quoter(text), 1, 0, Service.DEVELOPPEMENT_ECONOMIQUE)
    assert (contact.name, contact.function) == ("Bruno Ouali", "Développeur économique")
    assert contact.email == "b.ouali@mdm.fr"


@pytest.mark.parametrize(
    ("text", "function"),
    [
        (
            "Pierre Dubourdieu, Directeur de la Cohésion sociale et\nurbaine\n"
            "0556162997 — pdubourdieu@eysines.fr",
            "Directeur de la Cohésion sociale et urbaine",
        ),
        (
            "François Lestage, Chargé de mission Développement\néconomique\n"
            "05 56 74 37 66 – francois.lestage@ville-lormont.fr",
            "Chargé de mission Développement économique",
        ),
        (
            "Loïc Ithurbide, Chargé de mission\nDéveloppement économique\n"
            "05 56 16 11 39 (ligne directe) — lithurbide @eysines.fr",
            "Chargé de mission Développement économique",
        ),
    ],
)
def test_function_wrapped_by_the_layout_is_joined(text: str, function: str) -> None:
    [contact] = contacts_from_text(text, _quoter(text), 1, 0)
    assert contact.function == function
    assert contact.email is not None and contact.phone is not None


def test_service_heading_after_a_finished_line_still_opens_a_section() -> None:
    text = (
        "Anne Roux, chargée de mission\n05 56 12 34 56\n"
        "Développement économique\nPaul Lefèvre, chargé de mission\n05 57 80 70 60"
    )
    contacts = contacts_from_text(text, _quoter(text), 1, 0, Service.POLITIQUE_DE_LA_VILLE)
    assert [(c.name, c.service) for c in contacts] == [
        ("Anne Roux", Service.POLITIQUE_DE_LA_VILLE),
        ("Paul Lefèvre", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]


def test_unwrap_leaves_labels_names_and_capitalised_lines_apart() -> None:
    text = "Fonction\nchargée de mission\nAlain David\nMaire de Cenon\nOU\nIsabelle Le Gall"
    assert unwrap(text) == text


def test_contacts_table_with_merged_service_rows_takes_the_service_from_the_row_above() -> None:
    table = [
        ["Nom", "Fonction", "Courriel", "Téléphone"],
        ["Service politique de la ville", "Service politique de la ville", "", ""],
        ["M. Anthony BENALI", "Coordonnateur du contrat de ville", "a.benali@x.fr", "0556845195"],
        ["Service développement économique"],
        ["Mme Ghislaine\nLANNELONGUE", "Manager de\ncentre-ville", "g.l@x.fr", "+33557587376"],
        ["4. Élu(e) référent(e)"],
        ["Nom, prénom", "Joël Dulucq", "", ""],
    ]
    contacts = contacts_from_tables([table], _quoter())
    assert [(c.name, c.function, c.service) for c in contacts] == [
        ("Anthony Benali", "Coordonnateur du contrat de ville", Service.POLITIQUE_DE_LA_VILLE),
        ("Ghislaine Lannelongue", "Manager de centre-ville", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]


@pytest.mark.parametrize("separator", ["\t", "|", " : "])
def test_contacts_grid_written_as_text_is_read_by_its_header_row(separator: str) -> None:
    rows = [
        ["Nom", "Fonction", "Courriel", "Téléphone"],
        ["Service politique de la ville"],
        ["Noémie Destrac", "Coordonnatrice du contrat de ville", "nd@pessac.fr", "05 57 68 40 87"],
        ["Service développement économique"],
        ["Thibault Hourcade", "Chargé de mission", "th@pessac.fr", "05/57/50/75/26"],
    ]
    text = "\n".join(separator.join(row) for row in rows)
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [(c.name, c.function, c.service, c.phone) for c in contacts] == [
        (
            "Noémie Destrac",
            "Coordonnatrice du contrat de ville",
            Service.POLITIQUE_DE_LA_VILLE,
            "+33557684087",
        ),
        (
            "Thibault Hourcade",
            "Chargé de mission",
            Service.DEVELOPPEMENT_ECONOMIQUE,
            "+33557507526",
        ),
    ]


def test_row_of_cells_without_header_is_read_as_free_lines() -> None:
    text = "Solène Barrère|Directrice du développement social urbain|sb@cenon.fr|0557542303|"
    contact = contacts_from_text(text, _quoter(text), 1, 0)[0]
    assert (contact.name, contact.function, contact.email) == (
        "Solène Barrère",
        "Directrice du développement social urbain",
        "sb@cenon.fr",
    )


def test_elected_official_name_without_label_above_a_labelled_title() -> None:
    text = "Abdelkader Larrieu\nQualité de l'élu : Maire de Cenon"
    person = person_from_text(text, _quoter(text), 1, 0)
    assert person is not None
    assert (person.name, person.title) == ("Abdelkader Larrieu", "Maire de Cenon")


def test_coordonnatrice_is_read_as_a_function() -> None:
    text = "Mme Noémie DESTRAC, Coordonnatrice du contrat de ville, nd@pessac.fr"
    contact = contacts_from_text(text, _quoter(text), 1, 0)[0]
    assert (contact.name, contact.function) == (
        "Noémie Destrac",
        "Coordonnatrice du contrat de ville",
    )


def test_contacts_table_with_one_column_per_person() -> None:
    table = [
        ["Personnes-contacts", "Service politique de la ville", "Service développement économique"],
        ["Nom et prénom", "Régine Darriet", "Perrine Cassagne"],
        ["Fonction", "Cheffe de projet politique de la ville", "Manager de centre-ville"],
        ["Courriel", "rdarriet@agglo-pau.fr", "cassagne.perrine@agglo-pau.fr"],
        ["Téléphone", "+33559527613", "0559652484"],
        ["Adresse", "", "2 bis place Royale, 64000 Pau"],
        ["Élu référent", "Maëlle Hourcade"],
    ]
    contacts = contacts_from_tables([table], _quoter())
    assert [(c.name, c.function, c.service, c.address) for c in contacts] == [
        (
            "Régine Darriet",
            "Cheffe de projet politique de la ville",
            Service.POLITIQUE_DE_LA_VILLE,
            None,
        ),
        (
            "Perrine Cassagne",
            "Manager de centre-ville",
            Service.DEVELOPPEMENT_ECONOMIQUE,
            "2 bis place Royale, 64000 Pau",
        ),
    ]


def test_header_row_read_without_its_cell_borders_is_not_a_person() -> None:
    text = "Nom Fonction Courriel Téléphone\nM. Noël PÉDEBOSCQ Directeur npedeboscq@floirac.fr"
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [c.email for c in contacts] == ["npedeboscq@floirac.fr"]
    assert "Courriel" not in (contacts[0].name or "")


def test_pair_grid_gives_one_contact_per_service_section() -> None:
    # « Nom et prénom | X | Fonction | Y » under a service banner, as an official form lays out.
    table = [
        ["Service Politique de la ville"],
        ["Nom et prénom", "BEN AMARA Frédéric", "Fonction", "Directeur du développement social"],
        ["Courriel", "f.ben-amara@lormont.fr", "Téléphone", "05 57 91 33 32"],
        ["Service Développement économique"],
        ["Nom et prénom", "MOUNICQ Gaëtan", "Fonction", "Développeur économique"],
        ["Courriel", "g.mounicq@lormont.fr", "Téléphone", "05 57 14 78 88"],
    ]
    contacts = contacts_from_tables([table], _quoter())
    assert [(c.name, c.function, c.service, c.phone) for c in contacts] == [
        ("Frédéric Ben Amara", "Directeur du développement social",
         Service.POLITIQUE_DE_LA_VILLE, "+33557913332"),
        ("Gaëtan Mounicq", "Développeur économique",
         Service.DEVELOPPEMENT_ECONOMIQUE, "+33557147888"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Isabelle TASTET (Coordonnatrice de l'équipe projet)", "Isabelle Tastet",
         "Coordonnatrice de l'équipe projet"),
        ("P/O le Maire,\nL'Adjoint au maire délégué à l'emploi, à l'insertion et au commerce\n"
         "Jean DUPONT", "Jean Dupont",
         "L'Adjoint au maire délégué à l'emploi, à l'insertion et au commerce"),
        ("DUPONT Jean-Pierre, Maire de Cenon", "Jean-Pierre Dupont", "Maire de Cenon"),
    ],
)  # fmt: skip
def test_name_and_title_written_the_ways_forms_and_letters_write_them(
    text: str, name: str, title: str
) -> None:
    assert split_name_title(text) == (name, title)


@pytest.mark.parametrize(
    ("read", "name"),
    [
        ("Olivier lthurbide", "Olivier Ithurbide"),  # OCR's « l » for a capital I
        ("lsabelle Darrigade", "Isabelle Darrigade"),
        ("Marie-lrène Lafitte", "Marie-Irène Lafitte"),
        ("Anne le Goff", "Anne le Goff"),  # a particle stays
        ("LLORIS Paul", "Paul Lloris"),
    ],
)
def test_a_name_word_read_with_a_small_l_for_a_capital_i_is_mended(read: str, name: str) -> None:
    assert clean_name(read) == name


def test_two_people_down_one_label_column_split_at_their_service_heading() -> None:
    table = [
        ["Personne-contact – Service Politique de la ville", ""],
        ["Nom et prénom", "Nicolas Le Gall"],
        ["Courriel", "n.legall@mairie-cenon.fr"],
        ["Personne-contact – Service Développement économique", ""],
        ["Nom et prénom", "Karima Marsan"],
        ["Courriel", "k.marsan@mairie-cenon.fr"],
        ["Adresse", "Hôtel de ville, 1 avenue Carnot, 33150 Cenon"],
    ]
    contacts = contacts_from_tables([table], _quoter())
    assert [(c.name, c.service, c.address) for c in contacts] == [
        ("Nicolas Le Gall", Service.POLITIQUE_DE_LA_VILLE, None),
        ("Karima Marsan", Service.DEVELOPPEMENT_ECONOMIQUE,
         "Hôtel de ville, 1 avenue Carnot, 33150 Cenon"),
    ]  # fmt: skip


def test_address_in_parentheses_at_the_end_of_a_sentence() -> None:
    text = (
        "Mme Séverine Garrigue, cheffe de projet, tél. 0553549789, courriel : "
        "sgarrigue@coulounieix-chamiers.fr (18 allée du 8\nMai 1945, 24660 Coulounieix-Chamiers)."
    )
    assert find_address(text) == "18 allée du 8 Mai 1945, 24660 Coulounieix-Chamiers"


def test_address_whose_commune_a_cell_wrapped_onto_the_next_line() -> None:
    text = "Tél. : 05.58.00.58.58\n26 avenue Pierre Mendès-France, 40100\nDax"
    assert find_address(text) == "26 avenue Pierre Mendès-France, 40100 Dax"
    # A label on the next line is not a commune.
    assert find_address("2 rue Neuve, 40100\nCourriel : a@b.fr") == "2 rue Neuve, 40100"


def test_contacts_written_as_sentences_under_their_service() -> None:
    text = (
        "Pour la politique de la ville : M. Pascal DUTHIL, Chargé de mission contrat de ville,\n"
        "tél. 05.58.21.38.08, courriel : p.duthil@montdemarsan.fr.\n"
        "Pour le développement économique : Mme Séverine GARRIGUE, Développeuse\n"
        "économique, tél. 05.58.03.77.11, courriel : s.garrigue@montdemarsan.fr."
    )
    contacts = contacts_from_text(text, _quoter(text), 1, 0)
    assert [(c.name, c.function, c.service) for c in contacts] == [
        ("Pascal Duthil", "Chargé de mission contrat de ville", Service.POLITIQUE_DE_LA_VILLE),
        ("Séverine Garrigue", "Développeuse économique", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]
    assert [c.phone for c in contacts] == ["+33558213808", "+33558037711"]
    assert [c.email for c in contacts] == ["p.duthil@montdemarsan.fr", "s.garrigue@montdemarsan.fr"]


def test_a_detail_line_in_lower_case_is_not_glued_to_the_function() -> None:
    text = "Béatrice BORDENAVE\nResponsable du service politique de la ville\ntél. 05 56 93 87 37"
    assert unwrap(text).splitlines()[1] == "Responsable du service politique de la ville"


def test_a_function_qualified_after_a_dash_is_kept_whole() -> None:
    text = (
        "Hortense Mouliérac, Chargée de développement territorial - quartiers prioritaires\n"
        "moulierac.hortense@ville-floirac33.fr"
    )
    (contact,) = contacts_from_text(text, _quoter(text), 1, 0)
    assert contact.name == "Hortense Mouliérac"
    assert contact.function == "Chargée de développement territorial - quartiers prioritaires"
    # A dash between a name and a function still separates them.
    assert split_name_title("Yasmina Faure-Lacaze - Directrice de la cohésion sociale") == (
        "Yasmina Faure-Lacaze",
        "Directrice de la cohésion sociale",
    )


def test_a_service_heading_with_ocr_s_doubled_dash_is_still_a_heading() -> None:
    line = "Personne- -contact - Service Développement é économique"
    assert heading_service(line) is Service.DEVELOPPEMENT_ECONOMIQUE
    line = "I Personne-contact - service Politique de la ville"  # a bar before it, read « I »
    assert heading_service(line) is Service.POLITIQUE_DE_LA_VILLE


def test_an_elected_title_is_not_qualified_by_what_follows_a_dash() -> None:
    name, title = split_name_title("Jean Dupin\nLe Président de l'Agglomération - parapheur iXBus")
    assert (name, title) == ("Jean Dupin", "Le Président de l'Agglomération")


@pytest.mark.parametrize(
    ("line", "name", "function", "address"),
    [
        (
            "Pour le service politique de la ville : M. Loïc BOISSONNADE, responsable du pôle "
            "cohésion sociale (tél. 05 58 17 07 87, courriel loic.boissonnade@lemarsan.fr), "
            "Centre administratif, 575 avenue du Maréchal Foch, 40000 Mont-de-Marsan.",
            "Loïc Boissonnade",
            "responsable du pôle cohésion sociale",
            "Centre administratif, 575 avenue du Maréchal Foch, 40000 Mont-de-Marsan",
        ),
        (
            "* Politique de la ville : Mme Laetitia HARISTOY (Coordonnatrice du contrat de "
            "ville), 05 57 18 49 43, laetitia.haristoy@ville-floirac.fr ; Centre administratif, "
            "6 avenue Pasteur, 33270 Floirac",
            "Laetitia Haristoy",
            "Coordonnatrice du contrat de ville",
            "Centre administratif, 6 avenue Pasteur, 33270 Floirac",
        ),
    ],
)
def test_one_line_says_who_how_to_reach_them_and_where(
    line: str, name: str, function: str, address: str
) -> None:
    (contact,) = contacts_from_text(line, _quoter(line), 1, 0)
    assert (contact.name, contact.function, contact.address) == (name, function, address)
    assert contact.service is Service.POLITIQUE_DE_LA_VILLE
    assert contact.email is not None and contact.phone is not None


def test_a_sentence_wrapped_inside_its_parenthesis_and_its_street_is_read_whole() -> None:
    text = (
        "Pour le service politique de la ville : Rachida Labadie, chargée de\n"
        "développement territorial (tél. 05.53.56.83.42, courriel\n"
        "rachida.labadie@ville-villeneuve-sur-lot.fr), Centre administratif, 12 Boulevard de la\n"
        "République, 47300 Villeneuve-sur-Lot."
    )
    (contact,) = contacts_from_text(text, _quoter(text), 1, 0)
    assert contact.name == "Rachida Labadie"
    assert contact.function == "chargée de développement territorial"
    assert contact.phone == "+33553568342"
    assert contact.address == (
        "Centre administratif, 12 Boulevard de la République, 47300 Villeneuve-sur-Lot"
    )
