"""Reading one MIME part without raising: type, disposition, charset and decoded payload.

The stdlib's accessors raise a zoo of errors on damaged input; these return a safe default
instead, so one broken part never stops the message.
"""

from __future__ import annotations

import base64
import binascii
import email.errors
import re
from email.message import Message

# What the stdlib raises on damaged input, beyond its own MessageError family.
PARSE_ERRORS = (
    ValueError, LookupError, TypeError, AttributeError, AssertionError, email.errors.MessageError,
)  # fmt: skip


def unbase64(data: bytes) -> bytes:
    letters = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
    try:
        return base64.b64decode(letters[: len(letters) // 4 * 4])
    except (binascii.Error, ValueError):
        return data


def part_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except PARSE_ERRORS:
        return "application/octet-stream"


def part_disposition(part: Message) -> str | None:
    try:
        return part.get_content_disposition()
    except PARSE_ERRORS:
        return None


def part_charset(part: Message) -> str | None:
    try:
        charset = part.get_content_charset()
    except PARSE_ERRORS:
        return None
    return str(charset) if charset else None


def part_payload(part: Message) -> bytes:
    """The decoded bytes of a leaf part (base64, quoted-printable, uuencode), b"" if none."""
    try:
        data = part.get_payload(decode=True)
    except PARSE_ERRORS:
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    if not isinstance(raw, str):
        return b""
    try:
        return raw.encode("utf-8", "surrogateescape")
    except UnicodeError:
        return raw.encode("utf-8", "replace")


def serialised(messages: list[Message]) -> bytes:
    chunks = []
    for message in messages:
        try:
            chunks.append(message.as_bytes())
        except (RecursionError, UnicodeError, *PARSE_ERRORS):
            chunks.append(b"")
    return b"\n".join(chunks)


def defect_names(part: Message) -> list[str]:
    return [type(defect).__name__ for defect in getattr(part, "defects", [])]
