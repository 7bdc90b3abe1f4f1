"""What every labelled extraction set must satisfy, shared by the tests of each set.

The sets were written by different authors on purpose; their tests check the same contract:
files the evaluation can read, labels in the tuned set's shape, 2015 quartier names, E.164
phones, and a generator that rebuilds the set byte for byte.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from fixtures.extraction_eval import LABELS as TUNED_LABELS
from pipeline.evaluate_extraction import MEDIA_BY_SUFFIX

QPV_CSV = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "qpv_aquitaine.csv"
READ_SUFFIXES = {*MEDIA_BY_SUFFIX, ".eml"}
E164_FR = re.compile(r"\+33[1-9]\d{8}")
SERVICES = {"politique_de_la_ville", "developpement_economique", "autre"}


def label_shape(value: object) -> object:
    """The shape of a label: nested key names, values dropped."""
    if isinstance(value, dict):
        return {k: label_shape(v) for k, v in value.items()} if value else {}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [label_shape(value[0])]
    return None


def tuned_shapes() -> tuple[list[str], dict[str, Any], object]:
    """(top-level keys, bulletin shape, letter shape) of the tuned set's labels."""
    tuned = json.loads(TUNED_LABELS.read_text(encoding="utf-8"))["documents"]
    bulletin = label_shape(next(x["bulletin"] for x in tuned if x["bulletin"]))
    letter = label_shape(next(x["letter"] for x in tuned if x["letter"]))
    assert isinstance(bulletin, dict)
    return list(tuned[0]), bulletin, letter


@cache
def names_2015() -> frozenset[str]:
    """The quartier names of the 2015 list, as the truth must write them."""
    with QPV_CSV.open(encoding="utf-8") as handle:
        return frozenset(row["nom_qp"] for row in csv.DictReader(handle) if "2015" in row["listes"])


def skip_without_fonts() -> None:
    """The generators draw with reportlab and DejaVu; skip where either is missing."""
    pytest.importorskip("reportlab")
    from fixtures.builders.scan import fonts_available

    if not fonts_available():
        pytest.skip("Polices DejaVu absentes (paquet fonts-dejavu).")


def assert_rebuilt(
    generate: Callable[[Path], Iterable[dict[str, Any]]],
    root: Path,
    labels: Path,
    out: Path,
    *,
    skip_suffix: str | None = None,
) -> None:
    """The generator, run into ``out``, gives the checked-in labels and files byte for byte."""
    built = generate(out)
    assert (out / "labels.json").read_bytes() == labels.read_bytes()
    for entry in built:
        if skip_suffix and entry["file"].endswith(skip_suffix):
            continue
        assert (out / entry["file"]).read_bytes() == (root / entry["file"]).read_bytes(), entry[
            "id"
        ]
