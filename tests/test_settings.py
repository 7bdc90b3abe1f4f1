"""Settings from the environment and a TOML file, and the campaign that replaces the default."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pipeline.campaign import load_campaign
from pipeline.errors import ConfigError
from pipeline.settings import ImapSecurity, load_settings


def test_default_campaign_is_the_2016_ami_with_paris_deadline() -> None:
    campaign = load_campaign()
    assert campaign.aware_deadline().isoformat() == "2016-04-15T23:59:59+02:00"
    assert "claire.grygiel@aquitaine-pqa.fr" in campaign.referents


def test_campaign_file_replaces_the_default(tmp_path: Path) -> None:
    path = tmp_path / "ami2017.toml"
    path.write_text(
        'name = "AMI 2017"\ndeadline = 2017-03-01T12:00:00\ntimezone = "Europe/Paris"\n'
        'referents = ["Quelqu.Un@aquitaine-pqa.fr"]\nqpv_list = "2015"\n',
        encoding="utf-8",
    )
    campaign = load_campaign(path)
    assert campaign.name == "AMI 2017"
    assert campaign.referents == ["quelqu.un@aquitaine-pqa.fr"]
    assert campaign.aware_deadline() == datetime.fromisoformat("2017-03-01T12:00:00+01:00")


def test_broken_campaign_file_is_a_french_config_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_campaign(path)
    assert "deadline" in err.value.message_fr


def test_imap_settings_come_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMI_IMAP_HOST", "imap.aquitaine-pqa.fr")
    monkeypatch.setenv("AMI_IMAP_USER", "candidatures")
    monkeypatch.setenv("AMI_IMAP_PASSWORD", "s3cret")
    imap = load_settings().imap
    assert imap is not None
    assert imap.security == ImapSecurity.SSL and imap.effective_port == 993
    assert imap.password.get_secret_value() == "s3cret"


def test_password_file_is_read_and_toml_sets_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("AMI_IMAP_HOST", "AMI_IMAP_PASSWORD", "AMI_IMAP_USER"):
        monkeypatch.delenv(var, raising=False)
    secret = tmp_path / "pw"
    secret.write_text("from-file\n", encoding="utf-8")
    config = tmp_path / "ami.toml"
    config.write_text(
        f'data_dir = "{tmp_path / "data"}"\n[imap]\nhost = "127.0.0.1"\nport = 1143\n'
        f'user = "pqa"\nsecurity = "starttls"\npassword_file = "{secret}"\nfolder = "AMI"\n',
        encoding="utf-8",
    )
    settings = load_settings(config)
    assert settings.data_dir == tmp_path / "data"
    imap = settings.imap
    assert imap is not None
    assert imap.password.get_secret_value() == "from-file"
    assert (imap.folder, imap.effective_port) == ("AMI", 1143)


def test_password_in_toml_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "ami.toml"
    config.write_text('[imap]\nhost = "x"\npassword = "oops"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(config)
    assert "mot de passe" in err.value.message_fr.lower()


def test_no_tls_is_refused_for_a_remote_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMI_IMAP_HOST", "imap.aquitaine-pqa.fr")
    monkeypatch.setenv("AMI_IMAP_USER", "u")
    monkeypatch.setenv("AMI_IMAP_PASSWORD", "p")
    monkeypatch.setenv("AMI_IMAP_SECURITY", "none")
    with pytest.raises(ConfigError) as err:
        _ = load_settings().imap
    assert "imap.aquitaine-pqa.fr" in err.value.message_fr


def test_no_tls_is_allowed_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMI_IMAP_HOST", "127.0.0.1")
    monkeypatch.setenv("AMI_IMAP_USER", "u")
    monkeypatch.setenv("AMI_IMAP_PASSWORD", "p")
    monkeypatch.setenv("AMI_IMAP_SECURITY", "none")
    imap = load_settings().imap
    assert imap is not None and imap.effective_port == 143
