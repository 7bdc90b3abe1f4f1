"""From a group of messages to an application draft: documents listed, fields merged.

When a territory sends a field twice (a corrected bulletin), the latest message wins; the report
shows every document so nothing is hidden.
"""

from __future__ import annotations

from collections import Counter

from pipeline.grouping import Group, sender_domain, sender_of
from schemas import (
    Application,
    ApplicationDraft,
    ApplicationFields,
    BulletinFields,
    Campaign,
    CheckCode,
    CheckResult,
    CheckStatus,
    Document,
    DocumentRef,
    LetterFields,
)

_BULLETIN_SCALARS = (
    "project_title",
    "description",
    "difficulties",
    "elected_official",
    "territory",
)


def build_draft(group: Group) -> ApplicationDraft:
    documents = _unique_documents(group)
    bulletin = merge_bulletins([d.bulletin for d in documents if d.bulletin is not None])
    letters = [d.letter for d in documents if d.letter is not None]
    letter = letters[-1] if letters else None
    first = group.results[0]
    return ApplicationDraft(
        id=group.id,
        territory=_territory(group, bulletin, letter),
        received_at=min(r.received_at for r in group.results),
        messages=_unique([r.parsed.message_id for r in group.results]),
        sender=sender_of(first),
        sender_domain=sender_domain(first),
        subject=first.parsed.subject,
        documents=documents,
        bulletin=bulletin,
        letter=letter,
        fields=_fields(bulletin, letter),
        grouping=list(group.reasons),
    )


def merge_bulletins(bulletins: list[BulletinFields]) -> BulletinFields | None:
    """Field by field, the latest bulletin that has a value wins."""
    if not bulletins:
        return None
    merged: dict[str, object] = {}
    evidence = {}
    notes: list[str] = []
    for bulletin in bulletins:
        for name in _BULLETIN_SCALARS:
            value = getattr(bulletin, name)
            if value:
                merged[name] = value
        for name in ("quartiers", "contacts"):
            value = getattr(bulletin, name)
            if value:
                merged[name] = list(value)
        evidence.update(bulletin.evidence)
        notes.extend(bulletin.notes)
    return BulletinFields(**merged, evidence=evidence, notes=notes)  # type: ignore[arg-type]


def _fields(bulletin: BulletinFields | None, letter: LetterFields | None) -> ApplicationFields:
    b = bulletin or BulletinFields()
    return ApplicationFields(
        project_title=b.project_title,
        quartiers=list(b.quartiers) or (list(letter.quartiers) if letter else []),
        description=b.description,
        difficulties=b.difficulties,
        contacts=list(b.contacts),
        elected_official=b.elected_official,
        letter_signatory=letter.signatory if letter else None,
        letter_signed=bool(letter and letter.signed),
    )


def _territory(
    group: Group, bulletin: BulletinFields | None, letter: LetterFields | None
) -> str | None:
    votes = Counter(r.territory for r in group.results if r.territory)
    if votes:
        return votes.most_common(1)[0][0]
    if bulletin and bulletin.territory:
        return bulletin.territory
    return letter.collectivity if letter else None


def _unique_documents(group: Group) -> list[Document]:
    """A document sent twice (both referents, a resend) is listed once."""
    seen: set[tuple[str, tuple[int, int] | None]] = set()
    documents = []
    for result in group.results:
        for document in result.documents:
            key = (document.sha256, document.page_range)
            if key in seen:
                continue
            seen.add(key)
            documents.append(document)
    return documents


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def finish(
    draft: ApplicationDraft, checks: dict[CheckCode, CheckResult], campaign: Campaign
) -> Application:
    on_time_check = checks.get(CheckCode.ON_TIME)
    on_time = (
        on_time_check.status != CheckStatus.MISSING
        if on_time_check is not None
        else draft.received_at <= campaign.aware_deadline()
    )
    return Application(
        id=draft.id,
        territory=draft.territory,
        received_at=draft.received_at,
        on_time=on_time,
        messages=draft.messages,
        documents=[_ref(d) for d in draft.documents],
        fields=draft.fields,
        checks=checks,
        grouping=draft.grouping,
        sender=draft.sender,
        subject=draft.subject,
    )


def _ref(document: Document) -> DocumentRef:
    return DocumentRef(
        filename=document.filename,
        kind=document.kind,
        ocr=document.ocr,
        sha256=document.sha256,
        message_id=document.message_id,
        media_type=document.media_type,
        kind_reason=document.kind_reason,
        error=document.extracted.error,
    )
