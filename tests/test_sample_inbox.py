"""The built-in sample inbox: current, parseable, and agreeing with its labelled truth."""

from __future__ import annotations

import email
import importlib.util
import io
import json
import zipfile
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, cast

import pytest

from fixtures.sample_labels import expected, load_sample

INBOX = Path(__file__).resolve().parents[1] / "fixtures" / "sample_inbox"
README = INBOX.parent / "README.md"
FORMATS = {"docx", "docx_sdt", "pdf", "pdf_acroform", "pdf_scan", "odt", "rtf", "mail_body"}
REASONS = {"question", "auto_reply", "newsletter", "spam"}
TRACE_HEADERS = ("Return-Path:", "Delivered-To:", "Received:", "X-Spam-", "\t")


def _expected() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads((INBOX / "expected.json").read_text("utf-8")))


def _parse(name: str) -> EmailMessage:
    raw = (INBOX / name).read_bytes()
    return cast(EmailMessage, email.message_from_bytes(raw, policy=policy.default))


def _message_id(message: EmailMessage) -> str:
    return str(message["Message-ID"]).strip().strip("<>")


def _attachments(message: EmailMessage) -> list[tuple[str, bytes]]:
    """(name, bytes) of every attached file, also inside an attached message, not the logo."""
    found = []
    for part in message.walk():
        part = cast(EmailMessage, part)
        name = part.get_filename()
        attached = part.get_content_disposition() == "attachment"
        if name and attached and part.get_content_type() != "message/rfc822":
            found.append((name, cast(bytes, part.get_payload(decode=True))))
    return found


def _topmost_received(name: str) -> datetime:
    raw = (INBOX / name).read_bytes()
    message = email.message_from_bytes(raw, policy=policy.compat32)
    first = str((message.get_all("Received") or [""])[0])
    return parsedate_to_datetime(first.rsplit(";", 1)[1].split("(")[0].strip())


def _letter_bytes(app: dict[str, Any]) -> tuple[str, bytes] | None:
    letters = {d["filename"]: d["format"] for d in app["documents"] if d["kind"] == "letter"}
    for file in app["files"]:
        for name, data in _attachments(_parse(file)):
            if name in letters:
                return letters[name], data
    return None


def _has_signature_picture(fmt: str, data: bytes) -> bool:
    if fmt == "pdf":
        from pypdf import PdfReader

        return any(page.images for page in PdfReader(io.BytesIO(data)).pages)
    if fmt == "docx":
        return any(
            n.startswith("word/media/") for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
        )
    if fmt == "rtf":
        return b"\\pict" in data
    raise AssertionError(f"no signature probe for {fmt}")


def _rendering_tools_missing() -> str | None:
    if importlib.util.find_spec("reportlab") is None:
        return "reportlab (extra dev) absent : la boîte d'exemple ne peut pas être régénérée"
    from fixtures.builders.scan import fonts_available

    if not fonts_available():
        return "polices DejaVu absentes (paquet Debian fonts-dejavu-core)"
    return None


def test_generator_rebuilds_the_checked_in_inbox_byte_for_byte(tmp_path: Path) -> None:
    reason = _rendering_tools_missing()
    if reason:
        pytest.skip(reason)
    from fixtures.generate_sample_inbox import write_inbox

    write_inbox(tmp_path)
    built = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    checked_in = {p.name: p.read_bytes() for p in INBOX.iterdir()}
    assert sorted(built) == sorted(checked_in)
    changed = [name for name in built if built[name] != checked_in[name]]
    assert changed == [], "régénérez avec python -m fixtures.generate_sample_inbox"


def test_expected_json_is_what_the_labels_say() -> None:
    assert expected(load_sample()) == _expected()


def test_every_eml_parses_with_the_default_policy_without_defects() -> None:
    files = sorted(INBOX.glob("*.eml"))
    assert files
    for path in files:
        raw = path.read_bytes()
        assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n"), path.name
        message = _parse(path.name)
        assert _message_id(message), path.name
        assert message["Date"].datetime.tzinfo is not None, path.name
        defects = [d for part in message.walk() for d in part.defects]
        assert defects == [], (path.name, defects)


def test_every_file_is_labelled_exactly_once() -> None:
    truth = _expected()
    labelled = [f for a in truth["applications"] for f in a["files"]]
    labelled += [u["file"] for u in truth["unrelated"]]
    assert sorted(labelled) == sorted(p.name for p in INBOX.glob("*.eml"))


def test_message_ids_of_each_application_are_those_of_its_files() -> None:
    for app in _expected()["applications"]:
        in_files = {_message_id(_parse(f)) for f in app["files"]}
        assert in_files == set(app["message_ids"]), app["key"]
        assert len(app["message_ids"]) == len(set(app["message_ids"])), app["key"]
    for item in _expected()["unrelated"]:
        assert _message_id(_parse(item["file"])) == item["message_id"]


def test_sample_has_enough_distinct_applications_and_every_unrelated_reason() -> None:
    truth = _expected()
    territories = [a["territory"] for a in truth["applications"]]
    assert len(territories) >= 12
    assert len(set(territories)) == len(territories)
    assert len(truth["unrelated"]) >= 4
    assert {u["reason"] for u in truth["unrelated"]} == REASONS


def test_every_document_format_appears_at_least_once() -> None:
    formats = {d["format"] for a in _expected()["applications"] for d in a["documents"]}
    assert formats >= FORMATS
    scans = [d for a in _expected()["applications"] for d in a["documents"] if d["ocr"]]
    assert scans and all(d["format"] == "pdf_scan" for d in scans)


def test_received_at_is_the_earliest_topmost_received_header() -> None:
    for app in _expected()["applications"]:
        earliest = min(_topmost_received(f) for f in app["files"])
        assert datetime.fromisoformat(app["received_at"]) == earliest, app["key"]
        assert app["received_at"][-6:] in {"+01:00", "+02:00"}, app["key"]


def test_on_time_follows_the_deadline_and_only_pessac_is_late() -> None:
    deadline = datetime.fromisoformat("2016-04-15T23:59:59+02:00")
    for app in _expected()["applications"]:
        assert app["on_time"] == (datetime.fromisoformat(app["received_at"]) <= deadline)
    assert [a["key"] for a in _expected()["applications"] if not a["on_time"]] == ["pessac"]


def test_listed_documents_are_exactly_the_attached_files() -> None:
    for app in _expected()["applications"]:
        attached = sorted({name for f in app["files"] for name, _ in _attachments(_parse(f))})
        listed = sorted(d["filename"] for d in app["documents"] if d["format"] != "mail_body")
        assert attached == listed, app["key"]


def test_message_delivered_twice_differs_only_in_trace_headers() -> None:
    truth = {a["key"]: a for a in _expected()["applications"]}
    first, second = truth["cenon"]["files"]
    copies = [(INBOX / name).read_bytes().decode("ascii").split("\r\n") for name in (first, second)]
    delivered = [
        next(line for line in lines if line.startswith("Delivered-To:")) for lines in copies
    ]
    assert delivered[0] != delivered[1]
    bodies = [[line for line in c if not line.startswith(TRACE_HEADERS)] for c in copies]
    assert bodies[0] == bodies[1]


def test_reply_and_forwards_carry_their_links() -> None:
    truth = {a["key"]: a for a in _expected()["applications"]}
    bulletin_mail, reply = (_parse(f) for f in truth["lormont"]["files"])
    assert reply["In-Reply-To"].strip("<>") == _message_id(bulletin_mail)
    forwarded = _parse(truth["begles"]["files"][0])
    inner = [p for p in forwarded.walk() if p.get_content_type() == "message/rfc822"]
    assert len(inner) == 1
    assert "mairie-begles.fr" in str(cast(list[EmailMessage], inner[0].get_payload())[0]["From"])
    inline = _parse(truth["bassens"]["files"][0]).get_body(("plain",))
    assert inline is not None
    text = inline.get_content()
    assert "---------- Message transféré ----------" in text and "\nEnvoyé : " in text


def test_unrelated_messages_carry_the_headers_that_give_them_away() -> None:
    by_reason = {u["reason"]: _parse(u["file"]) for u in _expected()["unrelated"]}
    assert by_reason["auto_reply"]["Auto-Submitted"] == "auto-replied"
    assert by_reason["newsletter"]["List-Id"] and by_reason["newsletter"]["List-Unsubscribe"]
    assert by_reason["spam"]["X-Spam-Flag"] == "YES"
    assert by_reason["question"]["Auto-Submitted"] is None


def test_signature_pictures_match_letter_signed() -> None:
    checked = 0
    for app in _expected()["applications"]:
        found = _letter_bytes(app)
        if found is None or found[0] == "pdf_scan":
            continue
        fmt, data = found
        assert _has_signature_picture(fmt, data) == app["fields"]["letter_signed"], app["key"]
        checked += 1
    assert checked >= 8


def test_body_documents_are_really_in_the_body() -> None:
    for app in _expected()["applications"]:
        for document in app["documents"]:
            if document["format"] != "mail_body":
                continue
            texts = []
            for f in app["files"]:
                body = _parse(f).get_body(("plain",))
                texts.append(body.get_content() if body else "")
            joined = "\n".join(texts)
            marker = (
                "Titre du projet ou de l'action :"
                if document["kind"] == "bulletin"
                else (app["fields"]["letter_signatory"]["name"])
            )
            assert marker in joined, app["key"]


def test_readme_describes_every_file() -> None:
    readme = README.read_text("utf-8")
    missing = [p.name for p in INBOX.glob("*.eml") if p.name not in readme]
    assert missing == []


def test_acroform_builder_refuses_values_it_cannot_draw() -> None:
    if importlib.util.find_spec("reportlab") is None:
        pytest.skip("reportlab (extra dev) absent")
    from dataclasses import replace

    from fixtures.builders.pdf import bulletin_pdf_acroform

    bulletin = load_sample().applications[0].bulletin
    assert bulletin is not None
    with pytest.raises(ValueError, match="Latin-1"):
        bulletin_pdf_acroform(replace(bulletin, project_title="Cœur de quartier"))
