"""Word 97-2003 ``.doc`` → DOCX through LibreOffice when it is installed, then read as DOCX.

The binary .doc format is not worth a parser of our own: LibreOffice converts it faithfully,
in a private temporary folder and profile (two conversions at once would share a lock
otherwise), under a time limit. LibreOffice imports anything it cannot recognise as plain
text, so the file must first be a Word compound file (olefile), or its bytes would be "read".
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import olefile

from extractors.doc_glued_tables import unglue_tables
from extractors.doc_pieces import doc_characters
from extractors.docx import read_docx
from extractors.sniff import DOC
from schemas import ExtractedText

TIMEOUT_S = 120.0
NOT_READ = "Format .doc non lu : demander un PDF ou un DOCX."


class LegacyDocExtractor:
    name: str = "doc"
    media_types: tuple[str, ...] = (DOC,)

    def available(self) -> bool:
        return _office() is not None

    def extract(self, data: bytes, filename: str) -> ExtractedText:
        return read_doc(data)


def _office() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def is_word_document(data: bytes) -> bool:
    """An OLE2 compound file holding a ``WordDocument`` stream, as Word 97-2003 writes."""
    if not olefile.isOleFile(data=data):
        return False
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return bool(ole.exists("WordDocument"))
    except (OSError, ValueError):  # olefile's own errors derive from these
        return False


def read_doc(data: bytes, *, timeout: float = TIMEOUT_S) -> ExtractedText:
    """Convert with LibreOffice and read the DOCX; without LibreOffice, say so in French."""
    office = _office()
    if office is None or not is_word_document(data):
        return ExtractedText(error=NOT_READ)
    with tempfile.TemporaryDirectory(prefix="ami-doc-") as folder:
        work = Path(folder)
        source = work / "document.doc"
        source.write_bytes(data)
        command = [
            office,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return ExtractedText(
                error=f"Conversion du .doc interrompue après {timeout:.0f} s. " + NOT_READ
            )
        except OSError:
            return ExtractedText(error=NOT_READ)
        converted = work / "out" / "document.docx"
        if not converted.exists():
            return ExtractedText(error=NOT_READ)
        read = read_docx(converted.read_bytes())
    if read.error:
        return ExtractedText(error=NOT_READ)
    notes = [*read.notes, "Document .doc converti par LibreOffice."]
    raw = doc_characters(data)
    unglued = unglue_tables(read.pages[0].text, raw) if raw is not None and read.pages else None
    if unglued is not None and unglued.tables:
        # LibreOffice lost tables: their cells come back glued together (« Titre du
        # projetBoutique »). The .doc's own cell marks give their rows and cells back.
        page = read.pages[0].model_copy(update={"text": unglued.text})
        notes.append("Tableaux du .doc relus dans le fichier même, LibreOffice les ayant perdus.")
        return read.model_copy(
            update={"pages": [page], "tables": read.tables + unglued.tables, "notes": notes}
        )
    return read.model_copy(update={"notes": notes})
