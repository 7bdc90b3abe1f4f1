"""Completeness checks: on time, both documents, bulletin fields, contacts, élu, signature."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.checks import run_checks
from pipeline.checks.completeness import (
    contacts,
    document_present,
    elected_official,
    letter_signed,
    on_time,
    quartiers,
    text_field,
)
from pipeline.qpv import QpvIndex
from schemas import (
    ApplicationDraft,
    ApplicationFields,
    BulletinFields,
    Campaign,
    CheckCode,
    CheckStatus,
    Contact,
    Document,
    DocumentKind,
    Evidence,
    ExtractedText,
    LetterFields,
    Method,
    Page,
    Person,
    Service,
)

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = Campaign(
    name="AMI 2016", deadline=datetime(2016, 3, 31, 23, 59), referents=["ami@pqa.example"]
)
TITLE_EVIDENCE = Evidence(document="bulletin.pdf", page=1, text="Boutique à l'essai", start=40)
PV = Contact(
    name="Mme Roux",
    service=Service.POLITIQUE_DE_LA_VILLE,
    email="roux@ville-pessac.fr",
    phone="+33556000001",
    evidence=[Evidence(document="bulletin.pdf", page=2, text="Mme Roux roux@ville-pessac.fr")],
)
DEV = Contact(
    name="M. Faure",
    service=Service.DEVELOPPEMENT_ECONOMIQUE,
    email="faure@ville-pessac.fr",
    address="Hôtel de ville, place de la Ve République, 33600 Pessac",
)


def _doc(kind: DocumentKind, name: str, text: str = "texte", reason: str = "") -> Document:
    return Document(
        sha256=name * 2,
        filename=name,
        media_type="application/pdf",
        message_id="m1",
        kind=kind,
        kind_reason=reason,
        extracted=ExtractedText(pages=[Page(number=1, text=text, method=Method.PDF_TEXT)]),
    )


def _draft(**changes: object) -> ApplicationDraft:
    fields = {
        "project_title": "Boutique à l'essai",
        "quartiers": ["Saige"],
        "description": "Ouverture d'une boutique à l'essai dans le centre commercial de Saige "
        "pour permettre à des habitants de tester leur activité commerciale pendant un an.",
        "difficulties": "Trouver des porteurs de projet prêts à s'engager sur un bail.",
        "contacts": [PV, DEV],
        "elected_official": Person(name="Jean Dupont", title="adjoint au maire"),
        "letter_signatory": Person(name="M. Jean Dupont", title="Maire"),
        "letter_signed": True,
    }
    fields.update(changes.pop("fields", {}))  # type: ignore[call-overload]
    values = {
        "id": "a1",
        "territory": "Ville de Pessac",
        "received_at": datetime(2016, 3, 30, 10, 0, tzinfo=UTC),
        "messages": ["m1@pessac.fr"],
        "documents": [
            _doc(DocumentKind.BULLETIN, "bulletin.pdf", reason="titre « Bulletin d'inscription »"),
            _doc(DocumentKind.LETTER, "lettre.pdf"),
        ],
        "bulletin": BulletinFields(
            project_title=str(fields["project_title"]),
            quartiers=["Saige"],
            evidence={"project_title": [TITLE_EVIDENCE]},
        ),
        "letter": LetterFields(signed=True, signed_reason="signature manuscrite vue en page 1"),
        "fields": ApplicationFields(**fields),  # type: ignore[arg-type]
    }
    values.update(changes)
    return ApplicationDraft(**values)  # type: ignore[arg-type]


def test_on_time_compares_aware_datetimes_and_shows_paris_time() -> None:
    late = _draft(received_at=datetime(2016, 3, 31, 22, 30, tzinfo=UTC))
    result = on_time(late, CAMPAIGN)
    assert result.status == CheckStatus.MISSING
    assert "01/04/2016 à 00:30 (heure de Paris)" in result.message
    assert "31/03/2016 à 23:59" in result.message
    assert result.evidence[0].method == Method.HEADER


def test_on_time_is_ok_one_minute_before_the_paris_deadline() -> None:
    result = on_time(_draft(received_at=datetime(2016, 3, 31, 21, 58, tzinfo=UTC)), CAMPAIGN)
    assert result.status == CheckStatus.OK
    assert "31/03/2016 à 23:58" in result.message


def test_document_present_names_the_file_and_why_it_was_classified() -> None:
    result = document_present(_draft(), DocumentKind.BULLETIN)
    assert result.status == CheckStatus.OK
    assert "bulletin.pdf" in result.message
    assert result.evidence[0].text == "titre « Bulletin d'inscription »"


def test_missing_letter_lists_the_pieces_that_were_received() -> None:
    draft = _draft(documents=[_doc(DocumentKind.OTHER, "plan.pdf")])
    result = document_present(draft, DocumentKind.LETTER)
    assert result.status == CheckStatus.MISSING
    assert "plan.pdf (other)" in result.message


def test_project_title_quotes_the_bulletin_evidence() -> None:
    result = text_field(_draft(), "project_title")
    assert result.status == CheckStatus.OK
    assert "« Boutique à l'essai »" in result.message
    assert result.evidence == [TITLE_EVIDENCE]


@pytest.mark.parametrize(
    ("field", "value", "status", "words"),
    [
        ("description", None, CheckStatus.MISSING, "absent"),
        ("description", "Néant", CheckStatus.MISSING, "non rempli"),
        ("description", "Voir la lettre d'intention jointe", CheckStatus.WARNING, "renvoie"),
        ("description", "Boutique à l'essai pour créateurs.", CheckStatus.WARNING, "très court"),
        ("difficulties", "Aucune difficulté particulière", CheckStatus.WARNING, "à confirmer"),
        ("project_title", "Boutique", CheckStatus.WARNING, "1 mot"),
    ],
)
def test_free_text_answers_that_say_nothing_are_flagged(
    field: str, value: str | None, status: CheckStatus, words: str
) -> None:
    result = text_field(_draft(fields={field: value}), field)
    assert result.status == status
    assert words in result.message


def test_quartiers_only_in_the_letter_are_a_warning() -> None:
    draft = _draft(
        bulletin=BulletinFields(),
        letter=LetterFields(quartiers=["Saige"]),
        fields={"quartiers": []},
    )
    result = quartiers(draft)
    assert result.status == CheckStatus.WARNING
    assert "seulement dans la lettre" in result.message


def test_contacts_of_both_services_with_email_and_phone_or_address_are_ok() -> None:
    result = contacts(_draft())
    assert result.status == CheckStatus.OK
    assert "Politique de la ville : Mme Roux" in result.message
    assert "Développement économique : M. Faure" in result.message
    assert result.evidence == PV.evidence


def test_contact_without_email_is_a_warning_naming_what_lacks() -> None:
    no_mail = DEV.model_copy(update={"email": None})
    result = contacts(_draft(fields={"contacts": [PV, no_mail]}))
    assert result.status == CheckStatus.WARNING
    assert "M. Faure" in result.message and "pas d'adresse électronique" in result.message


def test_missing_service_is_missing_and_points_at_an_unassigned_contact() -> None:
    other = DEV.model_copy(update={"service": Service.AUTRE, "name": "Mme Blanc"})
    result = contacts(_draft(fields={"contacts": [PV, other]}))
    assert result.status == CheckStatus.MISSING
    assert "aucun contact pour : Développement économique" in result.message
    assert "sans service identifié : Mme Blanc" in result.message


def test_elected_official_and_signatory_with_one_surname_are_consistent() -> None:
    result = elected_official(_draft())
    assert result.status == CheckStatus.OK
    assert "Jean Dupont, adjoint au maire" in result.message


def test_signatory_other_than_the_elected_official_is_a_warning() -> None:
    draft = _draft(fields={"letter_signatory": Person(name="Franck Raynal", title="Maire")})
    result = elected_official(draft)
    assert result.status == CheckStatus.WARNING
    assert "Franck Raynal" in result.message and "Jean Dupont" in result.message


def test_unsigned_letter_is_missing_with_the_extractor_reason() -> None:
    letter = LetterFields(signed=False, signed_reason="aucune image ni nom sous la formule")
    draft = _draft(letter=letter, fields={"letter_signed": False, "letter_signatory": None})
    result = letter_signed(draft)
    assert result.status == CheckStatus.MISSING
    assert "aucune image ni nom sous la formule" in result.message


def test_signed_letter_without_a_name_is_a_warning() -> None:
    result = letter_signed(_draft(fields={"letter_signatory": None}))
    assert result.status == CheckStatus.WARNING
    assert "nom du signataire" in result.message


def test_run_checks_gives_every_code_for_every_draft_in_order() -> None:
    drafts = [_draft(id="a1"), _draft(id="a2", documents=[])]
    results = run_checks(drafts, CAMPAIGN, QpvIndex.builtin())
    assert [set(r) for r in results] == [set(CheckCode), set(CheckCode)]
    assert results[0][CheckCode.LETTER].status == CheckStatus.OK
    assert results[1][CheckCode.LETTER].status == CheckStatus.MISSING


def test_run_checks_does_not_load_spacy_when_no_draft_has_text() -> None:
    """A fresh process, so the model loaded by other tests does not count."""
    script = (
        "from tests.test_checks_completeness import _draft, CAMPAIGN\n"
        "from pipeline.checks import run_checks\n"
        "from pipeline.checks import nlp\n"
        "from pipeline.qpv import QpvIndex\n"
        "from schemas import ApplicationFields\n"
        "d = _draft(documents=[], fields={'description': None})\n"
        "r = run_checks([d], CAMPAIGN, QpvIndex.builtin())\n"
        "print(nlp.load_seconds(), r[0]['motivation'].status.value)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["None", "missing"]
