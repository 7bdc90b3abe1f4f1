"""The held-out extraction set: it loads as the evaluation reads it, its truth is in the tuned
set's format and shares no answer with it, and its generator rebuilds it byte for byte.

No score is asserted here: the set measures the extractors, it does not gate them.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from fixtures.extraction_eval import LABELS as TUNED_LABELS
from fixtures.extraction_heldout import LABELS, ROOT
from pipeline.evaluate_extraction import load_labels

QPV_CSV = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "qpv_aquitaine.csv"


def _keys(value: object) -> object:
    """The shape of a label: nested key names, values dropped."""
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()} if value else {}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [_keys(value[0])]
    return None


def test_heldout_set_loads_with_every_file_present_under_four_megabytes() -> None:
    labels = load_labels(ROOT)
    assert len(labels) >= 30 and len({x["id"] for x in labels}) == len(labels)
    assert all((ROOT / x["file"]).is_file() for x in labels)
    assert sum((ROOT / x["file"]).stat().st_size for x in labels) < 4_000_000
    assert sum(1 for x in labels if x["scan"]) >= 6
    assert {x["format"] for x in labels} >= {"docx_table", "odt", "rtf", "mail_plain",
                                             "mail_html", "pdf_text", "pdf_scan"}  # fmt: skip


def test_heldout_labels_have_the_tuned_sets_shape() -> None:
    tuned = json.loads(TUNED_LABELS.read_text(encoding="utf-8"))["documents"]
    held = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    top = set(tuned[0])
    bulletin = _keys(next(x["bulletin"] for x in tuned if x["bulletin"]))
    letter = _keys(next(x["letter"] for x in tuned if x["letter"]))
    for entry in held:
        assert set(entry) == top, entry["id"]
        if entry["bulletin"]:
            shape = _keys(entry["bulletin"])
            assert isinstance(shape, dict) and isinstance(bulletin, dict)
            assert shape["contacts"] == bulletin["contacts"], entry["id"]
            assert set(shape) == set(bulletin), entry["id"]
        if entry["letter"]:
            assert _keys(entry["letter"]) == letter, entry["id"]


def test_heldout_truth_uses_2015_quartier_names_e164_phones_and_no_tuned_answer() -> None:
    with QPV_CSV.open(encoding="utf-8") as handle:
        names_2015 = {row["nom_qp"] for row in csv.DictReader(handle) if "2015" in row["listes"]}
    tuned = json.loads(TUNED_LABELS.read_text(encoding="utf-8"))["documents"]
    tuned_answers = {
        x["bulletin"][key]
        for x in tuned
        if x["bulletin"]
        for key in ("project_title", "description", "difficulties")
        if x["bulletin"][key]
    }
    for entry in load_labels(ROOT):
        bulletin = entry["bulletin"]
        if not bulletin:
            continue
        assert set(bulletin["quartiers"]) <= names_2015, entry["id"]
        for contact in bulletin["contacts"]:
            assert re.fullmatch(r"\+33[1-9]\d{8}", contact["phone"]), entry["id"]
        for key in ("project_title", "description", "difficulties"):
            assert bulletin[key] not in tuned_answers, (entry["id"], key)


def test_heldout_generator_rebuilds_the_checked_in_set_byte_for_byte(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from fixtures.builders.scan import fonts_available

    if not fonts_available():
        pytest.skip("Polices DejaVu absentes (paquet fonts-dejavu).")
    from fixtures.extraction_heldout.generate import generate

    built = generate(tmp_path)
    assert (tmp_path / "labels.json").read_bytes() == LABELS.read_bytes()
    for entry in built:
        assert (tmp_path / entry["file"]).read_bytes() == (ROOT / entry["file"]).read_bytes(), (
            entry["id"]
        )
