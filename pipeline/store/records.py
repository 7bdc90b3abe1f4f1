"""Reading and writing processed results, applications and runs."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from pipeline.store.db import Database, utcnow
from schemas import Application, MessageResult, UnrelatedMessage


class Records:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save_result(self, result: MessageResult, claim_token: str) -> bool:
        """Store a message's result and mark it processed, in one transaction.

        Returns False (and writes nothing) when the claim was lost, so a result is never stored
        twice by overlapping runs.
        """
        with self.db.atomic() as conn:
            cur = conn.execute(
                "UPDATE raw_messages SET state = 'processed', claim_token = NULL, error = NULL, "
                "error_fr = NULL, message_id = ?, updated_at = ? "
                "WHERE sha256 = ? AND state = 'claimed' AND claim_token = ?",
                (result.parsed.message_id, utcnow(), result.sha256, claim_token),
            )
            if cur.rowcount != 1:
                return False
            conn.execute(
                "INSERT OR REPLACE INTO message_results(sha256, message_id, result_json, "
                "processed_at) VALUES (?, ?, ?, ?)",
                (result.sha256, result.parsed.message_id, result.model_dump_json(), utcnow()),
            )
        return True

    def results(self) -> list[MessageResult]:
        rows = self.db.conn.execute(
            "SELECT result_json FROM message_results r JOIN raw_messages m USING (sha256) "
            "WHERE m.state = 'processed' ORDER BY m.received_at, r.sha256"
        )
        return [MessageResult.model_validate_json(r[0]) for r in rows]

    def results_fingerprint(self, salt: str) -> str:
        """Hash of the processed messages (and of `salt`: campaign, code version) behind the
        current applications, so a run killed before regrouping is noticed by the next one."""
        digest = hashlib.sha256(salt.encode())
        rows = self.db.conn.execute(
            "SELECT sha256 FROM raw_messages WHERE state = 'processed' ORDER BY sha256"
        )
        for row in rows:
            digest.update(str(row[0]).encode())
        return digest.hexdigest()

    def grouped_fingerprint(self) -> str | None:
        row = self.db.conn.execute(
            "SELECT value FROM meta WHERE key = 'grouped_fingerprint'"
        ).fetchone()
        return None if row is None else str(row[0])

    def raw_by_message_id(self) -> list[tuple[str, str]]:
        """(Message-ID, raw hash) of processed messages, the first copy of each Message-ID."""
        rows = self.db.conn.execute(
            "SELECT message_id, MIN(sha256) FROM raw_messages "
            "WHERE state = 'processed' AND message_id IS NOT NULL GROUP BY message_id"
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def replace_applications(
        self,
        applications: Sequence[Application],
        unrelated: Sequence[UnrelatedMessage],
        fingerprint: str,
    ) -> None:
        """Swap the derived applications in one transaction (corrections live apart)."""
        now = utcnow()
        with self.db.atomic() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('grouped_fingerprint', ?)",
                (fingerprint,),
            )
            conn.execute("DELETE FROM applications")
            conn.execute("DELETE FROM unrelated_messages")
            conn.executemany(
                "INSERT INTO applications(id, record_json, updated_at) VALUES (?, ?, ?)",
                [(a.id, a.model_dump_json(), now) for a in applications],
            )
            conn.executemany(
                "INSERT INTO unrelated_messages(message_id, record_json) VALUES (?, ?)",
                [(u.message_id, u.model_dump_json()) for u in unrelated],
            )

    def applications(self) -> list[Application]:
        rows = self.db.conn.execute("SELECT record_json FROM applications ORDER BY id")
        apps = [Application.model_validate_json(r[0]) for r in rows]
        return sorted(apps, key=lambda a: (a.received_at, a.id))

    def unrelated(self) -> list[UnrelatedMessage]:
        rows = self.db.conn.execute("SELECT record_json FROM unrelated_messages")
        items = [UnrelatedMessage.model_validate_json(r[0]) for r in rows]
        return sorted(items, key=lambda u: (u.received_at, u.message_id))

    def start_run(self, source: str) -> int:
        with self.db.atomic() as conn:
            cur = conn.execute(
                "INSERT INTO runs(started_at, source) VALUES (?, ?)", (utcnow(), source)
            )
        return int(cur.lastrowid or 0)

    def finish_run(
        self, run_id: int, status: str, fetched: int, processed: int, failed: int, error: str | None
    ) -> None:
        with self.db.atomic() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = ?, status = ?, fetched = ?, processed = ?, "
                "failed = ?, error = ? WHERE id = ?",
                (utcnow(), status, fetched, processed, failed, error, run_id),
            )

    def last_successful_poll(self) -> datetime | None:
        row = self.db.conn.execute(
            "SELECT MAX(finished_at) FROM runs WHERE status = 'ok'"
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None
