"""Statement checks on real letters with the real French spaCy model: what they find and quote."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language

from pipeline.checks.nlp import get_nlp, load_seconds
from pipeline.checks.statements import prepare_text, statement_checks
from pipeline.qpv import QpvIndex
from schemas import (
    ApplicationDraft,
    ApplicationFields,
    BulletinFields,
    CheckCode,
    CheckResult,
    CheckStatus,
    Document,
    DocumentKind,
    Evidence,
    ExtractedText,
    Method,
    Page,
)

LETTER = """Madame la Présidente,

La Ville de Pessac souhaite s'engager dans la démarche car l'emploi des habitants est au cœur de notre projet de mandat.

Le quartier de Saige concentre 40 % des demandeurs d'emploi de la commune et ne compte plus que deux commerces ouverts.

Notre objectif est de réinstaller une offre commerciale de proximité dans le centre commercial du quartier.

Le Maire"""  # noqa: E501


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp()


@pytest.fixture(scope="module")
def qpv() -> QpvIndex:
    return QpvIndex.builtin()


def _letter(text: str, name: str = "lettre.pdf") -> Document:
    return Document(
        sha256="ab" * 32,
        filename=name,
        media_type="application/pdf",
        message_id="m1",
        kind=DocumentKind.LETTER,
        extracted=ExtractedText(pages=[Page(number=1, text=text, method=Method.PDF_TEXT)]),
    )


def _draft(letter: str | None, description: str | None = None, quartiers=()) -> ApplicationDraft:
    documents = [_letter(letter)] if letter is not None else []
    bulletin = None
    if description is not None:
        page_text = "Description du projet : " + description
        documents.append(
            Document(
                sha256="cd" * 32,
                filename="bulletin.pdf",
                media_type="application/pdf",
                message_id="m1",
                kind=DocumentKind.BULLETIN,
                extracted=ExtractedText(
                    pages=[Page(number=2, text=page_text, method=Method.PDF_TEXT)]
                ),
            )
        )
        where = Evidence(
            document="bulletin.pdf", document_sha256="cd" * 32, page=2, text=description, start=24
        )
        bulletin = BulletinFields(description=description, evidence={"description": [where]})
    return ApplicationDraft(
        id="a1",
        territory="Ville de Pessac",
        received_at=datetime(2016, 4, 1, tzinfo=UTC),
        messages=["m1"],
        documents=documents,
        bulletin=bulletin,
        fields=ApplicationFields(description=description, quartiers=list(quartiers)),
    )


def _check(draft: ApplicationDraft, code: CheckCode, nlp: Language, qpv: QpvIndex) -> CheckResult:
    return statement_checks([draft], qpv, nlp)[0][code]


def test_model_is_loaded_once_per_process(nlp: Language) -> None:
    assert get_nlp() is nlp
    assert load_seconds() is not None


def test_each_statement_quotes_its_sentence_with_offsets_in_the_page(
    nlp: Language, qpv: QpvIndex
) -> None:
    results = statement_checks([_draft(LETTER)], qpv, nlp)[0]
    expected = {
        CheckCode.MOTIVATION: "La Ville de Pessac souhaite s'engager dans la démarche car",
        CheckCode.QUARTIER_JUSTIFICATION: "Le quartier de Saige concentre 40 %",
        CheckCode.OBJECTIVES: "Notre objectif est de réinstaller",
    }
    for code, start in expected.items():
        result = results[code]
        assert result.status == CheckStatus.OK, result.message
        evidence = result.evidence[0]
        assert evidence.text.startswith(start)
        assert LETTER[evidence.start : evidence.end] == evidence.text
        assert evidence.method == Method.NLP and evidence.page == 1
        assert "lettre.pdf" in result.message and start in result.message


def test_negated_objectives_are_missing_and_the_refused_sentence_is_quoted(
    nlp: Language, qpv: QpvIndex
) -> None:
    text = "Monsieur,\n\nNous n'avons pas encore défini d'objectifs pour ce projet.\n\nLe Maire"
    result = _check(_draft(text), CheckCode.OBJECTIVES, nlp, qpv)
    assert result.status == CheckStatus.MISSING
    assert "objectif nié" in result.message
    assert "« Nous n'avons pas encore défini d'objectifs pour ce projet. »" in result.message


def test_objectives_put_off_until_later_do_not_count(nlp: Language, qpv: QpvIndex) -> None:
    text = "Les objectifs seront précisés ultérieurement avec nos partenaires."
    result = _check(_draft(text), CheckCode.OBJECTIVES, nlp, qpv)
    assert result.status == CheckStatus.MISSING
    assert "renvoyés à plus tard" in result.message


def test_objectives_heading_with_nothing_under_it_is_missing(nlp: Language, qpv: QpvIndex) -> None:
    text = "Motivation :\nLa commune est très motivée.\n\nObjectifs poursuivis :\n\nLe Maire"
    draft = _draft(text)
    assert _check(draft, CheckCode.OBJECTIVES, nlp, qpv).status == CheckStatus.MISSING
    assert _check(draft, CheckCode.MOTIVATION, nlp, qpv).status == CheckStatus.MISSING


def test_numbered_list_under_an_objectives_heading_gives_each_item(
    nlp: Language, qpv: QpvIndex
) -> None:
    text = (
        "Nos objectifs :\n1. Tester des concepts commerciaux portés par des habitants ;\n"
        "2. Réduire la vacance des cellules commerciales.\n"
    )
    result = _check(_draft(text), CheckCode.OBJECTIVES, nlp, qpv)
    assert result.status == CheckStatus.OK
    assert [e.text for e in result.evidence] == [
        "1. Tester des concepts commerciaux portés par des habitants ;",
        "2. Réduire la vacance des cellules commerciales.",
    ]


def test_objective_column_of_a_table_is_quoted_cell_by_cell(nlp: Language, qpv: QpvIndex) -> None:
    text = "Action | Objectif\nLocal test | Héberger 4 entreprises à l'essai\n"
    result = _check(_draft(text), CheckCode.OBJECTIVES, nlp, qpv)
    assert result.status == CheckStatus.OK
    assert result.evidence[0].text == "Héberger 4 entreprises à l'essai"


def test_boilerplate_letter_states_nothing(nlp: Language, qpv: QpvIndex) -> None:
    text = (
        "Monsieur le Directeur,\n\nJ'ai l'honneur de vous transmettre la candidature de la "
        "commune à l'appel à manifestation d'intérêt afin de vous présenter notre projet.\n\n"
        "Les quartiers concernés sont Carriet et Génicart Est.\n\nLe Maire"
    )
    results = statement_checks([_draft(text)], qpv, nlp)[0]
    for code in (CheckCode.MOTIVATION, CheckCode.OBJECTIVES, CheckCode.QUARTIER_JUSTIFICATION):
        assert results[code].status == CheckStatus.MISSING, results[code].message
        assert "Recherché" in results[code].message


def test_unemployment_of_the_town_does_not_justify_the_quartiers(
    nlp: Language, qpv: QpvIndex
) -> None:
    text = (
        "La ville de Pessac, qui compte deux quartiers prioritaires, Saige et Châtaigneraie, "
        "connaît un taux de chômage de 11 %."
    )
    result = _check(_draft(text), CheckCode.QUARTIER_JUSTIFICATION, nlp, qpv)
    assert result.status == CheckStatus.MISSING


def test_reason_about_a_quartier_named_just_before_is_tied_to_it(
    nlp: Language, qpv: QpvIndex
) -> None:
    text = "La ville se porte candidate pour Jean-Jaurès. Ce quartier compte 4 500 habitants."
    result = _check(_draft(text), CheckCode.QUARTIER_JUSTIFICATION, nlp, qpv)
    assert result.status == CheckStatus.OK
    assert result.evidence[0].text == "Ce quartier compte 4 500 habitants."
    assert "Jean-Jaurès" in result.message


def test_denied_problem_is_no_justification(nlp: Language, qpv: QpvIndex) -> None:
    text = "Le Grand Caillou ne souffre ni de vacance commerciale ni d'enclavement."
    result = _check(_draft(text), CheckCode.QUARTIER_JUSTIFICATION, nlp, qpv)
    assert result.status == CheckStatus.MISSING


def test_justification_for_one_of_two_declared_quartiers_is_a_warning(
    nlp: Language, qpv: QpvIndex
) -> None:
    draft = _draft(LETTER, quartiers=["Saige", "Châtaigneraie - Arago"])
    result = _check(draft, CheckCode.QUARTIER_JUSTIFICATION, nlp, qpv)
    assert result.status == CheckStatus.WARNING
    assert "Aucune raison donnée pour : Châtaigneraie - Arago." in result.message


def test_statement_only_in_the_bulletin_description_is_a_warning_located_in_its_page(
    nlp: Language, qpv: QpvIndex
) -> None:
    description = "Création d'un coworking à Beaudésert pour permettre aux habitants de créer."
    result = _check(_draft(None, description), CheckCode.OBJECTIVES, nlp, qpv)
    assert result.status == CheckStatus.WARNING
    assert "pas de lettre d'intention" in result.message
    evidence = result.evidence[0]
    assert (evidence.document, evidence.page, evidence.start) == ("bulletin.pdf", 2, 24)


def test_sentence_wrapped_over_pdf_lines_is_quoted_whole(nlp: Language, qpv: QpvIndex) -> None:
    text = (
        "La ville de Villeneuve-sur-Lot souhaite répondre à l'appel à manifestation\n"
        "d'intérêt lancé par PQA car la revitalisation commerciale de son cœur de ville\n"
        "est au centre du projet de mandat.\nLe Maire"
    )
    result = _check(_draft(text), CheckCode.MOTIVATION, nlp, qpv)
    assert result.status == CheckStatus.OK
    assert result.evidence[0].text.endswith("est au centre du projet de mandat.")
    assert result.evidence[0].start == 0


def test_letter_in_capitals_is_read_in_sentence_case_with_same_offsets(
    nlp: Language, qpv: QpvIndex
) -> None:
    text = "LA VILLE SOUHAITE DEVELOPPER L'ECONOMIE SOLIDAIRE DANS LE QUARTIER PALMER."
    cased, caps = prepare_text(text)
    assert caps and len(cased) == len(text) and cased.startswith("La ville souhaite")
    result = _check(_draft(text), CheckCode.MOTIVATION, nlp, qpv)
    assert result.status == CheckStatus.OK
    assert result.evidence[0].text == text


def test_drafts_are_checked_together_and_answered_in_order(nlp: Language, qpv: QpvIndex) -> None:
    drafts = [_draft("Bonjour, ci-joint notre candidature."), _draft(LETTER), _draft(None)]
    results = statement_checks(drafts, qpv, nlp)
    statuses = [r[CheckCode.MOTIVATION].status for r in results]
    assert statuses == [CheckStatus.MISSING, CheckStatus.OK, CheckStatus.MISSING]
    assert "Ni lettre d'intention ni description" in results[2][CheckCode.MOTIVATION].message
