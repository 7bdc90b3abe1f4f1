"""Committee exports read back with their own readers and compared with the JSON contract."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from bs4 import BeautifulSoup
from helpers_apps import HOSTILE_FORMULA, sample_report_data
from hypothesis import given
from hypothesis import strategies as st

from pipeline.contract import to_contract
from pipeline.exports import (
    APPLICATION_HEADERS,
    CHECK_HEADERS,
    neutralise,
    write_csv,
    write_ods,
    write_xlsx,
)
from pipeline.report_data import CHECK_LABELS, STATUS_LABELS, territory_label
from pipeline.zips import safe_filename, write_application_zip, write_campaign_zip
from schemas import Application, CheckCode, CheckStatus

WORDS = {status.value: STATUS_LABELS[status][1] for status in CheckStatus}
CHECK_COLUMNS = [f"Contrôle : {label}" for _short, label in CHECK_LABELS.values()]


@pytest.fixture(scope="module")
def data() -> Any:
    return sample_report_data()


@pytest.fixture(scope="module")
def contract(data: Any) -> dict[str, Any]:
    return to_contract(data.campaign, data.applications, data.unrelated)


def _expected(contract: dict[str, Any]) -> dict[str, dict[str, str]]:
    """What each application's row must say, read from the contract alone."""
    expected = {}
    for record in contract["applications"]:
        statuses = {
            f"Contrôle : {CHECK_LABELS[code][1]}": WORDS[record["checks"][code.value]["status"]]
            if code.value in record["checks"]
            else "Non effectué"
            for code in CheckCode
        }
        expected[record["id"]] = {
            "Territoire": record["territory"] or "Territoire non identifié",
            "Dans les délais": "oui" if record["on_time"] else "non",
            **statuses,
        }
    return expected


def _rows_as_dicts(rows: list[list[Any]]) -> dict[str, dict[str, Any]]:
    header, *body = rows
    return {str(row[0]): dict(zip(header, row, strict=True)) for row in body}


def _assert_matches_contract(rows: list[list[Any]], contract: dict[str, Any]) -> None:
    by_id = _rows_as_dicts(rows)
    expected = _expected(contract)
    assert set(by_id) == set(expected)
    for app_id, values in expected.items():
        for column, value in values.items():
            assert by_id[app_id][column] == value, (app_id, column)


def test_csv_rows_match_the_contract(tmp_path: Path, data: Any, contract: dict[str, Any]) -> None:
    path = write_csv(data.applications, tmp_path / "candidatures.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == APPLICATION_HEADERS
    _assert_matches_contract(rows, contract)


def test_csv_for_french_excel_has_bom_and_semicolons(tmp_path: Path, data: Any) -> None:
    path = write_csv(data.applications, tmp_path / "c.csv", excel_fr=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows[0]) == len(APPLICATION_HEADERS)
    assert len(rows) == len(data.applications) + 1


def test_csv_dates_are_paris_time(tmp_path: Path, data: Any) -> None:
    path = write_csv(data.applications, tmp_path / "c.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        by_id = {row["Identifiant"]: row for row in csv.DictReader(handle)}
    assert by_id["agen"]["Reçue le (heure de Paris)"] == "2016-04-12T11:30:00+02:00"


def test_xlsx_sheets_match_the_contract(
    tmp_path: Path, data: Any, contract: dict[str, Any]
) -> None:
    workbook = openpyxl.load_workbook(write_xlsx(data.applications, tmp_path / "c.xlsx"))
    assert workbook.sheetnames == ["Candidatures", "Contrôles", "Contacts"]
    rows = [list(r) for r in workbook["Candidatures"].iter_rows(values_only=True)]
    _assert_matches_contract(rows, contract)
    received = _rows_as_dicts(rows)["agen"]["Reçue le (heure de Paris)"]
    assert received == datetime(2016, 4, 12, 11, 30)


def test_xlsx_checks_sheet_counts_statuses_like_the_contract(
    tmp_path: Path, data: Any, contract: dict[str, Any]
) -> None:
    workbook = openpyxl.load_workbook(write_xlsx(data.applications, tmp_path / "c.xlsx"))
    header, *rows = list(workbook["Contrôles"].iter_rows(values_only=True))
    assert list(header) == CHECK_HEADERS
    assert len(rows) == len(data.applications) * len(CheckCode)
    found = Counter(row[4] for row in rows)
    expected = Counter(
        WORDS[check["status"]] for r in contract["applications"] for check in r["checks"].values()
    )
    not_run = sum(len(CheckCode) - len(r["checks"]) for r in contract["applications"])
    assert found == expected + Counter({"Non effectué": not_run})


def test_xlsx_has_one_contact_row_per_contact(
    tmp_path: Path, data: Any, contract: dict[str, Any]
) -> None:
    workbook = openpyxl.load_workbook(write_xlsx(data.applications, tmp_path / "c.xlsx"))
    rows = list(workbook["Contacts"].iter_rows(values_only=True))[1:]
    names = [(r[0], r[2]) for r in rows]
    expected = [
        (record["id"], contact["name"])
        for record in contract["applications"]
        for contact in record["fields"]["contacts"]
    ]
    assert sorted(names) == sorted(expected)


def _ods_tables(path: Path) -> dict[str, list[list[Any]]]:
    from odfdo import Document

    document = Document(str(path))
    return {table.name: table.get_values() for table in document.body.get_tables()}


def test_ods_sheets_match_the_contract(tmp_path: Path, data: Any, contract: dict[str, Any]) -> None:
    tables = _ods_tables(write_ods(data.applications, tmp_path / "c.ods"))
    assert list(tables) == ["Candidatures", "Contrôles", "Contacts"]
    _assert_matches_contract(tables["Candidatures"], contract)
    assert len(tables["Contrôles"]) == len(data.applications) * len(CheckCode) + 1


def test_formula_from_a_mail_is_neutralised_everywhere(tmp_path: Path, data: Any) -> None:
    expected = "'" + HOSTILE_FORMULA + ", Maire"
    with write_csv(data.applications, tmp_path / "c.csv").open(encoding="utf-8-sig") as handle:
        csv_rows = {r["Identifiant"]: r for r in csv.DictReader(handle)}
    assert csv_rows["coutras-2016"]["Élu référent"] == expected

    workbook = openpyxl.load_workbook(write_xlsx(data.applications, tmp_path / "c.xlsx"))
    formulas = [
        cell.coordinate
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    xlsx_rows = _rows_as_dicts(
        [list(r) for r in workbook["Candidatures"].iter_rows(values_only=True)]
    )
    assert xlsx_rows["coutras-2016"]["Élu référent"] == expected
    phones = [r[6] for r in workbook["Contacts"].iter_rows(min_row=2, values_only=True)]
    assert set(phones) == {"'+33556000000", "'-05 56 00 00 01"}

    ods_rows = _rows_as_dicts(
        _ods_tables(write_ods(data.applications, tmp_path / "c.ods"))["Candidatures"]
    )
    assert ods_rows["coutras-2016"]["Élu référent"] == expected


@pytest.mark.parametrize(
    "value", ["=1+1", "+33 5", "-2", "@SUM(A1)", "\t=1", "  =cmd|' /C calc'!A0"]
)
def test_neutralise_prefixes_formula_starts(value: str) -> None:
    assert neutralise(value).startswith("'")


def test_neutralise_keeps_plain_text_and_drops_control_characters() -> None:
    assert neutralise("Bordeaux Métropole") == "Bordeaux Métropole"
    assert neutralise("a\x0bb\x00c") == "abc"


def _files(data: Any) -> tuple[dict[str, bytes], dict[str, tuple[str, bytes]]]:
    raw = {}
    documents = {}
    for app in data.applications:
        for message_id in app.messages:
            raw[message_id] = f"Message-ID: <{message_id}>\r\n\r\ncorps".encode()
        for ref in app.documents:
            documents[ref.sha256] = (ref.filename, f"%PDF-1.4 {ref.filename}".encode())
    return raw, documents


def _app(data: Any, app_id: str) -> Application:
    return next(a for a in data.applications if a.id == app_id)


def test_application_zip_holds_mails_documents_record_and_page(
    tmp_path: Path, data: Any, contract: dict[str, Any]
) -> None:
    raw, documents = _files(data)
    app = _app(data, "coutras-2016")
    record = next(r for r in contract["applications"] if r["id"] == app.id)
    del raw[app.messages[1]]
    path = write_application_zip(
        app,
        tmp_path / "coutras.zip",
        raw_messages=raw,
        documents=documents,
        contract_record=record,
        campaign=data.campaign,
        generated_at=data.generated_at,
    )
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(
            [
                "messages/01.eml",
                "messages/03.eml",
                "documents/_img src=x onerror=_window.__pwned=2__.pdf",
                "documents/passwd",
                "candidature.json",
                "fiche.html",
                "LISEZMOI.txt",
            ]
        )
        assert json.loads(archive.read("candidature.json")) == record
        assert archive.read("messages/01.eml") == raw[app.messages[0]]
        assert archive.read("documents/passwd") == documents[app.documents[1].sha256][1]
        assert "Message n° 2" in archive.read("LISEZMOI.txt").decode("utf-8")
        page = BeautifulSoup(archive.read("fiche.html"), "lxml")
    links = {str(a["href"]) for a in page.select("table.documents a")}
    assert links == {n for n in names if n.startswith("documents/")}
    assert page.find("script") is None


def test_campaign_zip_has_report_sheets_json_and_a_folder_per_application(
    tmp_path: Path, data: Any, contract: dict[str, Any]
) -> None:
    raw, documents = _files(data)
    path = write_campaign_zip(
        data, tmp_path / "campagne.zip", raw_messages=raw, documents=documents, contract=contract
    )
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert {"rapport.html", "candidatures.csv", "candidatures.xlsx", "campagne.json"} <= set(
            names
        )
        assert json.loads(archive.read("campagne.json")) == contract
        folders = {n.split("/")[0] for n in names if n.endswith("/candidature.json")}
        assert len(folders) == len(data.applications)
        for folder in folders:
            record = json.loads(archive.read(f"{folder}/candidature.json"))
            app = _app(data, record["id"])
            assert folder == safe_filename(territory_label(app))
        workbook = openpyxl.load_workbook(io.BytesIO(archive.read("candidatures.xlsx")))
        assert workbook["Candidatures"].max_row == len(data.applications) + 1
        report = BeautifulSoup(archive.read("rapport.html"), "lxml")
        links = {str(a["href"]) for a in report.select("table.documents a")}
        assert links and links <= set(names)


def test_zip_entries_never_escape_the_archive(
    tmp_path: Path, data: Any, contract: dict[str, Any]
) -> None:
    raw, documents = _files(data)
    path = write_campaign_zip(
        data, tmp_path / "campagne.zip", raw_messages=raw, documents=documents, contract=contract
    )
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            assert not name.startswith("/")
            assert ".." not in name.split("/")
            assert "\\" not in name


def test_same_file_name_twice_gets_two_names(tmp_path: Path, data: Any) -> None:
    app = _app(data, "bordeaux-metropole")
    first, second = app.documents
    documents = {first.sha256: ("dossier.pdf", b"1"), second.sha256: ("dossier.pdf", b"2")}
    path = write_application_zip(
        app, tmp_path / "a.zip", raw_messages={}, documents=documents, contract_record={}
    )
    with zipfile.ZipFile(path) as archive:
        assert archive.read("documents/dossier.pdf") == b"1"
        assert archive.read("documents/dossier (2).pdf") == b"2"


@given(st.text(max_size=300))
def test_safe_filename_is_a_plain_name(name: str) -> None:
    """Contract: any text gives a non-empty name, no folder part, not hidden, bounded length."""
    result = safe_filename(name)
    assert result
    assert "/" not in result and "\\" not in result
    assert not result.startswith(".")
    assert result not in {".", ".."}
    assert len(result) <= 100
    assert all(ord(c) >= 32 for c in result)
