"""The second development extraction set: it loads as the evaluation reads it, its truth is in
the tuned set's format, and its generator rebuilds it byte for byte.

No score is asserted here: the set is for tuning the extractors, it does not gate them.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from fixtures.extraction_dev2 import LABELS, ROOT
from fixtures.extraction_eval import LABELS as TUNED_LABELS
from pipeline.evaluate_extraction import load_labels

QPV_CSV = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "qpv_aquitaine.csv"
READ_SUFFIXES = {
    ".pdf",
    ".docx",
    ".odt",
    ".rtf",
    ".doc",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
    ".eml",
}


def _keys(value: object) -> object:
    """The shape of a label: nested key names, values dropped."""
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()} if value else {}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [_keys(value[0])]
    return None


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
    tuned = json.loads(TUNED_LABELS.read_text(encoding="utf-8"))["documents"]
    dev = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    top = list(tuned[0])
    bulletin = _keys(next(x["bulletin"] for x in tuned if x["bulletin"]))
    letter = _keys(next(x["letter"] for x in tuned if x["letter"]))
    for entry in dev:
        assert list(entry) == top, entry["id"]
        assert entry["kinds"] == [k for k in ("bulletin", "letter") if entry[k]], entry["id"]
        if entry["bulletin"]:
            shape = _keys(entry["bulletin"])
            assert isinstance(shape, dict) and isinstance(bulletin, dict)
            assert set(shape) == set(bulletin), entry["id"]
            if entry["bulletin"]["contacts"]:
                assert shape["contacts"] == bulletin["contacts"], entry["id"]
            official = entry["bulletin"]["elected_official"]
            assert official is None or set(official) == {"name", "title"}, entry["id"]
        if entry["letter"]:
            assert _keys(entry["letter"]) == letter, entry["id"]


def test_dev2_truth_uses_2015_quartier_names_e164_phones_and_known_services() -> None:
    with QPV_CSV.open(encoding="utf-8") as handle:
        names_2015 = {row["nom_qp"] for row in csv.DictReader(handle) if "2015" in row["listes"]}
    for entry in load_labels(ROOT):
        assert entry["territory"], entry["id"]
        bulletin = entry["bulletin"]
        if not bulletin:
            continue
        assert bulletin["quartiers"] and set(bulletin["quartiers"]) <= names_2015, entry["id"]
        for contact in bulletin["contacts"]:
            assert re.fullmatch(r"\+33[1-9]\d{8}", contact["phone"]), entry["id"]
            assert contact["service"] in {
                "politique_de_la_ville",
                "developpement_economique",
                "autre",
            }
            assert not re.match(r"(?:M\.|Mme|Mr)\s", contact["name"]), entry["id"]


def test_dev2_generator_rebuilds_the_checked_in_set_byte_for_byte(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from fixtures.builders.scan import fonts_available

    if not fonts_available():
        pytest.skip("Polices DejaVu absentes (paquet fonts-dejavu).")
    if not (shutil.which("soffice") or Path("/usr/bin/soffice").exists()):
        pytest.skip("LibreOffice absent : les fichiers .doc ne peuvent pas être refaits.")
    from fixtures.extraction_dev2.generate import generate

    built = generate(tmp_path)
    assert (tmp_path / "labels.json").read_bytes() == LABELS.read_bytes()
    for entry in built:
        assert (tmp_path / entry["file"]).read_bytes() == (ROOT / entry["file"]).read_bytes(), (
            entry["id"]
        )
