"""The one exception tree of ami-intake. Each error carries a French message for staff.

    AmiIntakeError                 message_fr: what happened and how to fix it
    ├── ConfigError                bad settings, campaign or reference file
    ├── SourceError                a mailbox or file source could not be read
    │   ├── ImapAuthError          wrong user or password
    │   ├── ImapConnectionError    server unreachable, timed out, or connection lost mid-fetch
    │   ├── ImapTlsError           certificate not trusted, TLS refused
    │   └── ImapFolderError        folder missing
    ├── ArchiveError               raw bytes could not be written
    ├── StoreError                 the SQLite store refused an operation
    └── LockError                  another run holds the lock

Third-party errors are wrapped once, with ``raise ... from exc``; the CLI alone turns these into
messages and exit codes.
"""

from __future__ import annotations


class AmiIntakeError(Exception):
    """Base error; ``message_fr`` is shown to staff, ``str(err)`` goes to the operators' log."""

    def __init__(self, message_fr: str, detail: str | None = None) -> None:
        super().__init__(detail or message_fr)
        self.message_fr = message_fr


class ConfigError(AmiIntakeError):
    pass


class SourceError(AmiIntakeError):
    pass


class ImapAuthError(SourceError):
    pass


class ImapConnectionError(SourceError):
    pass


class ImapTlsError(SourceError):
    pass


class ImapFolderError(SourceError):
    pass


class ArchiveError(AmiIntakeError):
    pass


class StoreError(AmiIntakeError):
    pass


class LockError(AmiIntakeError):
    pass
