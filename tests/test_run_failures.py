"""A message whose processing fails is kept, shown to staff, and retried; the rest goes on.

The failure is injected into our own processing function (no real part is replaced): real
inputs do not make `process_message` raise, which is exactly why the orchestration must still
survive it when a future bug does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_helpers import sample_files

import pipeline.run as run_module
from pipeline.campaign import load_campaign
from pipeline.run import run
from pipeline.settings import load_settings
from pipeline.sources.files import read_paths
from pipeline.store import Store


def test_failed_message_is_kept_reported_and_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [
        p for p in sample_files() if p.name.startswith(("agen", "pau", "unrelated-2016-04-09"))
    ]
    broken = next(p for p in files if p.name.startswith("pau"))
    real = run_module.process_message

    def failing(raw: bytes, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if raw == broken.read_bytes():
            raise RuntimeError("bug injected by the test")
        return real(raw, *args, **kwargs)  # type: ignore[arg-type]

    settings = load_settings(data_dir=tmp_path)
    campaign = load_campaign()
    monkeypatch.setattr(run_module, "process_message", failing)
    first = run(settings, campaign, "fichiers", lambda _: read_paths(files))
    assert (first.processed, first.failed) == (len(files) - 1, 1)
    report = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "Messages non traités (1)" in report
    assert "Agen" in report

    monkeypatch.setattr(run_module, "process_message", real)
    second = run(settings, campaign, "fichiers", lambda _: read_paths(files))
    assert (second.new_messages, second.processed, second.failed) == (0, 1, 0)
    store = Store(settings.db_path)
    assert store.ledger.failures() == []
    assert {a.territory for a in store.records.applications()} == {"Agen", "Pau"}
    store.close()
    assert "Messages non traités" not in (tmp_path / "report" / "index.html").read_text("utf-8")
