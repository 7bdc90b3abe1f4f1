"""Committee exports: the applications as CSV, XLSX and ODS sheets (ZIP bundles: zips.py).

Every text cell may come from a mail, so each one is neutralised before it reaches a sheet: a
value starting with = + - @ is prefixed with an apostrophe (no formula runs when the committee
opens the file) and characters XML cannot hold are dropped. Dates are written in the campaign's
zone (Europe/Paris).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pipeline.report import write_bytes_atomically as _write
from pipeline.report_data import (
    CHECK_LABELS,
    COMPLETENESS_LABELS,
    STATUS_LABELS,
    Completeness,
    check_result,
    completeness,
    local_time,
    territory_label,
)
from schemas import Application, CheckCode, Person

Cell = str | int | float | datetime | None

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_NAME_LIMIT = 100
_DATE_FORMAT = "dd/mm/yyyy hh:mm"

APPLICATION_HEADERS: list[str] = [
    "Identifiant",
    "Territoire",
    "Reçue le (heure de Paris)",
    "Dans les délais",
    "Complète",
    "État du dossier",
    "Titre du projet",
    "Quartiers",
    "Élu référent",
    "Signataire de la lettre",
    "Lettre signée",
    *(f"Contrôle : {label}" for _short, label in CHECK_LABELS.values()),
]
CHECK_HEADERS = ["Identifiant", "Territoire", "Code", "Contrôle", "Statut", "Message", "Preuves"]
CONTACT_HEADERS = [
    "Identifiant",
    "Territoire",
    "Nom",
    "Fonction",
    "Service",
    "Courriel",
    "Téléphone",
    "Adresse",
]
SERVICE_LABELS = {
    "politique_de_la_ville": "Politique de la ville",
    "developpement_economique": "Développement économique",
    "autre": "Autre",
}
NOT_RUN = "Non effectué"


def neutralise(value: str) -> str:
    """Text safe for a spreadsheet cell: no formula, no character XML refuses."""
    text = _ILLEGAL.sub("", value)
    if text[:1] in _FORMULA_STARTS or text.lstrip()[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


def _yes(flag: bool) -> str:
    return "oui" if flag else "non"


def _person(person: Person | None) -> str:
    if person is None or not person.name:
        return ""
    return ", ".join(p for p in (person.name, person.title) if p)


def status_word(app: Application, code: CheckCode) -> str:
    """The check's French status; a check the pipeline did not record says so."""
    if code not in app.checks:
        return NOT_RUN
    return STATUS_LABELS[app.checks[code].status][1]


def application_row(app: Application, tz: str = "Europe/Paris") -> list[Cell]:
    fields = app.fields
    state = completeness(app)
    return [
        app.id,
        territory_label(app),
        local_time(app.received_at, tz),
        _yes(app.on_time),
        _yes(state == Completeness.COMPLETE),
        COMPLETENESS_LABELS[state][1],
        fields.project_title or "",
        " ; ".join(fields.quartiers),
        _person(fields.elected_official),
        _person(fields.letter_signatory),
        _yes(fields.letter_signed),
        *(status_word(app, code) for code in CheckCode),
    ]


def check_rows(app: Application) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for code in CheckCode:
        result = check_result(app, code)
        quotes = [
            f"« {e.text} » — {e.document}" + (f", page {e.page}" if e.page else "")
            for e in result.evidence
        ]
        rows.append(
            [
                app.id,
                territory_label(app),
                code.value,
                CHECK_LABELS[code][1],
                status_word(app, code),
                result.message,
                "\n".join(quotes),
            ]
        )
    return rows


def contact_rows(app: Application) -> list[list[Cell]]:
    return [
        [
            app.id,
            territory_label(app),
            c.name or "",
            c.function or "",
            SERVICE_LABELS.get(c.service.value, c.service.value),
            c.email or "",
            c.phone or "",
            c.address or "",
        ]
        for c in app.fields.contacts
    ]


def _sheets(apps: Sequence[Application], tz: str) -> dict[str, list[list[Cell]]]:
    return {
        "Candidatures": [list(APPLICATION_HEADERS), *(application_row(a, tz) for a in apps)],
        "Contrôles": [list(CHECK_HEADERS), *(r for a in apps for r in check_rows(a))],
        "Contacts": [list(CONTACT_HEADERS), *(r for a in apps for r in contact_rows(a))],
    }


def _text(value: Cell) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return neutralise(str(value)) if value is not None else ""


def csv_bytes(
    apps: Sequence[Application], *, excel_fr: bool = False, tz: str = "Europe/Paris"
) -> bytes:
    """UTF-8 with BOM, so Excel reads the accents; `;` for a French Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel_fr else ",")
    for row in _sheets(apps, tz)["Candidatures"]:
        writer.writerow([_text(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(apps: Sequence[Application], path: Path, *, excel_fr: bool = False) -> Path:
    _write(path, csv_bytes(apps, excel_fr=excel_fr))
    return path


def xlsx_bytes(apps: Sequence[Application], tz: str = "Europe/Paris") -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in _sheets(apps, tz).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            # Excel has no time zones: the Paris wall-clock time is written, as staff read it.
            sheet.append(
                [v.replace(tzinfo=None) if isinstance(v, datetime) else _text(v) for v in row]
            )
        _dress(sheet, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _dress(sheet: Any, rows: list[list[Cell]]) -> None:
    """Bold frozen header, filters, readable widths, wrapped long text, French date format."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(zip(*rows, strict=False), start=1):
        longest = max(len(_text(v)) for v in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), 60)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = _DATE_FORMAT
            elif isinstance(cell.value, str) and len(cell.value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_xlsx(apps: Sequence[Application], path: Path) -> Path:
    _write(path, xlsx_bytes(apps))
    return path


def ods_bytes(apps: Sequence[Application], tz: str = "Europe/Paris") -> bytes:
    from odfdo import Cell as OdsCell
    from odfdo import Document, Row, Table

    document = Document("spreadsheet")
    body = document.body
    body.clear()
    for title, rows in _sheets(apps, tz).items():
        table = Table(title)
        for index, row in enumerate(rows):
            ods_row = Row()
            for value in row:
                if isinstance(value, datetime):
                    ods_row.append_cell(OdsCell(value.replace(tzinfo=None)))
                else:
                    ods_row.append_cell(OdsCell(_text(value)))
            table.set_row(index, ods_row)
        body.append(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_ods(apps: Sequence[Application], path: Path) -> Path:
    _write(path, ods_bytes(apps))
    return path


__all__ = ["neutralise", "write_csv", "write_ods", "write_xlsx"]
