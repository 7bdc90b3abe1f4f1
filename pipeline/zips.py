"""ZIP bundles for the committee and the archives: one application, or the whole campaign.

Names inside a ZIP are built here, never taken as paths from a mail; entries carry a fixed time so
the same input gives the same archive.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.contract import application_record
from pipeline.exports import csv_bytes, ods_bytes, xlsx_bytes
from pipeline.report import render_application_page, render_report
from pipeline.report import write_bytes_atomically as _write
from pipeline.report_data import Correction, ReportData, local_time, territory_label
from schemas import Application, Campaign

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_NAME_LIMIT = 100


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


__all__ = ["safe_filename", "write_application_zip", "write_campaign_zip"]
