"""Shared fixtures. Dovecot: one real server per session, a fresh user and mailbox per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dovecot import Account, Dovecot, unavailable_reason


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """The real Debian Dovecot, plain port and TLS port, shared by the session's IMAP tests."""
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    server = Dovecot(tls=True)
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def mailbox(dovecot: Dovecot) -> Account:
    """A new IMAP user with an empty INBOX, so each test starts from nothing."""
    return dovecot.add_user()


@pytest.fixture
def private_dovecot() -> Iterator[Dovecot]:
    """A server of the test's own, for tests that kill it or upset it (wrong passwords)."""
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    server = Dovecot(tls=False)
    try:
        server.start()
        yield server
    finally:
        server.close()
