"""One settings object, built once by the CLI from flags, environment and an optional TOML file."""

from __future__ import annotations

import ipaddress
import socket
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.errors import ConfigError


class ImapSecurity(StrEnum):
    SSL = "ssl"
    STARTTLS = "starttls"
    NONE = "none"


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses: the only hosts allowed without TLS."""
    if host.lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


class ImapSettings(BaseModel):
    """How to reach one mailbox. The password comes from the environment or a file, never a flag."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str
    port: int | None = None
    user: str
    password: SecretStr
    security: ImapSecurity = ImapSecurity.SSL
    folder: str = "INBOX"
    ca_file: Path | None = Field(default=None, description="Extra CA bundle to trust (PEM).")
    timeout: float = Field(default=30.0, gt=0, description="Socket timeout in seconds.")
    batch_size: int = Field(default=50, ge=1, le=1000)

    @model_validator(mode="after")
    def _tls_required_off_loopback(self) -> ImapSettings:
        if self.security == ImapSecurity.NONE and not is_loopback(self.host):
            raise ValueError(
                "AMI_IMAP_SECURITY=none (sans chiffrement) n'est permis que pour un serveur local "
                f"(127.0.0.1, localhost) ; « {self.host} » exige ssl ou starttls."
            )
        return self

    @property
    def effective_port(self) -> int:
        if self.port:
            return self.port
        return 993 if self.security == ImapSecurity.SSL else 143

    @property
    def mailbox_key(self) -> str:
        """Stable name of this mailbox in the ledger."""
        return f"imap://{self.user}@{self.host}:{self.effective_port}/{self.folder}"


class Settings(BaseSettings):
    """Everything a run needs; `imap` is None when no mailbox is configured."""

    model_config = SettingsConfigDict(env_prefix="AMI_", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default=Path("./ami-data"), validation_alias="AMI_INTAKE_DATA_DIR")
    imap_host: str | None = None
    imap_port: int | None = None
    imap_user: str | None = None
    imap_password: SecretStr | None = None
    imap_password_file: Path | None = None
    imap_security: ImapSecurity = ImapSecurity.SSL
    imap_folder: str = "INBOX"
    imap_ca_file: Path | None = None
    imap_timeout: float = 30.0
    imap_batch_size: int = 50
    campaign_file: Path | None = None
    fail_fast: bool = False

    @property
    def imap(self) -> ImapSettings | None:
        if not self.imap_host:
            return None
        if not self.imap_user:
            raise ConfigError("AMI_IMAP_USER manque : indiquez l'identifiant de la boîte IMAP.")
        password = self.imap_password
        if password is None and self.imap_password_file is not None:
            try:
                password = SecretStr(self.imap_password_file.read_text(encoding="utf-8").strip())
            except OSError as exc:
                raise ConfigError(
                    f"Fichier de mot de passe illisible : {self.imap_password_file}.", str(exc)
                ) from exc
        if password is None:
            raise ConfigError(
                "Mot de passe IMAP absent : définissez AMI_IMAP_PASSWORD ou AMI_IMAP_PASSWORD_FILE."
            )
        try:
            return ImapSettings(
                host=self.imap_host,
                port=self.imap_port,
                user=self.imap_user,
                password=password,
                security=self.imap_security,
                folder=self.imap_folder,
                ca_file=self.imap_ca_file,
                timeout=self.imap_timeout,
                batch_size=self.imap_batch_size,
            )
        except ValueError as exc:
            raise ConfigError(_first_error(exc), str(exc)) from exc

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "ami-intake.sqlite3"

    @property
    def report_dir(self) -> Path:
        return self.data_dir / "report"


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        for err in errors():
            msg = str(err.get("msg", ""))
            return msg.removeprefix("Value error, ")
    return str(exc)


_TOML_KEYS = {
    "data_dir": "data_dir",
    "campaign": "campaign_file",
    "fail_fast": "fail_fast",
}


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Environment first, then the TOML file (its `[imap]` table and top-level keys), then flags.

    The TOML file wins over the environment so a cron line with `--config` is self-describing.
    """
    values: dict[str, Any] = {}
    if config is not None:
        try:
            data = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"Fichier de configuration illisible : {config}.", str(exc)) from exc
        for key, value in data.get("imap", {}).items():
            if key == "password":
                raise ConfigError(
                    "Le mot de passe ne va pas dans le fichier de configuration : "
                    "utilisez password_file ou la variable AMI_IMAP_PASSWORD."
                )
            values[f"imap_{key}"] = value
        for key, target in _TOML_KEYS.items():
            if key in data:
                values[target] = data[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        settings = Settings()
        if values:
            settings = Settings.model_validate({**settings.model_dump(), **values})
    except ValueError as exc:
        raise ConfigError(f"Réglage invalide : {_first_error(exc)}", str(exc)) from exc
    return settings
