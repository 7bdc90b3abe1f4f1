"""One run: take new mail from a source, archive it, process what is pending, regroup, check,
store and report. The one place where failures are caught per message and the run goes on."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline.archive import Archive
from pipeline.assemble import build_draft, finish
from pipeline.errors import AmiIntakeError, SourceError
from pipeline.grouping import group_messages
from pipeline.ingest import ingest
from pipeline.lock import run_lock
from pipeline.process import process_message
from pipeline.qpv import QpvIndex
from pipeline.reference import load_qpv_index, reference_fingerprint
from pipeline.settings import Settings
from pipeline.store import Ledger, Store
from schemas import Campaign, MessageResult, RawMessage

log = logging.getLogger(__name__)

# Bump when grouping, assembly or checks change, so stored applications are recomputed.
PIPELINE_VERSION = "1"


@dataclass
class RunSummary:
    """What a run did, for the CLI's table and the exit code."""

    source: str
    fetched: int = 0
    new_messages: int = 0
    processed: int = 0
    failed: int = 0
    applications: int = 0
    unrelated: int = 0
    regrouped: bool = False
    source_error: str | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)
    report_path: Path | None = None

    @property
    def ok(self) -> bool:
        """The run worked: the source was read. Incomplete applications are not a failure."""
        return self.source_error is None


def run(
    settings: Settings,
    campaign: Campaign,
    source_name: str,
    source: Callable[[Ledger], Iterable[RawMessage]],
    *,
    write_report: bool = True,
    force_regroup: bool = False,
) -> RunSummary:
    """The whole job, under the run lock; the store is committed message by message.

    `source` is given the run's ledger, so an IMAP poll asks it which UIDs are already known.
    """
    summary = RunSummary(source=source_name)
    with run_lock(settings.data_dir):
        store = Store(settings.db_path)
        archive = Archive(settings.archive_dir)
        run_id = store.records.start_run(source_name)
        try:
            released = store.ledger.release_orphan_claims()
            if released:
                log.warning("released %d claims left by an interrupted run", released)
            _ingest_all(source(store.ledger), archive, store, summary, settings.fail_fast)
            qpv = _QpvLoader(settings)
            _process_pending(archive, store, summary, settings.fail_fast, qpv)
            fingerprint = store.records.results_fingerprint(_salt(campaign, settings))
            if force_regroup or fingerprint != store.records.grouped_fingerprint():
                regroup(store, campaign, fingerprint, qpv.index())
                summary.regrouped = True
            summary.applications = len(store.records.applications())
            summary.unrelated = len(store.records.unrelated())
            if write_report:
                polled_at = datetime.now(UTC) if summary.ok else None
                summary.report_path = _write_report(settings, store, campaign, polled_at)
        except BaseException as exc:
            store.records.finish_run(
                run_id, "failed", summary.fetched, summary.processed, summary.failed, repr(exc)
            )
            store.close()
            raise
        status = "ok" if summary.ok else "failed"
        store.records.finish_run(
            run_id, status, summary.fetched, summary.processed, summary.failed, summary.source_error
        )
        store.close()
    return summary


def _ingest_all(
    messages: Iterable[RawMessage],
    archive: Archive,
    store: Store,
    summary: RunSummary,
    fail_fast: bool,
) -> None:
    """Archive each message as the source yields it; a lost connection keeps what was archived."""
    iterator: Iterator[RawMessage] = iter(messages)
    while True:
        try:
            raw = next(iterator)
        except StopIteration:
            return
        except SourceError as exc:
            log.error("source failed after %d messages: %s", summary.fetched, exc)
            summary.source_error = exc.message_fr
            if fail_fast:
                raise
            return
        summary.fetched += 1
        if ingest(raw, archive, store.ledger):
            summary.new_messages += 1


def _process_pending(
    archive: Archive, store: Store, summary: RunSummary, fail_fast: bool, qpv: _QpvLoader
) -> None:
    ledger = store.ledger
    pending = ledger.to_process()
    index = qpv.index() if pending else None
    known_quartiers = index.names() if index else ()
    known_communes = index.communes() if index else ()
    for sha in pending:
        if not ledger.claim(sha):
            continue
        try:
            received_at, received_source = ledger.received(sha)
            raw = archive.read_raw(sha)
            result = process_message(
                raw,
                sha,
                datetime.fromisoformat(received_at),
                received_source,
                known_quartiers,
                known_communes,
            )
            _archive_attachments(result, archive)
            if store.records.save_result(result, ledger.token):
                summary.processed += 1
        except Exception as exc:  # the one broad except of this loop: keep going, keep the error
            detail = traceback.format_exc()
            message_fr = (
                exc.message_fr
                if isinstance(exc, AmiIntakeError)
                else "Le message n'a pas pu être traité ; il sera repris au prochain passage."
            )
            log.error("processing %s failed: %s", sha[:12], exc)
            ledger.mark_failed(sha, detail, message_fr)
            summary.failed += 1
            summary.failures.append((sha, message_fr))
            if fail_fast:
                raise


class _QpvLoader:
    """The QPV reference, read only when a run has something to process or to check."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._index: QpvIndex | None = None

    def index(self) -> QpvIndex:
        if self._index is None:
            self._index = load_qpv_index(self.settings)
        return self._index


def _archive_attachments(result: MessageResult, archive: Archive) -> None:
    stack = [result.parsed]
    while stack:
        message = stack.pop()
        for attachment in message.attachments:
            archive.put_file(attachment.content)
        stack.extend(message.forwarded)


def _salt(campaign: Campaign, settings: Settings) -> str:
    """What else applications depend on: campaign, reference data, the code deriving them."""
    return f"{PIPELINE_VERSION}|{campaign.model_dump_json()}|{reference_fingerprint(settings)}"


def regroup(store: Store, campaign: Campaign, fingerprint: str, qpv: QpvIndex) -> None:
    """Recompute applications from every processed result (deterministic; corrections apart)."""
    from pipeline.checks import run_checks

    grouping = group_messages(store.records.results(), campaign)
    drafts = [build_draft(group) for group in grouping.groups]
    checks = run_checks(drafts, campaign, qpv) if drafts else []
    applications = [finish(d, c, campaign) for d, c in zip(drafts, checks, strict=True)]
    store.records.replace_applications(applications, grouping.unrelated, fingerprint)


def _write_report(
    settings: Settings, store: Store, campaign: Campaign, polled_at: datetime | None
) -> Path:
    from pipeline.publish import write_campaign_report

    return write_campaign_report(settings, store, campaign, polled_at=polled_at)
