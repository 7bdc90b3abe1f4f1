"""Grouping messages into one application per territory, each decision with its reason.

Rules, in order of strength: the same Message-ID (one mail delivered to both referents), a reply
in a thread (In-Reply-To / References), then the same collectivity: the same territory named in
its documents, or the same institutional sender domain (a forward counts for its original sender).
Mail that is not an application is set apart, with its reason, never dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.territory import WEBMAIL_DOMAINS, territory_key
from schemas import (
    Campaign,
    DocumentKind,
    GroupingReason,
    MessageResult,
    UnrelatedMessage,
)


@dataclass
class Group:
    """Messages of one application, in reception order, with why each one joined."""

    results: list[MessageResult] = field(default_factory=list)
    reasons: list[GroupingReason] = field(default_factory=list)

    @property
    def id(self) -> str:
        anchor = self.results[0].parsed.message_id
        return "app-" + hashlib.sha256(anchor.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Grouping:
    groups: list[Group]
    unrelated: list[UnrelatedMessage]


def sender_of(result: MessageResult) -> str | None:
    return result.parsed.original_sender


def sender_domain(result: MessageResult) -> str | None:
    sender = sender_of(result)
    if not sender or "@" not in sender:
        return None
    domain = sender.rsplit("@", 1)[1].lower()
    return None if domain in WEBMAIL_DOMAINS else domain


def has_application_document(result: MessageResult) -> bool:
    return any(d.kind in (DocumentKind.BULLETIN, DocumentKind.LETTER) for d in result.documents)


def unrelated_reason(result: MessageResult, campaign: Campaign) -> tuple[str, str] | None:
    """(rule, French reason) when the message is plainly not part of an application."""
    parsed = result.parsed
    if parsed.auto_submitted:
        return "auto_reply", "Réponse automatique (en-tête Auto-Submitted ou X-Autoreply)."
    if parsed.mailing_list:
        return (
            "newsletter",
            "Lettre d'information ou liste de diffusion (List-Id / List-Unsubscribe).",
        )
    if parsed.spam_flag:
        return "spam", "Marqué comme indésirable par le serveur (X-Spam-Flag)."
    sender = sender_of(result)
    if sender and sender.lower() in campaign.referents and not parsed.forwarded:
        return (
            "from_referent",
            "Message envoyé par un référent de PQA, sans candidature transférée.",
        )
    return None


def group_messages(results: Sequence[MessageResult], campaign: Campaign) -> Grouping:
    """Deterministic: the same results always give the same groups, ids and reasons."""
    ordered = sorted(results, key=lambda r: (r.received_at, r.parsed.message_id, r.sha256))
    groups: list[Group] = []
    by_message_id: dict[str, Group] = {}
    by_territory: dict[str, Group] = {}
    by_domain: dict[str, Group] = {}
    candidates: list[MessageResult] = []
    unrelated: list[UnrelatedMessage] = []
    seen_unrelated: set[str] = set()

    for result in ordered:
        apart = unrelated_reason(result, campaign)
        if apart is not None:
            _add_unrelated(unrelated, seen_unrelated, result, *apart)
            continue
        candidates.append(result)

    # Two passes: first messages that carry a bulletin or a letter found applications, then the
    # rest (cover notes, annexes, questions) join one or are set apart.
    for founding in (True, False):
        for result in candidates:
            if has_application_document(result) != founding:
                continue
            group, reason = _find_group(result, by_message_id, by_territory, by_domain)
            if group is None and not founding:
                _add_unrelated(
                    unrelated,
                    seen_unrelated,
                    result,
                    "no_application_document",
                    "Ni bulletin ni lettre d'intention, et rattaché à aucune candidature "
                    "(question sur l'appel, message isolé).",
                )
                continue
            if group is None:
                group = Group()
                groups.append(group)
                reason = GroupingReason(
                    message_id=result.parsed.message_id,
                    rule="first_message",
                    detail="Premier message de cette candidature.",
                )
            assert reason is not None
            group.results.append(result)
            group.reasons.append(reason)
            _index(group, result, by_message_id, by_territory, by_domain)

    for group in groups:
        group.results.sort(key=lambda r: (r.received_at, r.parsed.message_id, r.sha256))
    return Grouping(groups=groups, unrelated=unrelated)


def _find_group(
    result: MessageResult,
    by_message_id: dict[str, Group],
    by_territory: dict[str, Group],
    by_domain: dict[str, Group],
) -> tuple[Group | None, GroupingReason | None]:
    parsed = result.parsed
    mid = parsed.message_id
    if mid in by_message_id:
        return by_message_id[mid], GroupingReason(
            message_id=mid,
            rule="same_message_id",
            detail="Même message reçu une seconde fois (envoyé aux deux référents).",
            joined=mid,
        )
    for ref in [parsed.in_reply_to, *reversed(parsed.references)]:
        if ref and ref in by_message_id:
            return by_message_id[ref], GroupingReason(
                message_id=mid,
                rule="thread",
                detail="Réponse dans le fil d'un message de cette candidature.",
                joined=ref,
            )
    key = territory_key(result.territory) if result.territory else None
    if key and key in by_territory:
        return by_territory[key], GroupingReason(
            message_id=mid,
            rule="same_territory",
            detail=f"Même collectivité nommée dans les documents : {result.territory}.",
        )
    domain = sender_domain(result)
    if domain and domain in by_domain:
        forwarded = " (expéditeur d'origine du message transféré)" if parsed.forwarded else ""
        return by_domain[domain], GroupingReason(
            message_id=mid,
            rule="same_sender_domain",
            detail=f"Même domaine d'expéditeur : {domain}{forwarded}.",
        )
    return None, None


def _index(
    group: Group,
    result: MessageResult,
    by_message_id: dict[str, Group],
    by_territory: dict[str, Group],
    by_domain: dict[str, Group],
) -> None:
    by_message_id.setdefault(result.parsed.message_id, group)
    for inner in result.parsed.forwarded:
        by_message_id.setdefault(inner.message_id, group)
    if result.territory:
        by_territory.setdefault(territory_key(result.territory), group)
    domain = sender_domain(result)
    if domain:
        by_domain.setdefault(domain, group)


def _add_unrelated(
    unrelated: list[UnrelatedMessage],
    seen: set[str],
    result: MessageResult,
    rule: str,
    reason: str,
) -> None:
    if result.parsed.message_id in seen:
        return
    seen.add(result.parsed.message_id)
    unrelated.append(
        UnrelatedMessage(
            message_id=result.parsed.message_id,
            subject=result.parsed.subject,
            from_addr=result.parsed.from_addr,
            received_at=result.received_at,
            reason=reason,
            rule=rule,
        )
    )
