"""Archive first: each raw message is written byte for byte and entered in the ledger before any
parsing that could fail."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path

from extractors.mime import reception_time
from pipeline.archive import Archive
from pipeline.store import Ledger
from schemas import RawMessage, ReceivedAtSource

log = logging.getLogger(__name__)


def header_message_id(raw: bytes) -> str | None:
    """The Message-ID from the headers alone, without angle brackets; None if unreadable."""
    try:
        headers = BytesHeaderParser(policy=policy.compat32).parsebytes(raw)
        value = headers.get("Message-ID")
    except Exception:  # headers of spam can be anything; the full parser will say more
        return None
    if not value:
        return None
    return str(value).strip().strip("<>").strip() or None


def _received(raw: RawMessage) -> tuple[datetime, ReceivedAtSource]:
    try:
        found = reception_time(raw.raw, raw.source.internaldate)
    except Exception as exc:  # a header we cannot read must not stop archiving
        log.warning("reception time unreadable for %s: %s", raw.source.origin, exc)
        found = None
    if found is not None and found[0] is not None:
        return found
    origin = raw.source.origin
    if origin and Path(origin.split("#", 1)[0]).exists():
        mtime = Path(origin.split("#", 1)[0]).stat().st_mtime
        return datetime.fromtimestamp(mtime, UTC), ReceivedAtSource.FILE_MTIME
    return datetime.now(UTC), ReceivedAtSource.FILE_MTIME


def ingest(raw: RawMessage, archive: Archive, ledger: Ledger) -> bool:
    """Archive one delivered copy and record it; True when its bytes were new."""
    digest = archive.put_raw(raw.raw)
    received_at, source = _received(raw)
    return ledger.record_archived(
        raw.source,
        digest,
        header_message_id(raw.raw),
        len(raw.raw),
        received_at.isoformat(),
        source,
    )
