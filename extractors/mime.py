"""One raw message as a ``ParsedMessage``: headers, body text, attachments, forwards, flags.

Pure and total: any bytes give a ``ParsedMessage``, and what could not be read becomes a French
note for staff. Work is bounded (raw size, header field length, parts, nesting, depth of
forwards) so that a hostile message costs seconds, not minutes; nothing is written to disk.
"""

from __future__ import annotations

import email
import email.errors
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser

from extractors.html_text import IMAGE_MARK, html_document
from extractors.mime_attachment import (
    fallback_name,
    is_tnef,
    make_attachment,
    part_filename,
    unpack_tnef,
)
from extractors.mime_forward import inline_forwards
from extractors.mime_headers import (
    address_list,
    first_id,
    header_text,
    is_auto_submitted,
    is_mailing_list,
    is_spam_flagged,
    message_ids,
    parse_date,
    raw_values,
    sender,
)
from extractors.mime_parts import (
    PARSE_ERRORS,
    defect_names,
    part_charset,
    part_disposition,
    part_payload,
    part_type,
    serialised,
    unbase64,
)
from extractors.mime_text import FOLD, decode_bytes
from schemas import Attachment, ParsedMessage, ReceivedAtSource

MAX_RAW_BYTES = 64 * 1024 * 1024
MAX_PARTS = 500
MAX_DEPTH = 5
MAX_NESTING = 40
_STUB_RATIO = 5  # a plain part five times shorter than the HTML one is a stub of it
_SHORTER_RATIO = 1.3  # an HTML part this much longer holds what the plain one left out
MAX_BODY_CHARS = 1_000_000
_MAX_BOUNDARY_LINES = 2 * MAX_PARTS
_MAX_MULTIPARTS = 200
_MAX_FIELD = 64_000
# The stdlib re-parses Content-* fields for each part, in quadratic time on hostile values.
_MAX_CONTENT_FIELD = 2_000
_TOO_MANY_PARTS = f"Message de plus de {MAX_PARTS} parties MIME : les suivantes sont ignorées."
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FORWARD_TYPES = {"message/rfc822", "message/global"}
_DEFECT_NOTES = {
    "StartBoundaryNotFoundDefect": "Délimiteurs MIME introuvables : le message est lu d'un bloc.",
    "NoBoundaryInMultipartDefect": "Délimiteurs MIME absents : le message est lu d'un bloc.",
    "CloseBoundaryNotFoundDefect": "Délimiteur MIME final manquant : message peut-être tronqué.",
    "MissingHeaderBodySeparatorDefect": (
        "Pas de ligne vide entre en-têtes et corps : le début du corps a pu être perdu."
    ),
    "InvalidBase64CharactersDefect": "Pièce en base64 abîmée : contenu décodé au mieux.",
    "InvalidBase64PaddingDefect": "Pièce en base64 abîmée : contenu décodé au mieux.",
    "InvalidBase64LengthDefect": "Pièce en base64 abîmée : contenu décodé au mieux.",
}


def parse_message(raw: bytes) -> ParsedMessage:
    """Everything MIME parsing can read from one raw message; never raises for bad input."""
    raw = bytes(raw)
    synthetic = f"sans-id-{hashlib.sha256(raw).hexdigest()[:16]}@ami-intake"
    if raw.startswith(_OLE_MAGIC):
        return _outlook_file(raw, synthetic)
    notes: list[str] = []
    msg = _parse(_bounded(raw, notes), notes)
    return _build(msg, synthetic, 0, _Budget(), notes)


def _outlook_file(raw: bytes, message_id: str) -> ParsedMessage:
    """An Outlook .msg file (OLE compound file) is not MIME: keep it whole for staff."""
    return ParsedMessage(
        message_id=message_id,
        attachments=[make_attachment("message-outlook.msg", "application/vnd.ms-outlook", raw)],
        notes=[
            "Fichier Outlook .msg (format binaire), pas un courriel MIME : gardé en pièce "
            "jointe ; l'ouvrir dans Outlook et l'enregistrer en .eml pour qu'il soit lu."
        ],
    )


def reception_time(
    raw_or_msg: bytes | Message, internaldate: datetime | None
) -> tuple[datetime, ReceivedAtSource] | None:
    """When the message reached us: INTERNALDATE, else the topmost readable Received: date,
    else Date:; None means the caller falls back to the file's mtime. Always aware (naive: UTC).
    """
    if internaldate is not None:
        aware = internaldate if internaldate.tzinfo else internaldate.replace(tzinfo=UTC)
        return aware, ReceivedAtSource.INTERNALDATE
    msg = raw_or_msg if isinstance(raw_or_msg, Message) else _headers_only(raw_or_msg)
    for value in raw_values(msg, "received"):
        when = parse_date(FOLD.sub("", value).rpartition(";")[2]) if ";" in value else None
        if when is not None:
            return when, ReceivedAtSource.RECEIVED_HEADER
    dates = raw_values(msg, "date")
    when = parse_date(dates[0]) if dates else None
    return (when, ReceivedAtSource.DATE_HEADER) if when is not None else None


def _headers_only(raw: bytes) -> Message:
    try:
        return BytesParser(policy=policy.default).parsebytes(bytes(raw), headersonly=True)
    except (RecursionError, *PARSE_ERRORS):
        return EmailMessage()


def _bounded(raw: bytes, notes: list[str]) -> bytes:
    """The raw message with over-long header fields cut and parts past the limit dropped."""
    if len(raw) > MAX_RAW_BYTES:
        raw = raw[:MAX_RAW_BYTES]
        notes.append("Message de plus de 64 Mo : la fin est ignorée.")
    if len(raw) < _MAX_CONTENT_FIELD and b"--" not in raw:
        return raw
    out: list[bytes] = []
    in_header, content_field, field_len, boundaries, multiparts = True, False, 0, 0, 0
    for line in raw.split(b"\n"):
        if line[:13].lower() == b"content-type:" and b"multipart/" in line.lower():
            # Each nested multipart slows every later line of the stdlib parser.
            multiparts += 1
            if multiparts > _MAX_MULTIPARTS:
                notes.append(_TOO_MANY_PARTS)
                break
        if not line.strip(b"\r"):
            in_header, field_len, content_field = False, 0, False
        elif line[:1] in (b" ", b"\t"):
            field_len += len(line)
        elif line.startswith(b"--"):
            boundaries += 1
            if boundaries > _MAX_BOUNDARY_LINES:
                notes.append(_TOO_MANY_PARTS)
                break
            in_header, field_len, content_field = True, 0, False
        else:
            field_len, content_field = len(line), line[:8].lower() == b"content-"
        limit = _MAX_CONTENT_FIELD if content_field else _MAX_FIELD if in_header else None
        if limit is not None and field_len > limit:
            line = line[: max(0, limit - (field_len - len(line)))]
            if not line:
                continue
        out.append(line)
    return b"\n".join(out)


def _parse(data: bytes, notes: list[str]) -> Message:
    try:
        return email.message_from_bytes(data, policy=policy.default)
    except RecursionError:
        notes.append("Structure MIME trop imbriquée : seuls les en-têtes sont lus.")
    except PARSE_ERRORS:
        notes.append("Structure MIME illisible : seuls les en-têtes sont lus.")
    return _headers_only(data)


@dataclass
class _Budget:
    """Parts left to read across a message and all its forwards."""

    parts: int = MAX_PARTS
    exhausted: bool = False

    def take(self) -> bool:
        self.parts -= 1
        return self.parts >= 0


def _build(
    msg: Message, fallback_id: str, depth: int, budget: _Budget, notes: list[str]
) -> ParsedMessage:
    message_id = first_id(msg, "message-id")
    if not message_id:
        message_id = fallback_id
        notes.append(f"Message sans Message-ID : identifiant « {fallback_id} » attribué.")
    subject = header_text(msg, "subject") or ""
    walk = _Walk(message_id, depth, budget)
    walk.visit(msg, 0, True)
    body = walk.body_text() or walk.tnef_body
    body, inline = inline_forwards(body, message_id, subject, MAX_DEPTH - depth)
    if inline:
        notes.append("Transfert recopié dans le corps : le message transféré est lu à part.")
    from_name, from_addr = sender(msg)
    references = raw_values(msg, "references")
    return ParsedMessage(
        message_id=message_id,
        subject=subject,
        from_name=from_name,
        from_addr=from_addr,
        to=address_list(msg, "to"),
        cc=address_list(msg, "cc"),
        date=parse_date(next(iter(raw_values(msg, "date")), None)),
        in_reply_to=first_id(msg, "in-reply-to"),
        references=message_ids(FOLD.sub("", references[0])) if references else [],
        body_text=body,
        body_tables=walk.body_tables,
        attachments=walk.attachments,
        forwarded=walk.forwarded + inline,
        auto_submitted=is_auto_submitted(msg),
        mailing_list=is_mailing_list(msg),
        spam_flag=is_spam_flagged(msg),
        notes=list(dict.fromkeys(notes + walk.notes)),
    )


@dataclass
class _Walk:
    """One pass over a message's parts; forwarded messages are built by their own pass."""

    message_id: str
    depth: int
    budget: _Budget
    bodies: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: list[ParsedMessage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tnef_body: str = ""
    texts: dict[int, str] = field(default_factory=dict)
    html_tables: dict[int, list[list[list[str]]]] = field(default_factory=dict)
    body_tables: list[list[list[str]]] = field(default_factory=list)

    def visit(self, part: Message, nesting: int, in_body: bool) -> None:
        if not self.budget.take():
            if not self.budget.exhausted:
                self.budget.exhausted = True
                self.notes.append(_TOO_MANY_PARTS)
            return
        if nesting > MAX_NESTING:
            self.notes.append("Parties MIME trop imbriquées : les plus profondes sont ignorées.")
            return
        self.notes.extend(_DEFECT_NOTES[d] for d in defect_names(part) if d in _DEFECT_NOTES)
        ctype = part_type(part)
        payload = part.get_payload()
        children = (
            [m for m in payload if isinstance(m, Message)] if isinstance(payload, list) else None
        )
        if ctype in _FORWARD_TYPES:
            self._forward(part, children)
        elif children is not None and ctype.startswith("multipart/"):
            chosen = self._choose(children) if ctype == "multipart/alternative" else None
            if chosen is not None and in_body and part_type(chosen) == "text/plain":
                # the plain text is read, but the HTML rendering keeps the tables' columns
                for child in children:
                    if (html := _html_of(child)) is not None:
                        self._text(html)
                        self.body_tables.extend(self.html_tables.get(id(html), []))
                        break
            for child in children:
                self.visit(child, nesting + 1, in_body and (chosen is None or child is chosen))
        elif children is not None:
            self._attach(part, ctype, part_filename(part), serialised(children))
        else:
            self._leaf(part, ctype, in_body)

    def _leaf(self, part: Message, ctype: str, in_body: bool) -> None:
        filename = part_filename(part)
        textual = ctype in ("text/plain", "text/html") or ctype.startswith("multipart/")
        if textual and filename is None and part_disposition(part) != "attachment":
            if in_body:
                self.bodies.append(self._text(part))
                self.body_tables.extend(self.html_tables.get(id(part), []))
            return  # the other rendering of a multipart/alternative
        self._attach(part, ctype, filename, part_payload(part))

    def _choose(self, children: list[Message]) -> Message | None:
        """The plain text alternative unless it is empty or a stub of the HTML one (IBM Notes
        writes « (version HTML) »), else the richest (last) one."""
        rich = next(
            (c for c in reversed(children) if part_type(c) == "text/html" or c.is_multipart()),
            None,
        )
        html = _html_of(rich) if rich is not None else None
        rich_length = len(self._text(html).replace(IMAGE_MARK, "")) if html is not None else 0
        for child in children:
            plain = part_type(child) == "text/plain" and part_filename(child) is None
            text = self._text(child) if plain else ""
            if text and len(text) * _STUB_RATIO >= rich_length:
                # a plain part that left out much of the HTML one (place, date, greeting,
                # closing) is not the message people read
                if html is not None and rich_length > len(text) * _SHORTER_RATIO:
                    return rich
                return child
        return rich if rich is not None else (children[-1] if children else None)

    def _text(self, part: Message) -> str:
        if id(part) not in self.texts:
            data = part_payload(part)
            charset = part_charset(part)
            text, replaced = decode_bytes(data, charset)
            if replaced:
                self.notes.append(
                    f"Texte mal encodé (jeu de caractères « {charset or 'non déclaré'} ») : "
                    "caractères illisibles remplacés."
                )
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if part_type(part) == "text/html":
                text, self.html_tables[id(part)] = html_document(text)
            self.texts[id(part)] = text.strip()
        return self.texts[id(part)]

    def _attach(self, part: Message, ctype: str, filename: str | None, content: bytes) -> None:
        if is_tnef(ctype, filename):
            self._tnef(ctype, filename, content)
            return
        name = filename or fallback_name(len(self.attachments) + 1, ctype)
        self.attachments.append(make_attachment(name, ctype, content))

    def _tnef(self, ctype: str, filename: str | None, content: bytes) -> None:
        files, body = unpack_tnef(content, len(self.attachments) + 1)
        self.tnef_body = self.tnef_body or body
        if files:
            self.attachments.extend(files)
            self.notes.append(
                f"Pièce jointe winmail.dat (format TNEF d'Outlook) : {len(files)} fichier(s) "
                "extrait(s) et ajouté(s) aux pièces jointes."
            )
            return
        self.attachments.append(make_attachment(filename or "winmail.dat", ctype, content))
        self.notes.append(
            "Pièce jointe winmail.dat (format TNEF d'Outlook) : aucun fichier n'a pu en être "
            "extrait, elle est gardée telle quelle."
        )

    def _forward(self, part: Message, children: list[Message] | None) -> None:
        inners = _enclosed(part, children or [])
        for inner in inners:
            if self.depth + 1 > MAX_DEPTH:
                self.notes.append(
                    f"Message transféré à plus de {MAX_DEPTH} niveaux : gardé en pièce jointe."
                )
                self._attach(inner, "message/rfc822", part_filename(part), serialised([inner]))
                continue
            seed = f"{self.message_id}#{len(self.forwarded)}".encode()
            derived = f"sans-id-{hashlib.sha256(seed).hexdigest()[:16]}@ami-intake"
            self.forwarded.append(_build(inner, derived, self.depth + 1, self.budget, []))

    def body_text(self) -> str:
        body = "\n\n".join(text for text in self.bodies if text)
        if len(body) > MAX_BODY_CHARS:
            self.notes.append("Corps du message très long : seul le début est gardé.")
            body = body[:MAX_BODY_CHARS]
        return body


def _enclosed(part: Message, inners: list[Message]) -> list[Message]:
    """Messages inside a message/rfc822 part, re-parsed when a sender base64-encoded them."""
    cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    broken = cte == "base64" and len(inners) == 1 and not inners[0].keys()
    if inners and not broken:
        return inners
    data = part_payload(inners[0]) if broken else part_payload(part)
    if broken:
        data = unbase64(data)
    return [_parse(data, [])] if data.strip() else []


def _html_of(part: Message) -> Message | None:
    """The HTML text of an alternative: the part itself, or the first HTML part inside a
    multipart/related one (the HTML and its pictures)."""
    if part_type(part) == "text/html":
        return part
    if part.is_multipart():
        return next((c for c in part.walk() if part_type(c) == "text/html"), None)
    return None
