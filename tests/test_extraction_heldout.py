"""The held-out extraction set: it loads as the evaluation reads it, its truth is in the tuned
set's format and shares no answer with it, and its generator rebuilds it byte for byte.

No score is asserted here: the set measures the extractors, it does not gate them.
"""

from __future__ import annotations

import json
from pathlib import Path

from labelled_sets import (
    E164_FR,
    assert_rebuilt,
    label_shape,
    names_2015,
    skip_without_fonts,
    tuned_shapes,
)

from fixtures.extraction_eval import LABELS as TUNED_LABELS
from fixtures.extraction_heldout import LABELS, ROOT
from pipeline.evaluate_extraction import load_labels


def test_heldout_set_loads_with_every_file_present_under_four_megabytes() -> None:
    labels = load_labels(ROOT)
    assert len(labels) >= 30 and len({x["id"] for x in labels}) == len(labels)
    assert all((ROOT / x["file"]).is_file() for x in labels)
    assert sum((ROOT / x["file"]).stat().st_size for x in labels) < 4_000_000
    assert sum(1 for x in labels if x["scan"]) >= 6
    assert {x["format"] for x in labels} >= {"docx_table", "odt", "rtf", "mail_plain",
                                             "mail_html", "pdf_text", "pdf_scan"}  # fmt: skip


def test_heldout_labels_have_the_tuned_sets_shape() -> None:
    top, bulletin, letter = tuned_shapes()
    held = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    for entry in held:
        assert set(entry) == set(top), entry["id"]
        if entry["bulletin"]:
            shape = label_shape(entry["bulletin"])
            assert isinstance(shape, dict)
            assert shape["contacts"] == bulletin["contacts"], entry["id"]
            assert set(shape) == set(bulletin), entry["id"]
        if entry["letter"]:
            assert label_shape(entry["letter"]) == letter, entry["id"]


def test_heldout_truth_uses_2015_quartier_names_e164_phones_and_no_tuned_answer() -> None:
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
        assert set(bulletin["quartiers"]) <= names_2015(), entry["id"]
        for contact in bulletin["contacts"]:
            assert E164_FR.fullmatch(contact["phone"]), entry["id"]
        for key in ("project_title", "description", "difficulties"):
            assert bulletin[key] not in tuned_answers, (entry["id"], key)


def test_heldout_generator_rebuilds_the_checked_in_set_byte_for_byte(tmp_path: Path) -> None:
    skip_without_fonts()
    from fixtures.extraction_heldout.generate import generate

    assert_rebuilt(generate, ROOT, LABELS, tmp_path)
