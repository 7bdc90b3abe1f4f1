"""The SQLite store and the archive, on real files reopened to prove each commit."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.archive import Archive, sha256_hex
from pipeline.errors import StoreError
from pipeline.store import Store
from pipeline.store.migrations import MIGRATIONS
from schemas import ReceivedAtSource, SourceRef

IMAP = "imap://pqa@127.0.0.1:1143/INBOX"


def _record(store: Store, raw: bytes, uid: int = 0, mailbox: str = "file") -> bool:
    source = SourceRef(mailbox=mailbox, uidvalidity=7 if uid else 0, uid=uid)
    return store.ledger.record_archived(
        source,
        sha256_hex(raw),
        f"id-{sha256_hex(raw)[:6]}",
        len(raw),
        datetime(2016, 4, 1, tzinfo=UTC).isoformat(),
        ReceivedAtSource.DATE_HEADER,
    )


def test_archive_writes_bytes_unchanged_and_names_them_by_hash(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive")
    raw = b"From: a@b.fr\r\nSubject: =?utf-8?q?caf=C3=A9?=\r\n\r\ncorps\r\n"
    digest = archive.put_raw(raw)
    assert digest == sha256_hex(raw)
    assert archive.raw_path(digest).read_bytes() == raw
    assert archive.put_raw(raw) == digest
    assert not list(archive.raw_path(digest).parent.glob(".tmp-*"))


def test_new_store_is_migrated_to_latest_version_in_wal_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    store.close()
    conn = sqlite3.connect(tmp_path / "db.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == MIGRATIONS[-1][0]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_from_a_newer_version_is_refused_in_french(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError) as err:
        Store(path)
    assert "plus récente" in err.value.message_fr


def test_same_bytes_recorded_twice_are_one_message_with_two_copies(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    raw = b"Message-ID: <x@y>\r\n\r\nbody"
    assert _record(store, raw, uid=1, mailbox=IMAP) is True
    assert _record(store, raw, uid=2, mailbox=IMAP) is False
    store.close()
    reopened = Store(tmp_path / "db.sqlite3")
    assert reopened.ledger.counts() == {"pending": 1}
    assert reopened.ledger.known_uids(IMAP, 7) == {1, 2}


def test_claim_is_taken_once_and_failure_is_retried_not_processed(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    raw = b"Message-ID: <a@b>\r\n\r\nx"
    _record(store, raw)
    sha = sha256_hex(raw)
    assert store.ledger.claim(sha) is True
    assert store.ledger.claim(sha) is False
    store.ledger.mark_failed(sha, "Traceback...", "Le message n'a pas pu être traité.")
    assert store.ledger.counts() == {"failed": 1}
    assert store.ledger.to_process() == [sha]
    assert store.ledger.failures()[0][3] == 1


def test_claims_of_a_killed_run_are_released_by_the_next_run(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    first = Store(path)
    raw = b"Message-ID: <k@b>\r\n\r\nx"
    _record(first, raw)
    assert first.ledger.claim(sha256_hex(raw))
    first.close()  # the run dies here, its claim still in the file
    second = Store(path)
    assert second.ledger.to_process() == []
    assert second.ledger.release_orphan_claims() == 1
    assert second.ledger.to_process() == [sha256_hex(raw)]


def test_uidvalidity_is_remembered_per_mailbox(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    assert store.ledger.uidvalidity(IMAP) is None
    store.ledger.set_uidvalidity(IMAP, 42)
    store.ledger.set_uidvalidity("imap://other/INBOX", 5)
    store.close()
    assert Store(tmp_path / "db.sqlite3").ledger.uidvalidity(IMAP) == 42


def test_uid_of_a_known_message_after_resync_adds_a_copy_not_a_message(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    raw = b"Message-ID: <r@b>\r\n\r\nx"
    _record(store, raw, uid=3, mailbox=IMAP)
    message_id = f"id-{sha256_hex(raw)[:6]}"
    assert store.ledger.known_message_ids(IMAP) == {message_id}
    store.ledger.remember_uid(SourceRef(mailbox=IMAP, uidvalidity=8, uid=1), message_id)
    assert store.ledger.known_uids(IMAP, 8) == {1}
    assert store.ledger.counts() == {"pending": 1}
