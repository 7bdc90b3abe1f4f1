"""How values read for staff: phone numbers as written in France, each provenance named once."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from helpers_apps import make_application, sample_campaign, sha

from pipeline.report import render_application_page
from pipeline.report_views import display_phone
from schemas import Contact, Evidence, Service


def test_french_number_is_shown_in_national_format() -> None:
    assert display_phone("+33556123456") == "05 56 12 34 56"


def test_foreign_number_keeps_its_country_code_and_garbage_is_left_as_written() -> None:
    assert display_phone("+4930123456").startswith("+49")
    assert display_phone("voir standard") == "voir standard"


def test_contacts_quoting_one_page_many_times_name_it_once() -> None:
    app = make_application("app-cenon", "Cenon")
    quote = Evidence(document="bulletin.docx", document_sha256=sha("b"), page=1, text="x")
    contacts = [
        Contact(
            name=f"Personne {n}",
            service=Service.AUTRE,
            phone="+33556123456",
            evidence=[quote, quote.model_copy(update={"text": "y"})],
        )
        for n in range(3)
    ]
    app = app.model_copy(update={"fields": app.fields.model_copy(update={"contacts": contacts})})
    html = render_application_page(
        app, campaign=sample_campaign(), generated_at=datetime(2016, 4, 20, tzinfo=UTC)
    )
    row = re.search(r'data-field="contacts".*?</tr>', html, re.S)
    assert row is not None
    assert row.group(0).count("bulletin.docx, page 1") == 1
    assert "05 56 12 34 56" in row.group(0)
