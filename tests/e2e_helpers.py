"""Helpers for the end-to-end tests: the sample inbox and its labelled truth."""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample_inbox"


def expected() -> dict[str, Any]:
    return json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


def sample_files() -> list[Path]:
    return sorted(SAMPLE.glob("*.eml"))


def received_header_date(raw: bytes) -> str | None:
    message = email.message_from_bytes(raw, policy=policy.compat32)
    received = message.get_all("Received") or []
    return received[0].rsplit(";", 1)[-1].strip() if received else None


def by_messages(contract: dict[str, Any]) -> dict[frozenset[str], dict[str, Any]]:
    """Applications of an export, keyed by the set of their Message-IDs."""
    return {frozenset(app["messages"]): app for app in contract["applications"]}
