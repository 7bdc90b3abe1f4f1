"""RTF → one page of text, read with striprtf after taking pictures out.

Pictures are hex dumps that can make up most of an RTF file; they are cut out before parsing
(faster) and replaced by a marker, so a picture in the lower part of the letter (a scanned
signature) can still be noticed.
"""

from __future__ import annotations

import codecs
import re

from striprtf.striprtf import rtf_to_text

from extractors.sniff import RTF
from schemas import ExtractedText, Method, Page

_MARK = "AMIPICTUREMARK"
_PICTURE = re.compile(r"\{\s*(?:\\\*\s*)?\\(shppict|nonshppict|pict|shp|objdata)(?![a-z])")
_CONTROL_BEFORE_CAPITAL = re.compile(r"(?<!\\)(\\[a-z]{1,32}(?:-?\d{1,10})?)(?=[A-Z])")
_CODE_PAGE = re.compile(r"\\ansicpg(\d+)")

BROKEN_ERROR = "Fichier RTF illisible : demander un PDF ou un DOCX."


class RtfExtractor:
    name: str = "rtf"
    media_types: tuple[str, ...] = (RTF,)

    def available(self) -> bool:
        return True

    def extract(self, data: bytes, filename: str) -> ExtractedText:
        return read_rtf(data)


def read_rtf(data: bytes) -> ExtractedText:
    """The text of an RTF file as page 1."""
    source = data.decode("latin-1")  # RTF is 7-bit; 8-bit bytes are decoded by the code page
    source = _without_pictures(source)
    # A control word is lower-case letters (RTF 1.9): « \parRoselyne » is \par, then
    # « Roselyne »; striprtf matches control words case-blind, so the delimiter is made explicit.
    source = _CONTROL_BEFORE_CAPITAL.sub(r"\1 ", source)
    try:
        text = rtf_to_text(source, encoding=_encoding(source), errors="replace")
    except (ValueError, IndexError, UnicodeError, RecursionError):
        return ExtractedText(error=BROKEN_ERROR)
    pieces = text.split(_MARK)
    clean = "".join(pieces)
    length = max(1, len(clean.strip()))
    offsets = [len("".join(pieces[: i + 1])) for i in range(len(pieces) - 1)]
    signed = any(offset / length > 0.5 for offset in offsets)
    clean = re.sub(r"[ \t]+\n", "\n", clean)
    clean = re.sub(r"\n{3,}", "\n\n", clean).strip()
    return ExtractedText(
        pages=[Page(number=1, text=clean, method=Method.RTF, has_signature_mark=signed)]
    )


def _encoding(source: str) -> str:
    found = _CODE_PAGE.search(source[:4000])
    if found:
        name = f"cp{found.group(1)}"
        try:
            codecs.lookup(name)
        except LookupError:
            return "cp1252"
        return name
    return "cp1252"


def _without_pictures(source: str) -> str:
    """Replace picture groups by a marker; drop the duplicate pictures kept for old readers."""
    out: list[str] = []
    position = 0
    for found in _PICTURE.finditer(source):
        start = found.start()
        if start < position:
            continue  # inside a group already cut out
        end = _group_end(source, start)
        kind = found.group(1)
        out.append(source[position:start])
        if kind in ("shppict", "pict") or (kind == "shp" and "\\pict" in source[start:end]):
            out.append(f" {_MARK} ")
        position = end
    out.append(source[position:])
    return "".join(out)


def _group_end(source: str, start: int) -> int:
    """Index just past the brace closing the group opened at ``start``."""
    depth = 0
    index = start
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return len(source)
