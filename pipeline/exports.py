"""Committee exports: the applications as CSV, XLSX and ODS sheets, and ZIP bundles of the files.

Every text cell may come from a mail, so each one is neutralised before it reaches a sheet: a
value starting with = + - @ is prefixed with an apostrophe (no formula runs when the committee
opens the file) and characters XML cannot hold are dropped. Names inside a ZIP are built here,
never taken as paths from a mail. Dates are written in the campaign's zone (Europe/Paris).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pipeline.contract import application_record
from pipeline.report import render_application_page, render_report
from pipeline.report import write_bytes_atomically as _write
from pipeline.report_data import (
    CHECK_LABELS,
    COMPLETENESS_LABELS,
    STATUS_LABELS,
    Completeness,
    Correction,
    ReportData,
    check_result,
    completeness,
    local_time,
    territory_label,
)
from schemas import Application, Campaign, CheckCode, Person

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


def safe_filename(name: str, fallback: str = "document") -> str:
    """A plain file name: no folder, no control or reserved character, no hidden file."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    if not name or _RESERVED.match(name):
        name = f"{fallback}{'_' + name if name else ''}"
    if len(name) > _NAME_LIMIT:
        stem, dot, ext = name.rpartition(".")
        ext = ext if dot and len(ext) <= 10 else ""
        name = name[: _NAME_LIMIT - len(ext) - 1].rstrip(" .") + ("." + ext if ext else "")
    return name


def _unique(name: str, used: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    candidate, n = name, 2
    while candidate.casefold() in used:
        candidate = f"{stem} ({n})" + (f".{ext}" if ext else "")
        n += 1
    used.add(candidate.casefold())
    return candidate


class _Bundle:
    """A ZIP being written: fixed timestamps, so the same input gives the same archive."""

    def __init__(self, archive: zipfile.ZipFile, stamp: datetime) -> None:
        self.archive = archive
        local = local_time(stamp)
        self.date_time = (local.year, local.month, local.day, local.hour, local.minute, 0)

    def add(self, name: str, payload: bytes | str) -> None:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        self.archive.writestr(info, data)


def _document_names(app: Application, documents: Mapping[str, tuple[str, bytes]]) -> dict[str, str]:
    """sha256 → unique safe name under documents/, for the documents we have bytes of."""
    used: set[str] = set()
    names: dict[str, str] = {}
    for ref in app.documents:
        if ref.sha256 in names or ref.sha256 not in documents:
            continue
        names[ref.sha256] = _unique(safe_filename(documents[ref.sha256][0] or ref.filename), used)
    return names


def _add_application(
    bundle: _Bundle,
    app: Application,
    prefix: str,
    *,
    raw_messages: Mapping[str, bytes],
    documents: Mapping[str, tuple[str, bytes]],
    record: dict[str, Any],
    page: str,
) -> list[str]:
    """Write one application's files under prefix; return French notes on what is absent."""
    notes: list[str] = []
    for number, message_id in enumerate(dict.fromkeys(app.messages), start=1):
        raw = raw_messages.get(message_id)
        if raw is None:
            notes.append(f"Message n° {number} ({message_id}) : absent de l'archive.")
            continue
        bundle.add(f"{prefix}messages/{number:02d}.eml", raw)
    names = _document_names(app, documents)
    for sha, name in names.items():
        bundle.add(f"{prefix}documents/{name}", documents[sha][1])
    for ref in app.documents:
        if ref.sha256 not in names:
            notes.append(f"Document « {ref.filename} » : contenu absent de l'archive.")
    bundle.add(f"{prefix}candidature.json", json.dumps(record, ensure_ascii=False, indent=2))
    bundle.add(f"{prefix}fiche.html", page)
    return notes


_APPLICATION_README = [
    "fiche.html : la candidature, imprimable ; candidature.json : les données extraites ;",
    "messages/ : les courriels reçus (.eml) ; documents/ : les pièces jointes.",
]
_CAMPAIGN_README = [
    "rapport.html : le rapport de complétude ; campagne.json : toutes les données ;",
    "candidatures.csv (Excel, séparateur ;), .xlsx et .ods : les tableaux pour le comité ;",
    "un dossier par candidature :",
    *_APPLICATION_README,
]


def _readme(title: str, contents: list[str], notes: list[str]) -> str:
    lines = [title, "", *contents, ""]
    lines += ["Éléments manquants :", *(f"- {n}" for n in notes)] if notes else ["Rien ne manque."]
    return "\n".join(lines) + "\n"


def write_application_zip(
    app: Application,
    path: Path,
    *,
    raw_messages: Mapping[str, bytes],
    documents: Mapping[str, tuple[str, bytes]],
    contract_record: dict[str, Any],
    campaign: Campaign | None = None,
    generated_at: datetime | None = None,
    corrections: Sequence[Correction] = (),
    notes: Sequence[str] = (),
) -> Path:
    """One application: its mails, its documents, its JSON record and a printable page."""
    stamp = generated_at or datetime.now().astimezone()
    links = {sha: f"documents/{name}" for sha, name in _document_names(app, documents).items()}
    page = render_application_page(
        app,
        campaign=campaign,
        generated_at=stamp,
        archive_links=links,
        corrections=corrections,
        notes=notes,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        bundle = _Bundle(archive, stamp)
        missing = _add_application(
            bundle,
            app,
            "",
            raw_messages=raw_messages,
            documents=documents,
            record=contract_record,
            page=page,
        )
        title = f"Candidature : {territory_label(app)}"
        bundle.add("LISEZMOI.txt", _readme(title, _APPLICATION_README, missing))
    _write(path, buffer.getvalue())
    return path


def write_campaign_zip(
    data: ReportData,
    path: Path,
    *,
    raw_messages: Mapping[str, bytes],
    documents: Mapping[str, tuple[str, bytes]],
    contract: dict[str, Any],
) -> Path:
    """The whole campaign: the report, the sheets, the JSON, and one folder per application."""
    records = {r.get("id"): r for r in contract.get("applications", []) if isinstance(r, dict)}
    used: set[str] = set()
    folders = {
        app.id: _unique(safe_filename(territory_label(app), "candidature"), used) + "/"
        for app in data.applications
    }
    tz = data.campaign.timezone
    names = {app.id: _document_names(app, documents) for app in data.applications}
    links = {
        sha: f"{folders[app_id]}documents/{name}"
        for app_id, by_sha in names.items()
        for sha, name in by_sha.items()
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        bundle = _Bundle(archive, data.generated_at)
        bundle.add("rapport.html", render_report(data.model_copy(update={"archive_links": links})))
        bundle.add("candidatures.csv", csv_bytes(data.applications, excel_fr=True, tz=tz))
        bundle.add("candidatures.xlsx", xlsx_bytes(data.applications, tz))
        bundle.add("candidatures.ods", ods_bytes(data.applications, tz))
        bundle.add("campagne.json", json.dumps(contract, ensure_ascii=False, indent=2))
        missing: list[str] = []
        for app in data.applications:
            prefix = folders[app.id]
            page = render_application_page(
                app,
                campaign=data.campaign,
                generated_at=data.generated_at,
                archive_links={s: f"documents/{n}" for s, n in names[app.id].items()},
                corrections=data.corrections.get(app.id, []),
                notes=data.notes.get(app.id, []),
            )
            missing += [
                f"{territory_label(app)} : {note}"
                for note in _add_application(
                    bundle,
                    app,
                    prefix,
                    raw_messages=raw_messages,
                    documents=documents,
                    record=records.get(app.id) or application_record(app),
                    page=page,
                )
            ]
        title = f"Campagne : {data.campaign.name}"
        bundle.add("LISEZMOI.txt", _readme(title, _CAMPAIGN_README, missing))
    _write(path, buffer.getvalue())
    return path


__all__ = [
    "neutralise",
    "safe_filename",
    "write_application_zip",
    "write_campaign_zip",
    "write_csv",
    "write_ods",
    "write_xlsx",
]
