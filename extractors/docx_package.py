"""The parts of a Word package (OPC): main document, headers, footers, notes, as XML trees.

Parts are found through relationships, not fixed names (some writers rename the main part).
Strict OOXML (ISO 29500) is read by renaming its namespaces to the usual transitional ones.
Oversized parts are refused: a small ZIP can inflate to gigabytes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAX_PART_BYTES = 60_000_000
_STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": (
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/main": (
        b"http://schemas.openxmlformats.org/drawingml/2006/main"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": (
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    ),
}


class Unreadable(Exception):
    """The package lacks its main part or holds a part too large to read."""


class Package:
    """The parts of a Word package, found through relationships (the main part may be renamed)."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.strict = False
        target = self._targets("_rels/.rels", "", "officeDocument")
        if not target:
            raise Unreadable("no officeDocument relationship")
        self.main_path = target[0]

    def main(self) -> etree._Element:
        return self._xml(self.main_path)

    def related(self, kind: str) -> list[etree._Element]:
        folder, name = posixpath.split(self.main_path)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        return [self._xml(path) for path in self._targets(rels, folder, kind) if self._has(path)]

    def _targets(self, rels_path: str, folder: str, kind: str) -> list[str]:
        if not self._has(rels_path):
            return []
        found = []
        for rel in self._xml(rels_path).iter(_REL):
            if rel.get("TargetMode") == "External":
                continue
            if (rel.get("Type") or "").rsplit("/", 1)[-1] != kind:
                continue
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found.append(posixpath.normpath(path))
        return found

    def _has(self, path: str) -> bool:
        try:
            self.zip.getinfo(path)
        except KeyError:
            return False
        return True

    def _xml(self, path: str) -> etree._Element:
        if self.zip.getinfo(path).file_size > _MAX_PART_BYTES:
            raise Unreadable(f"{path} too large")
        raw = self.zip.read(path)
        if b"purl.oclc.org/ooxml/" in raw:
            self.strict = True
            for strict, usual in _STRICT.items():
                raw = raw.replace(strict, usual)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(raw, parser=parser)
