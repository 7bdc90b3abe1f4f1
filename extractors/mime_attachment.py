"""Files carried by a message: display-safe names, hashes, and Outlook's winmail.dat unpacked.

A file name is display text only: path components, control and bidi characters go, accents stay.
Nothing here writes to disk.
"""

from __future__ import annotations

import email.errors
import hashlib
import re
import struct
import unicodedata
from email.message import Message
from urllib.parse import unquote_to_bytes

from tnefparse import TNEF

from extractors.html_text import html_to_text
from extractors.mime_headers import raw_values
from extractors.mime_text import FOLD, decode_bytes, decode_words
from schemas import Attachment

_MAX_NAME = 255
_MAX_TNEF_FILES = 200
_TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/rtf": ".rtf",
    "text/rtf": ".rtf",
    "application/zip": ".zip",
    "application/ms-tnef": ".dat",
    "application/vnd.ms-tnef": ".dat",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/tiff": ".tif",
    "image/heic": ".heic",
    "text/plain": ".txt",
    "text/html": ".html",
    "text/calendar": ".ics",
    "text/csv": ".csv",
    "message/rfc822": ".eml",
    "message/global": ".eml",
    "message/delivery-status": ".txt",
    "message/disposition-notification": ".txt",
    "text/rfc822-headers": ".txt",
}
# Errors tnefparse raises on damaged data (it asserts and indexes without checks).
_TNEF_ERRORS = (
    ValueError, LookupError, TypeError, AttributeError, AssertionError, struct.error,
    RecursionError, OverflowError,
)  # fmt: skip
_HEADER_ERRORS = (ValueError, LookupError, TypeError, AttributeError, email.errors.MessageError)
_PLAIN_PARAM = r'(?:^|;)\s*{name}\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)'
_ANY_PARAM = r"(?:^|;)\s*{name}(?:\*\d*\*?)?\s*="
_STAR_PARAM = r"(?:^|;)\s*{name}\*(\d*)(\*?)\s*=\s*(\"[^\"]*\"|[^;]*)"


def make_attachment(filename: str, declared_type: str, content: bytes) -> Attachment:
    return Attachment(
        filename=filename,
        declared_type=declared_type,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
    )


def fallback_name(index: int, declared_type: str) -> str:
    """``piece-jointe-N`` with an extension guessed from the declared type."""
    return f"piece-jointe-{index}{_EXTENSIONS.get(declared_type, '.bin')}"


def safe_filename(name: str | None) -> str | None:
    """Display text only: last path component, no control or bidi characters, accents kept."""
    if not name:
        return None
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    name = " ".join(name.split()).rstrip(". ")
    if not name:
        return None
    if len(name) > _MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) <= 10:
            name = f"{stem[: _MAX_NAME - len(ext) - 1]}.{ext}"
        else:
            name = name[:_MAX_NAME]
    return name


def part_filename(part: Message) -> str | None:
    """The decoded, display-safe name of a part (RFC 2047 in name=, RFC 2231 filename*=)."""
    try:
        name = part.get_filename()
    except _HEADER_ERRORS:
        name = None
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        values = raw_values(part, header)
        if not values:
            continue
        value = FOLD.sub("", values[0])
        if not re.search(_ANY_PARAM.format(name=param), value, re.IGNORECASE):
            continue
        name = _raw_name(value, param, name) or name
        break
    return safe_filename(decode_words(name)) if name else None


def _raw_name(value: str, param: str, parsed: str | None) -> str | None:
    """A better reading of a name param than the stdlib's, when its reading lost something."""
    lost = not parsed or "\ufffd" in parsed
    if lost:
        starred = _rfc2231(value, param)
        if starred:
            return starred
    match = re.search(_PLAIN_PARAM.format(name=re.escape(param)), value, re.IGNORECASE)
    if not match:
        return None
    literal = match.group(1).strip()
    quoted = literal.startswith('"')
    literal = literal.strip('"')
    # The stdlib reads backslashes as escapes and stops an unquoted token at "/" or a space;
    # for a display name the sender's literal text is the better reading.
    if lost or "\\" in literal or "/" in literal or (not quoted and " " in literal):
        return literal or None
    return None


def _rfc2231(value: str, param: str) -> str | None:
    """RFC 2231 ``name*0*=charset''...`` continuations, decoded with charset guessing."""
    pieces = re.findall(_STAR_PARAM.format(name=re.escape(param)), value, re.IGNORECASE)
    if not pieces:
        return None
    ordered = sorted(pieces, key=lambda piece: int(piece[0] or 0))
    charset = None
    data = b""
    for index, (_, star, text) in enumerate(ordered):
        text = text.strip().strip('"')
        if star and index == 0 and text.count("'") >= 2:
            charset, _, text = text.split("'", 2)
        data += unquote_to_bytes(text) if star else text.encode("utf-8", "replace")
    return decode_bytes(data, charset)[0] or None


def is_tnef(declared_type: str, filename: str | None) -> bool:
    return declared_type in _TNEF_TYPES or (filename or "").lower() == "winmail.dat"


def unpack_tnef(data: bytes, first_index: int) -> tuple[list[Attachment], str]:
    """Files inside a winmail.dat and its plain body text ("" when none); [] when unreadable."""
    try:
        tnef = TNEF(data, do_checksum=False)
        found = [(att.long_filename(), att.data) for att in tnef.attachments[:_MAX_TNEF_FILES]]
        body, html = tnef.body, tnef.htmlbody
    except _TNEF_ERRORS:
        return [], ""
    files: list[Attachment] = []
    for name, content in found:
        if not isinstance(content, bytes) or not content:
            continue
        if isinstance(name, bytes):
            name = decode_bytes(name.rstrip(b"\x00"), None)[0]
        index = first_index + len(files)
        display = safe_filename(name) or fallback_name(index, "application/octet-stream")
        files.append(make_attachment(display, "application/octet-stream", content))
    text = _tnef_text(body) or html_to_text(_tnef_text(html))
    return files, text


def _tnef_text(value: object) -> str:
    if isinstance(value, bytes):
        value = decode_bytes(value, None)[0]
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").replace("\r\n", "\n").strip()
