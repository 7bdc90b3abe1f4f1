"""Forwards pasted into a body (not attached): the quoted header block becomes an inner message.

Mail clients forward "inline" by writing a separator and a header block into the text:
Gmail's "---------- Forwarded message ---------", Thunderbird's "-------- Message transféré
--------", Apple's "Début du message réexpédié :", Outlook's "De : … Envoyé : … À : … Objet : …".
What precedes it is the forwarder's own words; what follows is the forwarded message.

Outlook writes the same header block when replying, so a block that does not say "forward"
is taken as quoted history, not a forward, when the subject is a reply ("RE:" without "TR:").
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from extractors.mime_headers import parse_date
from schemas import ParsedMessage

_PARIS = ZoneInfo("Europe/Paris")
_MAX_BLOCK_LINES = 30
_EXPLICIT = re.compile(
    r"^\W*(?:-{2,}\s*(?:message transf[ée]r[ée]|forwarded message|weitergeleitete nachricht"
    r"|messaggio inoltrato|mensaje reenviado)\s*-{2,}|d[ée]but du message r[ée]exp[ée]di[ée]\s*:"
    r"|begin forwarded message\s*:)\W*$",
    re.IGNORECASE,
)
_AMBIGUOUS = re.compile(
    r"^\W*-{2,}\s*(?:message d'origine|message original|original message|mensaje original)"
    r"\s*-{2,}\W*$|^\s*_{10,}\s*$",
    re.IGNORECASE,
)
_LABELS = {
    "from": ("de", "from", "von", "da", "expéditeur", "expediteur"),
    "date": ("date", "envoyé", "envoye", "envoyé le", "sent", "gesendet", "datum", "inviato"),
    "to": ("à", "a", "to", "pour", "an", "destinataire", "destinataires"),
    "cc": ("cc", "copie", "copie à"),
    "subject": ("objet", "subject", "sujet", "betreff", "oggetto", "asunto"),
    "other": ("répondre à", "reply-to", "importance", "cci", "bcc", "pièces jointes"),
}
_KEY_OF = {label: key for key, labels in _LABELS.items() for label in labels}
_LABEL_LINE = re.compile(r"^\s*[*>]?\s*([^\W\d_][\w' -]{0,20}?)\s*\*?\s*:\s?(.*)$")
_INLINE_LABEL = re.compile(
    r"\s+(?=(?:Envoyé|Sent|Date|À|To|Cc|Objet|Subject|Sujet)\s*:)", re.IGNORECASE
)
_OTHER_HEADER = re.compile(r"^[A-Za-z][\w-]{1,40}:\s")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_REPLY = re.compile(r"^\s*(?:re|ré|réf|ref|aw|sv|antw|rif)\s*(?:\[\d+\])?\s*:", re.IGNORECASE)
_FORWARD = re.compile(r"\b(?:tr|fwd?|wg|rv|enc|trans)\s*:", re.IGNORECASE)


def inline_forwards(
    body: str, outer_id: str, outer_subject: str, levels: int = 5
) -> tuple[str, list[ParsedMessage]]:
    """(the forwarder's own words, [the forwarded message]) — ([], body) when none is found."""
    if levels <= 0 or not body:
        return body, []
    found = _find(body.split("\n"), _is_reply(outer_subject))
    if found is None:
        return body, []
    own, fields, quoted = found
    inner_id = f"transfert-{hashlib.sha256(f'{outer_id}#0'.encode()).hexdigest()[:16]}@ami-intake"
    subject = fields.get("subject", "")
    inner_body, nested = inline_forwards("\n".join(quoted).strip(), inner_id, subject, levels - 1)
    from_name, from_addr = _person(fields.get("from", ""))
    inner = ParsedMessage(
        message_id=inner_id,
        subject=subject,
        from_name=from_name,
        from_addr=from_addr,
        to=_addresses(fields.get("to", "")),
        cc=_addresses(fields.get("cc", "")),
        date=quoted_date(fields.get("date", "")),
        body_text=inner_body,
        forwarded=nested,
        notes=["Message transféré recopié dans le corps du courriel : en-têtes lus dans le texte."],
    )
    return "\n".join(own).strip(), [inner]


def _is_reply(subject: str) -> bool:
    return bool(_REPLY.match(subject)) and not _FORWARD.search(subject)


def _find(lines: list[str], is_reply: bool) -> tuple[list[str], dict[str, str], list[str]] | None:
    """(own lines, quoted header fields, forwarded lines) at the first forward marker."""
    for index, line in enumerate(lines):
        explicit = bool(_EXPLICIT.match(line))
        ambiguous = not explicit and bool(_AMBIGUOUS.match(line))
        start = _skip_blank(lines, index + 1) if explicit or ambiguous else index
        fields, end = _header_block(lines, start)
        # A bare block must carry a date to tell it from a letter's "De : … Objet : …" lines.
        needed = {"from"} if ambiguous else {"from", "date"}
        if not explicit and not (needed <= fields.keys() and len(fields) >= 2):
            continue
        if not explicit and is_reply:
            return None  # quoted history of a reply: the whole body stays as written
        if not fields and end >= len(lines):
            continue
        return _trim_own(lines[:index]), fields, lines[end:]
    return None


def _trim_own(lines: list[str]) -> list[str]:
    """The forwarder's words without the blank and underline lines Outlook puts before a block."""
    while lines and (not lines[-1].strip() or _AMBIGUOUS.match(lines[-1])):
        lines.pop()
    return lines


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _header_block(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """Quoted header fields from ``start`` on, and the index of the first line after them."""
    fields: dict[str, str] = {}
    last: str | None = None
    index = start
    while index < len(lines) and index - start < _MAX_BLOCK_LINES:
        line = lines[index]
        key, value = _label(line)
        if key is None and last in ("to", "cc") and "@" in line and last is not None:
            fields[last] += " " + line.strip()
        elif key is None and fields and _OTHER_HEADER.match(line):
            pass  # Resent-Date:, MIME-Version:… quoted along with the useful fields
        elif key is None:
            break
        elif key == "from" and not fields and _INLINE_LABEL.search(value):
            for piece in _INLINE_LABEL.split(line):
                inline_key, inline_value = _label(piece)
                if inline_key:
                    fields.setdefault(inline_key, inline_value)
            last = None
        elif index == start and key != "from" and not _label_follows_from(lines, index):
            break
        else:
            fields.setdefault(key, value)
            last = key
        index += 1
    if fields:
        index = _skip_blank(lines, index)
    return fields, index


def _label_follows_from(lines: list[str], index: int) -> bool:
    """A block may open with Subject/Date (Thunderbird, Apple) if a From comes within it."""
    window = lines[index : index + 8]
    return any(_label(line)[0] == "from" for line in window)


def _label(line: str) -> tuple[str | None, str]:
    match = _LABEL_LINE.match(line)
    if not match:
        return None, ""
    key = _KEY_OF.get(" ".join(match.group(1).lower().split()))
    return key, match.group(2).strip()


def _person(value: str) -> tuple[str | None, str | None]:
    """(name, lowercased address) from "Jean Dupont <jean@x.fr>" or "Jean [mailto:jean@x.fr]"."""
    match = _EMAIL.search(value)
    addr = match.group(0).lower() if match else None
    name = re.sub(r"<[^>]*>|\[mailto:[^\]]*\]|\([^)]*@[^)]*\)", " ", value)
    if addr:
        name = re.sub(re.escape(addr), " ", name, flags=re.IGNORECASE)
    name = " ".join(name.replace('"', " ").split()).strip(" '<>[]:,")
    return (name or None), addr


def _addresses(value: str) -> list[str]:
    return list(dict.fromkeys(found.lower() for found in _EMAIL.findall(value)))


_MONTHS = {
    **dict.fromkeys(("janvier", "janv", "jan", "january"), 1),
    **dict.fromkeys(("février", "fevrier", "févr", "fevr", "fév", "feb", "february"), 2),
    **dict.fromkeys(("mars", "mar", "march"), 3),
    **dict.fromkeys(("avril", "avr", "apr", "april"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "jun", "june"), 6),
    **dict.fromkeys(("juillet", "juil", "jul", "july"), 7),
    **dict.fromkeys(("août", "aout", "aug", "august"), 8),
    **dict.fromkeys(("septembre", "sept", "sep", "september"), 9),
    **dict.fromkeys(("octobre", "oct", "october"), 10),
    **dict.fromkeys(("novembre", "nov", "november"), 11),
    **dict.fromkeys(("décembre", "decembre", "déc", "dec", "december"), 12),
}
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\s+([^\W\d_]+)\s+(\d{4})\b")
_MONTH_DAY = re.compile(r"\b([^\W\d_]+)\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_TIME = re.compile(r"\b(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.IGNORECASE)
_ZONE = re.compile(r"(?:utc|gmt)\s*([+-]\d{1,2})(?::?(\d{2}))?|([+-]\d{2}):?(\d{2})\b", re.I)


def quoted_date(value: str) -> datetime | None:
    """A date as mail clients quote it (French or English); without a zone, Paris time."""
    if not value.strip():
        return None
    if re.search(r"[+-]\d{4}\b", value):
        parsed = parse_date(value)
        if parsed:
            return parsed
    text = value.lower().replace(",", " ").replace(".", " ")
    day_month_year = _date_parts(text)
    if day_month_year is None:
        return None
    day, month, year, rest = day_month_year
    hour, minute, second = _time_parts(rest)
    try:
        naive = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    zone = _zone(rest)
    return naive.replace(tzinfo=zone if zone is not None else _PARIS)


def _date_parts(text: str) -> tuple[int, int, int, str] | None:
    for match in _DAY_MONTH.finditer(text):
        if match.group(2) in _MONTHS:
            day, year = int(match.group(1)), int(match.group(3))
            return day, _MONTHS[match.group(2)], year, text[match.end() :]
    for match in _MONTH_DAY.finditer(text):
        if match.group(1) in _MONTHS:
            day, year = int(match.group(2)), int(match.group(3))
            return day, _MONTHS[match.group(1)], year, text[match.end() :]
    numeric = _NUMERIC.search(text)
    if numeric is None:
        return None
    parts = numeric.group(1, 2, 3) if numeric.group(1) else numeric.group(6, 5, 4)
    return int(parts[0]), int(parts[1]), int(parts[2]), text[numeric.end() :]


def _time_parts(rest: str) -> tuple[int, int, int]:
    match = _TIME.search(rest)
    if not match:
        return 0, 0, 0
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    meridiem = (match.group(4) or "").replace(".", "").lower()
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return 0, 0, 0
    return hour, minute, second


def _zone(rest: str) -> timezone | None:
    match = _ZONE.search(rest)
    if not match:
        return None
    hours = int(match.group(1) or match.group(3))
    minutes = int(match.group(2) or match.group(4) or 0)
    if abs(hours) > 14 or minutes > 59:
        return None
    sign = -1 if hours < 0 or (match.group(1) or match.group(3)).startswith("-") else 1
    return timezone(sign * timedelta(hours=abs(hours), minutes=minutes))
