"""Grouping messages into one application per territory, each decision with its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipeline.campaign import load_campaign
from pipeline.grouping import group_messages
from schemas import (
    Document,
    DocumentKind,
    ExtractedText,
    MessageResult,
    ParsedMessage,
    ReceivedAtSource,
)

CAMPAIGN = load_campaign()
T0 = datetime(2016, 4, 1, 9, 0, tzinfo=UTC)


def _doc(kind: DocumentKind, message_id: str, name: str = "piece.pdf") -> Document:
    return Document(
        sha256=f"{name}-{message_id}",
        filename=name,
        media_type="application/pdf",
        message_id=message_id,
        kind=kind,
        extracted=ExtractedText(),
    )


def _result(
    message_id: str,
    sender: str,
    *,
    minutes: int = 0,
    kinds: tuple[DocumentKind, ...] = (DocumentKind.BULLETIN,),
    territory: str | None = None,
    in_reply_to: str | None = None,
    forwarded_from: str | None = None,
    sha: str | None = None,
    **flags: bool,
) -> MessageResult:
    forwarded = []
    if forwarded_from:
        forwarded = [ParsedMessage(message_id=f"inner-{message_id}", from_addr=forwarded_from)]
    parsed = ParsedMessage(
        message_id=message_id,
        from_addr=sender,
        in_reply_to=in_reply_to,
        forwarded=forwarded,
        subject=f"Sujet {message_id}",
        **flags,
    )
    return MessageResult(
        sha256=sha or f"sha-{message_id}",
        received_at=T0 + timedelta(minutes=minutes),
        received_at_source=ReceivedAtSource.RECEIVED_HEADER,
        parsed=parsed,
        documents=[_doc(k, message_id) for k in kinds],
        territory=territory,
    )


def test_same_message_delivered_to_both_referents_is_one_application() -> None:
    first = _result("m1@mairie-cenon.fr", "a@mairie-cenon.fr", sha="copy-1")
    second = _result("m1@mairie-cenon.fr", "a@mairie-cenon.fr", sha="copy-2")
    grouping = group_messages([first, second], CAMPAIGN)
    assert len(grouping.groups) == 1
    assert [r.rule for r in grouping.groups[0].reasons] == ["first_message", "same_message_id"]


def test_reply_in_thread_joins_the_application_even_from_a_public_address() -> None:
    bulletin = _result("b@ville-lormont.fr", "pv@ville-lormont.fr")
    letter = _result(
        "l@gmail.com",
        "elu.lormont@gmail.com",
        minutes=60,
        kinds=(DocumentKind.LETTER,),
        in_reply_to="b@ville-lormont.fr",
    )
    grouping = group_messages([letter, bulletin], CAMPAIGN)
    assert len(grouping.groups) == 1
    reason = grouping.groups[0].reasons[1]
    assert (reason.rule, reason.joined) == ("thread", "b@ville-lormont.fr")


def test_later_mail_naming_the_same_territory_joins_it() -> None:
    first = _result("1@floirac.fr", "x@floirac.fr", territory="Floirac")
    later = _result(
        "2@orange.fr", "y@orange.fr", minutes=5, kinds=(DocumentKind.LETTER,), territory="FLOIRAC"
    )
    grouping = group_messages([first, later], CAMPAIGN)
    assert len(grouping.groups) == 1
    assert grouping.groups[0].reasons[1].rule == "same_territory"


def test_same_public_mail_domain_does_not_merge_two_territories() -> None:
    one = _result("1@gmail.com", "x@gmail.com", territory="Agen")
    two = _result("2@gmail.com", "y@gmail.com", territory="Pau", minutes=3)
    assert len(group_messages([one, two], CAMPAIGN).groups) == 2


def test_forward_counts_for_its_original_sender_domain() -> None:
    original = _result("1@mairie-begles.fr", "dgs@mairie-begles.fr")
    forwarded = _result(
        "2@bordeaux-metropole.fr",
        "agent@bordeaux-metropole.fr",
        minutes=30,
        kinds=(DocumentKind.LETTER,),
        forwarded_from="cabinet@mairie-begles.fr",
    )
    grouping = group_messages([original, forwarded], CAMPAIGN)
    assert len(grouping.groups) == 1
    assert grouping.groups[0].reasons[1].rule == "same_sender_domain"
    assert "transféré" in grouping.groups[0].reasons[1].detail


def test_auto_reply_newsletter_and_spam_are_kept_apart_with_their_reason() -> None:
    results = [
        _result("a@x.fr", "a@x.fr", auto_submitted=True),
        _result("n@y.fr", "n@y.fr", mailing_list=True),
        _result("s@z.fr", "s@z.fr", spam_flag=True),
    ]
    grouping = group_messages(results, CAMPAIGN)
    assert grouping.groups == []
    assert sorted(u.rule for u in grouping.unrelated) == ["auto_reply", "newsletter", "spam"]
    assert all(u.reason for u in grouping.unrelated)


def test_question_without_documents_from_an_unknown_sender_is_unrelated() -> None:
    question = _result("q@agglo.fr", "dgs@agglo.fr", kinds=())
    grouping = group_messages([question], CAMPAIGN)
    assert [u.rule for u in grouping.unrelated] == ["no_application_document"]


def test_cover_note_without_documents_from_a_known_territory_joins_it() -> None:
    bulletin = _result("1@pau.fr", "pv@pau.fr", minutes=10)
    note = _result("2@pau.fr", "pv@pau.fr", kinds=(DocumentKind.OTHER,))
    grouping = group_messages([note, bulletin], CAMPAIGN)
    assert len(grouping.groups) == 1 and not grouping.unrelated
    assert len(grouping.groups[0].results) == 2


def test_grouping_is_deterministic_whatever_the_input_order() -> None:
    results = [
        _result("1@pau.fr", "pv@pau.fr", territory="Pau"),
        _result("2@agen.fr", "pv@agen.fr", territory="Agen", minutes=1),
        _result("3@pau.fr", "de@pau.fr", territory="Pau", minutes=2, kinds=(DocumentKind.LETTER,)),
    ]
    forward = group_messages(results, CAMPAIGN)
    backward = group_messages(list(reversed(results)), CAMPAIGN)
    assert [g.id for g in forward.groups] == [g.id for g in backward.groups]
    assert [g.reasons for g in forward.groups] == [g.reasons for g in backward.groups]
