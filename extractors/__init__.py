"""Pure readers: bytes or text in, results out. Never the store, the mailbox or the network."""

from extractors.base import FormatExtractor, extractor_for, register, registered

__all__ = ["FormatExtractor", "extractor_for", "register", "registered"]
