"""The second development extraction set: it loads as the evaluation reads it, its truth is in
the tuned set's format, and its generator rebuilds it byte for byte.

No score is asserted here: the set is for tuning the extractors, it does not gate them.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
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

from fixtures.extraction_dev2 import LABELS, ROOT
from pipeline.evaluate_extraction import load_labels


def test_dev2_set_loads_with_every_file_present_under_five_megabytes() -> None:
    labels = load_labels(ROOT)
    assert len(labels) >= 40 and len({x["id"] for x in labels}) == len(labels)
    assert all((ROOT / x["file"]).is_file() for x in labels)
    assert all(Path(x["file"]).suffix in READ_SUFFIXES for x in labels)
    assert sum((ROOT / x["file"]).stat().st_size for x in labels) < 5_000_000
    formats = Counter(x["format"] for x in labels)
    assert formats["pdf_scan"] + formats["image_photo"] >= 8
    assert sum(1 for x in labels if x["scan"]) == formats["pdf_scan"] + formats["image_photo"]
    minimum = {
        "doc": 2,
        "pdf_acroform": 2,
        "docx_sdt": 2,
        "pdf_combined": 2,
        "mail_plain": 2,
        "mail_html": 2,
        "odt": 3,
        "rtf": 2,
    }
    assert all(formats[f] >= n for f, n in minimum.items()), formats


def test_dev2_labels_have_the_tuned_sets_shape() -> None:
    top, bulletin, letter = tuned_shapes()
    dev = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    for entry in dev:
        assert list(entry) == top, entry["id"]
        assert entry["kinds"] == [k for k in ("bulletin", "letter") if entry[k]], entry["id"]
        if entry["bulletin"]:
            shape = label_shape(entry["bulletin"])
            assert isinstance(shape, dict)
            assert set(shape) == set(bulletin), entry["id"]
            if entry["bulletin"]["contacts"]:
                assert shape["contacts"] == bulletin["contacts"], entry["id"]
            official = entry["bulletin"]["elected_official"]
            assert official is None or set(official) == {"name", "title"}, entry["id"]
        if entry["letter"]:
            assert label_shape(entry["letter"]) == letter, entry["id"]


def test_dev2_truth_uses_2015_quartier_names_e164_phones_and_known_services() -> None:
    for entry in load_labels(ROOT):
        assert entry["territory"], entry["id"]
        bulletin = entry["bulletin"]
        if not bulletin:
            continue
        assert bulletin["quartiers"] and set(bulletin["quartiers"]) <= names_2015(), entry["id"]
        for contact in bulletin["contacts"]:
            assert E164_FR.fullmatch(contact["phone"]), entry["id"]
            assert contact["service"] in SERVICES
            assert not re.match(r"(?:M\.|Mme|Mr)\s", contact["name"]), entry["id"]


def test_dev2_generator_rebuilds_the_checked_in_set_byte_for_byte(tmp_path: Path) -> None:
    skip_without_fonts()
    if not (shutil.which("soffice") or Path("/usr/bin/soffice").exists()):
        pytest.skip("LibreOffice absent : les fichiers .doc ne peuvent pas être refaits.")
    from fixtures.extraction_dev2.generate import generate

    assert_rebuilt(generate, ROOT, LABELS, tmp_path)
