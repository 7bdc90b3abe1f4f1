"""Read new messages from one IMAP folder, idempotently, without ever changing the mailbox.

The folder is opened read-only and bodies are fetched with ``BODY.PEEK[]``, so nothing is marked
``\\Seen``. A ledger (the store) says which UIDs were already taken for the current UIDVALIDITY;
only the others are fetched. When UIDVALIDITY changes (server migration, rebuilt index), only the
Message-ID headers are read to recognise copies of messages already archived.
"""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any, Protocol

from imapclient import IMAPClient
from imapclient.exceptions import (
    CapabilityError,
    IMAPClientAbortError,
    IMAPClientError,
    LoginError,
)

from pipeline.errors import (
    ImapAuthError,
    ImapConnectionError,
    ImapFolderError,
    ImapTlsError,
    SourceError,
)
from pipeline.settings import ImapSecurity, ImapSettings
from schemas.message import RawMessage, SourceRef

logger = logging.getLogger(__name__)

_BODY = b"BODY.PEEK[]"
_INTERNALDATE = b"INTERNALDATE"
_MESSAGE_ID_HEADER = b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
# Header-only fetches are tiny: a bigger batch keeps a resync of a large folder to a few commands.
_HEADER_BATCH = 500
# Everything imapclient, imaplib, socket and ssl raise on a broken session.
_WRAPPED = (IMAPClientError, OSError)


class UidLedger(Protocol):
    """What the store remembers about one mailbox, asked before any body is fetched."""

    def uidvalidity(self, mailbox: str) -> int | None: ...

    def set_uidvalidity(self, mailbox: str, uidvalidity: int) -> None: ...

    def known_uids(self, mailbox: str, uidvalidity: int) -> set[int]:
        """UIDs already claimed, processed or failed under this UIDVALIDITY."""
        ...

    def known_message_ids(self, mailbox: str) -> set[str]:
        """Message-IDs (without <>) archived from this mailbox under any UIDVALIDITY."""
        ...

    def remember_uid(self, source: SourceRef, message_id: str) -> None:
        """Record that this UID is a copy of an already archived message."""
        ...


def poll(settings: ImapSettings, ledger: UidLedger) -> Iterator[RawMessage]:
    """Yield the messages of the folder not yet in the ledger, oldest UID first.

    The caller archives and claims each message before asking for the next one, so a connection
    lost in the middle loses nothing: the next poll fetches exactly the UIDs left unclaimed.
    IMAP, socket and TLS failures are raised as :class:`pipeline.errors.SourceError` subclasses;
    the ledger's own errors pass through untouched.
    """
    client = _connect(settings)
    try:
        _login(client, settings)
        uidvalidity = _select(client, settings)
        _resync(client, settings, ledger, uidvalidity)
        known = ledger.known_uids(settings.mailbox_key, uidvalidity)
        with _translated(settings, connected=True):
            new_uids = sorted(uid for uid in client.search("ALL") if uid not in known)
        logger.info(
            "IMAP %s : %d message(s) nouveau(x) (UIDVALIDITY %d).",
            settings.mailbox_key,
            len(new_uids),
            uidvalidity,
        )
        for batch in _batches(new_uids, settings.batch_size):
            with _translated(settings, connected=True):
                response = client.fetch(batch, [_BODY, _INTERNALDATE])
            for uid in batch:
                data = response.get(uid)
                if data is None or b"BODY[]" not in data:
                    continue  # expunged between SEARCH and FETCH
                source = _source_ref(settings, uidvalidity, uid, data)
                yield RawMessage(source=source, raw=bytes(data[b"BODY[]"]))
    finally:
        _close(client)


def normalise_message_id(value: str | None) -> str | None:
    """Message-ID as the ledger keeps it: no angle brackets, no folding whitespace."""
    if not value:
        return None
    compact = "".join(value.split())
    start, end = compact.find("<"), compact.find(">")
    if 0 <= start < end:
        compact = compact[start + 1 : end]
    return compact or None


def _connect(settings: ImapSettings) -> IMAPClient:
    context = _ssl_context(settings) if settings.security != ImapSecurity.NONE else None
    with _translated(settings, connected=False):
        client = IMAPClient(
            settings.host,
            port=settings.effective_port,
            ssl=settings.security == ImapSecurity.SSL,
            ssl_context=context,
            timeout=settings.timeout,
        )
    # Aware datetimes as the server sent them, not converted to this machine's local time.
    client.normalise_times = False
    if settings.security == ImapSecurity.STARTTLS:
        try:
            with _translated(settings, connected=False):
                client.starttls(context)
        except SourceError:
            _close(client)
            raise
    return client


def _ssl_context(settings: ImapSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if settings.ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(settings.ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise _logged(
                ImapTlsError(
                    f"Le fichier de certificats AMI_IMAP_CA_FILE ({settings.ca_file}) est "
                    "illisible ou n'est pas au format PEM : corrigez le chemin ou le fichier.",
                    str(exc),
                )
            ) from exc
    return context


def _login(client: IMAPClient, settings: ImapSettings) -> None:
    with _translated(settings, connected=True):
        client.login(settings.user, settings.password.get_secret_value())


def _select(client: IMAPClient, settings: ImapSettings) -> int:
    try:
        info = client.select_folder(settings.folder, readonly=True)
    except _WRAPPED as exc:
        # A refused SELECT (not a broken connection) most often means a misspelt folder.
        if isinstance(exc, IMAPClientError) and not isinstance(exc, IMAPClientAbortError):
            folders = _existing_folders(client, settings)
            if settings.folder not in folders:
                raise _logged(
                    ImapFolderError(
                        f"Le dossier IMAP « {settings.folder} » n'existe pas dans la boîte "
                        f"{settings.user} sur {settings.host} : corrigez AMI_IMAP_FOLDER. "
                        f"Dossiers existants : {', '.join(folders) or '(aucun)'}.",
                        f"{type(exc).__name__}: {exc}",
                    )
                ) from exc
        raise _logged(_translate(exc, settings, connected=True)) from exc
    return int(info[b"UIDVALIDITY"])


def _existing_folders(client: IMAPClient, settings: ImapSettings) -> list[str]:
    with _translated(settings, connected=True):
        return sorted(str(name) for _flags, _delimiter, name in client.list_folders())


def _resync(
    client: IMAPClient, settings: ImapSettings, ledger: UidLedger, uidvalidity: int
) -> None:
    """After a UIDVALIDITY change, map the new UIDs of already archived messages, headers only."""
    mailbox = settings.mailbox_key
    previous = ledger.uidvalidity(mailbox)
    if previous == uidvalidity:
        return
    archived = ledger.known_message_ids(mailbox)
    if archived:
        logger.warning(
            "IMAP %s : UIDVALIDITY %s devenu %d, resynchronisation par Message-ID.",
            mailbox,
            previous,
            uidvalidity,
        )
        known = ledger.known_uids(mailbox, uidvalidity)
        with _translated(settings, connected=True):
            uids = sorted(uid for uid in client.search("ALL") if uid not in known)
        for batch in _batches(uids, _HEADER_BATCH):
            with _translated(settings, connected=True):
                response = client.fetch(batch, [_MESSAGE_ID_HEADER, _INTERNALDATE])
            for uid, data in sorted(response.items()):
                message_id = _message_id(data)
                if message_id is not None and message_id in archived:
                    ledger.remember_uid(_source_ref(settings, uidvalidity, uid, data), message_id)
    ledger.set_uidvalidity(mailbox, uidvalidity)


def _message_id(data: dict[bytes, Any]) -> str | None:
    # Servers echo the section name in their own spelling; match on its start.
    for key, value in data.items():
        if isinstance(key, bytes) and key.upper().startswith(b"BODY[HEADER.FIELDS"):
            headers = BytesHeaderParser(policy=compat32).parsebytes(bytes(value or b""))
            return normalise_message_id(headers.get("Message-ID"))
    return None


def _source_ref(
    settings: ImapSettings, uidvalidity: int, uid: int, data: dict[bytes, Any]
) -> SourceRef:
    return SourceRef(
        mailbox=settings.mailbox_key,
        uidvalidity=uidvalidity,
        uid=uid,
        internaldate=_aware(data.get(_INTERNALDATE)),
        origin=settings.folder,
    )


def _aware(value: object) -> datetime | None:
    """INTERNALDATE with a plain ``timezone`` offset (imapclient's own tzinfo does not pickle)."""
    if not isinstance(value, datetime):
        return None
    offset = value.utcoffset() or timedelta(0)
    return value.replace(tzinfo=timezone(offset))


def _batches(uids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(uids), size):
        yield list(uids[start : start + size])


def _close(client: IMAPClient) -> None:
    """Log out politely; a dead connection is simply dropped."""
    try:
        client.logout()
    except _WRAPPED:
        try:
            client.shutdown()
        except _WRAPPED as exc:
            logger.debug("IMAP : fermeture de la connexion impossible (%s).", exc)


@contextmanager
def _translated(settings: ImapSettings, *, connected: bool) -> Iterator[None]:
    """Turn imapclient, socket and ssl errors into our SourceError subclasses, once."""
    try:
        yield
    except _WRAPPED as exc:
        raise _logged(_translate(exc, settings, connected=connected)) from exc


def _translate(exc: BaseException, settings: ImapSettings, *, connected: bool) -> SourceError:
    where = f"{settings.host}:{settings.effective_port}"
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, LoginError):
        return ImapAuthError(
            f"Identifiant ou mot de passe IMAP refusé par le serveur {where} pour "
            f"« {settings.user} » : vérifiez AMI_IMAP_USER et AMI_IMAP_PASSWORD.",
            detail,
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ImapTlsError(
            f"Le certificat du serveur IMAP {where} n'est pas reconnu "
            f"({exc.verify_message or exc.reason}). S'il est signé par une autorité interne, "
            "indiquez le certificat de cette autorité (PEM) dans AMI_IMAP_CA_FILE.",
            detail,
        )
    if isinstance(exc, ssl.SSLError):
        return ImapTlsError(
            f"La négociation TLS avec le serveur IMAP {where} a échoué ({exc.reason}) : "
            "vérifiez AMI_IMAP_SECURITY (ssl pour le port 993, starttls pour le port 143) "
            "et AMI_IMAP_PORT.",
            detail,
        )
    if isinstance(exc, CapabilityError):
        return ImapTlsError(
            f"Le serveur IMAP {where} ne propose pas STARTTLS : utilisez AMI_IMAP_SECURITY=ssl "
            "(port 993).",
            detail,
        )
    if isinstance(exc, IMAPClientError) and not isinstance(exc, IMAPClientAbortError):
        return SourceError(
            f"Le serveur IMAP {where} a refusé une commande sur le dossier « {settings.folder} » "
            f"({exc}) : réessayez plus tard, et signalez-le à l'administrateur de la messagerie "
            "si cela se répète.",
            detail,
        )
    reason = _reason(exc, settings)
    if connected:
        return ImapConnectionError(
            f"Connexion au serveur IMAP {where} perdue pendant la lecture du dossier "
            f"« {settings.folder} » ({reason}). Les messages déjà reçus sont conservés ; "
            "relancez le traitement, il reprendra où il s'est arrêté.",
            detail,
        )
    return ImapConnectionError(
        f"Serveur IMAP {where} injoignable ({reason}) : vérifiez AMI_IMAP_HOST, AMI_IMAP_PORT "
        "et AMI_IMAP_SECURITY, que le serveur est en marche et que le réseau ou le pare-feu "
        "laisse passer la connexion.",
        detail,
    )


def _reason(exc: BaseException, settings: ImapSettings) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"aucune réponse en {settings.timeout:g} s, voir AMI_IMAP_TIMEOUT"
    if isinstance(exc, socket.gaierror):
        return "nom de serveur inconnu"
    if isinstance(exc, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(exc, ConnectionError | IMAPClientAbortError):
        return "connexion coupée par le serveur"
    return str(exc) or type(exc).__name__


def _logged(error: SourceError) -> SourceError:
    logger.error("%s [%s]", error.message_fr, error)
    return error
