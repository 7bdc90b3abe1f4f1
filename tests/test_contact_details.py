"""Phone numbers and e-mail addresses: normalised, found in text, repaired after OCR."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.contact_details import (
    find_emails,
    find_phones,
    normalize_email,
    normalize_phone,
    ocr_digits,
)


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


@pytest.mark.parametrize(
    "written",
    [
        "karima.labat@ coulounieix-chamiers.fr",
        "karima.labat @coulounieix-chamiers.fr",
        "karima.labat @ coulounieix-chamiers.fr",
    ],
)
def test_ocr_space_beside_the_at_sign_is_dropped(written: str) -> None:
    text = f"Courriel {written}\nTéléphone 05 53 35 78 81"
    [(start, end, email)] = find_emails(text)
    assert email == "karima.labat@coulounieix-chamiers.fr"
    assert text[start:end] == written


def test_at_sign_never_joins_words_across_a_line_break() -> None:
    assert find_emails("écrire à karima.labat\n@coulounieix-chamiers.fr") == []


def test_ocr_bar_opening_an_address_is_read_as_l() -> None:
    assert [e[2] for e in find_emails("Courriel |.mauriac@mairie-bordeaux.fr")] == [
        "l.mauriac@mairie-bordeaux.fr"
    ]
    assert [e[2] for e in find_emails("Tél|x@mairie.fr")] == ["x@mairie.fr"]


@pytest.mark.parametrize("written", ["05 56 l2 34 56", "O5 56 12 34 56", "05.56.I2.34.56"])
def test_ocr_letters_inside_a_phone_number_are_read_as_digits(written: str) -> None:
    assert normalize_phone(written) == "+33556123456"
    [(start, end, e164)] = find_phones(f"Tél. {written} (ligne directe)")
    assert (start, end, e164) == (5, 5 + len(written), "+33556123456")


@pytest.mark.parametrize("text", ["Il a 12 ans et 34 O5", "lO Ol lO Ol lO", "Mol 12 34 56 78"])
def test_letters_outside_a_phone_shape_are_kept(text: str) -> None:
    assert ocr_digits(text) == text


@settings(max_examples=300, deadline=2000)
@given(text=st.text(alphabet="0123456789OolI| .-abc@\n", max_size=60))
def test_ocr_digit_repair_keeps_the_length_of_any_text(text: str) -> None:
    """Contract: same length (offsets stay valid), letters changed only into digits."""
    repaired = ocr_digits(text)
    assert len(repaired) == len(text)
    assert all(a == b or b.isdigit() for a, b in zip(text, repaired, strict=True))


def test_phone_written_with_slashes_between_pairs_is_found() -> None:
    text = "Tél. 05/53/34/79/76 — réunion le 12/05/2016"
    found = find_phones(text)
    assert [e164 for _, _, e164 in found] == ["+33553347976"]
    assert text[found[0][0] : found[0][1]] == "05/53/34/79/76"
