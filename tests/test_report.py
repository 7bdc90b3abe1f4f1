"""The completeness report as HTML: what it shows, how it escapes, how it is written to disk."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from helpers_apps import (
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    make_application,
    sample_applications,
    sample_report_data,
    sha,
    unidentified_application,
)

from pipeline.report import render_application_page, render_report, write_report
from pipeline.report_data import (
    Completeness,
    ReportData,
    completeness,
    counts,
    french_datetime,
)
from schemas import CheckCode, CheckStatus


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


@pytest.fixture(scope="module")
def page() -> BeautifulSoup:
    return _soup(render_report(sample_report_data()))


def _section(page: BeautifulSoup, app_id: str) -> Tag:
    found = page.select_one(f'section.application[data-application-id="{app_id}"]')
    assert isinstance(found, Tag), app_id
    return found


def _row(page: BeautifulSoup, app_id: str) -> Tag:
    found = page.select_one(f'#grille tr[data-application-id="{app_id}"]')
    assert isinstance(found, Tag), app_id
    return found


def test_overview_has_one_row_per_application(page: BeautifulSoup) -> None:
    rows = page.select("#grille tbody tr[data-application-id]")
    assert [r["data-application-id"] for r in rows].count("bordeaux-metropole") == 1
    assert len(rows) == 12


def test_overview_has_a_cell_per_check_with_icon_and_word(page: BeautifulSoup) -> None:
    words = {"ok": ("✔", "OK"), "warning": ("⚠", "À vérifier"), "missing": ("✖", "Manquant")}
    for row in page.select("#grille tbody tr"):
        cells = row.select("td[data-check]")
        assert [c["data-check"] for c in cells] == [code.value for code in CheckCode]
        for cell in cells:
            icon, word = words[str(cell["data-status"])]
            text = cell.get_text(" ", strip=True)
            assert icon in text
            if cell["data-recorded"] == "true":
                assert word in text


def test_column_headers_give_the_full_label(page: BeautifulSoup) -> None:
    header = page.select_one('#grille thead th[data-check="quartiers_qpv"] abbr')
    assert header is not None
    assert header.get_text() == "QPV"
    assert header["title"] == "Quartiers inscrits dans la liste des QPV en vigueur"


def test_missing_letter_is_shown_missing_in_the_grid(page: BeautifulSoup) -> None:
    cell = _row(page, "bergerac").select_one('td[data-check="letter"]')
    assert cell is not None
    assert cell["data-status"] == "missing"
    assert "Manquant" in cell.get_text()


def test_check_not_recorded_reads_not_run_and_counts_to_check(page: BeautifulSoup) -> None:
    cell = _row(page, "pau").select_one('td[data-check="quartiers_qpv"]')
    assert cell is not None
    assert cell["data-recorded"] == "false"
    assert cell["data-status"] == "warning"
    assert "Non effectué" in cell.get_text()
    assert _row(page, "pau")["data-overall"] == "to_check"


def test_header_counts_partition_the_applications(page: BeautifulSoup) -> None:
    found = {
        str(li["data-count"]): int(li.select_one(".n").get_text())  # type: ignore[union-attr]
        for li in page.select("[data-count]")
    }
    assert found == {
        "applications": 12,
        "complete": 4,
        "to_check": 3,
        "incomplete": 5,
        "late": 1,
        "unrelated": 2,
    }


def test_counts_follow_completeness_of_each_application() -> None:
    apps = sample_applications()
    states = [completeness(a) for a in apps]
    result = counts(apps, [])
    assert result.complete == states.count(Completeness.COMPLETE)
    assert result.complete + result.to_check + result.incomplete == len(apps)


def test_warning_without_missing_is_to_check_not_complete() -> None:
    app = make_application(
        "x", "Ville de Talence", problems={CheckCode.CONTACTS: CheckStatus.WARNING}
    )
    assert completeness(app) == Completeness.TO_CHECK
    assert completeness(make_application("y", "Ville de Talence")) == Completeness.COMPLETE


def test_definition_of_complete_is_on_the_page(page: BeautifulSoup) -> None:
    definition = page.select_one("[data-definition]")
    assert definition is not None
    assert "les 14 contrôles sont OK" in definition.get_text()


def test_deadline_and_last_poll_are_in_french_paris_time(page: BeautifulSoup) -> None:
    deadline = page.select_one('[data-fact="deadline"]')
    poll = page.select_one('[data-fact="last-poll"]')
    assert deadline is not None and poll is not None
    assert deadline.get_text(strip=True) == "15 avril 2016 à 23 h 59"
    assert "16 avril 2016 à 8 h 00" in poll.get_text()
    assert poll["data-stale"] == "false"


def test_french_datetime_uses_winter_time_and_first_of_month() -> None:
    assert french_datetime(datetime(2016, 1, 1, 0, 5, tzinfo=UTC)) == "1er janvier 2016 à 1 h 05"


def test_no_successful_poll_is_said_and_flagged() -> None:
    data = sample_report_data().model_copy(update={"last_successful_poll": None})
    poll = _soup(render_report(data)).select_one('[data-fact="last-poll"]')
    assert poll is not None
    assert "aucune relève réussie" in poll.get_text()
    assert poll["data-stale"] == "true"


def test_hostile_text_from_mail_is_escaped() -> None:
    html = render_report(sample_report_data([*sample_applications(), unidentified_application()]))
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    soup = _soup(html)
    title = _section(soup, "coutras-2016").select_one('[data-field="project_title"] td.value')
    assert title is not None
    assert HOSTILE_SCRIPT in title.get_text()
    assert soup.select("img") == []
    assert not any(tag.has_attr("onerror") for tag in soup.find_all(True))


def test_only_the_pages_own_script_is_allowed_by_its_hash(page: BeautifulSoup) -> None:
    scripts = page.find_all("script")
    assert len(scripts) == 1
    digest = hashlib.sha256(scripts[0].string.encode("utf-8")).digest()
    policy = page.select_one('meta[http-equiv="Content-Security-Policy"]')
    assert policy is not None
    assert f"'sha256-{base64.b64encode(digest).decode()}'" in str(policy["content"])
    assert "default-src 'none'" in str(policy["content"])


def test_page_loads_nothing_from_outside(page: BeautifulSoup) -> None:
    assert page.select("link[href], script[src], img[src], iframe") == []
    assert "@import" not in str(page.style)


def test_field_shows_value_and_where_it_was_read(page: BeautifulSoup) -> None:
    row = _section(page, "bordeaux-metropole").select_one('[data-field="project_title"]')
    assert row is not None
    assert "Fabrique à entreprendre des quartiers" in row.get_text()
    assert "Bulletin d'inscription.pdf, page 1" in row.get_text()


def test_missing_field_says_not_found_and_why(page: BeautifulSoup) -> None:
    row = _section(page, "grand-perigueux").select_one('[data-field="project_title"]')
    assert row is not None
    assert row["data-empty"] == "true"
    assert "Non trouvé" in row.get_text()


def test_check_quotes_its_evidence_with_document_and_page(page: BeautifulSoup) -> None:
    item = _section(page, "pau").select_one('li[data-check="letter_signed"]')
    assert item is not None
    assert item["data-status"] == "warning"
    quote = item.select_one("blockquote.evidence")
    assert quote is not None
    assert "lettre_scan_signée.pdf, page 2" in quote.get_text()
    assert "confiance 72 %" in quote.get_text()


def test_documents_link_to_the_archived_file(page: BeautifulSoup) -> None:
    link = _section(page, "bordeaux-metropole").select_one("table.documents a")
    assert link is not None
    assert link["href"] == "../archive/files/ab/bulletin"


def test_javascript_link_in_archive_links_is_not_rendered() -> None:
    data = sample_report_data().model_copy(
        update={"archive_links": {sha("Bulletin d'inscription.pdf"): "javascript:alert(1)"}}
    )
    soup = _soup(render_report(data))
    assert not [a for a in soup.select("a[href]") if "javascript" in str(a["href"]).lower()]


def test_messages_show_why_they_were_grouped(page: BeautifulSoup) -> None:
    messages = _section(page, "agen").select("ol.messages li")
    assert [m["data-message-id"] for m in messages] == ["agen.1@exemple.fr", "agen.2@exemple.fr"]
    assert "Réponse dans le fil" in messages[1].get_text()


def test_human_correction_is_marked_with_its_author(page: BeautifulSoup) -> None:
    row = _section(page, "agen").select_one('[data-field="elected_official"]')
    assert row is not None
    assert row["data-corrected"] == "true"
    assert "Corrigé par Claire Grygiel" in row.get_text()
    assert "M. Jean Dionis du Séjour" in row.get_text()


def test_reviewer_notes_are_shown(page: BeautifulSoup) -> None:
    notes = _section(page, "coutras-2016").select("ul.notes li")
    assert [n.get_text() for n in notes] == [f"Rappeler la mairie {HOSTILE_SCRIPT}"]


def test_unrelated_mail_is_listed_apart_with_its_reason(page: BeautifulSoup) -> None:
    rows = page.select("#messages-non-lies tbody tr")
    assert [r["data-rule"] for r in rows] == ["no_application_document", "auto_reply"]
    assert "question sur l'appel" in rows[0].get_text()
    assert HOSTILE_IMG in rows[1].get_text()


def test_lists_by_state_work_without_script(page: BeautifulSoup) -> None:
    incomplete = page.select('#liste-incompletes li[data-application-id] a[href^="#"]')
    targets = {str(a["href"])[1:] for a in incomplete}
    assert all(page.find(id=t) is not None for t in targets)
    assert len(page.select("#liste-incompletes li[data-application-id]")) == 5
    late = page.select("#liste-en-retard li[data-application-id]")
    assert [li["data-application-id"] for li in late] == ["grand-dax"]


def test_unidentified_territory_is_named_so() -> None:
    soup = _soup(render_report(sample_report_data([unidentified_application()])))
    row = _row(soup, "inconnu-7f3a")
    assert row["data-territory"] == "Territoire non identifié"


def test_empty_campaign_renders_with_zero_counts() -> None:
    soup = _soup(render_report(sample_report_data([])))
    assert soup.select("#grille tbody tr") == []
    assert "Aucune candidature reçue" in soup.get_text()


def test_single_application_page_has_no_script() -> None:
    data = sample_report_data()
    app = data.applications[0]
    html = render_application_page(app, campaign=data.campaign, generated_at=data.generated_at)
    soup = _soup(html)
    assert soup.find("script") is None
    policy = soup.select_one('meta[http-equiv="Content-Security-Policy"]')
    assert policy is not None
    assert "script-src 'none'" in str(policy["content"])
    assert soup.select_one(f'section[data-application-id="{app.id}"]') is not None


def test_write_report_replaces_the_page_and_leaves_no_temp_file(tmp_path: Path) -> None:
    data = sample_report_data()
    first = write_report(data, tmp_path)
    write_report(data.model_copy(update={"applications": data.applications[:3]}), tmp_path)
    assert first == tmp_path / "index.html"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
    rows = _soup(first.read_text(encoding="utf-8")).select("#grille tbody tr")
    assert len(rows) == 3


def test_failed_write_removes_its_temp_file(tmp_path: Path) -> None:
    (tmp_path / "index.html").mkdir()
    with pytest.raises(OSError):
        write_report(sample_report_data(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_report_data_refuses_unknown_keys() -> None:
    data = sample_report_data()
    with pytest.raises(ValueError):
        ReportData.model_validate({**data.model_dump(), "surprise": 1})
