"""The text of a Word 97-2003 ``.doc`` straight from its piece table, table cells kept apart.

LibreOffice converts most ``.doc`` files faithfully, but it loses the tables of some (those
LibreOffice itself saved from a Word table): every cell is then glued to the next one
(« Titre du projetBoutique à l'essai »). The text stream still marks each cell's end with a
character 7, so the bulletin's labels and answers can be told apart again. This reads the
document's characters in order from the piece table ([MS-DOC] 2.8.35), nothing more.
"""

from __future__ import annotations

import io
import re
import struct

import olefile

CELL_END = "\x07"
_FIELD = re.compile(r"\x13[^\x13\x14\x15]*(?:\x14([^\x13\x15]*))?\x15")  # instructions, result
_CONTROL = re.compile(r"[\x00-\x06\x08\x0e-\x1f]")


def doc_characters(data: bytes) -> str | None:
    """The document's characters in order, with Word's marks: paragraph ``\r``, cell end
    ``\x07`` (twice at a row's end); None when its structures cannot be read."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            word = ole.openstream("WordDocument").read()
            flags = struct.unpack_from("<H", word, 0x0A)[0]
            table_name = "1Table" if flags & 0x0200 else "0Table"
            table = ole.openstream(table_name).read()
        return _pieces(word, table)
    except (OSError, ValueError, struct.error, IndexError):  # a damaged file: LibreOffice's
        return None


def _pieces(word: bytes, table: bytes) -> str:
    """The characters of every piece of the piece table, in document order."""
    csw = struct.unpack_from("<H", word, 32)[0]
    at = 34 + 2 * csw
    cslw = struct.unpack_from("<H", word, at)[0]
    at += 2 + 4 * cslw + 2  # fibRgLw, then cbRgFcLcb
    fc_clx, lcb_clx = struct.unpack_from("<II", word, at + 33 * 8)
    clx = table[fc_clx : fc_clx + lcb_clx]
    pos = 0
    while clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if clx[pos] != 0x02:
        raise ValueError("no piece table")
    size = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5 : pos + 5 + size]
    count = (size - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    out = []
    for k in range(count):
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * k + 2)[0]
        length = cps[k + 1] - cps[k]
        if fc & 0x40000000:  # compressed: one byte per character, Windows-1252
            start = (fc & 0x3FFFFFFF) // 2
            out.append(word[start : start + length].decode("cp1252", "replace"))
        else:
            out.append(word[fc : fc + 2 * length].decode("utf-16-le", "replace"))
    return "".join(out)


def without_codes(raw: str) -> str:
    """``raw`` with fields reduced to their results and control codes dropped; paragraph,
    line-break, page-break and cell marks kept."""
    return _CONTROL.sub("", _FIELD.sub(lambda m: m.group(1) or "", raw))
