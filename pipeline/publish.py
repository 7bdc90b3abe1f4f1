"""Gathering what the report and the exports show, from the store, after a run."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from pipeline.archive import Archive
from pipeline.report import write_report
from pipeline.report_data import ReportData
from pipeline.settings import Settings
from pipeline.store import Store
from schemas import Campaign


def report_data(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    out_dir: Path,
    polled_at: datetime | None = None,
) -> ReportData:
    """`polled_at` is the time of the poll in progress, when it succeeded (not yet stored)."""
    archive = Archive(settings.archive_dir)
    applications = store.records.applications()
    links = {}
    for app in applications:
        for document in app.documents:
            path = archive.file_path(document.sha256)
            if path.exists():
                links[document.sha256] = os.path.relpath(path, out_dir)
    return ReportData(
        campaign=campaign,
        applications=applications,
        unrelated=store.records.unrelated(),
        last_successful_poll=polled_at or store.records.last_successful_poll(),
        generated_at=datetime.now(UTC),
        archive_links=links,
    )


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
