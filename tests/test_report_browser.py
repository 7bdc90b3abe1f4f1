"""The report in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers_apps import HOSTILE_IMG, HOSTILE_SCRIPT, sample_report_data

from pipeline.report import write_report
from pipeline.report_data import check_result
from schemas import CheckCode

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ROWS = "#grille tbody tr"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium absent (/usr/bin/chromium) : installez le paquet Debian chromium.")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = write_report(sample_report_data(), tmp_path_factory.mktemp("rapport"))
    return path.as_uri()


@pytest.fixture
def page(browser: Any, report_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(report_url)
    yield tab
    context.close()
    assert errors == []


def _visible_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ROWS, "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.applicationId)"
    )


def test_every_application_has_a_visible_row(page: Any) -> None:
    assert len(_visible_ids(page)) == 12


def test_statuses_in_data_attributes_match_the_checks(page: Any) -> None:
    data = sample_report_data()
    shown = page.eval_on_selector_all(
        "#grille td[data-check]",
        "cells => cells.map(c => [c.closest('tr').dataset.applicationId, c.dataset.check,"
        " c.dataset.status])",
    )
    expected = [
        [app.id, code.value, check_result(app, code).status.value]
        for app in data.applications
        for code in CheckCode
    ]
    assert sorted(shown) == sorted(expected)


def test_typing_a_territory_leaves_its_row_only(page: Any) -> None:
    page.fill("#filtre-texte", "Bergerac")
    assert _visible_ids(page) == ["bergerac"]
    assert "1 candidature affichée sur 12" in page.inner_text("#filtre-compte")


def test_text_filter_ignores_accents(page: Any) -> None:
    page.fill("#filtre-texte", "perigueux")
    assert _visible_ids(page) == ["grand-perigueux"]


def test_status_missing_shows_only_rows_with_a_missing_check(page: Any) -> None:
    page.select_option("#filtre-statut", label="✖ Manquant (au moins un élément)")
    visible = _visible_ids(page)
    assert len(visible) == 5
    for app_id in visible:
        row = page.locator(f'{ROWS}[data-application-id="{app_id}"]')
        assert row.locator('td[data-status="missing"]').count() >= 1


def test_reset_shows_every_row_again(page: Any) -> None:
    page.select_option("#filtre-statut", "late")
    assert _visible_ids(page) == ["grand-dax"]
    page.click("#filtre-effacer")
    # expect() polls through the driver; wait_for_function(str) evals in the page, which the
    # report's Content-Security-Policy forbids (it failed CI once, when the first check lost).
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect(page.locator(f"{ROWS}[hidden]")).to_have_count(0)
    assert len(_visible_ids(page)) == 12


def test_clicking_a_check_header_sorts_missing_first(page: Any) -> None:
    page.click('th[data-sort-key="check-on_time"] button')
    assert _visible_ids(page)[0] == "grand-dax"
    header = page.locator('th[data-sort-key="check-on_time"]')
    assert header.get_attribute("aria-sort") == "ascending"


def test_clicking_the_sorted_territory_header_reverses_the_order(page: Any) -> None:
    before = _visible_ids(page)
    page.click('th[data-sort-key="territory"] button')
    after = _visible_ids(page)
    assert after == list(reversed(before))
    assert page.get_attribute('th[data-sort-key="territory"]', "aria-sort") == "descending"


def test_injected_script_never_runs_and_is_shown_as_text(page: Any) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    section = page.locator('section.application[data-application-id="coutras-2016"]')
    assert HOSTILE_SCRIPT in section.locator('[data-field="project_title"] td.value').inner_text()
    assert HOSTILE_IMG in section.locator("table.documents").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_clicking_a_status_cell_jumps_to_its_explanation(page: Any) -> None:
    page.click(f'{ROWS}[data-application-id="bergerac"] td[data-check="letter"] a')
    assert page.url.endswith("#candidature-bergerac-letter")
    target = page.locator("#candidature-bergerac-letter")
    assert target.is_visible()
    assert "Aucune lettre d'intention" in target.inner_text()


def test_print_hides_the_filter_controls(page: Any) -> None:
    page.emulate_media(media="print")
    assert not page.locator("#filtres").is_visible()
    assert page.locator("#grille").is_visible()


def test_without_javascript_all_rows_show_and_lists_navigate(browser: Any, report_url: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1400, "height": 900}
    )
    try:
        tab = context.new_page()
        tab.goto(report_url)
        assert tab.locator(ROWS).count() == 12
        assert all(tab.locator(ROWS).nth(i).is_visible() for i in range(12))
        assert not tab.locator("#filtres").is_visible()
        tab.click('[data-count="incomplete"] a')
        assert tab.url.endswith("#liste-incompletes")
        assert tab.locator("#liste-incompletes").is_visible()
        tab.click('#liste-incompletes li[data-application-id="grand-perigueux"] > a')
        assert tab.url.endswith("#candidature-grand-perigueux")
        top = tab.evaluate(
            "document.getElementById('candidature-grand-perigueux').getBoundingClientRect().top"
        )
        assert abs(top) < 5
    finally:
        context.close()


def test_clicking_an_ok_cell_unfolds_its_check(page: Any) -> None:
    target = page.locator("#candidature-bordeaux-metropole-motivation")
    assert not target.is_visible()
    page.click(f'{ROWS}[data-application-id="bordeaux-metropole"] td[data-check="motivation"] a')
    assert target.is_visible()


def test_printing_shows_folded_checks_then_folds_them_back(page: Any) -> None:
    from pypdf import PdfReader

    data = sample_report_data()
    quotes = sum(len(r.evidence) for app in data.applications for r in app.checks.values())
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert " ".join(text.split()).count("Extrait cité pour") == quotes
    assert page.evaluate("[...document.querySelectorAll('details.passed')].every(d => !d.open)")
