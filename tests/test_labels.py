"""Label matching on forms typed by hand: accents, numbering, rewording, placeholders."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.folding import fold, fold_name
from extractors.label_tables import table_values
from extractors.labels import clean_value, find_value, find_values, is_placeholder


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
        "A · Titre du projet ou de l'action : Boutique à l'essai",
        "B : Titre du projet : Boutique à l'essai",
        "C – Titre du projet : Boutique à l'essai",
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
        ("Principaux freins identifiés : la vacance", "difficulties"),
        ("Obstacles constatés : la vacance", "difficulties"),
        ("3. Le projet en quelques lignes", "description"),
        ("Points de blocage / questions posées", "difficulties"),
        ("Difficultés et questions à traiter dans l'accompagnement", "difficulties"),
        # OCR of the numbering: a Roman « II. » read « IT. », a « 5. » read « à, ».
        ("IT. PERSONNES À CONTACTER", "contacts"),
        ("à, Personnes-contacts", "contacts"),
        ("Problèmes rencontrés : la vacance", "difficulties"),
        ("Référent politique : M. Jean Dupont", "elected_official"),
        ("1.1  Appellation du projet", "project_title"),
        ("I.2 – Quartier(s) prioritaire(s) visé(s)", "quartiers"),
        ("111 - ÉLU(E) RÉFÉRENT(E)", "elected_official"),
        ("CONTACT DÉVELOPPEMENT ÉCO.", "contact_eco"),
        ("- Le projet : Installer une permanence", "description"),
        # A coloured bar before a heading, read « I » by OCR.
        ("I Personne-contact - service Politique de la ville", "contacts"),
        ("+ Intitulé : Chantier de l'économie circulaire", "project_title"),  # « ▸ » read « + »
        ("1. Qui contacter ?", "contacts"),
    ],
)
def test_reworded_labels_map_to_their_field(line: str, key: str) -> None:
    hit = BULLETIN_LABELS.match(line)
    assert hit is not None
    assert hit.key == key


def test_a_label_ending_in_accompagnement_leaves_no_piece_of_itself_as_the_answer() -> None:
    hit = BULLETIN_LABELS.match("Difficultés et questions à traiter dans l'accompagnement")
    assert hit is not None and hit.value == ""


def test_masculine_difficulties_label_is_read_whole() -> None:
    """ "Freins identifiés" is masculine: the label must not stop at "Freins"."""
    hit = BULLETIN_LABELS.match("4. Freins identifiés et questions à aborder")
    assert hit is not None
    assert (hit.key, hit.value) == ("difficulties", "")


@pytest.mark.parametrize(
    "line",
    [
        "Coordonnées postales : Hôtel de ville, Place Royale, 64000 Pau",
        "Coordonnées téléphoniques : 05 59 27 34 61",
    ],
)
def test_reworded_contact_detail_is_not_a_contacts_heading(line: str) -> None:
    assert BULLETIN_LABELS.match(line) is None
    assert BULLETIN_LABELS.match("Coordonnées des personnes à contacter :") is not None


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


def test_label_words_wrapped_from_the_answer_above_stay_in_the_answer() -> None:
    """A PDF line break leaves "Développement économique" alone under "Chargé de mission"."""
    text = (
        "Contact technique – Développement économique : Loïc Ithurbide, Chargé de mission\n"
        "Développement économique\n"
        "05 56 16 11 39\n"
        "Élu référent : Kévin Roumégoux"
    )
    found = find_values([(1, text)], BULLETIN_LABELS)
    assert [v.key for v in found] == ["contacts", "elected_official"]
    assert found[0].value.splitlines()[1:] == ["Développement économique", "05 56 16 11 39"]


def test_label_alone_after_a_finished_answer_is_still_a_label() -> None:
    text = (
        "Personnes-contacts :\nAnne Roux, chef de service.\nDéveloppement économique\nPaul Lefèvre"
    )
    keys = [v.key for v in find_values([(1, text)], BULLETIN_LABELS)]
    assert keys == ["contacts", "contact_eco"]


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


def test_single_dash_ending_a_wrapped_line_is_not_a_leader() -> None:
    assert clean_value("Palmer - Saraillère - 8 Mai 45 -\nDravemont") == (
        "Palmer - Saraillère - 8 Mai 45 -\nDravemont"
    )
    assert clean_value("Boutique - - - -") == "Boutique"


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


def test_numbered_questions_are_read_as_labels_with_the_answer_below() -> None:
    text = (
        "Question 1 – Quelle collectivité porte la candidature ?\n"
        "Ville de Mérignac\n"
        "Question 2 – Quel est l'intitulé de votre projet ?\n"
        "Boutique à l'essai\n"
        "Question 3 – Quel(s) quartier(s) prioritaire(s) votre projet concerne-t-il ?\n"
        "– Beaudésert\n"
        "Question 4 – Décrivez votre projet en quelques lignes.\n"
        "Une cuisine partagée.\n"
        "Question 5 – Quelles difficultés rencontrez-vous ?\n"
        "Les locaux.\n"
        "Question 7 – Quel élu suit le projet ?\n"
        "Joëlle Estrade, Première adjointe au maire"
    )
    found = {v.key: v.value for v in find_values([(1, text)], BULLETIN_LABELS)}
    assert found == {
        "territory": "Ville de Mérignac",
        "project_title": "Boutique à l'essai",
        "quartiers": "– Beaudésert",
        "description": "Une cuisine partagée.",
        "difficulties": "Les locaux.",
        "elected_official": "Joëlle Estrade, Première adjointe au maire",
    }


def test_capital_labels_with_indented_answers_below() -> None:
    text = (
        "TITRE DU PROJET\n"
        "    Garage solidaire\n"
        "DIFFICULTÉS RENCONTRÉES ET QUESTIONS À TRAITER\n"
        "    Les locaux sont trop grands.\n"
        "CONTACT SERVICE POLITIQUE DE LA VILLE\n"
        "    Damien HOURCADE\n"
        "CONTACT SERVICE DÉVELOPPEMENT ÉCONOMIQUE\n"
        "    Marie MASSÉ"
    )
    found = {v.key: v.value for v in find_values([(1, text)], BULLETIN_LABELS)}
    assert found == {
        "project_title": "Garage solidaire",
        "difficulties": "Les locaux sont trop grands.",
        "contact_pv": "Damien HOURCADE",
        "contact_eco": "Marie MASSÉ",
    }


def test_tab_and_bar_separate_a_label_from_its_answer() -> None:
    text = "Quartier(s)\tBarleté et Rodrigues\n\tMontanou\nÉlu référent|A. Larrieu|"
    found = {v.key: v.value for v in find_values([(1, text)], BULLETIN_LABELS)}
    assert found == {
        "quartiers": "Barleté et Rodrigues\nMontanou",
        "elected_official": "A. Larrieu",
    }


def test_bar_opening_an_ocr_email_is_not_a_separator() -> None:
    from extractors.contact_grid import CONTACT_LABELS

    hit = CONTACT_LABELS.match("Courriel : |.mauriac@mairie-bordeaux.fr")
    assert hit is not None
    assert hit.value == "|.mauriac@mairie-bordeaux.fr"


def test_heading_with_its_article_is_a_label_only_when_alone_on_its_line() -> None:
    text = (
        "L'élu référent\nNom : Anthony Lafargue\n"
        "Le projet\nLes difficultés rencontrées sont connues."
    )
    found = [(v.key, v.value) for v in find_values([(1, text)], BULLETIN_LABELS)]
    assert found == [
        (
            "elected_official",
            "Nom : Anthony Lafargue\nLe projet\nLes difficultés rencontrées sont connues.",
        )
    ]


def test_bold_marks_of_a_mail_text_part_are_not_part_of_the_answer() -> None:
    text = "*Élu référent :* Joëlle Saint-Martin, Première adjointe\n*Titre du projet* : Repas"
    found = {v.key: v.value for v in find_values([(1, text)], BULLETIN_LABELS)}
    assert found == {
        "elected_official": "Joëlle Saint-Martin, Première adjointe",
        "project_title": "Repas",
    }


def test_parenthesis_opening_the_answer_is_not_a_label_hint() -> None:
    text = (
        "Difficultés rencontrées et Nous avons du mal à mobiliser les partenaires\n"
        "questions à traiter (chambres consulaires, banques) dans la durée."
    )
    found = {v.key: v.value for v in find_values([(1, text)], BULLETIN_LABELS)}
    assert found["difficulties"] == (
        "Nous avons du mal à mobiliser les partenaires\n"
        "(chambres consulaires, banques) dans la durée."
    )


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("Difficultés rencontrées / questions ....: Comment trouver un local ?", "difficulties",
         "Comment trouver un local ?"),
        ("DIFFICULTÉS RENCONTRÉES ET QUESTIONS : Peu de temps", "difficulties", "Peu de temps"),
        ("Difficultés rencontrées, questions que vous souhaitez traiter : Aucune",
         "difficulties", "Aucune"),
        ("Intitulé de l'action envisagée : Stands d'essai", "project_title", "Stands d'essai"),
        ("Projet / action ............: Filière du réemploi", "project_title",
         "Filière du réemploi"),
        ("Contexte et objectifs : Tenir des permanences", "description", "Tenir des permanences"),
        ("Contenu de l'action : Réserver deux stands", "description", "Réserver deux stands"),
    ],
)  # fmt: skip
def test_reworded_labels_of_questionnaires_and_fiches_action(
    line: str, key: str, value: str
) -> None:
    assert find_value(line, key, BULLETIN_LABELS) == value


def test_a_label_hint_wrapped_onto_the_next_line_is_not_the_answer() -> None:
    text = "Difficultés rencontrées\n(sur quoi attendez-vous un appui ?) 5\nLe foncier manque."
    assert find_value(text, "difficulties", BULLETIN_LABELS) == "Le foncier manque."


def test_a_q_and_r_questionnaire_with_a_wrapped_question() -> None:
    text = (
        "Q1. Quel est le titre de votre projet ou de votre action ?\n"
        "R : Rez-de-chaussée actifs de la place du marché\n"
        "Q2. Dans quel(s) quartier(s) prioritaire(s) se déroulera-t-il ?\n"
        "R : Bastide de Villeneuve-sur-Lot\n"
        "Q3. Pouvez-vous le décrire en quelques lignes ?\n"
        "R : Racheter trois locaux vacants de la place.\n"
        "Q4. Quelles difficultés rencontrez-vous, quelles questions souhaitez-vous\n"
        "traiter ?\n"
        "Réponse : La maîtrise foncière est longue.\n"
        "Q6. Quel est l'élu(e) référent(e) du projet ?\n"
        "R : Maëlle Brouste, Vice-présidente"
    )
    found = find_values([(1, text)], BULLETIN_LABELS)
    assert {v.key: v.value for v in found} == {
        "project_title": "Rez-de-chaussée actifs de la place du marché",
        "quartiers": "Bastide de Villeneuve-sur-Lot",
        "description": "Racheter trois locaux vacants de la place.",
        "difficulties": "La maîtrise foncière est longue.",
        "elected_official": "Maëlle Brouste, Vice-présidente",
    }
    [title] = [v for v in found if v.key == "project_title"]
    assert text[title.start : title.end] == "Rez-de-chaussée actifs de la place du marché"


def test_unnumbered_q_and_r_with_one_answer_line_per_person() -> None:
    text = (
        "Q. Quel est le titre du projet ou de l'action ?\n"
        "R. Food-truck école\n"
        "Q. Qui sont les personnes-contacts ?\n"
        "R. Politique de la ville : Nadège Capdeville ; n.capdeville@floirac.fr\n"
        "R. Développement économique : Thierry Teulière ; tteuliere@floirac.fr\n"
        "Q. Qui est l'élu(e) référent(e) ?\n"
        "R. Laëtitia Darrigade (Maire de Floirac)"
    )
    found = {v.key: v.value for v in find_values([(1, text)], BULLETIN_LABELS)}
    assert found["project_title"] == "Food-truck école"
    assert found["contacts"] == (
        "Politique de la ville : Nadège Capdeville ; n.capdeville@floirac.fr\n"
        "Développement économique : Thierry Teulière ; tteuliere@floirac.fr"
    )
    assert found["elected_official"] == "Laëtitia Darrigade (Maire de Floirac)"


def test_long_worded_labels_in_their_own_cells() -> None:
    table = [
        ["Titre du projet proposé(e) à l'accompagnement", "Marché de créateurs"],
        ["Difficultés rencontrées et questions que vous souhaitez voir traitées", "Droits"],
    ]
    found = {v.key: v.value for v in table_values([table], BULLETIN_LABELS)}
    assert found == {"project_title": "Marché de créateurs", "difficulties": "Droits"}


def test_a_line_ending_on_a_dash_goes_on_below_even_onto_label_words() -> None:
    text = (
        "Personnes-contacts\nFranck Laborde\nChargé de développement territorial -\n"
        "quartiers prioritaires\nf.laborde@mairie-bordeaux.fr"
    )
    found = find_values([(1, text)], BULLETIN_LABELS)
    assert [v.key for v in found] == ["contacts"]
    assert "quartiers prioritaires\nf.laborde@mairie-bordeaux.fr" in found[0].value
