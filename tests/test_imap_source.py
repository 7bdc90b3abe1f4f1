"""pipeline.sources.imap against the real Debian Dovecot started by tests/dovecot.py.

The ledger is a small in-memory fake injected as a parameter; the store's real ledger is tested
with the store.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Iterator
from email.parser import BytesHeaderParser

import pytest
from dovecot import HOST, Account, Dovecot, free_port

from pipeline.errors import ImapAuthError, ImapConnectionError, ImapFolderError, ImapTlsError
from pipeline.settings import ImapSecurity
from pipeline.sources.imap import normalise_message_id, poll
from schemas.message import RawMessage, SourceRef

pytestmark = pytest.mark.imap


class MemoryLedger:
    """The UidLedger contract in a few dicts; ``claim`` is what the pipeline does per message."""

    def __init__(self) -> None:
        self.validity: dict[str, int] = {}
        self.uids: dict[tuple[str, int], dict[int, str | None]] = {}
        self.remembered: list[tuple[SourceRef, str]] = []

    def uidvalidity(self, mailbox: str) -> int | None:
        return self.validity.get(mailbox)

    def set_uidvalidity(self, mailbox: str, uidvalidity: int) -> None:
        self.validity[mailbox] = uidvalidity

    def known_uids(self, mailbox: str, uidvalidity: int) -> set[int]:
        return set(self.uids.get((mailbox, uidvalidity), {}))

    def known_message_ids(self, mailbox: str) -> set[str]:
        return {
            mid
            for (box, _validity), uids in self.uids.items()
            if box == mailbox
            for mid in uids.values()
            if mid is not None
        }

    def remember_uid(self, source: SourceRef, message_id: str) -> None:
        self.remembered.append((source, message_id))
        self.uids.setdefault((source.mailbox, source.uidvalidity), {})[source.uid] = message_id

    def claim(self, message: RawMessage) -> None:
        header = BytesHeaderParser().parsebytes(message.raw).get("Message-ID")
        key = (message.source.mailbox, message.source.uidvalidity)
        self.uids.setdefault(key, {})[message.source.uid] = normalise_message_id(header)


def mail(name: str, *, message_id: bool = True) -> bytes:
    """A small message with CRLF line ends and 8-bit text, as servers store it."""
    header = f"Message-ID: <{name}@candidats.test>\r\n" if message_id else ""
    return (
        f"{header}From: Association {name} <{name}@asso.test>\r\n"
        f"To: ami@collectivite.test\r\nSubject: Candidature {name}\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
        f"Bonjour, voici notre dossier « {name} ». Éléments joints.\r\n"
    ).encode()


def consume(messages: Iterator[RawMessage], ledger: MemoryLedger) -> list[RawMessage]:
    """Claim each message before asking for the next, as the pipeline does."""
    taken = []
    for message in messages:
        ledger.claim(message)
        taken.append(message)
    return taken


def test_first_poll_yields_every_message_with_bytes_uid_and_internaldate(mailbox: Account) -> None:
    when = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    raws = [mail("alpha"), mail("beta"), mail("gamma")]
    for raw in raws:
        mailbox.append(raw, when)
    settings = mailbox.settings()

    messages = consume(poll(settings, MemoryLedger()), MemoryLedger())

    assert [m.raw for m in messages] == raws
    assert [m.source.uid for m in messages] == [1, 2, 3]
    assert {m.source.mailbox for m in messages} == {settings.mailbox_key}
    assert {m.source.origin for m in messages} == {"INBOX"}
    # Maildir keeps the instant (file mtime), not the sender's offset: compare instants, aware.
    assert all(m.source.internaldate == when for m in messages)
    assert all(m.source.internaldate.utcoffset() is not None for m in messages)


def test_second_poll_with_same_ledger_yields_nothing_and_fetches_no_body(
    dovecot: Dovecot, mailbox: Account
) -> None:
    for name in ("alpha", "beta", "gamma"):
        mailbox.append(mail(name))
    ledger = MemoryLedger()
    consume(poll(mailbox.settings(), ledger), ledger)
    assert dovecot.bodies_fetched(mailbox) == 3

    again = consume(poll(mailbox.settings(), ledger), ledger)

    assert again == []
    assert dovecot.bodies_fetched(mailbox) == 3


def test_poll_fetches_only_mail_appended_since_last_poll(
    dovecot: Dovecot, mailbox: Account
) -> None:
    mailbox.append(mail("alpha"))
    mailbox.append(mail("beta"))
    ledger = MemoryLedger()
    consume(poll(mailbox.settings(batch_size=1), ledger), ledger)
    uid = mailbox.append(mail("gamma"))

    later = consume(poll(mailbox.settings(batch_size=1), ledger), ledger)

    assert [(m.source.uid, m.raw) for m in later] == [(uid, mail("gamma"))]
    assert dovecot.bodies_fetched(mailbox) == 3


def test_uidvalidity_change_remembers_archived_messages_and_yields_only_new_ones(
    dovecot: Dovecot, mailbox: Account
) -> None:
    mailbox.append(mail("alpha"))
    mailbox.append(mail("beta"))
    ledger = MemoryLedger()
    settings = mailbox.settings()
    consume(poll(settings, ledger), ledger)
    new_validity = dovecot.change_uidvalidity(mailbox)
    mailbox.append(mail("gamma"))

    after = consume(poll(settings, ledger), ledger)

    assert [m.raw for m in after] == [mail("gamma")]
    assert after[0].source.uidvalidity == new_validity
    assert sorted(mid for _, mid in ledger.remembered) == [
        "alpha@candidats.test",
        "beta@candidats.test",
    ]
    assert {ref.uidvalidity for ref, _ in ledger.remembered} == {new_validity}
    assert ledger.uidvalidity(settings.mailbox_key) == new_validity
    assert dovecot.bodies_fetched(mailbox) == 3
    assert consume(poll(settings, ledger), ledger) == []


def test_uidvalidity_change_yields_again_a_message_without_message_id(
    dovecot: Dovecot, mailbox: Account
) -> None:
    """Nothing identifies it but its bytes: the store's content hash must catch the copy."""
    mailbox.append(mail("anonyme", message_id=False))
    ledger = MemoryLedger()
    consume(poll(mailbox.settings(), ledger), ledger)
    dovecot.change_uidvalidity(mailbox)

    after = consume(poll(mailbox.settings(), ledger), ledger)

    assert [m.raw for m in after] == [mail("anonyme", message_id=False)]


def test_poll_reads_a_folder_other_than_inbox(dovecot: Dovecot, mailbox: Account) -> None:
    dovecot.create_folder(mailbox, "Candidatures")
    dovecot.append(mailbox, "Candidatures", mail("alpha"))
    mailbox.append(mail("ailleurs"))

    messages = consume(
        poll(mailbox.settings(folder="Candidatures"), MemoryLedger()), MemoryLedger()
    )

    assert [(m.raw, m.source.origin) for m in messages] == [(mail("alpha"), "Candidatures")]


def test_poll_leaves_messages_unseen(dovecot: Dovecot, mailbox: Account) -> None:
    mailbox.append(mail("alpha"))
    mailbox.append(mail("beta"))

    consume(poll(mailbox.settings(), MemoryLedger()), MemoryLedger())

    flags = dovecot.flags(mailbox)
    assert len(flags) == 2
    assert all(b"\\Seen" not in f for f in flags.values())


def test_poll_closed_early_logs_out(dovecot: Dovecot, mailbox: Account) -> None:
    mailbox.append(mail("alpha"))
    mailbox.append(mail("beta"))
    messages = poll(mailbox.settings(batch_size=1), MemoryLedger())
    next(messages)

    messages.close()

    assert dovecot.bodies_fetched(mailbox) == 1
    assert f"imap({mailbox.user})" in dovecot.log_text()
    assert "Disconnected: Logged out" in dovecot.log_text().rsplit(f"imap({mailbox.user})", 1)[1]


def test_wrong_password_raises_auth_error_in_french(private_dovecot: Dovecot) -> None:
    settings = private_dovecot.add_user().settings(password="pas-le-bon")

    with pytest.raises(ImapAuthError) as info:
        list(poll(settings, MemoryLedger()))

    assert info.value.message_fr.startswith(
        "Identifiant ou mot de passe IMAP refusé par le serveur"
    )
    assert "vérifiez AMI_IMAP_USER et AMI_IMAP_PASSWORD." in info.value.message_fr


def test_missing_folder_raises_folder_error_naming_existing_folders(
    dovecot: Dovecot, mailbox: Account
) -> None:
    dovecot.create_folder(mailbox, "Candidatures")

    with pytest.raises(ImapFolderError) as info:
        list(poll(mailbox.settings(folder="Candidature"), MemoryLedger()))

    message = info.value.message_fr
    assert "« Candidature »" in message
    assert "Dossiers existants : Candidatures, INBOX." in message


def test_unreachable_port_raises_connection_error_quickly(mailbox: Account) -> None:
    port = free_port()
    started = time.monotonic()

    with pytest.raises(ImapConnectionError) as info:
        list(poll(mailbox.settings(port=port, timeout=2.0), MemoryLedger()))

    assert time.monotonic() - started < 3.0
    assert f"{HOST}:{port}" in info.value.message_fr
    assert "AMI_IMAP_HOST" in info.value.message_fr


def test_silent_server_raises_connection_error_after_timeout(mailbox: Account) -> None:
    with socket.socket() as silent:
        silent.bind((HOST, 0))
        silent.listen(1)  # the kernel accepts the connection, nobody ever greets
        port = silent.getsockname()[1]
        started = time.monotonic()

        with pytest.raises(ImapConnectionError) as info:
            list(poll(mailbox.settings(port=port, timeout=0.5), MemoryLedger()))

    assert time.monotonic() - started < 5.0
    assert "AMI_IMAP_TIMEOUT" in info.value.message_fr


def test_server_killed_mid_poll_raises_connection_error_and_next_poll_yields_the_rest(
    private_dovecot: Dovecot,
) -> None:
    account = private_dovecot.add_user()
    raws = [mail("alpha"), mail("beta"), mail("gamma")]
    for raw in raws:
        account.append(raw)
    settings = account.settings(batch_size=1)
    ledger = MemoryLedger()
    messages = poll(settings, ledger)
    ledger.claim(next(messages))

    private_dovecot.kill()
    with pytest.raises(ImapConnectionError) as info:
        next(messages)
    private_dovecot.start()
    rest = consume(poll(settings, ledger), ledger)

    assert "perdue" in info.value.message_fr
    assert [(m.source.uid, m.raw) for m in rest] == [(2, raws[1]), (3, raws[2])]


def test_tls_with_ca_file_trusts_the_test_authority(dovecot: Dovecot, mailbox: Account) -> None:
    mailbox.append(mail("alpha"))
    settings = mailbox.settings(
        security=ImapSecurity.SSL, port=dovecot.tls_port, ca_file=dovecot.ca_file
    )

    messages = consume(poll(settings, MemoryLedger()), MemoryLedger())

    assert [m.raw for m in messages] == [mail("alpha")]


def test_starttls_with_ca_file_trusts_the_test_authority(
    dovecot: Dovecot, mailbox: Account
) -> None:
    mailbox.append(mail("alpha"))
    settings = mailbox.settings(security=ImapSecurity.STARTTLS, ca_file=dovecot.ca_file)

    messages = consume(poll(settings, MemoryLedger()), MemoryLedger())

    assert [m.raw for m in messages] == [mail("alpha")]


def test_tls_without_ca_file_refuses_untrusted_certificate(
    dovecot: Dovecot, mailbox: Account
) -> None:
    settings = mailbox.settings(security=ImapSecurity.SSL, port=dovecot.tls_port)

    with pytest.raises(ImapTlsError) as info:
        list(poll(settings, MemoryLedger()))

    assert "n'est pas reconnu" in info.value.message_fr
    assert "AMI_IMAP_CA_FILE" in info.value.message_fr


def test_tls_on_the_plain_port_raises_tls_error(dovecot: Dovecot, mailbox: Account) -> None:
    settings = mailbox.settings(security=ImapSecurity.SSL, ca_file=dovecot.ca_file)

    with pytest.raises(ImapTlsError) as info:
        list(poll(settings, MemoryLedger()))

    assert "AMI_IMAP_SECURITY" in info.value.message_fr


def test_normalise_message_id_drops_brackets_and_folding() -> None:
    assert normalise_message_id("<abc@x.test>") == "abc@x.test"
    assert normalise_message_id("\r\n <abc@x.test> ") == "abc@x.test"
    assert normalise_message_id("sans-chevrons@x.test") == "sans-chevrons@x.test"
    assert normalise_message_id("  ") is None
    assert normalise_message_id(None) is None
