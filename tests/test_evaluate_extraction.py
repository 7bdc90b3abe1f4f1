"""The field-level scorer of the extraction, and one run of the real pipeline over the set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from fixtures.extraction_eval import LABELS, ROOT
from pipeline.evaluate_extraction import evaluate_extraction, load_labels, print_report
from pipeline.field_scoring import (
    FIELDS,
    Counts,
    Tally,
    e164,
    pair_contacts,
    same_text,
    same_title,
    score_document,
)
from pipeline.qpv import QpvIndex


def _contact(**values: str | None) -> dict[str, Any]:
    base: dict[str, Any] = dict.fromkeys(("name", "function", "service", "email", "phone"))
    return base | {"address": None} | values


def test_value_found_right_is_a_true_positive() -> None:
    tally = Tally("d", "pdf_text")
    tally.value("project_title", "Boutique à l'essai", "BOUTIQUE A L'ESSAI", same_text)
    assert tally.counts["project_title"] == Counts(tp=1)
    assert tally.mismatches == []


def test_value_found_wrong_is_a_false_positive_and_a_false_negative() -> None:
    tally = Tally("d", "pdf_text")
    tally.value("project_title", "Boutique à l'essai", "Couveuse de quartier", same_text)
    assert tally.counts["project_title"] == Counts(fp=1, fn=1)
    assert tally.mismatches[0].got == "Couveuse de quartier"


def test_missing_value_is_a_false_negative_and_an_extra_one_a_false_positive() -> None:
    tally = Tally("d", "pdf_text")
    tally.value("description", "Un lieu partagé", None, same_text)
    tally.value("difficulties", None, "Texte inventé", same_text)
    tally.value("territory", None, "", same_text)
    assert tally.counts == {"description": Counts(fn=1), "difficulties": Counts(fp=1)}


def test_rates_are_computed_from_summed_counts() -> None:
    total = Counts(tp=8, fp=1) + Counts(tp=1, fn=3)
    assert (total.precision, total.recall) == (0.9, 0.75)
    assert total.f1 == pytest.approx(2 * 0.9 * 0.75 / 1.65)
    assert Counts().f1 == 0.0


def test_text_ignores_accents_case_punctuation_and_titles_their_article() -> None:
    assert same_text("Hélène Lefèvre", "HELENE LEFEVRE")
    assert same_text("Génicart-Est", "Génicart Est")
    assert not same_text("Saige", "Saint-Michel")
    assert same_title("L'Adjointe au maire", "Adjointe au maire")
    assert e164("05.57.80.71.42") == "+33557807142"


def test_quartiers_compare_as_a_set_and_a_name_split_in_two_counts_one_extra() -> None:
    qpv = QpvIndex.builtin()
    expected = ["Palmer - Saraillère - 8 Mai 45 - Dravemont", "Le Lac (Les Aubiers)"]
    tally = Tally("d", "pdf_text")
    tally.quartiers(expected, ["Palmer - Saraillère - 8 Mai 45", "Dravemont", "Les Aubiers"], qpv)
    assert tally.counts["quartiers"] == Counts(tp=2, fp=1, fn=0)
    other = Tally("d", "pdf_text")
    other.quartiers(expected, ["Saige"], qpv)
    assert other.counts["quartiers"] == Counts(tp=0, fp=1, fn=2)


def test_contacts_are_paired_by_email_then_counted_per_sub_field() -> None:
    want = [
        _contact(name="Nadia Benali", email="n.benali@ville-lormont.fr", phone="+33556745812"),
        _contact(name="Sébastien Laffargue", email="s.laffargue@ville-lormont.fr"),
    ]
    got = [
        _contact(name="Sebastien LAFFARGUE", email="s.laffargue@ville-lormont.fr"),
        _contact(name="Nadia", email="n.benali@ville-lormont.fr", phone="+33556745899"),
        _contact(name="Inventé"),
    ]
    pairs = pair_contacts(want, got)
    assert pairs[0] == (want[1], got[0])
    tally = Tally("d", "docx_table")
    tally.contacts(want, got)
    assert tally.counts["contacts.email"] == Counts(tp=2)
    assert tally.counts["contacts.name"] == Counts(tp=1, fp=2, fn=1)
    assert tally.counts["contacts.phone"] == Counts(fp=1, fn=1)


def test_a_document_that_could_not_be_processed_misses_every_labelled_value() -> None:
    label = {
        "id": "x",
        "format": "pdf_scan",
        "territory": "Pessac",
        "bulletin": None,
        "letter": {"signatory": {"name": "Jean Dupont", "title": "Le Maire"}, "signed": True},
    }
    tally = score_document(label, None, QpvIndex.builtin())
    assert sum(c.fn for c in tally.counts.values()) == 4
    assert sum(c.tp + c.fp for c in tally.counts.values()) == 0


def _labelled_values(label: dict[str, Any]) -> int:
    """How many values the truth holds: each is either found (TP) or missed (FN)."""
    count = 1  # territory
    bulletin = label["bulletin"] or {}
    count += sum(1 for k in ("project_title", "description", "difficulties") if bulletin.get(k))
    count += len(bulletin.get("quartiers") or [])
    count += sum(1 for c in bulletin.get("contacts") or [] for v in c.values() if v)
    official = bulletin.get("elected_official") or {}
    count += sum(1 for v in official.values() if v)
    return count + (3 if label["letter"] else 0)


def test_set_covers_every_format_with_sixty_documents_under_eight_megabytes() -> None:
    labels = load_labels()
    formats = {label["format"] for label in labels}
    assert len(labels) >= 60 and len({x["id"] for x in labels}) == len(labels)
    assert {"docx_legacy", "docx_sdt", "pdf_acroform", "pdf_scan", "image_photo"} <= formats
    assert {"mail_plain", "mail_html", "odt", "rtf", "pdf_combined"} <= formats
    assert sum((ROOT / x["file"]).stat().st_size for x in labels) < 8_000_000


def test_labels_are_what_the_generator_says_about_its_cases() -> None:
    pytest.importorskip("reportlab")
    from fixtures.extraction_eval.cases import build_cases
    from fixtures.extraction_eval.generate import label

    stored = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    cases = build_cases()
    assert len(cases) == len(stored)
    rebuilt = [label(case, entry["file"]) for case, entry in zip(cases, stored, strict=True)]
    assert rebuilt == stored


def test_generator_rebuilds_the_checked_in_files_byte_for_byte(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from fixtures.extraction_eval.generate import generate

    built = generate(tmp_path, only={"b14", "b35", "l01", "b38"})
    assert len(built) == 4
    for entry in built:
        assert (tmp_path / entry["file"]).read_bytes() == (ROOT / entry["file"]).read_bytes()


def test_run_over_text_documents_counts_each_labelled_value_once() -> None:
    ids = ["b01", "b11", "b22", "b32", "l01", "c01"]
    scores = evaluate_extraction(only=ids)
    labels = [x for x in load_labels() if x["id"] in ids]
    found = sum(c.tp + c.fn for c in scores.by_field.values())
    assert scores.documents == 6 and not scores.failures
    assert found == sum(_labelled_values(x) for x in labels)
    assert set(scores.by_field) == set(FIELDS)
    assert scores.by_format_field["docx_table"]["project_title"].tp == 1
    console = Console(record=True, width=200)
    print_report(scores, console)
    assert "Par format" in console.export_text()


def test_a_contact_of_another_service_is_right_when_labelled_so_and_no_claim_otherwise() -> None:
    other = [{"name": "Fabien Massias", "email": "f@x.fr", "service": "autre"}]
    tally = Tally("d", "odt")
    tally.contacts(other, [{"name": "Fabien Massias", "email": "f@x.fr", "service": "autre"}])
    assert tally.counts["contacts.service"] == Counts(tp=1)
    unsaid = Tally("d", "odt")
    unsaid.contacts(
        [{"name": "Fabien Massias", "email": "f@x.fr", "service": None}],
        [{"name": "Fabien Massias", "email": "f@x.fr", "service": "autre"}],
    )
    assert "contacts.service" not in unsaid.counts


def test_two_writings_of_one_agglomeration_are_the_same_territory() -> None:
    from pipeline.field_scoring import same_territory

    assert same_territory("Communauté d'agglomération d'Agen", "Agglomération d'Agen")
    assert not same_territory("Agen", "Agglomération d'Agen")  # the commune is not its EPCI
    assert not same_territory("Communauté d'agglomération d'Agen", "Le Marsan Agglomération")
