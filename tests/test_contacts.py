"""Contacts of a bulletin: phones, e-mails, addresses, services, names and functions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.contacts import (
    contacts_from_tables,
    contacts_from_text,
    find_address,
    find_emails,
    find_phones,
    normalize_email,
    normalize_phone,
    service_of,
    split_name_title,
)
from extractors.labels import Quoter
from schemas import ExtractedText, Method, Page, Service


def _quoter(text: str = "") -> Quoter:
    pages = [Page(number=1, text=text, method=Method.PDF_TEXT)]
    return Quoter(ExtractedText(pages=pages), "bulletin.pdf", "abc")


@pytest.mark.parametrize(
    "raw",
    [
        "05 56 12 34 56",
        "05.56.12.34.56",
        "0556123456",
        "05-56-12-34-56",
        "+33 (0)5 56 12 34 56",
        "+33 5 56 12 34 56",
        "0033 5 56 12 34 56",
    ],
)
def test_french_phone_is_normalised_to_e164(raw: str) -> None:
    assert normalize_phone(raw) == "+33556123456"


@pytest.mark.parametrize("raw", ["", "12 34", "Tél :", "05 56 12", "bonjour"])
def test_non_phone_gives_none(raw: str) -> None:
    assert normalize_phone(raw) is None


def test_phones_found_in_text_skip_faxes() -> None:
    text = "Tél : 05 56 12 34 56 - Fax : 05 56 12 34 57 - Port. 06.12.34.56.78"
    assert [p[2] for p in find_phones(text)] == ["+33556123456", "+33612345678"]


@settings(max_examples=300, deadline=2000)
@given(
    prefix=st.sampled_from(["0556", "0557", "0559", "0553", "0558", "0612", "0781"]),
    digits=st.lists(st.integers(0, 9), min_size=6, max_size=6),
    sep=st.sampled_from([" ", ".", "-", ""]),
)
def test_any_aquitaine_number_written_with_separators_round_trips(
    prefix: str, digits: list[int], sep: str
) -> None:
    """Contract: "05<sep>56<sep>..." always normalises to +33 and the nine national digits."""
    national = prefix + "".join(map(str, digits))
    written = sep.join(national[i : i + 2] for i in range(0, 10, 2))
    assert normalize_phone(written) == "+33" + national[1:]
    assert normalize_phone("+33 (0)" + written[1:]) == "+33" + national[1:]


@settings(max_examples=300, deadline=2000)
@given(text=st.text(max_size=120))
def test_phone_parsing_returns_e164_or_none_on_any_text(text: str) -> None:
    """Contract: returns None or a "+" E.164 string; never raises."""
    result = normalize_phone(text)
    assert result is None or (result.startswith("+") and result[1:].isdigit())
    for start, end, e164 in find_phones(text):
        assert 0 <= start < end <= len(text) and e164.startswith("+")


def test_email_is_validated_and_lowercased() -> None:
    assert normalize_email("Sophie.Martin@Mairie-Cenon.FR") == "sophie.martin@mairie-cenon.fr"
    assert normalize_email("mailto:p.lefevre@ville-lormont.fr") == "p.lefevre@ville-lormont.fr"
    assert normalize_email("jean..dupont@cenon.fr") is None
    assert normalize_email("jean.dupont@cenon") is None
    assert normalize_email("pas une adresse") is None


def test_emails_found_in_a_sentence() -> None:
    text = "Courriel : s.martin@mairie-cenon.fr, copie à dev-eco@grand-dax.fr."
    assert [e[2] for e in find_emails(text)] == ["s.martin@mairie-cenon.fr", "dev-eco@grand-dax.fr"]


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
