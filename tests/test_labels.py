"""Label matching on forms typed by hand: accents, numbering, rewording, placeholders."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.bulletin import BULLETIN_LABELS
from extractors.labels import (
    Quoter,
    clean_value,
    find_value,
    find_values,
    fold,
    fold_name,
    is_placeholder,
    locate,
    table_values,
)
from schemas import ExtractedText, FormField, Method, Page


def test_fold_drops_accents_case_and_plural_markers() -> None:
    assert fold("Quartier(s) Prioritaire(s) CONCERNÉ(S)").text == "quartier prioritaire concerne"
    assert fold("Élu·e référent·e").text == "elu referent"


def test_fold_keeps_a_map_to_original_offsets() -> None:
    folded = fold("Élu(e) référent : Mme Durand")
    at = folded.text.index("mme")
    assert "Élu(e) référent : Mme Durand"[folded.original(at) :] == "Mme Durand"


def test_fold_name_splits_camel_case_and_underscores() -> None:
    assert fold_name("TitreProjet") == "titre projet"
    assert fold_name("elu_referent.Nom_1") == "elu referent nom"


@pytest.mark.parametrize(
    "line",
    [
        "Titre du projet : Boutique à l'essai",
        "TITRE DU PROJET: Boutique à l'essai",
        "Titre du projet ou de l'action Boutique à l'essai",
        "1. Titre du projet : Boutique à l'essai",
        "1) Intitulé du projet - Boutique à l'essai",
        "a - Nom du projet : Boutique à l'essai",
        "→ Titre de l'action : Boutique à l'essai",
        "=> Intitule de l action => Boutique à l'essai",
        "• Titre du projet ........ Boutique à l'essai",
        "II. Titre du projet (en une phrase) : Boutique à l'essai",
    ],
)
def test_title_label_is_found_however_it_is_typed(line: str) -> None:
    hit = BULLETIN_LABELS.match(line)
    assert hit is not None and hit.key == "project_title"
    assert hit.value.strip(" .") == "Boutique à l'essai"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("Quartiers concernés : Carriet", "quartiers"),
        ("QPV concerné(s) : Carriet", "quartiers"),
        ("Quartier(s) prioritaire(s) de la politique de la ville : Carriet", "quartiers"),
        ("Difficultés rencontrées : vacance commerciale", "difficulties"),
        ("Questions à traiter : vacance commerciale", "difficulties"),
        ("Difficultés rencontrées et questions à traiter : vacance", "difficulties"),
        ("Élu référent : M. Jean Dupont", "elected_official"),
        ("Elu(e) en charge du dossier : M. Jean Dupont", "elected_official"),
        ("ELU REFERENT M. Jean Dupont", "elected_official"),
        ("Personnes-contacts :", "contacts"),
        ("Personne(s) contact(s)", "contacts"),
        ("Description du projet et de ses objectifs : un lieu", "description"),
        ("Descriptif : un lieu", "description"),
    ],
)
def test_reworded_labels_map_to_their_field(line: str, key: str) -> None:
    hit = BULLETIN_LABELS.match(line)
    assert hit is not None
    assert hit.key == key


def test_prose_line_is_not_taken_for_a_label() -> None:
    assert (
        BULLETIN_LABELS.match("Les quartiers prioritaires de Lormont comptent 8 000 habitants")
        is None
    )
    assert BULLETIN_LABELS.match("Contacts réguliers avec les commerçants du centre") is None


def test_wrapped_prose_line_does_not_cut_the_answer() -> None:
    text = (
        "Description :\n"
        "Développer l'activité économique dans les\n"
        "quartiers prioritaires de la ville, en lien avec la CCI.\n"
        "Élu référent : M. Dupont"
    )
    found = [v.key for v in find_values([(1, text)], BULLETIN_LABELS)]
    assert found == ["description", "elected_official"]


def test_strict_label_needs_a_separator() -> None:
    assert BULLETIN_LABELS.match("Titre : Boutique") is not None
    assert BULLETIN_LABELS.match("Titre professionnel reconnu") is None


def test_value_runs_on_following_lines_until_next_label() -> None:
    text = (
        "Description :\n"
        "Ouverture d'une boutique à l'essai.\n"
        "\n"
        "Accompagnement par la CCI.\n"
        "Difficultés rencontrées :\n"
        "Vacance commerciale."
    )
    found = {v.key: v for v in find_values([(1, text)], BULLETIN_LABELS)}
    assert found["description"].value == (
        "Ouverture d'une boutique à l'essai.\n\nAccompagnement par la CCI."
    )
    assert found["difficulties"].value == "Vacance commerciale."


def test_value_offsets_point_into_the_page_text() -> None:
    text = "BULLETIN\n2. Quartiers concernés :   Génicart Est\n3. Description : x"
    value = next(v for v in find_values([(3, text)], BULLETIN_LABELS) if v.key == "quartiers")
    assert value.page == 3
    assert value.start is not None and value.end is not None
    assert text[value.start : value.end] == "Génicart Est"


@pytest.mark.parametrize(
    "answer",
    [
        "........................",
        "____________",
        "[à compléter]",
        "Cliquez ici pour taper du texte.",
    ],
)
def test_placeholders_count_as_empty(answer: str) -> None:
    assert is_placeholder(answer)
    text = f"Titre du projet : {answer}\nQuartiers concernés : Carriet"
    assert find_value(text, "project_title", BULLETIN_LABELS) is None


def test_trailing_dot_leaders_are_removed_from_a_value() -> None:
    assert clean_value("Boutique à l'essai ..........") == "Boutique à l'essai"
    assert is_placeholder("Néant") is False


def test_table_value_in_next_cell() -> None:
    table = [["Titre du projet", "Boutique à l'essai"], ["Quartier(s) prioritaire(s)", "Carriet"]]
    found = {v.key: v.value for v in table_values([table], BULLETIN_LABELS)}
    assert found == {"project_title": "Boutique à l'essai", "quartiers": "Carriet"}


def test_table_value_in_row_below_a_full_width_label() -> None:
    table = [
        ["Description du projet", ""],
        ["Ouverture d'une boutique", ""],
        ["Élu référent", "M. Dupont"],
    ]
    found = {v.key: v.value for v in table_values([table], BULLETIN_LABELS)}
    assert found["description"] == "Ouverture d'une boutique"
    assert found["elected_official"] == "M. Dupont"


def test_table_placeholder_cell_is_empty() -> None:
    found = table_values([[["Titre du projet", "…………………"]]], BULLETIN_LABELS)
    assert found[0].value == ""


def test_form_field_names_match_labels() -> None:
    assert BULLETIN_LABELS.match_name("titre_projet") == "project_title"
    assert BULLETIN_LABELS.match_name("QuartiersConcernes") == "quartiers"
    assert BULLETIN_LABELS.match_name("Elu referent") == "elected_official"
    assert BULLETIN_LABELS.match_name("Texte12") is None


def test_locate_finds_a_value_despite_lost_accents() -> None:
    pages = [(1, "rien"), (2, "Quartier : GENICART EST et Carriet")]
    assert locate(pages, "Génicart Est") is None or locate(pages, "Génicart Est") == (2, 11, 23)
    assert locate(pages, "Carriet") == (2, 27, 34)


def test_quoter_uses_the_page_method_and_form_method() -> None:
    extracted = ExtractedText(
        pages=[Page(number=1, text="Titre : Boutique", method=Method.OCR, ocr_confidence=50.0)]
    )
    quote = Quoter(extracted, "scan.pdf", "abc")
    evidence = quote.find("Boutique", 0.8)
    assert (evidence.page, evidence.start, evidence.method) == (1, 8, Method.OCR)
    assert evidence.confidence == pytest.approx(0.4)
    form = quote.form(FormField(name="titre_projet", value="Boutique"), 1.0)
    assert form.method == Method.FORM_FIELD and form.text == "titre_projet : Boutique"


_PIECES = st.sampled_from(
    list("abcdeéèêàçôùïETQDPS :.-_()→=>•\n\t1234)…'’·")
    + ["Titre du projet", "Quartiers", "Élu", "(s)", "......", "___", "1. ", "a - "]
)
_NOISE = st.lists(_PIECES, max_size=120).map("".join)


@settings(max_examples=300, deadline=2000)
@given(text=_NOISE)
def test_find_value_returns_a_value_or_none_never_raises_never_hangs(text: str) -> None:
    """Contract: returns a non-empty str or None; raises nothing; finishes within the deadline."""
    for key in BULLETIN_LABELS.keys:
        value = find_value(text, key, BULLETIN_LABELS)
        assert value is None or (isinstance(value, str) and value.strip())


@settings(max_examples=200, deadline=2000)
@given(cells=st.lists(st.lists(_NOISE, max_size=4), max_size=5))
def test_table_values_never_raise_on_noisy_tables(cells: list[list[str]]) -> None:
    """Contract: every value found is a string; nothing raises."""
    for found in table_values([cells], BULLETIN_LABELS):
        assert isinstance(found.value, str)


@settings(max_examples=200, deadline=2000)
@given(text=st.text(max_size=300))
def test_label_match_on_any_unicode_keeps_offsets_inside_the_line(text: str) -> None:
    """Contract: a hit's value start lies within the line; any input is accepted."""
    hit = BULLETIN_LABELS.match(text)
    if hit is not None:
        assert 0 <= hit.value_start <= len(text)


def test_label_wrapped_in_a_pdf_table_row_is_rejoined() -> None:
    text = (
        "Quartier(s) prioritaire(s) Le Sablar, Cuyès, Le Gond\n"
        "concerné(s)\n"
        "Difficultés rencontrées et Faible visibilité de la pépinière ;\n"
        "questions à traiter mobilisation des financeurs.\n"
        "Élu référent Jean-Marc Castaing"
    )
    found = {v.key: v.value for v in find_values([(1, text)], BULLETIN_LABELS)}
    assert found["quartiers"] == "Le Sablar, Cuyès, Le Gond"
    assert found["difficulties"] == (
        "Faible visibilité de la pépinière ;\nmobilisation des financeurs."
    )


def test_merged_heading_row_takes_the_rows_below() -> None:
    table = [
        ["Titre du projet", "Atelier"],
        ["Élu référent", "Élu référent"],
        ["Nom et prénom", "Josiane Béraud"],
        ["Qualité", "Adjointe au maire"],
    ]
    found = {v.key: v.value for v in table_values([table], BULLETIN_LABELS)}
    assert (
        found["elected_official"] == "Nom et prénom : Josiane Béraud\nQualité : Adjointe au maire"
    )


def test_label_cell_wrapped_on_two_lines() -> None:
    table = [["Difficultés rencontrées et\nquestions à traiter", "Foncier rare"]]
    assert table_values([table], BULLETIN_LABELS)[0].value == "Foncier rare"


def test_text_line_repeating_its_label_has_no_value() -> None:
    text = "Élu référent\tÉlu référent\nNom et prénom\tJosiane Béraud"
    value = find_value(text, "elected_official", BULLETIN_LABELS)
    assert value == "Nom et prénom\tJosiane Béraud"
