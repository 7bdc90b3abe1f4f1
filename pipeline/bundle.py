"""The campaign ZIP for the committee and the archives: gathered from the store and the archive."""

from __future__ import annotations

from pathlib import Path

from pipeline.archive import Archive
from pipeline.contract import to_contract
from pipeline.exports import write_campaign_zip
from pipeline.publish import report_data
from pipeline.settings import Settings
from pipeline.store import Store
from schemas import Campaign


def write_campaign_bundle(settings: Settings, campaign: Campaign, out: Path) -> Path:
    store = Store(settings.db_path)
    archive = Archive(settings.archive_dir)
    try:
        data = report_data(settings, store, campaign, out.parent)
        raw_messages = {
            message_id: archive.read_raw(sha)
            for message_id, sha in store.records.raw_by_message_id()
        }
        documents = {}
        for app in data.applications:
            for document in app.documents:
                path = archive.file_path(document.sha256)
                if path.exists():
                    documents[document.sha256] = (document.filename, path.read_bytes())
        contract = to_contract(campaign, data.applications, data.unrelated)
    finally:
        store.close()
    return write_campaign_zip(
        data, out, raw_messages=raw_messages, documents=documents, contract=contract
    )
