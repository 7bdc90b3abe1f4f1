"""Every format extractor in the registry, and ``read_document``: any file's bytes → text.

The media type is sniffed from the content; the sender's declared type only adds a note when it
disagrees. Nothing here raises for a bad file: an unknown format, a protected or broken one
comes back as ``ExtractedText(error=...)`` in French, saying what to ask the sender for.
"""

from __future__ import annotations

from extractors import sniff as types
from extractors.base import FormatExtractor, extractor_for, register
from extractors.docx import DocxExtractor
from extractors.image import ImageExtractor
from extractors.legacy_doc import LegacyDocExtractor
from extractors.odt import OdtExtractor
from extractors.pdf import PdfExtractor
from extractors.rtf import RtfExtractor
from extractors.sniff import sniff
from schemas import ExtractedText

EXTRACTORS: tuple[FormatExtractor, ...] = (
    PdfExtractor(),
    DocxExtractor(),
    OdtExtractor(),
    RtfExtractor(),
    LegacyDocExtractor(),
    ImageExtractor(),
)

# French names of the formats nobody reads, for the message to staff.
_LABELS = {
    types.XLSX: "tableur Excel",
    types.XLS: "tableur Excel ancien",
    types.ODS: "tableur OpenDocument",
    types.PPTX: "présentation PowerPoint",
    types.PPT: "présentation PowerPoint ancienne",
    types.ZIP: "archive ZIP",
    types.MSG: "message Outlook .msg",
    types.TNEF: "pièce jointe Outlook winmail.dat",
    types.OLE: "fichier Office ancien",
    types.HTML: "page HTML",
    types.PLAIN: "texte brut",
    types.CSV: "tableau CSV",
    types.EML: "message électronique joint",
    types.HEIC: "photo HEIC d'iPhone",
    types.UNKNOWN: "type inconnu",
}
_ALIASES = {
    "image/jpg": types.JPEG,
    "image/pjpeg": types.JPEG,
    "image/x-png": types.PNG,
    "application/x-pdf": types.PDF,
    "text/rtf": types.RTF,
    "application/x-rtf": types.RTF,
}
_GENERIC = {"application/octet-stream", "application/binary", "application/unknown", ""}

PROTECTED_OFFICE = (
    "Document Office protégé par un mot de passe : demander une version sans mot de passe."
)
EMPTY = "Fichier vide : demander un nouvel envoi de la pièce jointe."


def register_formats() -> None:
    """Put every format extractor in the registry (safe to call twice)."""
    for extractor in EXTRACTORS:
        register(extractor)


def unsupported(media_type: str) -> str:
    """The French error for a format no extractor reads."""
    label = _LABELS.get(media_type, media_type)
    return f"Format non lu ({label}) : demander un PDF ou un DOCX."


def read_document(
    data: bytes, filename: str, declared_type: str | None = None
) -> tuple[str, ExtractedText]:
    """(sniffed media type, extracted text) of one file; never raises for a bad file."""
    media_type = sniff(data, filename)
    if not data:
        return media_type, ExtractedText(error=EMPTY)
    if media_type == types.OFFICE_ENCRYPTED:
        return media_type, ExtractedText(error=PROTECTED_OFFICE)
    extractor = extractor_for(media_type)
    if extractor is None:
        return media_type, ExtractedText(error=unsupported(media_type))
    # The one broad except per file: a parser bug on a strange file must not stop the run;
    # the file is reported as unread and the next one is read.
    try:
        extracted = extractor.extract(data, filename)
    except Exception as exc:  # noqa: BLE001 - see comment above
        label = _LABELS.get(media_type, extractor.name.upper())
        return media_type, ExtractedText(
            error=(
                f"Fichier non lu ({label}, erreur du lecteur {type(exc).__name__}) : "
                "demander un PDF ou un DOCX."
            )
        )
    note = _declared_note(declared_type, media_type)
    if note:
        extracted = extracted.model_copy(update={"notes": [note, *extracted.notes]})
    return media_type, extracted


def _declared_note(declared_type: str | None, media_type: str) -> str | None:
    """A note when the sender's Content-Type names another format than the content."""
    declared = (declared_type or "").split(";")[0].strip().lower()
    declared = _ALIASES.get(declared, declared)
    if declared in _GENERIC or media_type == types.UNKNOWN or declared == media_type:
        return None
    return f"Type annoncé {declared}, lu comme {media_type} d'après son contenu."


register_formats()
