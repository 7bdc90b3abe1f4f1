"""The export verb on a processed sample inbox: every format agrees with the JSON contract."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("exports")
    result = runner.invoke(app, ["run", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return data_dir


def _contract(data_dir: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["export", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_csv_and_xlsx_have_one_row_per_application_of_the_contract(
    processed: Path, tmp_path: Path
) -> None:
    contract = _contract(processed)
    territories = sorted(a["territory"] for a in contract["applications"])
    out_csv, out_xlsx = tmp_path / "c.csv", tmp_path / "c.xlsx"
    for fmt, out in (("csv", out_csv), ("xlsx", out_xlsx)):
        result = runner.invoke(
            app, ["export", "--format", fmt, "--out", str(out), "--data-dir", str(processed)]
        )
        assert result.exit_code == 0, result.output
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) - 1 == len(territories)
    sheet = openpyxl.load_workbook(out_xlsx).worksheets[0]
    assert sheet.max_row - 1 == len(territories)
    cells = {str(c.value) for row in sheet.iter_rows(min_row=2) for c in row}
    assert set(territories) <= cells


def test_application_zip_holds_its_messages_documents_and_record(
    processed: Path, tmp_path: Path
) -> None:
    record = next(a for a in _contract(processed)["applications"] if len(a["messages"]) > 1)
    out = tmp_path / "one.zip"
    result = runner.invoke(
        app,
        ["export", "--format", "zip", "--application", record["id"], "--out", str(out)]
        + ["--data-dir", str(processed)],
    )
    assert result.exit_code == 0, result.output
    names = zipfile.ZipFile(out).namelist()
    assert sum(n.endswith(".eml") for n in names) == len(record["messages"])
    inner = json.loads(zipfile.ZipFile(out).read("candidature.json"))
    assert inner["id"] == record["id"]


def test_campaign_zip_has_a_folder_per_application(processed: Path, tmp_path: Path) -> None:
    out = tmp_path / "campagne.zip"
    result = runner.invoke(
        app, ["export", "--format", "zip", "--out", str(out), "--data-dir", str(processed)]
    )
    assert result.exit_code == 0, result.output
    names = zipfile.ZipFile(out).namelist()
    assert "rapport.html" in names and "campagne.json" in names
    folders = {n.split("/", 1)[0] for n in names if "/" in n}
    assert len(folders) >= len(_contract(processed)["applications"])


def test_unknown_application_id_is_a_french_error(processed: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["export", "--format", "zip", "--application", "app-inconnue", "--out"]
        + [str(tmp_path / "x.zip"), "--data-dir", str(processed)],
    )
    assert result.exit_code == 2
    assert "Candidature inconnue" in result.output


def test_report_links_open_the_published_documents(processed: Path) -> None:
    html = (processed / "report" / "index.html").read_text(encoding="utf-8")
    published = list((processed / "report" / "documents").iterdir())
    assert published
    assert all(p.stat().st_size > 0 for p in published)
    # Named by hash and sniffed type: no name from a mail becomes a path on disk.
    assert all(re.fullmatch(r"[0-9a-f]{64}(\.[a-z]{3,4})?", p.name) for p in published)
    assert 'href="documents/' in html
