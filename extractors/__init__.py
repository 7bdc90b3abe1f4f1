"""Pure readers: bytes or text in, results out. Never the store, the mailbox or the network."""

from extractors.base import FormatExtractor, extractor_for, register, registered
from extractors.body import read_body
from extractors.bulletin import extract_bulletin
from extractors.classify import Classification, classify, pages_in
from extractors.formats import read_document, register_formats
from extractors.letter import extract_letter
from extractors.mime import parse_message, reception_time
from extractors.territory import find_territory, territory_key

__all__ = [
    "Classification",
    "FormatExtractor",
    "classify",
    "extract_bulletin",
    "extract_letter",
    "extractor_for",
    "find_territory",
    "pages_in",
    "parse_message",
    "read_body",
    "read_document",
    "reception_time",
    "register",
    "register_formats",
    "registered",
    "territory_key",
]
