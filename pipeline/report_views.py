"""What the report shows of each application, prepared for the templates (no HTML here).

Views are plain frozen dataclasses built from the stored applications: fields with their
provenance, checks with their quotations, documents with their links, messages with why they
were grouped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import phonenumbers

from pipeline.report_data import (
    CHECK_LABELS,
    COMPLETENESS_LABELS,
    FIELD_CHECK,
    FIELD_LABELS,
    STATUS_LABELS,
    STATUS_RANK,
    Correction,
    ReportData,
    check_result,
    completeness,
    french_datetime,
    local_time,
    territory_label,
)
from schemas import Application, Campaign, CheckCode, Contact, Evidence, Method, Person

_QUOTE_LIMIT = 800
# A poll older than this is flagged: the page may not show the latest mail.
_STALE_POLL_HOURS = 24

METHOD_LABELS: dict[Method, str] = {
    Method.PDF_TEXT: "texte du PDF",
    Method.FORM_FIELD: "champ de formulaire",
    Method.DOCX: "document Word",
    Method.ODT: "document OpenDocument",
    Method.RTF: "document RTF",
    Method.MAIL_BODY: "corps du message",
    Method.OCR: "reconnaissance de caractères (OCR)",
    Method.NLP: "analyse du texte",
    Method.HEADER: "en-tête du message",
    Method.HUMAN: "saisie humaine",
}

KIND_LABELS = {
    "bulletin": "Bulletin d'inscription",
    "letter": "Lettre d'intention",
    "other": "Autre",
}


@dataclass(frozen=True)
class SourceView:
    """One quoted piece of evidence and where to find it."""

    text: str
    place: str
    link: str | None


@dataclass(frozen=True)
class CheckView:
    code: str
    short: str
    label: str
    status: str
    icon: str
    word: str
    rank: int
    recorded: bool
    message: str
    anchor: str
    sources: list[SourceView]
    corrections: list[Correction]


@dataclass(frozen=True)
class FieldView:
    name: str
    label: str
    lines: list[str]
    missing: bool
    why: str
    sources: list[SourceView]
    corrections: list[Correction]


@dataclass(frozen=True)
class DocumentView:
    filename: str
    kind: str
    link: str | None
    reading: str
    message_number: int | None
    reason: str
    error: str | None


@dataclass(frozen=True)
class MessageView:
    number: int
    message_id: str
    reasons: list[str]


@dataclass(frozen=True)
class AppView:
    app: Application
    anchor: str
    territory: str
    state: str
    state_icon: str
    state_word: str
    received: str
    received_short: str
    received_time: str
    received_sort: str
    checks: list[CheckView]
    fields: list[FieldView]
    documents: list[DocumentView]
    messages: list[MessageView]
    corrections: list[Correction]
    notes: list[str]
    search: str

    def with_status(self, status: str) -> list[CheckView]:
        return [c for c in self.checks if c.status == status]


def build_views(applications: Sequence[Application], data: ReportData) -> list[AppView]:
    """Views sorted by territory (accents ignored), the report's default order."""
    tz = data.campaign.timezone
    used: set[str] = set()
    ordered = sorted(applications, key=lambda a: (sort_key(territory_label(a)), a.id))
    return [
        application_view(
            app,
            tz,
            data.archive_links,
            data.corrections.get(app.id, []),
            data.notes.get(app.id, []),
            used,
        )
        for app in ordered
    ]


def sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def application_view(
    app: Application,
    tz: str,
    links: Mapping[str, str],
    corrections: list[Correction],
    notes: list[str],
    used: set[str],
) -> AppView:
    anchor = _anchor(app.id, used)
    state = completeness(app)
    icon, word = COMPLETENESS_LABELS[state]
    received = local_time(app.received_at, tz)
    checks = [_check_view(app, code, anchor, links, corrections) for code in CheckCode]
    search = " ".join(
        filter(None, [territory_label(app), app.id, app.fields.project_title, app.sender])
    )
    return AppView(
        app=app,
        anchor=anchor,
        territory=territory_label(app),
        state=state.value,
        state_icon=icon,
        state_word=word,
        received=french_datetime(app.received_at, tz),
        received_short=received.strftime("%d/%m/%Y"),
        received_time=f"{received.hour} h {received.minute:02d}",
        received_sort=received.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        checks=checks,
        fields=[_field_view(app, name, links, corrections) for name in FIELD_LABELS],
        documents=_document_views(app, links),
        messages=_message_views(app),
        corrections=corrections,
        notes=notes,
        search=" ".join([search, *app.fields.quartiers]),
    )


def _anchor(app_id: str, used: set[str]) -> str:
    base = "candidature-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", app_id).strip("-") or "sans-id")
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def _check_view(
    app: Application,
    code: CheckCode,
    anchor: str,
    links: Mapping[str, str],
    corrections: list[Correction],
) -> CheckView:
    result = check_result(app, code)
    recorded = code in app.checks
    icon, word = STATUS_LABELS[result.status]
    short, label = CHECK_LABELS[code]
    return CheckView(
        code=code.value,
        short=short,
        label=label,
        status=result.status.value,
        icon=icon,
        word=word if recorded else "Non effectué",
        rank=STATUS_RANK[result.status],
        recorded=recorded,
        message=result.message,
        anchor=f"{anchor}-{code.value}",
        sources=[_source(e, links) for e in result.evidence],
        corrections=[c for c in corrections if c.target == code.value],
    )


def _field_view(
    app: Application, name: str, links: Mapping[str, str], corrections: list[Correction]
) -> FieldView:
    value = getattr(app.fields, name)
    related = check_result(app, FIELD_CHECK[name])
    lines = _lines(value)
    own = _own_evidence(value)
    return FieldView(
        name=name,
        label=FIELD_LABELS[name],
        lines=lines,
        missing=not lines,
        why=related.message,
        sources=_unique_places([_source(e, links) for e in (own or related.evidence)]),
        corrections=[c for c in corrections if c.target == name],
    )


def _unique_places(sources: list[SourceView]) -> list[SourceView]:
    """The provenance column names each place once (a contact quotes one page ten times)."""
    seen: set[tuple[str, str | None]] = set()
    unique = []
    for source in sources:
        key = (source.place, source.link)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def _lines(value: object) -> list[str]:
    """A field value as display lines; empty when nothing was found."""
    if isinstance(value, bool):
        return ["Oui" if value else "Non"]
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, Person):
        return [", ".join(p for p in (value.name, value.title) if p)] if value.name else []
    if isinstance(value, list):
        return [line for item in value for line in _lines(item) if line] if value else []
    if isinstance(value, Contact):
        return [contact_line(value)]
    return []


def contact_line(contact: Contact) -> str:
    service = {
        "politique_de_la_ville": "politique de la ville",
        "developpement_economique": "développement économique",
    }.get(contact.service.value)
    who = " — ".join(p for p in (contact.name, contact.function) if p) or "Contact sans nom"
    parts = [who + (f" ({service})" if service else "")]
    parts += [p for p in (contact.email, display_phone(contact.phone), contact.address) if p]
    return " · ".join(parts)


def display_phone(phone: str | None) -> str | None:
    """A French number as staff write it (05 56 12 34 56); others in international form."""
    if not phone:
        return phone
    try:
        number = phonenumbers.parse(phone, "FR")
    except phonenumbers.NumberParseException:
        return phone
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _own_evidence(value: object) -> list[Evidence]:
    if isinstance(value, Person | Contact):
        return list(value.evidence)
    if isinstance(value, list):
        return [e for item in value for e in _own_evidence(item)]
    return []


def _source(evidence: Evidence, links: Mapping[str, str]) -> SourceView:
    place = evidence.document
    if evidence.page is not None:
        place += f", page {evidence.page}"
    place += f" · {METHOD_LABELS.get(evidence.method, evidence.method.value)}"
    if evidence.confidence < 0.995:
        place += f" · confiance {round(evidence.confidence * 100)} %"
    text = evidence.text.strip()
    if len(text) > _QUOTE_LIMIT:
        text = text[:_QUOTE_LIMIT].rstrip() + " […]"
    link = links.get(evidence.document_sha256) if evidence.document_sha256 else None
    return SourceView(text=text, place=place, link=safe_link(link))


def _document_views(app: Application, links: Mapping[str, str]) -> list[DocumentView]:
    numbers = {mid: i for i, mid in enumerate(dict.fromkeys(app.messages), start=1)}
    return [
        DocumentView(
            filename=doc.filename,
            kind=KIND_LABELS.get(doc.kind.value, doc.kind.value),
            link=safe_link(links.get(doc.sha256)),
            reading="OCR (document scanné)" if doc.ocr else "texte lu directement",
            message_number=numbers.get(doc.message_id),
            reason=doc.kind_reason,
            error=doc.error,
        )
        for doc in app.documents
    ]


def _message_views(app: Application) -> list[MessageView]:
    ids = list(dict.fromkeys([*app.messages, *(g.message_id for g in app.grouping)]))
    return [
        MessageView(
            number=n,
            message_id=mid,
            reasons=[g.detail for g in app.grouping if g.message_id == mid],
        )
        for n, mid in enumerate(ids, start=1)
    ]


def safe_link(link: str | None) -> str | None:
    """Only relative or file/http(s) links: a javascript: link would run on click."""
    if not link:
        return None
    scheme = urlsplit(link).scheme.lower()
    if scheme and scheme not in {"http", "https", "file"}:
        return None
    return link


def poll_is_stale(poll: datetime | None, generated: datetime) -> bool:
    if poll is None:
        return True
    poll_aware = local_time(poll)
    return (local_time(generated) - poll_aware).total_seconds() > _STALE_POLL_HOURS * 3600


def campaign_zone(campaign: Campaign | None) -> str:
    return campaign.timezone if campaign else "Europe/Paris"
