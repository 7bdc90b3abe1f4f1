"""What the completeness report and the committee exports are computed from, and what it means.

"Complete" is defined here once, so the report, the exports and the counts never disagree:
an application is complete when every one of the 14 checks is OK; "à vérifier" when nothing is
missing but at least one check asks for a human look; incomplete when at least one check is
missing. A check the pipeline did not record counts as "à vérifier", never as OK.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import Field

from schemas.application import Application, UnrelatedMessage
from schemas.base import Frozen
from schemas.campaign import Campaign
from schemas.check import CheckCode, CheckResult, CheckStatus


class Correction(Frozen):
    """A human correction layered on top of the extracted values (never overwriting them)."""

    target: str = Field(description="Field name (project_title...) or check code it corrects.")
    old_value: str | None = Field(default=None, description="What the pipeline had found.")
    new_value: str = Field(description="What the reviewer set.")
    author: str = Field(description="Who corrected it, shown as « Corrigé par … ».")
    at: datetime
    comment: str = ""


class FailedMessage(Frozen):
    """A message kept in the archive that could not be processed; retried at every run."""

    message_id: str | None = Field(description="Message-ID when the headers could be read.")
    archive_name: str = Field(description="Hash of the raw message in the archive.")
    error: str = Field(description="French explanation for staff.")
    attempts: int


class ReportData(Frozen):
    """Everything one report page shows; built by the lead after each run."""

    campaign: Campaign
    applications: list[Application]
    unrelated: list[UnrelatedMessage] = Field(default_factory=list)
    last_successful_poll: datetime | None = None
    generated_at: datetime
    archive_links: dict[str, str] = Field(
        default_factory=dict, description="Document sha256 → relative link to the archived file."
    )
    corrections: dict[str, list[Correction]] = Field(
        default_factory=dict, description="Application id → human corrections."
    )
    notes: dict[str, list[str]] = Field(
        default_factory=dict, description="Application id → reviewer notes."
    )
    failures: list[FailedMessage] = Field(
        default_factory=list, description="Messages not processed yet (kept, retried each run)."
    )


class Completeness(StrEnum):
    COMPLETE = "complete"
    TO_CHECK = "to_check"
    INCOMPLETE = "incomplete"


COMPLETENESS_LABELS: dict[Completeness, tuple[str, str]] = {
    Completeness.COMPLETE: ("✔", "Complète"),
    Completeness.TO_CHECK: ("⚠", "À vérifier"),
    Completeness.INCOMPLETE: ("✖", "Incomplète"),
}

COMPLETENESS_DEFINITION = (
    "Complète : les 14 contrôles sont OK. "
    "À vérifier : rien ne manque, mais au moins un contrôle demande un regard humain. "
    "Incomplète : au moins un élément manque."
)

STATUS_LABELS: dict[CheckStatus, tuple[str, str]] = {
    CheckStatus.OK: ("✔", "OK"),
    CheckStatus.WARNING: ("⚠", "À vérifier"),
    CheckStatus.MISSING: ("✖", "Manquant"),
}

# Sorting puts what needs attention first.
STATUS_RANK: dict[CheckStatus, int] = {
    CheckStatus.MISSING: 0,
    CheckStatus.WARNING: 1,
    CheckStatus.OK: 2,
}

CHECK_LABELS: dict[CheckCode, tuple[str, str]] = {
    CheckCode.ON_TIME: ("Délai", "Reçue avant la date limite"),
    CheckCode.BULLETIN: ("Bulletin", "Bulletin d'inscription joint"),
    CheckCode.LETTER: ("Lettre", "Lettre d'intention jointe"),
    CheckCode.PROJECT_TITLE: ("Titre", "Titre du projet"),
    CheckCode.QUARTIERS: ("Quart.", "Quartiers concernés indiqués"),
    CheckCode.DESCRIPTION: ("Descr.", "Description du projet"),
    CheckCode.DIFFICULTIES: ("Diffic.", "Difficultés rencontrées"),
    CheckCode.CONTACTS: ("Contacts", "Contacts politique de la ville et développement économique"),
    CheckCode.ELECTED_OFFICIAL: ("Élu", "Élu référent désigné"),
    CheckCode.LETTER_SIGNED: ("Signée", "Lettre d'intention signée"),
    CheckCode.MOTIVATION: ("Motiv.", "Motivation exposée dans la lettre"),
    CheckCode.OBJECTIVES: ("Obj.", "Objectifs du projet exposés"),
    CheckCode.QUARTIER_JUSTIFICATION: ("Justif.", "Choix des quartiers justifié"),
    CheckCode.QUARTIERS_QPV: ("QPV", "Quartiers inscrits dans la liste des QPV en vigueur"),
}

FIELD_LABELS: dict[str, str] = {
    "project_title": "Titre du projet",
    "quartiers": "Quartiers concernés",
    "description": "Description du projet",
    "difficulties": "Difficultés rencontrées",
    "contacts": "Contacts",
    "elected_official": "Élu référent",
    "letter_signatory": "Signataire de la lettre",
    "letter_signed": "Lettre signée",
}

# The check whose evidence says where a field without its own evidence was read.
FIELD_CHECK: dict[str, CheckCode] = {
    "project_title": CheckCode.PROJECT_TITLE,
    "quartiers": CheckCode.QUARTIERS,
    "description": CheckCode.DESCRIPTION,
    "difficulties": CheckCode.DIFFICULTIES,
    "contacts": CheckCode.CONTACTS,
    "elected_official": CheckCode.ELECTED_OFFICIAL,
    "letter_signatory": CheckCode.LETTER_SIGNED,
    "letter_signed": CheckCode.LETTER_SIGNED,
}

NOT_RECORDED = CheckResult(
    status=CheckStatus.WARNING,
    message="Contrôle non effectué par le traitement : à vérifier à la main.",
)

UNKNOWN_TERRITORY = "Territoire non identifié"


def check_result(app: Application, code: CheckCode) -> CheckResult:
    """The recorded result, or a warning when the pipeline recorded none."""
    return app.checks.get(code, NOT_RECORDED)


def completeness(app: Application) -> Completeness:
    statuses = {check_result(app, code).status for code in CheckCode}
    if CheckStatus.MISSING in statuses:
        return Completeness.INCOMPLETE
    if CheckStatus.WARNING in statuses:
        return Completeness.TO_CHECK
    return Completeness.COMPLETE


def territory_label(app: Application) -> str:
    return app.territory or UNKNOWN_TERRITORY


def local_time(moment: datetime, timezone: str = "Europe/Paris") -> datetime:
    """The moment in the campaign's zone; a naive value is taken as already local (as Campaign)."""
    zone = ZoneInfo(timezone)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def french_datetime(moment: datetime, timezone: str = "Europe/Paris") -> str:
    """« 15 avril 2016 à 23 h 59 », as French staff write it."""
    local = local_time(moment, timezone)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {_MONTHS[local.month - 1]} {local.year} à {local.hour} h {local.minute:02d}"


class Counts(Frozen):
    applications: int
    complete: int
    to_check: int
    incomplete: int
    late: int
    unrelated: int


def counts(applications: list[Application], unrelated: list[UnrelatedMessage]) -> Counts:
    states = [completeness(app) for app in applications]
    return Counts(
        applications=len(applications),
        complete=states.count(Completeness.COMPLETE),
        to_check=states.count(Completeness.TO_CHECK),
        incomplete=states.count(Completeness.INCOMPLETE),
        late=sum(1 for app in applications if not app.on_time),
        unrelated=len(unrelated),
    )
