"""A thin layer over one SQLite file: WAL, foreign keys, numbered migrations, atomic blocks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import StoreError
from pipeline.store.migrations import MIGRATIONS


def utcnow() -> str:
    return datetime.now(UTC).isoformat()


class Database:
    """One connection per process; `atomic()` is the only way to write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            raise StoreError(
                f"Base de données inaccessible : {path}. Vérifiez le dossier de données.", str(exc)
            ) from exc
        self.migrate()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of the block is committed, or none of it."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        current = self.schema_version()
        latest = MIGRATIONS[-1][0]
        if current > latest:
            raise StoreError(
                f"La base {self.path} vient d'une version plus récente d'ami-intake "
                f"(schéma {current} > {latest}) : mettez le logiciel à jour."
            )
        for number, _title, sql in MIGRATIONS:
            if number <= current:
                continue
            with self.atomic() as conn:
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")


def _statements(sql: str) -> list[str]:
    """Split a migration script on semicolons (our migrations keep them out of comments)."""
    return [s.strip() for s in sql.split(";") if s.strip()]
