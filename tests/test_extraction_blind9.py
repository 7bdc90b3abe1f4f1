"""Blind extraction set no. 9: it loads as the evaluation reads it, its truth has the tuned
set's shape, 2015 quartier names and E.164 phones, and its generator rebuilds it byte for byte.

No score is asserted here: the set measures the extractors once, it does not gate them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
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

from fixtures.extraction_blind9 import LABELS, ROOT
from pipeline.evaluate_extraction import load_labels

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
TEXT_FORMATS = ("docx_table", "docx_sdt", "docx_paragraphs", "pdf_text", "pdf_acroform", "odt",
                "rtf", "doc", "mail_plain", "mail_html", "pdf_combined")  # fmt: skip


def test_blind9_set_loads_with_every_file_present_under_six_megabytes() -> None:
    labels = load_labels(ROOT)
    assert len(labels) == 44 and len({x["id"] for x in labels}) == len(labels)
    assert all((ROOT / x["file"]).is_file() for x in labels)
    assert all(Path(x["file"]).suffix in READ_SUFFIXES for x in labels)
    assert sum((ROOT / x["file"]).stat().st_size for x in labels) < 6_000_000
    assert all((ROOT / x["file"]).stat().st_size < 420_000 for x in labels)


def test_blind9_set_covers_every_format() -> None:
    labels = load_labels(ROOT)
    scans = [x for x in labels if x["scan"]]
    texts = [x for x in labels if not x["scan"]]
    assert len(scans) >= 18 and len(texts) >= 26
    assert {x["scan"] for x in labels if x["format"] in ("pdf_scan", "image_photo")} == {True}
    assert {x["format"] for x in scans} == {"pdf_scan", "image_photo"}
    assert {Path(x["file"]).suffix for x in scans if x["format"] == "image_photo"} == {
        ".jpg", ".png", ".tif"}  # fmt: skip
    formats = Counter(x["format"] for x in labels)
    assert formats["pdf_scan"] >= 12 and formats["image_photo"] >= 5
    for fmt in TEXT_FORMATS:
        assert formats[fmt] >= 2, fmt
    scanned_letters = [x["letter"] for x in scans if x["letter"]]
    assert sum(1 for x in scanned_letters if x["signed"]) >= 5
    assert sum(1 for x in scanned_letters if not x["signed"]) >= 2
    assert sum(1 for x in scans if x["kinds"] == ["bulletin", "letter"]) >= 2
    assert sum(1 for x in texts if x["kinds"] == ["bulletin", "letter"]) >= 2


def test_blind9_labels_have_the_tuned_sets_shape() -> None:
    top, bulletin, letter = tuned_shapes()
    documents = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    for entry in documents:
        assert set(entry) == set(top), entry["id"]
        assert entry["bulletin"] or entry["letter"], entry["id"]
        assert entry["kinds"] == [k for k in ("bulletin", "letter") if entry[k]], entry["id"]
        assert isinstance(entry["quirks"], str) and entry["quirks"], entry["id"]
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
            assert not entry["letter"]["signatory"]["title"].endswith(","), entry["id"]


def test_blind9_truth_uses_2015_quartier_names_and_e164_phones() -> None:
    for entry in load_labels(ROOT):
        bulletin = entry["bulletin"]
        if not bulletin:
            continue
        assert bulletin["quartiers"] and set(bulletin["quartiers"]) <= names_2015(), entry["id"]
        for contact in bulletin["contacts"]:
            assert E164_FR.fullmatch(contact["phone"]), entry["id"]
            assert contact["service"] in SERVICES, entry["id"]
            assert not re.match(r"(?:M\.|Mme|Monsieur|Madame)\s", contact["name"]), entry["id"]
            assert contact["name"] != contact["name"].upper(), entry["id"]
            assert not contact["email"].startswith("<"), entry["id"]


def test_blind9_acroform_answers_are_latin_1() -> None:
    """Fillable fields are drawn in Helvetica: every answer they hold must be Latin-1."""
    for entry in load_labels(ROOT):
        if entry["format"] == "pdf_acroform":
            json.dumps(entry["bulletin"], ensure_ascii=False).encode("latin-1")


def test_blind9_doc_files_are_word_97_documents() -> None:
    """LibreOffice's .doc bytes are committed; they are checked to load, and copied on rebuild."""
    docs = [x for x in load_labels(ROOT) if x["file"].endswith(".doc")]
    assert len(docs) >= 2
    for entry in docs:
        data = (ROOT / entry["file"]).read_bytes()
        assert data.startswith(OLE_MAGIC), entry["id"]
        assert "WordDocument".encode("utf-16-le") in data, entry["id"]
        if entry["bulletin"]:
            title = entry["bulletin"]["project_title"]
        else:
            title = entry["letter"]["signatory"]["name"].split(" ")[0]
        assert title.encode("utf-16-le") in data or title.encode("cp1252") in data, entry["id"]


def test_blind9_generator_rebuilds_the_checked_in_set_byte_for_byte(tmp_path: Path) -> None:
    skip_without_fonts()
    from fixtures.extraction_blind9.generate import generate

    assert_rebuilt(generate, ROOT, LABELS, tmp_path)
