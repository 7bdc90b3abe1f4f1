"""The development set no. 3: it loads as the evaluation reads it, it is scan-heavy as promised,
its truth has the tuned set's shape, 2015 quartier names and E.164 phones, and its generator
rebuilds it byte for byte.

No score is asserted here: the set is for tuning the extractors on scans, not for gating them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from labelled_sets import (
    E164_FR,
    READ_SUFFIXES,
    SERVICES,
    assert_rebuilt,
    label_shape,
    names_2015,
    skip_without_fonts,
    tuned_shapes,
)

from fixtures.extraction_dev3 import LABELS, ROOT
from pipeline.evaluate_extraction import load_labels

SCAN_FORMATS = ("pdf_scan", "image_photo")


def test_dev3_set_loads_with_every_file_present_under_the_size_limits() -> None:
    labels = load_labels(ROOT)
    assert len(labels) >= 30 and len({x["id"] for x in labels}) == len(labels)
    assert all((ROOT / x["file"]).is_file() for x in labels)
    assert all(Path(x["file"]).suffix in READ_SUFFIXES for x in labels)
    assert sum((ROOT / x["file"]).stat().st_size for x in labels) < 6_000_000
    assert all((ROOT / x["file"]).stat().st_size < 420_000 for x in labels)


def test_dev3_set_is_scan_heavy_with_the_promised_formats() -> None:
    labels = load_labels(ROOT)
    assert sum(1 for x in labels if x["scan"]) >= 22
    assert {x["scan"] for x in labels if x["format"] in SCAN_FORMATS} == {True}
    formats = [x["format"] for x in labels]
    for fmt, least in {"pdf_scan": 17, "image_photo": 5, "pdf_combined": 1, "pdf_text": 3,
                       "docx_table": 1, "odt": 1, "pdf_acroform": 1}.items():  # fmt: skip
        assert formats.count(fmt) >= least, fmt
    suffixes = {Path(x["file"]).suffix for x in labels if x["format"] == "image_photo"}
    assert {".jpg", ".png", ".tif"} <= suffixes
    combined = [x for x in labels if x["format"] == "pdf_combined"]
    assert all(x["scan"] and x["kinds"] == ["bulletin", "letter"] for x in combined)
    letters = [x["letter"] for x in labels if x["letter"]]
    assert {x["signed"] for x in letters} == {True, False}


def test_dev3_labels_have_the_tuned_sets_shape() -> None:
    top, bulletin, letter = tuned_shapes()
    dev3 = json.loads(LABELS.read_text(encoding="utf-8"))
    assert dev3["set"] == "extraction_dev3" and dev3["version"] == 1
    for entry in dev3["documents"]:
        assert set(entry) == set(top), entry["id"]
        assert entry["bulletin"] or entry["letter"], entry["id"]
        assert entry["kinds"] == [k for k in ("bulletin", "letter") if entry[k]], entry["id"]
        assert entry["territory"], entry["id"]
        if entry["bulletin"]:
            shape = label_shape(entry["bulletin"])
            assert isinstance(shape, dict)
            assert set(shape) == set(bulletin), entry["id"]
            assert shape["contacts"] == bulletin["contacts"], entry["id"]
            official = entry["bulletin"]["elected_official"]
            assert official is None or set(official) == {"name", "title"}, entry["id"]
        if entry["letter"]:
            assert label_shape(entry["letter"]) == letter, entry["id"]
            assert isinstance(entry["letter"]["signed"], bool)


def test_dev3_truth_uses_2015_quartier_names_and_e164_phones() -> None:
    for entry in load_labels(ROOT):
        bulletin = entry["bulletin"]
        if not bulletin:
            continue
        assert bulletin["quartiers"] and set(bulletin["quartiers"]) <= names_2015(), entry["id"]
        for contact in bulletin["contacts"]:
            assert E164_FR.fullmatch(contact["phone"]), entry["id"]
            assert contact["service"] in SERVICES, entry["id"]
            assert not re.match(r"(?:M\.|Mme|Monsieur|Madame)\s", contact["name"]), entry["id"]


def test_dev3_generator_rebuilds_the_checked_in_set_byte_for_byte(tmp_path: Path) -> None:
    skip_without_fonts()
    from fixtures.extraction_dev3.generate import generate

    assert_rebuilt(generate, ROOT, LABELS, tmp_path)
