"""Processing one archived message: a pure function of its bytes and its reception time.

Nothing here touches the store, the mailbox or the network, so `reprocess` can recompute every
result from the archive, and a process pool can run it in workers.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator, Sequence
from datetime import datetime

from extractors.body import read_body
from extractors.bulletin import extract_bulletin
from extractors.classify import classify, pages_in
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
    raw: bytes,
    sha256: str,
    received_at: datetime,
    received_at_source: ReceivedAtSource,
    known_quartiers: Sequence[str] = (),
    known_communes: Sequence[str] = (),
) -> MessageResult:
    """Parse, read, classify and extract every document of one message.

    `known_quartiers` (the QPV names in force) keeps a name such as "Barleté et Rodrigues" whole;
    `known_communes` (their communes) tells « Coutras, quartier du Centre » from two quartiers.
    """
    parsed = parse_message(raw)
    notes = list(parsed.notes)
    reader = _Reader(tuple(known_quartiers), tuple(known_communes), notes)
    documents: list[Document] = []
    for message in _with_forwards(parsed):
        for attachment in message.attachments:
            documents.extend(reader.attachment(attachment, message.message_id))
        documents.extend(reader.body(message))
    sender = parsed.original_sender
    domain = sender.rsplit("@", 1)[-1] if sender and "@" in sender else None
    territory, reason = find_territory(_territory_texts(documents), domain)
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


class _Reader:
    """Reads, classifies and extracts the documents of one message."""

    def __init__(
        self, known_quartiers: tuple[str, ...], known_communes: tuple[str, ...], notes: list[str]
    ) -> None:
        self.known_quartiers = known_quartiers
        self.known_communes = known_communes
        self.notes = notes

    def attachment(self, attachment: Attachment, message_id: str) -> list[Document]:
        """Documents of one attachment; a broken file becomes a document with an error."""
        if attachment.declared_type.startswith("image/") and attachment.size < MIN_IMAGE_BYTES:
            return []
        try:
            media_type, extracted = read_document(
                attachment.content, attachment.filename, attachment.declared_type
            )
            return self._classified(
                extracted, attachment.filename, attachment.sha256, media_type, message_id
            )
        except Exception as exc:  # one broken attachment never stops the rest of the message
            log.error("extraction failed for %s in %s: %s", attachment.filename, message_id, exc)
            log.debug("%s", traceback.format_exc())
            self.notes.append(f"La pièce jointe « {attachment.filename} » n'a pas pu être lue.")
            error = f"Fichier illisible ({type(exc).__name__}) : demander un PDF ou un DOCX."
            return [
                Document(
                    sha256=attachment.sha256,
                    filename=attachment.filename,
                    media_type=attachment.declared_type,
                    message_id=message_id,
                    kind=DocumentKind.OTHER,
                    kind_reason="Fichier illisible.",
                    extracted=ExtractedText(error=error),
                )
            ]

    def body(self, message: ParsedMessage) -> list[Document]:
        """A mail body is a document when it carries the bulletin or the letter itself."""
        if len(message.body_text.strip()) < MIN_BODY_CHARS:
            return []
        sha = f"body:{message.message_id}"
        for keep_history in (False, True):
            extracted = read_body(
                message.body_text,
                subject=message.subject,
                tables=message.body_tables,
                keep_history=keep_history,
            )
            documents = self._classified(
                extracted, BODY_NAME, sha, "text/plain", message.message_id
            )
            kept = [d for d in documents if d.kind != DocumentKind.OTHER]
            if kept:
                return kept
        return []

    def _classified(
        self,
        extracted: ExtractedText,
        filename: str,
        sha256: str,
        media_type: str,
        message_id: str,
    ) -> list[Document]:
        base = Document(
            sha256=sha256,
            filename=filename,
            media_type=media_type,
            message_id=message_id,
            extracted=extracted,
        )
        if extracted.error:
            return [base.model_copy(update={"kind_reason": extracted.error})]
        documents = []
        for item in classify(extracted, filename):
            part = pages_in(extracted, item.page_range)
            update: dict[str, object] = {
                "kind": item.kind,
                "kind_reason": item.reason,
                "extracted": part,
                "page_range": item.page_range,
            }
            if item.kind == DocumentKind.BULLETIN:
                update["bulletin"] = extract_bulletin(
                    part, filename, sha256, self.known_quartiers, self.known_communes
                )
            elif item.kind == DocumentKind.LETTER:
                update["letter"] = extract_letter(part, filename, sha256, self.known_quartiers)
            documents.append(base.model_copy(update=update))
        return documents


def _territory_texts(documents: list[Document]) -> list[str]:
    """What the collectivity says about itself, short and sure first, then the full texts."""
    short: list[str] = []
    for document in documents:
        if document.bulletin is not None:
            short.append(document.bulletin.territory or "")
            official = document.bulletin.elected_official
            short.append(official.title or "" if official else "")
        if document.letter is not None:
            short.append(document.letter.collectivity or "")
            signatory = document.letter.signatory
            short.append(signatory.title or "" if signatory else "")
    full = [d.extracted.text[:4000] for d in documents if d.kind != DocumentKind.OTHER]
    return [t for t in short + full if t]
