"""The QPV reference: the shipped partial list, fuzzy matching, the official files, the check."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks.qpv_check import quartiers_qpv
from pipeline.errors import ConfigError
from pipeline.qpv import QpvIndex, load_official
from schemas import (
    ApplicationDraft,
    ApplicationFields,
    BulletinFields,
    Campaign,
    CheckStatus,
    LetterFields,
)

CAMPAIGN_2016 = Campaign(
    name="AMI 2016", deadline=datetime(2016, 4, 15, 23, 59), referents=["ami@pqa.example"]
)


@pytest.fixture(scope="module")
def index() -> QpvIndex:
    return QpvIndex.builtin()


def _draft(
    quartiers: list[str], territory: str | None = "Ville de Bordeaux", letter: list[str] = ()
) -> ApplicationDraft:
    return ApplicationDraft(
        id="a1",
        territory=territory,
        received_at=datetime(2016, 4, 1, tzinfo=UTC),
        messages=["m1"],
        documents=[],
        bulletin=BulletinFields(quartiers=quartiers),
        letter=LetterFields(quartiers=list(letter)) if letter else None,
        fields=ApplicationFields(quartiers=quartiers),
    )


def test_builtin_list_is_the_shared_partial_csv_without_codes(index: QpvIndex) -> None:
    assert len(index.entries) == 45
    assert index.partial
    assert all(entry.code is None for entry in index.entries)
    assert "code officiel inconnu" in index.entries[0].label()


@pytest.mark.parametrize(
    ("written", "commune", "expected"),
    [
        ("Les Aubiers", None, "Le Lac (Les Aubiers)"),
        ("quartier des Aubiers", "Bordeaux", "Le Lac (Les Aubiers)"),
        ("St-Michel", "Bordeaux", "Saint-Michel"),
        ("Quartier Saint Michel", None, "Saint-Michel"),
        ("cité Grand-Parc", None, "Grand Parc"),
        ("Ouse des bois", None, "Ousse des Bois"),
        ("GENICART", "Lormont", "Génicart Est"),
        ("Dravemont", None, "Palmer - Saraillère - 8 Mai 45 - Dravemont"),
        ("Saige (Pessac)", None, "Saige"),
        ("Hauts de Bayonne", None, "Hauts de Sainte-Croix (Hauts de Bayonne)"),
        ("Centre", "Coutras", "Quartier du Centre"),
    ],
)
def test_match_finds_the_qpv_despite_accents_prefixes_and_partial_names(
    index: QpvIndex, written: str, commune: str | None, expected: str
) -> None:
    match = index.match(written, commune)
    assert match.entry is not None
    assert match.entry.name == expected


def test_a_similar_spelling_of_another_name_is_not_a_match(index: QpvIndex) -> None:
    assert index.match("Les Hauts de Garonne").entry is None


def test_generic_name_matches_only_within_its_commune(index: QpvIndex) -> None:
    assert index.match("Centre", "Bordeaux").entry is None


@pytest.mark.parametrize(
    ("written", "qpv"),
    [
        ("Bergerac Nord", "Quartier Nord"),  # the commune makes a generic name specific
        ("Bergerac - Quartier Nord", "Quartier Nord"),  # « Quartier » leads once it is gone
        ("Saige (Pessac)", "Saige"),
        ("Carle Vernet - Terres Neuves (Bordeaux, Bègles)", "Carle Vernet - Terres Neuves"),
    ],
)
def test_communes_written_around_a_quartier_name_are_set_aside(
    index: QpvIndex, written: str, qpv: str
) -> None:
    found = index.match(written).entry
    assert found is not None and found.name == qpv


def test_a_generic_name_with_no_commune_is_no_match(index: QpvIndex) -> None:
    assert index.match("Nord").entry is None


def test_quartier_of_the_2024_list_only_is_not_a_qpv_for_the_2016_call(index: QpvIndex) -> None:
    match = index.match("Le Haut Livrac", "Pessac", year_list="2015")
    assert match.entry is None
    assert match.other_list is not None and match.other_list.lists == ["2024"]
    assert index.match("Le Haut Livrac", "Pessac", year_list="2024").entry is not None


def test_qpv_of_another_commune_is_reported_as_elsewhere(index: QpvIndex) -> None:
    match = index.match("Saige", "Talence")
    assert match.entry is None
    assert match.elsewhere is not None and match.elsewhere.communes == ["Pessac"]
    assert [c.entry.name for c in match.candidates] == ["Thouars"]


def test_unknown_quartier_comes_with_the_closest_candidates(index: QpvIndex) -> None:
    match = index.match("Les Hauts de Garonne")
    assert len(match.candidates) == 3
    assert match.candidates[0].score >= match.candidates[-1].score


def test_territory_names_a_commune_but_an_epci_has_none(index: QpvIndex) -> None:
    assert index.commune_of_territory("Ville de Pessac") == "Pessac"
    assert index.commune_of_territory("Mairie de Saint-Pierre-du-Mont") == "Saint-Pierre-du-Mont"
    assert index.commune_of_territory("Bordeaux Métropole") is None
    assert index.commune_of_territory("Communauté d'agglomération du Grand Périgueux") is None


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=20)))
def test_match_returns_a_result_for_any_text(name: str, commune: str | None) -> None:
    """Contract: any name and commune give a QpvMatch with a score in 0-100; nothing raises."""
    match = QpvIndex.builtin().match(name, commune)
    assert 0.0 <= match.score <= 100.0


def test_load_official_reads_shapefile_style_csv_in_cp1252_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "qpv.csv"
    path.write_bytes(
        "CODE_QP;NOM_QP;COMMUNE_QP\n"
        "QP033006;Saige;Pessac\n"
        "QP033013;Benauge - Henri Sellier - Léo Lagrange;Bordeaux, Cenon\n".encode("cp1252")
    )
    entries = load_official(path)
    assert [e.code for e in entries] == ["QP033006", "QP033013"]
    assert entries[1].communes == ["Bordeaux", "Cenon"]
    assert entries[1].name.endswith("Léo Lagrange")
    assert entries[0].lists == ["2015"] and entries[0].departement == "33"


def test_load_official_reads_a_2024_geojson(tmp_path: Path) -> None:
    path = tmp_path / "qpv2024.geojson"
    feature = {
        "type": "Feature",
        "geometry": None,
        "properties": {"code_qp_2024": "QN03312M", "nom_qp_2024": "Le Haut Livrac",
                       "noms_des_communes_concernees": "Pessac", "code_insee": "33318"},
    }  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    index = QpvIndex.from_file(path)
    entry = index.match("Haut-Livrac", "Pessac", year_list="2024").entry
    assert entry is not None and entry.code == "QN03312M" and entry.departement == "33"
    assert not index.partial


def test_official_list_replaces_the_shipped_one_for_its_year_only(tmp_path: Path) -> None:
    path = tmp_path / "qpv2015.csv"
    path.write_text("code_qp,nom_qp,commune_qp\nQP033006,Saige,Pessac\n", encoding="utf-8")
    merged = QpvIndex.builtin().with_official(QpvIndex.from_file(path))
    saige = merged.match("Saige", "Pessac").entry
    assert saige is not None and saige.code == "QP033006"
    assert merged.match("Thouars", "Talence").entry is None
    assert merged.match("Le Haut Livrac", "Pessac", year_list="2024").entry is not None


def test_unreadable_or_unknown_file_raises_a_french_config_error(tmp_path: Path) -> None:
    path = tmp_path / "autre.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="colonne de nom de quartier"):
        load_official(path)
    with pytest.raises(ConfigError, match="Impossible de lire"):
        load_official(tmp_path / "absent.csv")


def test_check_is_ok_and_names_the_qpv_when_every_quartier_is_one(index: QpvIndex) -> None:
    result = quartiers_qpv(_draft(["Les Aubiers", "Bacalan"]), CAMPAIGN_2016, index)
    assert result.status == CheckStatus.OK
    assert "Le Lac (Les Aubiers)" in result.message and "code officiel inconnu" in result.message


def test_check_warns_with_closest_qpv_and_says_the_list_is_partial(index: QpvIndex) -> None:
    result = quartiers_qpv(_draft(["Cité du Midi"]), CAMPAIGN_2016, index)
    assert result.status == CheckStatus.WARNING
    assert "n'est pas un QPV de Bordeaux" in result.message
    assert "plus proches" in result.message and "partielle" in result.message


def test_check_warns_when_the_quartier_belongs_to_another_commune(index: QpvIndex) -> None:
    result = quartiers_qpv(_draft(["Saige"], territory="Ville de Talence"), CAMPAIGN_2016, index)
    assert result.status == CheckStatus.WARNING
    assert "QPV Saige de Pessac" in result.message and "pas un QPV de Talence" in result.message


def test_check_warns_when_letter_and_bulletin_name_different_quartiers(index: QpvIndex) -> None:
    draft = _draft(["Saige"], territory="Ville de Pessac", letter=["Châtaigneraie"])
    result = quartiers_qpv(draft, CAMPAIGN_2016, index)
    assert result.status == CheckStatus.WARNING
    assert "la lettre cite des quartiers absents du bulletin : Châtaigneraie" in result.message


def test_check_warns_for_a_2024_quartier_in_the_2016_call(index: QpvIndex) -> None:
    result = quartiers_qpv(_draft(["Maurice Thorez"], "Ville de Bègles"), CAMPAIGN_2016, index)
    assert result.status == CheckStatus.WARNING
    assert "liste 2024" in result.message and "liste 2015 en vigueur" in result.message


def test_check_is_missing_without_quartiers(index: QpvIndex) -> None:
    assert quartiers_qpv(_draft([]), CAMPAIGN_2016, index).status == CheckStatus.MISSING
