"""The ledger: which delivered copies were seen, and where each raw message is in its life.

A raw message is `pending` once archived, `claimed` while a run processes it, then `processed` or
`failed` (retried on later runs, never counted as processed). Claims left by a killed run are
released by the next run, which holds the run lock, so no live run can own them.
"""

from __future__ import annotations

import uuid

from pipeline.store.db import Database, utcnow
from schemas import ReceivedAtSource, SourceRef


class Ledger:
    """Implements the IMAP source's UidLedger protocol, plus claims and states."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.token = uuid.uuid4().hex

    # UidLedger protocol ---------------------------------------------------------------------
    def uidvalidity(self, mailbox: str) -> int | None:
        row = self.db.conn.execute(
            "SELECT uidvalidity FROM mailboxes WHERE mailbox = ?", (mailbox,)
        ).fetchone()
        return None if row is None else int(row[0])

    def set_uidvalidity(self, mailbox: str, uidvalidity: int) -> None:
        with self.db.atomic() as conn:
            conn.execute(
                "INSERT INTO mailboxes(mailbox, uidvalidity, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
                "updated_at = excluded.updated_at",
                (mailbox, uidvalidity, utcnow()),
            )

    def known_uids(self, mailbox: str, uidvalidity: int) -> set[int]:
        rows = self.db.conn.execute(
            "SELECT uid FROM copies WHERE mailbox = ? AND uidvalidity = ?", (mailbox, uidvalidity)
        )
        return {int(r[0]) for r in rows}

    def known_message_ids(self, mailbox: str) -> set[str]:
        rows = self.db.conn.execute(
            "SELECT DISTINCT message_id FROM copies WHERE mailbox = ? AND message_id IS NOT NULL",
            (mailbox,),
        )
        return {str(r[0]) for r in rows}

    def remember_uid(self, source: SourceRef, message_id: str) -> None:
        """Record a new UID for a message already archived (after a UIDVALIDITY change)."""
        row = self.db.conn.execute(
            "SELECT c.sha256 FROM copies c WHERE c.mailbox = ? AND c.message_id = ? LIMIT 1",
            (source.mailbox, message_id),
        ).fetchone()
        if row is None:
            return
        self._add_copy(source, str(row[0]), message_id)

    # Archiving and claims -------------------------------------------------------------------
    def record_archived(
        self,
        source: SourceRef,
        sha256: str,
        message_id: str | None,
        size: int,
        received_at: str,
        received_at_source: ReceivedAtSource,
    ) -> bool:
        """Register an archived copy in one transaction; True when the raw message is new."""
        now = utcnow()
        with self.db.atomic() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO raw_messages(sha256, message_id, size, received_at, "
                "received_at_source, archived_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (sha256, message_id, size, received_at, received_at_source.value, now, now),
            )
            is_new = cur.rowcount == 1
            self._insert_copy(conn, source, sha256, message_id, now)
        return is_new

    def _add_copy(self, source: SourceRef, sha256: str, message_id: str | None) -> None:
        with self.db.atomic() as conn:
            self._insert_copy(conn, source, sha256, message_id, utcnow())

    @staticmethod
    def _insert_copy(
        conn, source: SourceRef, sha256: str, message_id: str | None, now: str
    ) -> None:  # type: ignore[no-untyped-def]
        conn.execute(
            "INSERT OR IGNORE INTO copies(mailbox, uidvalidity, uid, sha256, message_id, origin, "
            "seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                source.mailbox,
                source.uidvalidity,
                source.uid,
                sha256,
                message_id,
                source.origin,
                now,
            ),
        )

    def release_orphan_claims(self) -> int:
        """Claims of a run that died; only called with the run lock held."""
        with self.db.atomic() as conn:
            cur = conn.execute(
                "UPDATE raw_messages SET state = 'pending', claim_token = NULL, updated_at = ? "
                "WHERE state = 'claimed' AND (claim_token IS NULL OR claim_token != ?)",
                (utcnow(), self.token),
            )
        return cur.rowcount

    def reset_for_reprocess(self) -> int:
        """Every processed message goes back to pending: results are recomputed from the archive."""
        with self.db.atomic() as conn:
            cur = conn.execute(
                "UPDATE raw_messages SET state = 'pending', updated_at = ? "
                "WHERE state IN ('processed', 'failed')",
                (utcnow(),),
            )
        return cur.rowcount

    def to_process(self) -> list[str]:
        """Pending and failed raw messages, oldest reception first."""
        rows = self.db.conn.execute(
            "SELECT sha256 FROM raw_messages WHERE state IN ('pending', 'failed') "
            "ORDER BY received_at, sha256"
        )
        return [str(r[0]) for r in rows]

    def claim(self, sha256: str) -> bool:
        """Take a message for this run; False if another run holds it or it is done."""
        with self.db.atomic() as conn:
            cur = conn.execute(
                "UPDATE raw_messages SET state = 'claimed', claim_token = ?, claimed_at = ?, "
                "attempts = attempts + 1, updated_at = ? "
                "WHERE sha256 = ? AND state IN ('pending', 'failed')",
                (self.token, utcnow(), utcnow(), sha256),
            )
        return cur.rowcount == 1

    def mark_failed(self, sha256: str, error: str, error_fr: str) -> None:
        with self.db.atomic() as conn:
            conn.execute(
                "UPDATE raw_messages SET state = 'failed', claim_token = NULL, error = ?, "
                "error_fr = ?, updated_at = ? WHERE sha256 = ?",
                (error, error_fr, utcnow(), sha256),
            )

    def received(self, sha256: str) -> tuple[str, ReceivedAtSource]:
        row = self.db.conn.execute(
            "SELECT received_at, received_at_source FROM raw_messages WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return str(row[0]), ReceivedAtSource(row[1])

    def counts(self) -> dict[str, int]:
        rows = self.db.conn.execute("SELECT state, COUNT(*) FROM raw_messages GROUP BY state")
        return {str(r[0]): int(r[1]) for r in rows}

    def failures(self) -> list[tuple[str, str | None, str | None, int]]:
        rows = self.db.conn.execute(
            "SELECT sha256, message_id, error_fr, attempts FROM raw_messages "
            "WHERE state = 'failed' ORDER BY received_at"
        )
        return [(str(r[0]), r[1], r[2], int(r[3])) for r in rows]
