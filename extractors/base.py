"""The small protocol every format extractor follows, and the registry keyed by media type.

A format extractor turns the bytes of one file into pages of text (``ExtractedText``). It never
touches the store, the mailbox or the network, and it reports an unreadable file as
``ExtractedText(error=...)`` in French rather than raising.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from schemas import ExtractedText


@runtime_checkable
class FormatExtractor(Protocol):
    """Reads one family of formats."""

    name: str
    media_types: tuple[str, ...]

    def available(self) -> bool:
        """Whether the tools it needs (Tesseract, LibreOffice...) are installed."""
        ...

    def extract(self, data: bytes, filename: str) -> ExtractedText:
        """Read the file; expected failures become ``ExtractedText(error=...)``."""
        ...


_REGISTRY: dict[str, FormatExtractor] = {}


def register(extractor: FormatExtractor) -> FormatExtractor:
    """Add an extractor for each of its media types (last registration wins)."""
    for media_type in extractor.media_types:
        _REGISTRY[media_type] = extractor
    return extractor


def extractor_for(media_type: str) -> FormatExtractor | None:
    """The extractor for a sniffed media type, or None when no extractor reads it."""
    return _REGISTRY.get(media_type)


def registered() -> dict[str, FormatExtractor]:
    return dict(_REGISTRY)
