"""The JSON export contract: the stable shape other tools and the committee rely on.

Keys of the contract may be added, never removed or renamed. A check that is not computed is
absent from ``checks``, never faked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schemas import Application, Campaign, UnrelatedMessage

CONTRACT_VERSION = 1


def campaign_record(campaign: Campaign) -> dict[str, Any]:
    record = campaign.model_dump(mode="json")
    record["deadline"] = campaign.aware_deadline().isoformat()
    return record


def _person(person: Any) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"name": person.name, "title": person.title}


def application_record(app: Application) -> dict[str, Any]:
    """One application as the contract writes it (evidence of fields kept under extra keys)."""
    fields = app.fields
    return {
        "id": app.id,
        "territory": app.territory,
        "received_at": app.received_at.isoformat(),
        "on_time": app.on_time,
        "messages": list(app.messages),
        "documents": [
            {
                "filename": d.filename,
                "kind": d.kind.value,
                "ocr": d.ocr,
                "sha256": d.sha256,
                "media_type": d.media_type,
                "message_id": d.message_id,
                "kind_reason": d.kind_reason,
                "error": d.error,
            }
            for d in app.documents
        ],
        "fields": {
            "project_title": fields.project_title,
            "quartiers": list(fields.quartiers),
            "description": fields.description,
            "difficulties": fields.difficulties,
            "contacts": [
                {
                    "name": c.name,
                    "function": c.function,
                    "service": c.service.value,
                    "email": c.email,
                    "phone": c.phone,
                    "address": c.address,
                }
                for c in fields.contacts
            ],
            "elected_official": _person(fields.elected_official),
            "letter_signatory": _person(fields.letter_signatory),
            "letter_signed": fields.letter_signed,
        },
        "checks": {
            code.value: result.model_dump(mode="json", exclude_none=False)
            for code, result in app.checks.items()
        },
        "grouping": [g.model_dump(mode="json") for g in app.grouping],
        "sender": app.sender,
        "subject": app.subject,
    }


def to_contract(
    campaign: Campaign,
    applications: Sequence[Application],
    unrelated: Sequence[UnrelatedMessage],
) -> dict[str, Any]:
    """The whole export, applications in a stable order (reception time, then id)."""
    ordered = sorted(applications, key=lambda a: (a.received_at, a.id))
    return {
        "contract_version": CONTRACT_VERSION,
        "campaign": campaign_record(campaign),
        "applications": [application_record(a) for a in ordered],
        "unrelated_messages": [u.message_id for u in unrelated],
        "unrelated": [u.model_dump(mode="json") for u in unrelated],
    }
