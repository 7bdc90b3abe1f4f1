"""The SQLite store: ledger of copies and states, processed results, applications, runs."""

from pathlib import Path

from pipeline.store.db import Database
from pipeline.store.ledger import Ledger
from pipeline.store.records import Records


class Store:
    """The database, its ledger and its records, opened together."""

    def __init__(self, path: Path) -> None:
        self.db = Database(path)
        self.ledger = Ledger(self.db)
        self.records = Records(self.db)

    def close(self) -> None:
        self.db.close()


__all__ = ["Database", "Ledger", "Records", "Store"]
