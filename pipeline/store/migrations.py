"""Numbered schema migrations; each runs once, in order, inside one transaction."""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "raw messages, mailbox copies (the ledger), results, applications, runs, corrections",
        """
        CREATE TABLE raw_messages (
            sha256 TEXT PRIMARY KEY,
            message_id TEXT,
            size INTEGER NOT NULL,
            received_at TEXT NOT NULL,
            received_at_source TEXT NOT NULL,
            archived_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'claimed', 'processed', 'failed')),
            claim_token TEXT,
            claimed_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            error_fr TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX raw_messages_state ON raw_messages(state);
        CREATE INDEX raw_messages_message_id ON raw_messages(message_id);

        -- One row per delivered copy: the ledger key (mailbox, uidvalidity, uid). File copies use
        -- uid 0 and are unique by their hash.
        CREATE TABLE copies (
            mailbox TEXT NOT NULL,
            uidvalidity INTEGER NOT NULL,
            uid INTEGER NOT NULL,
            sha256 TEXT NOT NULL REFERENCES raw_messages(sha256),
            message_id TEXT,
            origin TEXT,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (mailbox, uidvalidity, uid, sha256)
        );
        CREATE UNIQUE INDEX copies_imap_uid ON copies(mailbox, uidvalidity, uid) WHERE uid > 0;

        CREATE TABLE mailboxes (
            mailbox TEXT PRIMARY KEY,
            uidvalidity INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE message_results (
            sha256 TEXT PRIMARY KEY REFERENCES raw_messages(sha256),
            message_id TEXT NOT NULL,
            result_json TEXT NOT NULL,
            processed_at TEXT NOT NULL
        );

        CREATE TABLE applications (
            id TEXT PRIMARY KEY,
            record_json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE unrelated_messages (
            message_id TEXT PRIMARY KEY,
            record_json TEXT NOT NULL
        );

        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'ok', 'failed')),
            source TEXT NOT NULL,
            fetched INTEGER NOT NULL DEFAULT 0,
            processed INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );

        -- Staff corrections: a layer applied on top of extraction, never overwritten by it.
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            application_id TEXT NOT NULL,
            target TEXT NOT NULL,
            value_json TEXT NOT NULL,
            previous_json TEXT,
            author TEXT NOT NULL,
            reason TEXT,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE INDEX corrections_application ON corrections(application_id);
        """,
    ),
]
