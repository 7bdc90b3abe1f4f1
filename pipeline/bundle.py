"""ZIP bundles for the committee and the archives, gathered from the store and the archive."""

from __future__ import annotations

from pathlib import Path

from pipeline.archive import Archive
from pipeline.contract import application_record, to_contract
from pipeline.errors import ConfigError
from pipeline.publish import report_data
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.zips import write_application_zip, write_campaign_zip
from schemas import Application, Campaign


def _documents(archive: Archive, applications: list[Application]) -> dict[str, tuple[str, bytes]]:
    documents = {}
    for app in applications:
        for document in app.documents:
            path = archive.file_path(document.sha256)
            if path.exists():
                documents[document.sha256] = (document.filename, path.read_bytes())
    return documents


def _raw_messages(archive: Archive, store: Store, wanted: set[str] | None) -> dict[str, bytes]:
    return {
        message_id: archive.read_raw(sha)
        for message_id, sha in store.records.raw_by_message_id()
        if wanted is None or message_id in wanted
    }


def write_campaign_bundle(settings: Settings, campaign: Campaign, out: Path) -> Path:
    """The whole campaign: report, sheets, JSON, and one folder per application."""
    store = Store(settings.db_path)
    archive = Archive(settings.archive_dir)
    try:
        data = report_data(settings, store, campaign, out.parent)
        raw_messages = _raw_messages(archive, store, None)
    finally:
        store.close()
    return write_campaign_zip(
        data,
        out,
        raw_messages=raw_messages,
        documents=_documents(archive, data.applications),
        contract=to_contract(campaign, data.applications, data.unrelated),
    )


def write_application_bundle(
    settings: Settings, campaign: Campaign, application_id: str, out: Path
) -> Path:
    """One application: its mails, documents, JSON record and printable page."""
    store = Store(settings.db_path)
    archive = Archive(settings.archive_dir)
    try:
        found = [a for a in store.records.applications() if a.id == application_id]
        if not found:
            raise ConfigError(
                f"Candidature inconnue : {application_id}. `ami-intake export` liste les "
                "identifiants (clé « id »)."
            )
        app = found[0]
        raw_messages = _raw_messages(archive, store, set(app.messages))
    finally:
        store.close()
    return write_application_zip(
        app,
        out,
        raw_messages=raw_messages,
        documents=_documents(archive, [app]),
        contract_record=application_record(app),
        campaign=campaign,
    )
