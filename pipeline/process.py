"""Processing one archived message: a pure function of its bytes and its reception time.

Nothing here touches the store, the mailbox or the network, so `reprocess` can recompute every
result from the archive, and a process pool can run it in workers.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from datetime import datetime

from extractors.body import read_body
from extractors.bulletin import extract_bulletin
from extractors.classify import classify
from extractors.formats import read_document
from extractors.letter import extract_letter
from extractors.mime import parse_message
from extractors.territory import find_territory

from schemas import (
    Attachment,
    Document,
    DocumentKind,
    ExtractedText,
    MessageResult,
    ParsedMessage,
    ReceivedAtSource,
)

log = logging.getLogger(__name__)

BODY_NAME = "corps du message"
# Inline images this small are logos and signatures of mail clients, not scans.
MIN_IMAGE_BYTES = 15_000
MIN_BODY_CHARS = 200


def process_message(
    raw: bytes, sha256: str, received_at: datetime, received_at_source: ReceivedAtSource
) -> MessageResult:
    """Parse, read, classify and extract every document of one message."""
    parsed = parse_message(raw)
    notes = list(parsed.notes)
    documents: list[Document] = []
    for message in _with_forwards(parsed):
        for attachment in message.attachments:
            documents.extend(_attachment_documents(attachment, message.message_id, notes))
        documents.extend(_body_documents(message))
    sender = parsed.original_sender
    domain = sender.rsplit("@", 1)[-1] if sender and "@" in sender else None
    texts = [_territory_text(d) for d in documents if d.kind != DocumentKind.OTHER]
    territory, reason = find_territory([t for t in texts if t], domain)
    return MessageResult(
        sha256=sha256,
        received_at=received_at,
        received_at_source=received_at_source,
        parsed=parsed,
        documents=documents,
        territory=territory,
        territory_reason=reason,
        notes=notes,
    )


def _with_forwards(parsed: ParsedMessage) -> Iterator[ParsedMessage]:
    yield parsed
    for inner in parsed.forwarded:
        yield from _with_forwards(inner)


def _attachment_documents(
    attachment: Attachment, message_id: str, notes: list[str]
) -> list[Document]:
    """Documents of one attachment; a broken file becomes a document with an error."""
    if attachment.declared_type.startswith("image/") and attachment.size < MIN_IMAGE_BYTES:
        return []
    try:
        media_type, extracted = read_document(
            attachment.content, attachment.filename, attachment.declared_type
        )
        return _classified(
            extracted, attachment.filename, attachment.sha256, media_type, message_id
        )
    except Exception as exc:  # one broken attachment never stops the rest of the message
        log.error("extraction failed for %s in %s: %s", attachment.filename, message_id, exc)
        log.debug("%s", traceback.format_exc())
        notes.append(f"La pièce jointe « {attachment.filename} » n'a pas pu être lue.")
        return [
            Document(
                sha256=attachment.sha256,
                filename=attachment.filename,
                media_type=attachment.declared_type,
                message_id=message_id,
                kind=DocumentKind.OTHER,
                kind_reason="Fichier illisible.",
                extracted=ExtractedText(
                    error=f"Fichier illisible ({type(exc).__name__}) : demander un PDF ou un DOCX."
                ),
            )
        ]


def _body_documents(message: ParsedMessage) -> list[Document]:
    """A mail body is a document when it carries the bulletin or the letter itself."""
    if len(message.body_text.strip()) < MIN_BODY_CHARS:
        return []
    extracted = read_body(message.body_text)
    sha = f"body:{message.message_id}"
    documents = _classified(extracted, BODY_NAME, sha, "text/plain", message.message_id)
    return [d for d in documents if d.kind != DocumentKind.OTHER]


def _classified(
    extracted: ExtractedText, filename: str, sha256: str, media_type: str, message_id: str
) -> list[Document]:
    if extracted.error:
        return [
            Document(
                sha256=sha256,
                filename=filename,
                media_type=media_type,
                message_id=message_id,
                kind=DocumentKind.OTHER,
                kind_reason=extracted.error,
                extracted=extracted,
            )
        ]
    documents = []
    for item in classify(extracted, filename):
        part = _pages(extracted, item.page_range)
        document = Document(
            sha256=sha256,
            filename=filename,
            media_type=media_type,
            message_id=message_id,
            kind=item.kind,
            kind_reason=item.reason,
            extracted=part,
            page_range=item.page_range,
        )
        if item.kind == DocumentKind.BULLETIN:
            document = document.model_copy(
                update={"bulletin": extract_bulletin(part, filename, sha256)}
            )
        elif item.kind == DocumentKind.LETTER:
            document = document.model_copy(
                update={"letter": extract_letter(part, filename, sha256)}
            )
        documents.append(document)
    return documents


def _pages(extracted: ExtractedText, page_range: tuple[int, int] | None) -> ExtractedText:
    if page_range is None:
        return extracted
    first, last = page_range
    pages = [p for p in extracted.pages if first <= p.number <= last]
    fields = [f for f in extracted.form_fields if f.page is None or first <= f.page <= last]
    return extracted.model_copy(update={"pages": pages, "form_fields": fields})


def _territory_text(document: Document) -> str:
    return document.extracted.text[:4000]
