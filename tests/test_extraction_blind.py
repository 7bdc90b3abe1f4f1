"""The blind extraction set: it loads as the evaluation reads it, its truth has the tuned set's
shape, 2015 quartier names and E.164 phones, and its generator rebuilds it byte for byte.

No score is asserted here: the set measures the extractors once, it does not gate them.
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

from fixtures.extraction_blind import LABELS, ROOT
from pipeline.evaluate_extraction import load_labels

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def test_blind_set_loads_with_every_file_present_under_five_megabytes() -> None:
    labels = load_labels(ROOT)
    assert len(labels) >= 38 and len({x["id"] for x in labels}) == len(labels)
    assert all((ROOT / x["file"]).is_file() for x in labels)
    assert all(Path(x["file"]).suffix in READ_SUFFIXES for x in labels)
    assert sum((ROOT / x["file"]).stat().st_size for x in labels) < 5_000_000
    assert all((ROOT / x["file"]).stat().st_size < 420_000 for x in labels)
    assert sum(1 for x in labels if x["scan"]) >= 8
    assert any(x["file"].endswith(".tif") for x in labels)
    formats = [x["format"] for x in labels]
    for fmt, least in {"doc": 2, "pdf_acroform": 2, "docx_sdt": 2, "pdf_combined": 2,
                       "mail_plain": 2, "mail_html": 2, "odt": 3, "rtf": 2}.items():  # fmt: skip
        assert formats.count(fmt) >= least, fmt
    assert {x["scan"] for x in labels if x["format"] in ("pdf_scan", "image_photo")} == {True}


def test_blind_labels_have_the_tuned_sets_shape() -> None:
    top, bulletin, letter = tuned_shapes()
    blind = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    for entry in blind:
        assert set(entry) == set(top), entry["id"]
        assert entry["bulletin"] or entry["letter"], entry["id"]
        assert entry["kinds"] == [k for k in ("bulletin", "letter") if entry[k]], entry["id"]
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


def test_blind_truth_uses_2015_quartier_names_and_e164_phones() -> None:
    for entry in load_labels(ROOT):
        bulletin = entry["bulletin"]
        if not bulletin:
            continue
        assert bulletin["quartiers"] and set(bulletin["quartiers"]) <= names_2015(), entry["id"]
        for contact in bulletin["contacts"]:
            assert E164_FR.fullmatch(contact["phone"]), entry["id"]
            assert contact["service"] in SERVICES, entry["id"]
            assert not re.match(r"(?:M\.|Mme|Monsieur|Madame)\s", contact["name"]), entry["id"]


def test_blind_doc_files_are_word_97_documents() -> None:
    """LibreOffice's .doc bytes are committed; they are checked to load, not rebuilt."""
    docs = [x for x in load_labels(ROOT) if x["file"].endswith(".doc")]
    assert len(docs) >= 2
    for entry in docs:
        data = (ROOT / entry["file"]).read_bytes()
        assert data.startswith(OLE_MAGIC), entry["id"]
        assert "WordDocument".encode("utf-16-le") in data, entry["id"]
        title = entry["bulletin"]["project_title"]
        assert title.encode("utf-16-le") in data or title.encode("cp1252") in data, entry["id"]


def test_blind_generator_rebuilds_the_checked_in_set_byte_for_byte(tmp_path: Path) -> None:
    skip_without_fonts()
    from fixtures.extraction_blind.generate import generate

    # the .doc files are copied, not converted again
    assert_rebuilt(generate, ROOT, LABELS, tmp_path, skip_suffix=".doc")
