"""Read messages from files: .eml files, folders of them, Maildir folders and mbox files.

The bytes are passed on untouched (an mbox message loses only its ``From `` separator line), so
the archive holds exactly what was on disk. A path that cannot be read is skipped with a French
reason in ``FileSource.skipped``; it never stops the other paths.
"""

from __future__ import annotations

import logging
import mailbox
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from schemas.message import RawMessage, SourceRef

logger = logging.getLogger(__name__)

_MBOX_MAGIC = b"From "
_EML_SUFFIXES = {".eml"}


@dataclass(frozen=True)
class SkippedPath:
    """A path that gave no message, and why (French, shown to staff)."""

    path: str
    reason: str


class FileSource:
    """Iterate over the messages under some paths; ``skipped`` fills up as iteration goes."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = [Path(p) for p in paths]
        self.skipped: list[SkippedPath] = []

    def __iter__(self) -> Iterator[RawMessage]:
        seen_dirs: set[Path] = set()
        for path in self.paths:
            yield from self._read(path, explicit=True, seen_dirs=seen_dirs)

    def _read(self, path: Path, *, explicit: bool, seen_dirs: set[Path]) -> Iterator[RawMessage]:
        if path.is_dir():
            yield from self._read_dir(path, seen_dirs)
        elif path.is_file():
            yield from self._read_file(path, explicit=explicit)
        else:
            self._skip(path, "chemin introuvable ou qui n'est ni un fichier ni un dossier")

    def _read_dir(self, path: Path, seen_dirs: set[Path]) -> Iterator[RawMessage]:
        real = path.resolve()
        if real in seen_dirs:
            return  # a symbolic link back to a folder already read
        seen_dirs.add(real)
        if is_maildir(path):
            yield from self._read_maildir(path)
            return
        try:
            children = sorted(path.iterdir())
        except OSError as exc:
            self._skip(path, f"dossier illisible ({exc.strerror or exc})")
            return
        for child in children:
            yield from self._read(child, explicit=False, seen_dirs=seen_dirs)

    def _read_file(self, path: Path, *, explicit: bool) -> Iterator[RawMessage]:
        try:
            with path.open("rb") as handle:
                head = handle.read(len(_MBOX_MAGIC))
        except OSError as exc:
            self._skip(path, f"fichier illisible ({exc.strerror or exc})")
            return
        if head == _MBOX_MAGIC:
            yield from self._read_mbox(path)
        elif path.suffix.lower() in _EML_SUFFIXES or explicit:
            yield from self._read_eml(path)
        else:
            logger.debug("Fichier ignoré (ni .eml ni mbox) : %s", path)

    def _read_eml(self, path: Path) -> Iterator[RawMessage]:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self._skip(path, f"fichier illisible ({exc.strerror or exc})")
            return
        if not raw.strip():
            self._skip(path, "fichier vide")
            return
        yield _raw_message(raw, str(path))

    def _read_maildir(self, path: Path) -> Iterator[RawMessage]:
        """Messages of cur/ and new/ of this Maildir, not of its Maildir++ subfolders."""
        try:
            box = mailbox.Maildir(path, factory=None, create=False)
            keys = sorted(box.keys())
        except (OSError, mailbox.Error) as exc:
            self._skip(path, f"Maildir illisible ({exc})")
            return
        for key in keys:
            origin = f"{path}#{key}"
            try:
                raw = box.get_bytes(key)
            except (OSError, KeyError, mailbox.Error) as exc:
                self._skip(Path(origin), f"message illisible ({exc})")
                continue
            yield _raw_message(raw, origin)

    def _read_mbox(self, path: Path) -> Iterator[RawMessage]:
        """Messages of an mbox file; origins count from 1 (``boite.mbox#1`` is the first)."""
        try:
            box = mailbox.mbox(path, factory=None, create=False)
        except (OSError, mailbox.Error) as exc:
            self._skip(path, f"fichier mbox illisible ({exc})")
            return
        try:
            for index, key in enumerate(box.iterkeys(), start=1):
                yield _raw_message(box.get_bytes(key), f"{path}#{index}")
        except (OSError, mailbox.Error) as exc:
            self._skip(path, f"fichier mbox illisible ({exc})")
        finally:
            box.close()

    def _skip(self, path: Path, reason: str) -> None:
        logger.warning("Ignoré : %s : %s.", path, reason)
        self.skipped.append(SkippedPath(path=str(path), reason=reason))


def read_paths(paths: Iterable[Path]) -> Iterator[RawMessage]:
    """Messages under these paths, in path order then name order; unreadable paths are logged."""
    return iter(FileSource(paths))


def is_maildir(path: Path) -> bool:
    """A Maildir is a folder with cur/ and new/ (tmp/ may have been lost in a copy)."""
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _raw_message(raw: bytes, origin: str) -> RawMessage:
    source = SourceRef(mailbox="file", uidvalidity=0, uid=0, internaldate=None, origin=origin)
    return RawMessage(source=source, raw=raw)
