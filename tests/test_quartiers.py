"""Quartier names of an answer: split on separators, QPV names kept whole."""

from __future__ import annotations

import pytest

from extractors.quartiers import split_quartiers


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "Carriet, Génicart Est et Alpilles - Vincennes - Bois Fleuri",
            ["Carriet", "Génicart Est", "Alpilles - Vincennes - Bois Fleuri"],
        ),
        ("Saige; Thouars", ["Saige", "Thouars"]),
        ("• Le Sablar\n• Cuyès\n• Le Gond", ["Le Sablar", "Cuyès", "Le Gond"]),
        ("1. Montanou\n2. Le Pin", ["Montanou", "Le Pin"]),
        ("QPV : Grand Parc", ["Grand Parc"]),
        (
            "La Boucle de l'Isle (Gour-de-l'Arche; Toulon), Chamiers",
            ["La Boucle de l'Isle (Gour-de-l'Arche; Toulon)", "Chamiers"],
        ),
        ("……………", []),
    ],
)
def test_quartiers_answer_is_split(answer: str, expected: list[str]) -> None:
    assert split_quartiers(answer) == expected


def test_known_quartier_with_et_in_its_name_stays_whole() -> None:
    answer = "Barleté et Rodrigues, Montanou"
    assert split_quartiers(answer, ["Barleté et Rodrigues"]) == ["Barleté et Rodrigues", "Montanou"]
    assert split_quartiers(answer) == ["Barleté", "Rodrigues", "Montanou"]


def test_known_name_wrapped_at_a_dash_stays_whole() -> None:
    answer = "Benauge - Henri Sellier - Léo Lagrange ; Palmer - Saraillère - 8 Mai 45 -\nDravemont"
    known = ["Palmer - Saraillère - 8 Mai 45 - Dravemont", "Benauge - Henri Sellier - Léo Lagrange"]
    assert split_quartiers(answer, known) == [
        "Benauge - Henri Sellier - Léo Lagrange",
        "Palmer - Saraillère - 8 Mai 45 - Dravemont",
    ]


def test_known_name_is_matched_whatever_its_dash_spacing() -> None:
    known = ["Palmer - Saraillère - 8 Mai 45 - Dravemont"]
    assert split_quartiers("Palmer-Saraillère – 8 Mai 45-\nDravemont, Jean-Jaurès", known) == [
        "Palmer-Saraillère – 8 Mai 45- Dravemont",
        "Jean-Jaurès",
    ]


def test_known_name_inside_a_longer_word_is_not_protected() -> None:
    assert split_quartiers("Le Pinède\nCarriet", ["Le Pin"]) == ["Le Pinède", "Carriet"]


def test_known_name_inside_brackets_comes_back_whole() -> None:
    known = ["Palmer - Saraillère - 8 Mai 45 - Dravemont", "Jean-Jaurès"]
    text = "Dravemont (QPV Palmer-Saraillère-8 Mai 45-Dravemont) et Jean Jaurès"
    found = split_quartiers(text, known)
    assert found == ["Dravemont (QPV Palmer-Saraillère-8 Mai 45-Dravemont)", "Jean Jaurès"]
    assert all("\x00" not in item for item in found)
