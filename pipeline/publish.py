"""Gathering what the report and the exports show, from the store, after a run."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from extractors import sniff as types
from pipeline.archive import Archive
from pipeline.report import write_report
from pipeline.report_data import FailedMessage, ReportData
from pipeline.settings import Settings
from pipeline.store import Store
from schemas import Application, Campaign


def report_data(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    out_dir: Path,
    polled_at: datetime | None = None,
) -> ReportData:
    """`polled_at` is the time of the poll in progress, when it succeeded (not yet stored)."""
    applications = store.records.applications()
    links = publish_documents(Archive(settings.archive_dir), applications, out_dir / "documents")
    return ReportData(
        campaign=campaign,
        applications=applications,
        unrelated=store.records.unrelated(),
        last_successful_poll=polled_at or store.records.last_successful_poll(),
        generated_at=datetime.now(UTC),
        archive_links=links,
        failures=[
            FailedMessage(message_id=mid, archive_name=sha, error=error or "", attempts=attempts)
            for sha, mid, error, attempts in store.ledger.failures()
        ],
    )


_EXTENSIONS = {
    types.PDF: ".pdf",
    types.DOCX: ".docx",
    types.ODT: ".odt",
    types.RTF: ".rtf",
    types.DOC: ".doc",
    types.JPEG: ".jpg",
    types.PNG: ".png",
    types.TIFF: ".tif",
}


def publish_documents(
    archive: Archive, applications: list[Application], folder: Path
) -> dict[str, str]:
    """Put each archived document beside the report, so a click opens it in the browser.

    Files are named by hash and by the extension of their sniffed type (no name from a mail ever
    becomes a path); hard links when the file system allows, so nothing is copied.
    """
    links: dict[str, str] = {}
    for app in applications:
        for document in app.documents:
            source = archive.file_path(document.sha256)
            if document.sha256 in links or not source.exists():
                continue
            name = document.sha256 + _EXTENSIONS.get(document.media_type, "")
            target = folder / name
            if not target.exists():
                folder.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copyfile(source, target)
            links[document.sha256] = f"{folder.name}/{name}"
    return links


def write_campaign_report(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    out_dir: Path | None = None,
    polled_at: datetime | None = None,
) -> Path:
    target = out_dir or settings.report_dir
    target.mkdir(parents=True, exist_ok=True)
    return write_report(report_data(settings, store, campaign, target, polled_at), target)
