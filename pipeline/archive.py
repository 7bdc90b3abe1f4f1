"""Content-addressed archive: raw messages and attachment bytes, archived before any parsing.

Files are named by the SHA-256 of their bytes, never by a name from a mail, and written through a
temporary file, fsync and rename, so a crash leaves either the whole file or nothing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from pipeline.errors import ArchiveError


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Archive:
    """Raw messages under `raw/`, attachments under `files/`, two-level fan-out by hash."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, area: str, digest: str, suffix: str) -> Path:
        return self.root / area / digest[:2] / f"{digest}{suffix}"

    def raw_path(self, digest: str) -> Path:
        return self._path("raw", digest, ".eml")

    def file_path(self, digest: str) -> Path:
        return self._path("files", digest, "")

    def put_raw(self, data: bytes) -> str:
        """Archive a raw message; returns its hash. Idempotent."""
        digest = sha256_hex(data)
        self._write(self.raw_path(digest), data)
        return digest

    def put_file(self, data: bytes) -> str:
        digest = sha256_hex(data)
        self._write(self.file_path(digest), data)
        return digest

    def read_raw(self, digest: str) -> bytes:
        try:
            return self.raw_path(digest).read_bytes()
        except OSError as exc:
            raise ArchiveError(
                f"Message archivé introuvable ({digest[:12]}…) : l'archive est incomplète.",
                str(exc),
            ) from exc

    def read_file(self, digest: str) -> bytes:
        return self.file_path(digest).read_bytes()

    def _write(self, path: Path, data: bytes) -> None:
        if path.exists() and path.stat().st_size == len(data):
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise ArchiveError(
                f"Impossible d'écrire dans l'archive {self.root} : vérifiez l'espace disque et "
                "les droits du dossier de données.",
                str(exc),
            ) from exc
