"""A real Debian Dovecot for the tests: its own config, ports, users and mail, started as root.

Measured on Dovecot 2.3.19 (Debian): it runs from a private config with
``default_internal_user = dovecot``, ``default_login_user = dovenull``, an empty ``chroot`` for
imap-login and anvil, and a static userdb mapping every user to ``nobody:nogroup`` with a mail
folder they own. The master runs in the foreground (``-F``) in its own session, so ``kill()`` can
SIGKILL it and all its children at once, and ``start()`` brings it back on the same ports and mail.
The log (``log_path``) records, per IMAP session, how many bodies were fetched: tests read it to
prove that a poll did not download the mailbox again. After a refused password, Dovecot makes the
next login from the same address wait about 4 s (its auth penalty, which no 2.3 setting turns
off): tests that log in with a wrong password use a private server (``private_dovecot``).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

from pipeline.settings import ImapSecurity, ImapSettings

DOVECOT_BIN = Path("/usr/sbin/dovecot")
HOST = "127.0.0.1"
START_TIMEOUT = 10.0
LOG_TIMEOUT = 5.0
MAX_USERS = 500
PASSWORD = "mot-de-passe-test"
# Everything Dovecot keeps per folder that carries UIDs and UIDVALIDITY (not the messages).
_UID_STATE_FILES = ("dovecot-uidlist", "dovecot.index*", "dovecot.list.index*")
_DISCONNECT = re.compile(r"imap\((?P<user>[^)]+)\)<.*Disconnected:.*body_count=(?P<bodies>\d+)")


def unavailable_reason() -> str | None:
    """Why this machine cannot run the test Dovecot, or None when it can."""
    if not DOVECOT_BIN.exists():
        return f"{DOVECOT_BIN} absent : installez le paquet Debian dovecot-imapd"
    if os.geteuid() != 0:
        return "le Dovecot de test doit être lancé en root (utilisateurs nobody et dovenull)"
    return None


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Account:
    """One IMAP user of the test server; each test gets its own, so tests stay independent."""

    server: Dovecot
    user: str
    password: str
    folder: str = "INBOX"

    def settings(self, **overrides: object) -> ImapSettings:
        """Settings for the plain loopback port; pass ``security``/``port``/``ca_file`` for TLS."""
        values: dict[str, object] = {
            "host": HOST,
            "port": self.server.port,
            "user": self.user,
            "password": self.password,
            "security": ImapSecurity.NONE,
            "folder": self.folder,
            "timeout": 5.0,
        }
        values.update(overrides)
        return ImapSettings.model_validate(values)

    def append(self, raw: bytes, internaldate: dt.datetime | None = None) -> int:
        return self.server.append(self, self.folder, raw, internaldate)


class Dovecot:
    """One Dovecot instance in a temporary folder, with a plain port and an optional TLS port."""

    def __init__(self, *, tls: bool = True) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ami-dovecot-"))
        # nobody must traverse to its mail folder, dovecot must read the passwd file.
        self.root.chmod(0o755)
        self.port = free_port()
        self.tls_port = free_port() if tls else None
        self.log_path = self.root / "dovecot.log"
        self.config_path = self.root / "dovecot.conf"
        self.passwd_path = self.root / "passwd"
        self.mail_dir = self.root / "mail"
        self.ca_file: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._users = 0
        for name in ("run", "state", "mail"):
            (self.root / name).mkdir()
        shutil.chown(self.mail_dir, "nobody", "nogroup")
        # All users exist from the start: Dovecot rereads a changed passwd file at most once a
        # second, so a user added during the run could be refused for up to a second.
        self.passwd_path.write_text(
            "".join(f"user{n}:{{PLAIN}}{PASSWORD}::::::\n" for n in range(1, MAX_USERS + 1)),
            encoding="utf-8",
        )
        self.passwd_path.chmod(0o644)
        if tls:
            self.ca_file = write_test_certificates(self.root / "tls")
        self.config_path.write_text(self._config(), encoding="utf-8")

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the master and wait (at most START_TIMEOUT) until every port greets."""
        if self._process is not None and self._process.poll() is None:
            return
        with (self.root / "stdout.log").open("ab") as out:
            self._process = subprocess.Popen(
                [str(DOVECOT_BIN), "-F", "-c", str(self.config_path)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        for port in (self.port, self.tls_port):
            if port is not None:
                self._wait_for_port(port)

    def stop(self) -> None:
        """Ask the master (by the pid in its base_dir) to stop; SIGKILL it if it lingers."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        pid_file = self.root / "run" / "master.pid"
        pid = int(pid_file.read_text()) if pid_file.exists() else process.pid
        os.kill(pid, signal.SIGTERM)
        try:
            process.wait(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL the master and every child (login, imap, auth…), as a crash would."""
        process = self._process
        if process is None:
            return
        children = _children_of(process.pid)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        for pid in children:  # in case one left the process group
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=START_TIMEOUT)

    def close(self) -> None:
        """Stop and remove the folder (kept when AMI_TEST_KEEP_DOVECOT=1, for debugging)."""
        self.stop()
        if os.environ.get("AMI_TEST_KEEP_DOVECOT") != "1":
            shutil.rmtree(self.root, ignore_errors=True)

    def _wait_for_port(self, port: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"Dovecot s'est arrêté au démarrage :\n{self.log_text()}")
            try:
                with socket.create_connection((HOST, port), timeout=1.0):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"Dovecot n'écoute pas sur {HOST}:{port} :\n{self.log_text()}")

    # -- users and mail -----------------------------------------------------------------------

    def add_user(self) -> Account:
        """A user never used before, so its mailbox is empty (created at first login)."""
        if self._users >= MAX_USERS:
            raise RuntimeError(f"Plus de {MAX_USERS} utilisateurs de test : augmentez MAX_USERS.")
        self._users += 1
        return Account(server=self, user=f"user{self._users}", password=PASSWORD)

    @contextmanager
    def client(self, account: Account) -> Iterator[IMAPClient]:
        """A logged-in client on the plain port, for arranging and inspecting mail."""
        client = IMAPClient(HOST, port=self.port, ssl=False, timeout=5.0)
        try:
            client.login(account.user, account.password)
            client.normalise_times = False
            yield client
        finally:
            client.logout()

    def append(
        self, account: Account, folder: str, raw: bytes, internaldate: dt.datetime | None = None
    ) -> int:
        """Deliver a message and return its UID (from the server's APPENDUID answer)."""
        when = internaldate or dt.datetime.now(dt.UTC)
        with self.client(account) as client:
            answer = client.append(folder, raw, msg_time=when)
        match = re.search(rb"APPENDUID \d+ (\d+)", answer)
        if match is None:
            raise RuntimeError(f"Réponse APPEND sans UID : {answer!r}")
        return int(match.group(1))

    def create_folder(self, account: Account, folder: str) -> None:
        with self.client(account) as client:
            client.create_folder(folder)

    def uidvalidity(self, account: Account, folder: str = "INBOX") -> int:
        with self.client(account) as client:
            return int(client.select_folder(folder, readonly=True)[b"UIDVALIDITY"])

    def flags(self, account: Account, folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
        with self.client(account) as client:
            client.select_folder(folder, readonly=True)
            return dict(client.get_flags(client.search("ALL")))

    def change_uidvalidity(self, account: Account, folder: str = "INBOX") -> int:
        """Renumber a folder as a server migration would: same messages, new UIDVALIDITY.

        Removing Dovecot's uidlist and indexes (no session open) makes it rebuild them from the
        message files, with a UIDVALIDITY above the old one. Returns the new value.
        """
        before = self.uidvalidity(account, folder)
        self.wait_for_sessions(account)
        folder_dir = self.mail_dir / account.user / "Maildir"
        if folder != "INBOX":
            folder_dir = folder_dir / f".{folder}"
        for pattern in _UID_STATE_FILES:
            for path in folder_dir.glob(pattern):
                path.unlink()
        after = self.uidvalidity(account, folder)
        if after == before:
            raise RuntimeError(f"UIDVALIDITY de {folder} inchangé ({before})")
        return after

    # -- log ----------------------------------------------------------------------------------

    def log_text(self) -> str:
        return (
            self.log_path.read_text(encoding="utf-8", errors="replace")
            if self.log_path.exists()
            else ""
        )

    def wait_for_sessions(self, account: Account) -> list[int]:
        """Bodies fetched by each closed session of this user, once every session has closed."""
        logins = f"Login: user=<{account.user}>"
        deadline = time.monotonic() + LOG_TIMEOUT
        while True:
            text = self.log_text()
            bodies = [
                int(m["bodies"]) for m in _DISCONNECT.finditer(text) if m["user"] == account.user
            ]
            if len(bodies) >= text.count(logins) or time.monotonic() > deadline:
                return bodies
            time.sleep(0.05)

    def bodies_fetched(self, account: Account) -> int:
        """Message bodies Dovecot sent to this user, all sessions together."""
        return sum(self.wait_for_sessions(account))

    def _config(self) -> str:
        tls = ""
        listener = ""
        if self.ca_file is not None and self.tls_port is not None:
            tls_dir = self.ca_file.parent
            tls = (
                "ssl = yes\n"
                f"ssl_cert = <{tls_dir / 'server.pem'}\n"
                f"ssl_key = <{tls_dir / 'server.key'}\n"
            )
            listener = (
                "  inet_listener imaps {\n"
                f"    address = {HOST}\n    port = {self.tls_port}\n    ssl = yes\n"
                "  }\n"
            )
        else:
            tls = "ssl = no\n"
            listener = "  inet_listener imaps {\n    port = 0\n  }\n"
        return f"""\
base_dir = {self.root / "run"}
state_dir = {self.root / "state"}
instance_name = ami-test-{self.port}
listen = {HOST}
protocols = imap
log_path = {self.log_path}
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
{tls}disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.passwd_path}
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={self.mail_dir}/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {HOST}
    port = {self.port}
  }}
{listener}}}
service anvil {{
  chroot =
}}
"""


def _children_of(parent: int) -> list[int]:
    """Direct children of a process, read from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return children


def write_test_certificates(folder: Path) -> Path:
    """A throwaway CA and a server certificate for 127.0.0.1/localhost; returns the CA file.

    Uses the ``cryptography`` package when installed, else Debian's ``openssl`` command.
    """
    folder.mkdir(mode=0o700)
    try:
        import cryptography  # noqa: F401
    except ImportError:
        _openssl_certificates(folder)
    else:
        _cryptography_certificates(folder)
    return folder / "ca.pem"


def _cryptography_certificates(folder: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    server_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ami-intake test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(server_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "server.pem").write_bytes(server.public_bytes(pem))
    (folder / "server.key").write_bytes(
        server_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def _openssl_certificates(folder: Path) -> None:
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    new_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2"]
    ca_extensions = [
        "-addext",
        "basicConstraints=critical,CA:TRUE,pathlen:0",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
    ]
    openssl("req", "-x509", *new_key, "-keyout", "ca.key", "-out", "ca.pem",
            "-subj", "/CN=ami-intake test CA", *ca_extensions)  # fmt: skip
    openssl(
        "req", *new_key, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"
    )
    (folder / "server.ext").write_text(
        f"subjectAltName = DNS:localhost, IP:{HOST}\n"
        "basicConstraints = critical, CA:FALSE\n"
        "extendedKeyUsage = serverAuth\n"
        "subjectKeyIdentifier = hash\n"
        "authorityKeyIdentifier = keyid\n",
        encoding="utf-8",
    )
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "server.ext",
            "-out", "server.pem")  # fmt: skip
