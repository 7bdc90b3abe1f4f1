"""The territory of an application, from letterhead, signatory, bulletin or mail domain."""

from __future__ import annotations

import pytest

from extractors.territory import find_territory, territory_key


@pytest.mark.parametrize(
    ("texts", "name"),
    [
        (["MAIRIE DE CENON\nHôtel de Ville\n1 avenue Carnot\n33150 Cenon"], "Cenon"),
        (["Ville de Saint-Médard-en-Jalles\nDirection du développement"], "Saint-Médard-en-Jalles"),
        (
            ["Communauté d'Agglomération du Grand Dax\n20 avenue de la Gare\n40100 Dax"],
            "Communauté d'agglomération du Grand Dax",
        ),
        (["COMMUNAUTE DE COMMUNES DU PAYS FOYEN"], "Communauté de communes du Pays Foyen"),
        (["Bordeaux Métropole\nEsplanade Charles-de-Gaulle"], "Bordeaux Métropole"),
        (["Mairie de Villenave d’Ornon"], "Villenave d'Ornon"),
    ],
)
def test_letterhead_names_the_territory(texts: list[str], name: str) -> None:
    found, reason = find_territory(texts, None)
    assert found == name
    assert "en-tête" in reason


def test_signatory_title_names_the_commune() -> None:
    found, reason = find_territory(["", "Le Maire de Lormont"], None)
    assert found == "Lormont"
    assert "titre du signataire" in reason


def test_commune_of_the_mayor_wins_over_the_metropole_he_serves() -> None:
    title = "Maire de Bassens, Vice-président de Bordeaux Métropole"
    assert find_territory([title], None)[0] == "Bassens"


def test_declared_collectivity_of_the_bulletin() -> None:
    assert find_territory(["Bègles"], None)[0] == "Bègles"


def test_letterhead_outweighs_a_partner_mentioned_in_the_body() -> None:
    letter = (
        "Ville de Cenon\n\n"
        + "Madame la Directrice,\n"
        + "x " * 200
        + "\nen lien avec Bordeaux Métropole et la Ville de Bordeaux."
    )
    found, _ = find_territory([letter, "Maire de Cenon"], None)
    assert found == "Cenon"


def test_politique_de_la_ville_is_not_a_commune() -> None:
    found, _ = find_territory(["Le service politique de la ville de la commune"], None)
    assert found is None


@pytest.mark.parametrize(
    ("domain", "name"),
    [
        ("mairie-cenon.fr", "Cenon"),
        ("ville-lormont.fr", "Lormont"),
        ("cenon.fr", "Cenon"),
        ("grand-dax.fr", "Grand-Dax"),
        ("agglo-pau.fr", "Communauté d'agglomération Pau-Pyrénées"),
        ("bordeaux-metropole.fr", "Bordeaux Métropole"),
        ("mairie-villenave-d-ornon.fr", "Villenave-d'Ornon"),
        ("lormont-mairie.fr", "Lormont"),
        ("bayonne-ville.fr", "Bayonne"),
        ("villeneuve47-mairie.fr", "Villeneuve"),
        ("pau-agglo.fr", "Communauté d'agglomération Pau-Pyrénées"),
    ],
)
def test_sender_domain_is_the_last_resort(domain: str, name: str) -> None:
    found, reason = find_territory(["Bonjour, voici notre dossier."], domain)
    assert found == name
    assert domain in reason


def test_webmail_domain_says_nothing() -> None:
    found, reason = find_territory([""], "gmail.com")
    assert found is None
    assert reason.startswith("Aucune commune")


def test_domain_confirms_the_letterhead() -> None:
    found, reason = find_territory(["Mairie de Cenon"], "mairie-cenon.fr")
    assert found == "Cenon"
    assert "mairie-cenon.fr" in reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ville de Cenon", "CENON"),
        ("Mairie de Saint-Médard-en-Jalles", "St Medard en Jalles"),
        ("Villenave-d'Ornon", "Villenave d’Ornon"),
        ("Commune de Mont-de-Marsan", "mont de marsan"),
    ],
)
def test_territory_key_groups_spellings(a: str, b: str) -> None:
    assert territory_key(a) == territory_key(b)


def test_territory_key_keeps_distinct_territories_apart() -> None:
    assert territory_key("Cenon") != territory_key("Lormont")
    assert territory_key("Communauté d'agglomération du Grand Dax") == (
        "communaute d agglomeration du grand dax"
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mairie du Bouscat\nService politique de la ville", "Le Bouscat"),
        ("Le Maire du Haillan", "Le Haillan"),
        ("Ville des Églisottes-et-Chalaures", "Les Églisottes-et-Chalaures"),
        ("Mairie de Cenon", "Cenon"),
    ],
)
def test_article_held_in_du_or_des_stays_in_the_commune_name(text: str, name: str) -> None:
    found, _ = find_territory([text], None)
    assert found == name


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Le Grand Périgueux\n1 boulevard Lakanal, 24000 Périgueux",
         "Communauté d'agglomération Le Grand Périgueux"),
        ("Direction de l'économie   Le Marsan Agglomération\n8 rue du Maréchal Bosquet",
         "Le Marsan Agglomération"),
        ("LA CALI\nCommunauté d'agglomération", "Communauté d'agglomération du Libournais"),
        ("Agglomération du Libournais\n42 rue Jules Ferry",
         "Communauté d'agglomération du Libournais"),
        ("Communauté d'agglomération du Grand Dax\n20 avenue de la Gare",
         "Communauté d'agglomération du Grand Dax"),
    ],
)  # fmt: skip
def test_an_agglomeration_comes_out_under_its_official_name(header: str, name: str) -> None:
    """However its letterhead writes it, one agglomeration is one territory."""
    assert find_territory([header], None)[0] == name


def test_an_agglomeration_named_in_a_commune_s_letter_body_does_not_take_it_over() -> None:
    texts = ["Mairie de Saint-Paul-lès-Dax\n\nEn lien avec le Grand Dax, nous proposons..."]
    assert find_territory(texts, None)[0] == "Saint-Paul-lès-Dax"


def test_the_call_s_name_after_the_commune_is_not_part_of_it() -> None:
    assert find_territory(["Mairie de Bordeaux AMI PQA 2016\nMission"], None)[0] == "Bordeaux"
