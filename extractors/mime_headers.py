"""Header values of one message: decoded, bounded, read from the raw text so none can raise.

The stdlib's modern header objects parse lazily and can raise, or take quadratic time on a
hostile header; reading ``raw_items()`` and decoding bounded values ourselves keeps parsing total.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from extractors.mime_text import FOLD, clean_line, decode_words, unbyte

_MAX_TEXT = 4_000
_MAX_ADDRESS_FIELD = 16_000
_MAX_ADDRESSES = 500
_MAX_IDS = 200
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+")
_ANGLED = re.compile(r"<([^<>]*@[^<>]*)>")
_MSG_ID = re.compile(r"<\s*([^<>\s]{1,500})\s*>")


def raw_values(msg: Message, name: str) -> list[str]:
    """Every value of a header as sent (8-bit bytes decoded), without the parser's parsing."""
    wanted = name.lower()
    return [unbyte(str(value)) for key, value in msg.raw_items() if key.lower() == wanted]


def header_names(msg: Message) -> set[str]:
    return {key.lower() for key, _ in msg.raw_items()}


def header_text(msg: Message, name: str) -> str | None:
    """A decoded unstructured header (first occurrence), or None when absent."""
    values = raw_values(msg, name)
    if not values:
        return None
    return clean_line(decode_words(FOLD.sub("", values[0])[:_MAX_TEXT]))


def addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    """(display name, lowercased address) pairs; the address is "" when none could be read."""
    pairs: list[tuple[str, str]] = []
    for value in raw_values(msg, name)[:5]:
        value = FOLD.sub("", value)[:_MAX_ADDRESS_FIELD]
        try:
            found = getaddresses([value])
        except (ValueError, LookupError, TypeError, AttributeError):
            found = [("", match) for match in _EMAIL.findall(value)]
        for display, addr in found:
            addr = addr.strip().strip("<>").lower()
            if not _EMAIL.fullmatch(addr):
                # "Jean Dupont jean@x.fr": the address is in there, without brackets.
                loose = _EMAIL.search(addr)
                display = display or (addr[: loose.start()] if loose else addr)
                addr = loose.group(0) if loose else ""
            display = clean_line(decode_words(display)).strip("\"' ")
            if display or addr:
                pairs.append((display, addr))
            if len(pairs) >= _MAX_ADDRESSES:
                return pairs
    return pairs


def address_list(msg: Message, name: str) -> list[str]:
    """Distinct lowercased addresses of a To/Cc-like header, in order."""
    return list(dict.fromkeys(addr for _, addr in addresses(msg, name) if addr))


def sender(msg: Message) -> tuple[str | None, str | None]:
    """(display name, lowercased address) of From:, each None when unreadable."""
    values = raw_values(msg, "from")
    value = FOLD.sub("", values[0])[:_MAX_ADDRESS_FIELD] if values else ""
    angled = _ANGLED.findall(value)
    if len(angled) == 1 and _EMAIL.fullmatch(angled[0].strip()):
        # The bracketed address wins, even after a display name that looks like an address.
        display = clean_line(decode_words(value[: value.index("<")])).strip("\"' ")
        return (display or None), angled[0].strip().lower()
    pairs = addresses(msg, "from")
    if not pairs:
        return None, None
    display, addr = next(((d, a) for d, a in pairs if a), pairs[0])
    return (display or None), (addr or None)


def message_ids(value: str | None) -> list[str]:
    """Message-IDs in a header value, without angle brackets (bare ids accepted too)."""
    if not value:
        return []
    found = _MSG_ID.findall(value)
    if not found:
        found = [tok.strip("<>,;") for tok in value.split() if "@" in tok][:_MAX_IDS]
    return [ident for ident in found if ident][:_MAX_IDS]


def first_id(msg: Message, name: str) -> str | None:
    values = raw_values(msg, name)
    ids = message_ids(FOLD.sub("", values[0])) if values else []
    return ids[0] if ids else None


def parse_date(value: str | None) -> datetime | None:
    """An RFC 5322 date as an aware datetime (no zone means UTC), None when unreadable."""
    if not value or not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(clean_line(value)[:200])
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def is_auto_submitted(msg: Message) -> bool:
    """RFC 3834 Auto-Submitted other than "no", X-Autoreply/X-Autorespond, Precedence auto_reply."""
    names = header_names(msg)
    if names & {"x-autoreply", "x-autorespond"}:
        return True
    for value in raw_values(msg, "auto-submitted"):
        if value.split(";", 1)[0].strip().lower() != "no":
            return True
    return any(v.strip().lower() == "auto_reply" for v in raw_values(msg, "precedence"))


def is_mailing_list(msg: Message) -> bool:
    return bool(header_names(msg) & {"list-id", "list-unsubscribe"})


def is_spam_flagged(msg: Message) -> bool:
    if any(v.strip().upper() == "YES" for v in raw_values(msg, "x-spam-flag")):
        return True
    return any(v.strip().lower().startswith("yes") for v in raw_values(msg, "x-spam-status"))
