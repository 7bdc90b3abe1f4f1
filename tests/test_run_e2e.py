"""The whole job on the labelled sample inbox: from files, and from a real Dovecot server."""

from __future__ import annotations

import email.utils
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from dovecot import Account, Dovecot
from e2e_helpers import by_messages, expected, received_header_date, sample_files
from typer.testing import CliRunner

from pipeline.campaign import load_campaign
from pipeline.cli import app
from pipeline.contract import to_contract
from pipeline.run import run
from pipeline.settings import load_settings
from pipeline.sources.files import read_paths
from pipeline.sources.imap import poll
from pipeline.store import Store

runner = CliRunner()


def _export(data_dir: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["export", "--format", "json", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _assert_matches_labels(contract: dict[str, Any]) -> None:
    truth = expected()
    found = by_messages(contract)
    wanted = {frozenset(a["message_ids"]): a for a in truth["applications"]}
    assert set(found) == set(wanted), "applications are not grouped as labelled"
    for ids, label in wanted.items():
        app_record = found[ids]
        assert app_record["on_time"] == label["on_time"], label["key"]
        assert app_record["territory"] == label["territory"], label["key"]
    assert sorted(contract["unrelated_messages"]) == sorted(
        u["message_id"] for u in truth["unrelated"]
    )


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample inbox imported once through the CLI (the README's first command)."""
    data_dir = tmp_path_factory.mktemp("sample")
    result = runner.invoke(app, ["run", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return data_dir


def test_sample_inbox_yields_exactly_the_labelled_applications(sample_run: Path) -> None:
    _assert_matches_labels(_export(sample_run))


def test_export_contract_has_every_required_key(sample_run: Path) -> None:
    contract = _export(sample_run)
    assert set(contract) >= {"campaign", "applications", "unrelated_messages"}
    for record in contract["applications"]:
        assert set(record) >= {
            "id",
            "territory",
            "received_at",
            "on_time",
            "messages",
            "documents",
            "fields",
            "checks",
        }
        assert record["received_at"][-6] in "+-", "received_at must carry its offset"
        assert set(record["fields"]) >= {
            "project_title",
            "quartiers",
            "description",
            "difficulties",
            "contacts",
            "elected_official",
            "letter_signatory",
            "letter_signed",
        }
        for document in record["documents"]:
            assert document["kind"] in {"bulletin", "letter", "other"}
            assert isinstance(document["ocr"], bool)
        for code in ("on_time", "bulletin", "letter"):
            assert record["checks"][code]["status"] in {"ok", "warning", "missing"}


def test_second_run_changes_nothing(sample_run: Path) -> None:
    before = _export(sample_run)
    result = runner.invoke(app, ["run", "--data-dir", str(sample_run)])
    assert result.exit_code == 0, result.output
    assert _export(sample_run) == before
    store = Store(sample_run / "ami-intake.sqlite3")
    assert store.ledger.counts().get("pending", 0) == 0
    store.close()


def test_run_writes_a_report_in_the_data_directory(sample_run: Path) -> None:
    report = sample_run / "report" / "index.html"
    html = report.read_text(encoding="utf-8")
    assert "<html" in html and expected()["applications"][0]["territory"] in html


def test_reprocess_from_the_archive_gives_the_same_applications(sample_run: Path) -> None:
    before = _export(sample_run)
    result = runner.invoke(app, ["reprocess", "--data-dir", str(sample_run)])
    assert result.exit_code == 0, result.output
    assert _export(sample_run) == before


def _load(account: Account, dovecot: Dovecot) -> int:
    for path in sample_files():
        raw = path.read_bytes()
        when = received_header_date(raw)
        date = email.utils.parsedate_to_datetime(when) if when else None
        dovecot.append(account, "INBOX", raw, date)
    return len(sample_files())


def _env(monkeypatch: pytest.MonkeyPatch, account: Account) -> None:
    monkeypatch.setenv("AMI_IMAP_HOST", "127.0.0.1")
    monkeypatch.setenv("AMI_IMAP_PORT", str(account.server.port))
    monkeypatch.setenv("AMI_IMAP_USER", account.user)
    monkeypatch.setenv("AMI_IMAP_PASSWORD", account.password)
    monkeypatch.setenv("AMI_IMAP_SECURITY", "none")


@pytest.mark.imap
def test_imap_run_yields_labelled_applications_and_second_run_adds_nothing(
    dovecot: Dovecot, mailbox: Account, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = _load(mailbox, dovecot)
    _env(monkeypatch, mailbox)
    first = runner.invoke(app, ["run", "--data-dir", str(tmp_path)])
    assert first.exit_code == 0, first.output
    contract = _export(tmp_path)
    _assert_matches_labels(contract)
    fetched_after_first = dovecot.bodies_fetched(mailbox)
    assert fetched_after_first >= count
    second = runner.invoke(app, ["run", "--data-dir", str(tmp_path)])
    assert second.exit_code == 0, second.output
    assert dovecot.bodies_fetched(mailbox) == fetched_after_first, "a second poll fetched bodies"
    assert _export(tmp_path) == contract


@pytest.mark.imap
def test_imap_uidvalidity_change_creates_no_duplicate(
    dovecot: Dovecot, mailbox: Account, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(mailbox, dovecot)
    _env(monkeypatch, mailbox)
    assert runner.invoke(app, ["run", "--data-dir", str(tmp_path)]).exit_code == 0
    before = _export(tmp_path)
    dovecot.change_uidvalidity(mailbox)
    again = runner.invoke(app, ["run", "--data-dir", str(tmp_path)])
    assert again.exit_code == 0, again.output
    assert _export(tmp_path) == before


@pytest.mark.imap
def test_wrong_password_exits_non_zero_with_a_french_message(
    private_dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = private_dovecot.add_user()
    _env(monkeypatch, account)
    monkeypatch.setenv("AMI_IMAP_PASSWORD", "pas-le-bon")
    result = runner.invoke(app, ["run", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "mot de passe" in result.output.lower()


@pytest.mark.imap
def test_server_killed_mid_fetch_then_next_run_completes_without_loss_or_duplicate(
    private_dovecot: Dovecot, tmp_path: Path
) -> None:
    account = private_dovecot.add_user()
    _load(account, private_dovecot)
    settings = load_settings(data_dir=tmp_path)
    campaign = load_campaign()
    imap = account.settings(batch_size=2)

    def killing_poll(ledger):  # type: ignore[no-untyped-def]
        for index, raw in enumerate(poll(imap, ledger)):
            yield raw
            if index == 2:
                private_dovecot.kill()

    first = run(settings, campaign, imap.mailbox_key, killing_poll)
    # The kill lands after the third message; the rest of its fetch batch may already be here.
    assert first.source_error is not None
    assert 3 <= first.fetched < len(sample_files())
    private_dovecot.start()
    second = run(settings, campaign, imap.mailbox_key, lambda ledger: poll(imap, ledger))
    assert second.ok
    assert first.fetched + second.fetched == len(sample_files())
    store = Store(settings.db_path)
    contract = to_contract(campaign, store.records.applications(), store.records.unrelated())
    _assert_matches_labels(contract)
    store.close()


def test_import_of_the_same_files_twice_adds_nothing(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    campaign = load_campaign()
    first = run(settings, campaign, "fichiers", lambda _: read_paths(sample_files()))
    second = run(settings, campaign, "fichiers", lambda _: read_paths(sample_files()))
    assert first.new_messages == len(sample_files())
    assert (second.new_messages, second.processed, second.regrouped) == (0, 0, False)


def test_run_that_finds_nothing_new_never_loads_the_spacy_model(sample_run: Path) -> None:
    """A fresh process, as cron starts it: the poll finds nothing, so no model is loaded."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.campaign import load_campaign\n"
        "from pipeline.checks import nlp\n"
        "from pipeline.run import run\n"
        "from pipeline.settings import load_settings\n"
        "from pipeline.sources.files import read_paths\n"
        "from e2e_helpers import sample_files\n"
        f"settings = load_settings(data_dir=Path({str(sample_run)!r}))\n"
        "source = lambda _: read_paths(sample_files())\n"
        "summary = run(settings, load_campaign(), 'exemple', source)\n"
        "print(summary.new_messages, summary.regrouped, nlp.load_seconds())\n"
    )
    tests_dir = Path(__file__).resolve().parent
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tests_dir.parent,
        env={**os.environ, "PYTHONPATH": f"{tests_dir.parent}{os.pathsep}{tests_dir}"},
        check=True,
    )
    assert done.stdout.split() == ["0", "False", "None"]
