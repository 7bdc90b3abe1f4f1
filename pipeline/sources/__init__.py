"""Where raw messages come from: one IMAP folder, or files on disk. Sources never parse mail."""

from pipeline.sources.files import FileSource, SkippedPath, read_paths
from pipeline.sources.imap import UidLedger, normalise_message_id, poll

__all__ = ["FileSource", "SkippedPath", "UidLedger", "normalise_message_id", "poll", "read_paths"]
