"""Is the application complete: on time, both documents, every bulletin field, signed letter.

Each check says what it found and quotes the extractors' evidence, so a reviewer can verify it.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.checks.people import format_contact, same_person
from schemas import (
    ApplicationDraft,
    Campaign,
    CheckCode,
    CheckResult,
    CheckStatus,
    Contact,
    DocumentKind,
    Evidence,
    Method,
    Service,
)

_DOC_NAMES = {  # label, "received", "absent", agreed in gender
    DocumentKind.BULLETIN: ("Bulletin d'inscription", "reçu", "absent"),
    DocumentKind.LETTER: ("Lettre d'intention", "reçue", "absente"),
}
_FIELD_NAMES = {
    "project_title": ("Intitulé du projet", 2),
    "description": ("Description du projet", 15),
    "difficulties": ("Difficultés rencontrées", 5),
}  # label and the word count under which the answer is "very short"
_SERVICE_NAMES = {
    Service.POLITIQUE_DE_LA_VILLE: "Politique de la ville",
    Service.DEVELOPPEMENT_ECONOMIQUE: "Développement économique",
}
_EMPTY = re.compile(
    r"^\W*(?:n[ée]ant|nc|n/?a|x+|[àa] compl[ée]ter|[àa] d[ée]finir|[àa] venir|en cours|"
    r"sans objet|idem|ras|r\.a\.s|non renseign[ée]e?)?\W*$",
    re.IGNORECASE,
)
_ELSEWHERE = re.compile(r"^\W*(?:voir|cf\.?|se reporter|confer)\b", re.IGNORECASE)
_NOTHING = re.compile(r"^\W*(?:aucune?s?|pas de difficult[ée]s?|rien)\b", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def completeness_checks(
    draft: ApplicationDraft, campaign: Campaign
) -> dict[CheckCode, CheckResult]:
    results = {
        CheckCode.ON_TIME: on_time(draft, campaign),
        CheckCode.BULLETIN: document_present(draft, DocumentKind.BULLETIN),
        CheckCode.LETTER: document_present(draft, DocumentKind.LETTER),
        CheckCode.QUARTIERS: quartiers(draft),
        CheckCode.CONTACTS: contacts(draft),
        CheckCode.ELECTED_OFFICIAL: elected_official(draft),
        CheckCode.LETTER_SIGNED: letter_signed(draft),
    }
    for name in _FIELD_NAMES:
        results[CheckCode(name)] = text_field(draft, name)
    return results


def _paris(moment: datetime, timezone: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return local.strftime("%d/%m/%Y à %H:%M")


def on_time(draft: ApplicationDraft, campaign: Campaign) -> CheckResult:
    """Received before the deadline, compared as aware datetimes, shown in Paris time."""
    deadline = campaign.aware_deadline()
    received = draft.received_at
    if received.tzinfo is None:
        received = received.replace(tzinfo=ZoneInfo(campaign.timezone))
    shown = f"{_paris(received, campaign.timezone)} (heure de Paris)"
    limit = _paris(deadline, campaign.timezone)
    evidence = [
        Evidence(
            document=f"en-tête du message {draft.messages[0]}" if draft.messages else "message",
            text=f"Reçu le {received.isoformat()}",
            method=Method.HEADER,
        )
    ]
    if received <= deadline:
        message = f"Reçue le {shown}, avant la date limite du {limit}."
        return CheckResult(status=CheckStatus.OK, message=message, evidence=evidence)
    late = received - deadline
    hours = int(late.total_seconds() // 3600)
    delay = (
        f"{late.days} j {hours % 24} h" if late.days else f"{hours} h {late.seconds // 60 % 60} min"
    )
    message = f"Reçue le {shown}, après la date limite du {limit} : hors délai ({delay} de retard)."
    return CheckResult(status=CheckStatus.MISSING, message=message, evidence=evidence)


def document_present(draft: ApplicationDraft, kind: DocumentKind) -> CheckResult:
    """A document of that kind is among the pieces; names the file and why it was so classified."""
    label, received, absent = _DOC_NAMES[kind]
    found = [d for d in draft.documents if d.kind == kind]
    if not found:
        pieces = ", ".join(f"{d.filename} ({d.kind.value})" for d in draft.documents) or "aucune"
        return CheckResult(
            status=CheckStatus.MISSING,
            message=f"{label} {absent} des pièces reçues (pièces : {pieces}).",
        )
    evidence = []
    for d in found:
        first = d.extracted.pages[0] if d.extracted.pages else None
        quote = d.kind_reason or (first.text.strip()[:120] if first else d.filename)
        evidence.append(
            Evidence(
                document=d.filename,
                document_sha256=d.sha256,
                page=first.number if first else None,
                text=quote or d.filename,
                method=first.method if first else Method.PDF_TEXT,
            )
        )
    names = ", ".join(d.filename + (" (lu par OCR)" if d.ocr else "") for d in found)
    unreadable = [d for d in found if d.extracted.error]
    if unreadable:
        errors = " ; ".join(f"{d.filename} : {d.extracted.error}" for d in unreadable)
        message = f"{label} {received} mais illisible : {errors}."
        return CheckResult(status=CheckStatus.WARNING, message=message, evidence=evidence)
    reason = f" ({found[0].kind_reason})" if found[0].kind_reason else ""
    message = f"{label} {received} : {names}{reason}."
    return CheckResult(status=CheckStatus.OK, message=message, evidence=evidence)


def _field_evidence(draft: ApplicationDraft, *keys: str) -> list[Evidence]:
    evidence: list[Evidence] = []
    for fields in (draft.bulletin, draft.letter):
        if fields is not None:
            for key in keys:
                evidence.extend(fields.evidence.get(key, []))
    return evidence


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_field(draft: ApplicationDraft, name: str) -> CheckResult:
    """A free-text bulletin answer: present, not a placeholder, not a couple of words."""
    label, min_words = _FIELD_NAMES[name]
    value = getattr(draft.fields, name)
    evidence = _field_evidence(draft, name)
    if value is None or not value.strip():
        where = "du bulletin" if draft.bulletin is not None else "(pas de bulletin lu)"
        return CheckResult(status=CheckStatus.MISSING, message=f"{label} absent(e) {where}.")
    quoted = f"« {_short(value)} »"
    if _EMPTY.match(value):
        message = f"{label} non rempli(e) : {quoted}."
        return CheckResult(status=CheckStatus.MISSING, message=message, evidence=evidence)
    if _ELSEWHERE.match(value):
        message = f"{label} renvoie à un autre document au lieu de répondre : {quoted}."
        return CheckResult(status=CheckStatus.WARNING, message=message, evidence=evidence)
    if name == "difficulties" and _NOTHING.match(value):
        message = f"{label} : réponse « aucune » à confirmer : {quoted}."
        return CheckResult(status=CheckStatus.WARNING, message=message, evidence=evidence)
    words = len(value.split())
    if words < min_words:
        message = f"{label} très court(e) ({words} mot{'s' if words > 1 else ''}) : {quoted}."
        return CheckResult(status=CheckStatus.WARNING, message=message, evidence=evidence)
    return CheckResult(status=CheckStatus.OK, message=f"{label} : {quoted}.", evidence=evidence)


def quartiers(draft: ApplicationDraft) -> CheckResult:
    """Quartiers named in the bulletin (the letter alone is a warning)."""
    in_bulletin = draft.bulletin.quartiers if draft.bulletin else []
    in_letter = draft.letter.quartiers if draft.letter else []
    listed = draft.fields.quartiers or in_bulletin or in_letter
    evidence = _field_evidence(draft, "quartiers")
    if not listed:
        message = "Aucun quartier indiqué, ni dans le bulletin ni dans la lettre d'intention."
        return CheckResult(status=CheckStatus.MISSING, message=message)
    names = ", ".join(listed)
    if not in_bulletin and not (draft.fields.quartiers and draft.bulletin):
        message = f"Quartiers cités seulement dans la lettre, pas dans le bulletin : {names}."
        return CheckResult(status=CheckStatus.WARNING, message=message, evidence=evidence)
    return CheckResult(status=CheckStatus.OK, message=f"Quartiers : {names}.", evidence=evidence)


def _contact_problems(contact: Contact) -> list[str]:
    problems = []
    if not contact.email:
        problems.append("pas d'adresse électronique")
    elif not _EMAIL.match(contact.email.strip()):
        problems.append(f"adresse électronique invalide « {contact.email} »")
    digits = sum(ch.isdigit() for ch in contact.phone or "")
    has_address = bool(contact.address and len(contact.address.strip()) >= 8)
    if digits < 9 and not has_address:
        problems.append(
            "ni téléphone ni adresse postale" if not contact.phone else "téléphone incomplet"
        )
    return problems


def contacts(draft: ApplicationDraft) -> CheckResult:
    """A contact of each service (politique de la ville, développement économique), each with an
    email and a phone or an address."""
    found, faults, absent = [], [], []
    for service, label in _SERVICE_NAMES.items():
        mine = [c for c in draft.fields.contacts if c.service == service]
        complete = next((c for c in mine if not _contact_problems(c)), None)
        if complete is not None:
            found.append(f"{label} : {format_contact(complete)}")
        elif mine:
            faults.append(
                f"{label} : {format_contact(mine[0])} — {', '.join(_contact_problems(mine[0]))}"
            )
        else:
            absent.append(label)
    evidence = [e for c in draft.fields.contacts for e in c.evidence]
    parts = found + faults
    if absent:
        parts.append("aucun contact pour : " + ", ".join(absent))
        others = [c for c in draft.fields.contacts if c.service == Service.AUTRE]
        if others:
            parts.append("contact sans service identifié : " + format_contact(others[0]))
    status = CheckStatus.MISSING if absent else CheckStatus.WARNING if faults else CheckStatus.OK
    return CheckResult(
        status=status, message="Contacts — " + " ; ".join(parts) + ".", evidence=evidence
    )


def elected_official(draft: ApplicationDraft) -> CheckResult:
    """The élu référent is named; a different letter signatory is pointed out."""
    person = draft.fields.elected_official
    if person is None or not (person.name or person.title):
        return CheckResult(
            status=CheckStatus.MISSING, message="Élu référent non indiqué dans le bulletin."
        )
    evidence = list(person.evidence)
    shown = ", ".join(p for p in (person.name, person.title) if p)
    if not person.name:
        message = f"Élu référent sans nom (fonction seule : « {person.title} »)."
        return CheckResult(status=CheckStatus.WARNING, message=message, evidence=evidence)
    signatory = draft.fields.letter_signatory or (draft.letter.signatory if draft.letter else None)
    if signatory is not None and signatory.name and not same_person(person.name, signatory.name):
        signer = ", ".join(p for p in (signatory.name, signatory.title) if p)
        message = (
            f"Élu référent : {shown} ; la lettre est signée par une autre personne ({signer}) : "
            "vérifier que c'est voulu."
        )
        return CheckResult(
            status=CheckStatus.WARNING,
            message=message,
            evidence=evidence + list(signatory.evidence),
        )
    return CheckResult(status=CheckStatus.OK, message=f"Élu référent : {shown}.", evidence=evidence)


def letter_signed(draft: ApplicationDraft) -> CheckResult:
    """The letter carries a signature (mark or signed name) and says who signed."""
    has_letter = (
        any(d.kind == DocumentKind.LETTER for d in draft.documents) or draft.letter is not None
    )
    if not has_letter:
        return CheckResult(
            status=CheckStatus.MISSING,
            message="Pas de lettre d'intention : signature impossible à vérifier.",
        )
    letter = draft.letter
    signed = draft.fields.letter_signed or bool(letter and letter.signed)
    reason = letter.signed_reason if letter and letter.signed_reason else ""
    signatory = draft.fields.letter_signatory or (letter.signatory if letter else None)
    evidence = _field_evidence(draft, "signed", "signature", "signatory")
    if signatory is not None:
        evidence += [e for e in signatory.evidence if e not in evidence]
    if not signed:
        why = reason or "aucune marque de signature ni nom de signataire trouvé"
        return CheckResult(
            status=CheckStatus.MISSING,
            message=f"Lettre d'intention non signée : {why.rstrip('.')}.",
            evidence=evidence,
        )
    if signatory is None or not signatory.name:
        message = (
            f"Lettre signée ({reason or 'signature vue'}) mais le nom du signataire n'a pas été lu."
        )
        return CheckResult(status=CheckStatus.WARNING, message=message, evidence=evidence)
    who = ", ".join(p for p in (signatory.name, signatory.title) if p)
    detail = f" ({reason})" if reason else ""
    return CheckResult(
        status=CheckStatus.OK, message=f"Lettre signée par {who}{detail}.", evidence=evidence
    )
