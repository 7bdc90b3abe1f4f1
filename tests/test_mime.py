"""MIME parsing of one raw message, on messages built here (EmailMessage or hand-written bytes)."""

from __future__ import annotations

import base64
import hashlib
import struct
import time
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.html_text import html_to_text
from extractors.mime import parse_message, reception_time
from extractors.mime_attachment import safe_filename
from extractors.mime_forward import quoted_date
from fixtures.builders.mail import (
    Envelope,
    InlineImage,
    MailAttachment,
    compose,
    deliver,
    inline_forward_block,
)
from schemas import ParsedMessage, ReceivedAtSource

PARIS_WINTER = timezone(timedelta(hours=1))
PARIS_SUMMER = timezone(timedelta(hours=2))
QUICK = settings(
    max_examples=300, deadline=timedelta(seconds=3), suppress_health_check=[HealthCheck.too_slow]
)


def raw(text: str) -> bytes:
    """Hand-written message text as CRLF bytes, the way it travels."""
    return text.replace("\n", "\r\n").encode("utf-8")


def simple(body: str = "Bonjour", **headers: str) -> bytes:
    msg = EmailMessage(policy=default_policy)
    msg["From"] = headers.pop("from_", "Jean Dupont <jean.dupont@example.fr>")
    msg["To"] = headers.pop("to", "ami@example.org")
    msg["Subject"] = headers.pop("subject", "Candidature")
    msg["Message-ID"] = headers.pop("message_id", "<abc-123@example.fr>")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def multipart(*parts: str, boundary: str = "XYZ", kind: str = "mixed", close: bool = True) -> bytes:
    head = (
        "From: jean@example.fr\nMessage-ID: <m@example.fr>\nSubject: Dossier\n"
        f'MIME-Version: 1.0\nContent-Type: multipart/{kind}; boundary="{boundary}"\n\n'
    )
    body = "".join(f"--{boundary}\n{part}\n" for part in parts)
    return raw(head + body + (f"--{boundary}--\n" if close else ""))


# --- headers ---------------------------------------------------------------------------------


def test_subject_and_sender_name_in_rfc2047_are_decoded() -> None:
    parsed = parse_message(
        raw(
            "From: =?iso-8859-1?q?Andr=E9_L=E9vy?= <Andre.Levy@Example.FR>\n"
            "Subject: =?utf-8?q?Candidature_AMI_=C3=A9t=C3=A9?= =?utf-8?b?MjAyNQ==?=\n"
            "Message-ID: <x@y>\n\nCorps\n"
        )
    )
    assert parsed.subject == "Candidature AMI été2025"
    assert parsed.from_name == "André Lévy"
    assert parsed.from_addr == "andre.levy@example.fr"


def test_raw_8bit_subject_is_read_as_utf8_then_latin1() -> None:
    utf8 = parse_message(b"Subject: R\xc3\xa9sum\xc3\xa9\r\nMessage-ID: <a@b>\r\n\r\nx")
    latin = parse_message(b"Subject: R\xe9sum\xe9\r\nMessage-ID: <a@b>\r\n\r\nx")
    assert utf8.subject == "Résumé"
    assert latin.subject == "Résumé"


def test_encoded_word_with_stray_8bit_byte_keeps_its_accent() -> None:
    parsed = parse_message(b"Subject: =?iso-8859-1?Q?Fr\xf6sche?=\r\n\r\nx")
    assert parsed.subject == "Frösche"


def test_display_name_with_encoded_comma_stays_one_sender() -> None:
    parsed = parse_message(raw("From: =?utf-8?q?Dupont=2C_Jean?= <J@X.fr>\n\nx"))
    assert (parsed.from_name, parsed.from_addr) == ("Dupont, Jean", "j@x.fr")


def test_bracketed_address_wins_over_an_address_shaped_display_name() -> None:
    parsed = parse_message(raw("From: alice@example.com <bob@example.com>\n\nx"))
    assert parsed.from_addr == "bob@example.com"


def test_to_and_cc_are_lowercased_distinct_addresses() -> None:
    parsed = parse_message(
        raw(
            'To: "Service AMI" <AMI@Region.FR>, autre@Example.org, ami@region.fr\n'
            "Cc: undisclosed-recipients:;, Copie <Copie@X.FR>\n\nx"
        )
    )
    assert parsed.to == ["ami@region.fr", "autre@example.org"]
    assert parsed.cc == ["copie@x.fr"]


def test_message_ids_lose_their_angle_brackets() -> None:
    parsed = parse_message(
        raw(
            "Message-ID: < id-1@example.fr >\nIn-Reply-To: <id-0@example.fr>\n"
            "References: <r1@a>\n <r2@b> <r3@c>\n\nx"
        )
    )
    assert parsed.message_id == "id-1@example.fr"
    assert parsed.in_reply_to == "id-0@example.fr"
    assert parsed.references == ["r1@a", "r2@b", "r3@c"]


def test_missing_message_id_gets_a_stable_synthetic_id_and_a_note() -> None:
    data = raw("From: a@b.fr\nSubject: sans id\n\ncorps\n")
    first, second = parse_message(data), parse_message(data)
    expected = f"sans-id-{hashlib.sha256(data).hexdigest()[:16]}@ami-intake"
    assert first.message_id == second.message_id == expected
    assert any("Message-ID" in note for note in first.notes)


def test_date_is_aware_and_unreadable_date_is_none() -> None:
    good = parse_message(raw("Date: Mon, 3 Mar 2025 10:12:00 +0100\n\nx"))
    zoneless = parse_message(raw("Date: Mon, 3 Mar 2025 10:12:00 -0000\n\nx"))
    bad = parse_message(raw("Date: le 32 de brumaire\n\nx"))
    assert good.date == datetime(2025, 3, 3, 9, 12, tzinfo=UTC)
    assert zoneless.date is not None and zoneless.date.tzinfo is not None
    assert bad.date is None


def test_malformed_headers_fall_back_to_their_text() -> None:
    parsed = parse_message(
        raw(
            "From: <<<>>>@@ broken\nTo: ,,,;;;<>\nSubject: =?bogus-charset?q?caf=E9?=\n"
            "Date: Mon, 99 Foo 2025 99:99:99 +9999\nMessage-ID: pas d'id\n\nx"
        )
    )
    assert parsed.subject == "café"
    assert parsed.to == []
    assert parsed.date is None


# --- flags ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Auto-Submitted: auto-replied", True),
        ("Auto-Submitted: no", False),
        ("X-Autoreply: yes", True),
        ("X-Autorespond: Absent", True),
        ("Precedence: auto_reply", True),
        ("Precedence: bulk", False),
    ],
)
def test_auto_reply_headers_set_auto_submitted(header: str, expected: bool) -> None:
    assert parse_message(raw(f"{header}\nSubject: Absence\n\nx")).auto_submitted is expected


def test_list_headers_mark_mailing_list() -> None:
    assert parse_message(raw("List-Id: <infos.example.org>\n\nx")).mailing_list
    assert parse_message(raw("List-Unsubscribe: <mailto:u@x>\n\nx")).mailing_list
    assert not parse_message(raw("Subject: perso\n\nx")).mailing_list


def test_spam_headers_set_spam_flag() -> None:
    assert parse_message(raw("X-Spam-Flag: YES\n\nx")).spam_flag
    assert parse_message(raw("X-Spam-Status: Yes, score=9.1\n\nx")).spam_flag
    assert not parse_message(raw("X-Spam-Status: No, score=0.1\n\nx")).spam_flag


# --- body ------------------------------------------------------------------------------------


def test_alternative_takes_the_plain_text() -> None:
    parsed = parse_message(
        multipart(
            "Content-Type: text/plain; charset=utf-8\n\nTexte brut",
            "Content-Type: text/html; charset=utf-8\n\n<p>Texte <b>riche</b></p>",
            kind="alternative",
        )
    )
    assert parsed.body_text == "Texte brut"


def test_alternative_with_empty_plain_takes_the_html() -> None:
    parsed = parse_message(
        multipart(
            "Content-Type: text/plain; charset=utf-8\n\n  \n",
            "Content-Type: text/html; charset=utf-8\n\n<p>Seul le HTML</p>",
            kind="alternative",
        )
    )
    assert parsed.body_text == "Seul le HTML"


def test_html_only_body_keeps_paragraphs_breaks_lists_and_table_rows() -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Bonjour&nbsp;Madame,</p><p>Ci-joint ma candidature.<br>Cordialement</p>"
        "<table><tr><td>Nom</td><td>Dupont</td></tr><tr><th>Projet</th><td>Jardin</td></tr>"
        "</table><ul><li>bulletin</li><li>lettre</li></ul></body></html>"
    )
    msg = EmailMessage()
    msg["Message-ID"] = "<h@x>"
    msg.set_content(html, subtype="html")
    parsed = parse_message(msg.as_bytes())
    assert parsed.body_text == (
        "Bonjour Madame,\n\nCi-joint ma candidature.\nCordialement\n\n"
        "Nom : Dupont\nProjet : Jardin\n\n- bulletin\n- lettre"
    )


def test_html_to_text_survives_nesting_beyond_the_parser_limit() -> None:
    assert html_to_text("<div>" * 20_000 + "profond" + "</div>" * 20_000) == "profond"


def test_latin1_bytes_labelled_utf8_are_read_with_a_note() -> None:
    data = (
        b"Message-ID: <c@x>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Pi\xe8ces jointes : d\xe9claration\r\n"
    )
    parsed = parse_message(data)
    assert parsed.body_text == "Pièces jointes : déclaration"
    assert any("mal encodé" in note for note in parsed.notes)


def test_unknown_charset_does_not_stop_the_body() -> None:
    data = b"Content-Type: text/plain; charset=x-inconnu\r\n\r\nCaf\xc3\xa9 cr\xc3\xa8me"
    assert parse_message(data).body_text == "Café crème"


def test_missing_final_boundary_keeps_parts_and_notes_it() -> None:
    parsed = parse_message(
        multipart(
            "Content-Type: text/plain\n\nLe texte",
            "Content-Type: application/pdf\nContent-Disposition: attachment; filename=a.pdf\n"
            "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK",
            close=False,
        )
    )
    assert parsed.body_text == "Le texte"
    assert [a.filename for a in parsed.attachments] == ["a.pdf"]
    assert any("final manquant" in note for note in parsed.notes)


# --- attachments -------------------------------------------------------------------------------


def test_rfc2231_filename_with_accents_and_continuations_is_decoded() -> None:
    parsed = parse_message(
        multipart(
            "Content-Type: application/pdf\n"
            "Content-Disposition: attachment;\n"
            " filename*0*=UTF-8''Bulletin%20d%27inscription%20;\n"
            " filename*1*=r%C3%A9gion%20%C3%A9t%C3%A9;\n filename*2=.pdf\n\nxx"
        )
    )
    assert parsed.attachments[0].filename == "Bulletin d'inscription région été.pdf"


def test_rfc2231_filename_with_wrong_charset_is_still_readable() -> None:
    parsed = parse_message(
        multipart(
            "Content-Type: application/pdf\n"
            "Content-Disposition: attachment; filename*=bogus''%C3%A9t%C3%A9.pdf\n\nxx"
        )
    )
    assert parsed.attachments[0].filename == "été.pdf"


def test_rfc2047_in_name_parameter_is_decoded_as_outlook_sends_it() -> None:
    parsed = parse_message(
        multipart(
            'Content-Type: application/pdf; name="=?utf-8?B?Q291cnJpZXIgw6l0w6kucGRm?="\n'
            "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK"
        )
    )
    assert parsed.attachments[0].filename == "Courrier été.pdf"


def test_raw_latin1_filename_is_read_with_its_accents() -> None:
    data = multipart("Content-Type: application/pdf\nContent-Disposition: attachment; X\n\nxx")
    data = data.replace(b"; X", b'; filename="R\xe9sum\xe9.pdf"')
    assert parse_message(data).attachments[0].filename == "Résumé.pdf"


@pytest.mark.parametrize(
    ("disposition", "expected"),
    [
        ("filename=../../etc/passwd", "passwd"),
        ('filename="../../etc/passwd"', "passwd"),
        ('filename="C:\\\\Users\\\\x\\\\a.pdf"', "a.pdf"),
        ('filename="C:\\Users\\x\\a.pdf"', "a.pdf"),
        ("filename=dossier complet.pdf", "dossier complet.pdf"),
    ],
)
def test_attachment_name_keeps_only_the_last_path_component(
    disposition: str, expected: str
) -> None:
    parsed = parse_message(
        multipart(f"Content-Type: application/pdf\nContent-Disposition: attachment; {disposition}")
    )
    assert parsed.attachments[0].filename == expected


def test_display_name_loses_control_and_bidi_characters_but_keeps_accents() -> None:
    assert safe_filename("fac\u202etxt.exe\x00\x07 été.pdf") == "factxt.exe été.pdf"
    assert safe_filename("..") is None
    assert safe_filename("e\u0301te\u0301.pdf") == "été.pdf"
    assert len(safe_filename("a" * 400 + ".pdf") or "") == 255


def test_unnamed_attachment_gets_a_numbered_french_name_with_extension() -> None:
    parsed = parse_message(
        multipart(
            "Content-Type: text/plain\n\nVoir pièces",
            "Content-Type: application/pdf\nContent-Disposition: attachment\n\nxx",
            "Content-Type: image/jpeg\n\nyy",
            "Content-Type: application/x-inconnu\nContent-Disposition: attachment\n\nzz",
        )
    )
    names = [a.filename for a in parsed.attachments]
    assert names == ["piece-jointe-1.pdf", "piece-jointe-2.jpg", "piece-jointe-3.bin"]


def test_attachment_carries_decoded_bytes_hash_size_and_declared_type() -> None:
    content = b"%PDF-1.4\n" + bytes(range(256))
    encoded = base64.b64encode(content).decode()
    parsed = parse_message(
        multipart(
            "Content-Type: application/pdf\nContent-Disposition: attachment; filename=b.pdf\n"
            f"Content-Transfer-Encoding: base64\n\n{encoded}"
        )
    )
    attachment = parsed.attachments[0]
    assert attachment.content == content
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.declared_type == "application/pdf"


def test_inline_image_of_an_html_body_is_an_attachment() -> None:
    msg = EmailMessage()
    msg["Message-ID"] = "<i@x>"
    msg.set_content("Texte")
    msg.add_alternative('<p>Texte <img src="cid:logo"></p>', subtype="html")
    msg.get_payload()[1].add_related(b"\x89PNG....", "image", "png", cid="<logo>")
    parsed = parse_message(msg.as_bytes())
    assert parsed.body_text == "Texte"
    assert [a.declared_type for a in parsed.attachments] == ["image/png"]


def _tnef(files: list[tuple[str, bytes]]) -> bytes:
    """A minimal winmail.dat: signature, key, then per file a start, a title and the data."""

    def attribute(name: int, kind: int, data: bytes) -> bytes:
        checksum = struct.pack("<H", sum(data) & 0xFFFF)
        return struct.pack("<BHHI", 2, name, kind, len(data)) + data + checksum

    out = struct.pack("<IH", 0x223E9F78, 1)
    for filename, data in files:
        out += attribute(0x9002, 6, b"\x00" * 14)
        out += attribute(0x8010, 1, filename.encode() + b"\x00")
        out += attribute(0x800F, 6, data)
    return out


def _with_winmail(data: bytes) -> bytes:
    msg = EmailMessage()
    msg["Message-ID"] = "<w@x>"
    msg.set_content("Voir pièce jointe")
    msg.add_attachment(data, "application", "ms-tnef", filename="winmail.dat")
    return msg.as_bytes()


def test_winmail_dat_files_become_attachments_with_a_note() -> None:
    files = [("dossier-été.pdf", b"%PDF-1.4 x"), ("budget.xlsx", b"PK\x03\x04 y")]
    parsed = parse_message(_with_winmail(_tnef(files)))
    assert [(a.filename, a.content) for a in parsed.attachments] == files
    assert any("winmail.dat" in note and "2 fichier" in note for note in parsed.notes)


def test_unreadable_winmail_dat_is_kept_whole_with_a_note() -> None:
    parsed = parse_message(_with_winmail(b"\x89PNG pas du TNEF"))
    assert [a.filename for a in parsed.attachments] == ["winmail.dat"]
    assert any("gardée telle quelle" in note for note in parsed.notes)


def test_outlook_msg_file_is_kept_whole_with_a_note() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    parsed = parse_message(data)
    assert parsed.attachments[0].content == data
    assert any(".msg" in note for note in parsed.notes)


# --- forwards ----------------------------------------------------------------------------------


def _forward_of(inner: EmailMessage, outer_text: str = "Je vous transfère.") -> bytes:
    outer = EmailMessage()
    outer["From"] = "secretariat@mairie.fr"
    outer["Subject"] = "TR: Candidature"
    outer["Message-ID"] = "<outer@mairie.fr>"
    outer.set_content(outer_text)
    outer.add_attachment(inner)
    return outer.as_bytes()


def test_rfc822_forward_is_parsed_with_its_own_attachments() -> None:
    inner = EmailMessage()
    inner["From"] = "Asso Les Jardins <contact@jardins.fr>"
    inner["Subject"] = "Candidature"
    inner["Message-ID"] = "<inner@jardins.fr>"
    inner.set_content("Notre dossier")
    inner.add_attachment(b"%PDF-1.4", "application", "pdf", filename="bulletin.pdf")
    parsed = parse_message(_forward_of(inner))
    assert parsed.body_text == "Je vous transfère."
    assert parsed.attachments == []
    (forwarded,) = parsed.forwarded
    assert forwarded.from_addr == "contact@jardins.fr"
    assert [a.filename for a in forwarded.attachments] == ["bulletin.pdf"]
    assert parsed.original_sender == "contact@jardins.fr"


def test_forwards_nested_beyond_the_depth_limit_become_eml_attachments() -> None:
    message = EmailMessage()
    message["Message-ID"] = "<level-0@x>"
    message.set_content("le plus profond")
    for level in range(1, 8):
        outer = EmailMessage()
        outer["Message-ID"] = f"<level-{level}@x>"
        outer.set_content(f"niveau {level}")
        outer.add_attachment(message)
        message = outer
    parsed = parse_message(message.as_bytes())
    depth, node = 0, parsed
    while node.forwarded:
        node, depth = node.forwarded[0], depth + 1
    assert depth == 5
    assert node.attachments[0].declared_type == "message/rfc822"
    assert any("niveaux" in note for note in node.notes)


def test_base64_encoded_rfc822_part_is_decoded_before_parsing() -> None:
    inner = raw("From: cachee@example.fr\nSubject: Dedans\nMessage-ID: <in@x>\n\nTexte\n")
    encoded = base64.encodebytes(inner).decode()
    parsed = parse_message(
        multipart(f"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n{encoded}")
    )
    assert parsed.forwarded[0].from_addr == "cachee@example.fr"
    assert parsed.forwarded[0].subject == "Dedans"


def test_inline_french_outlook_forward_is_split_from_the_forwarders_words() -> None:
    body = (
        "Bonjour, voici la candidature reçue.\n\n"
        "________________________________\n"
        "De : Marie Curie <Marie.Curie@Asso-Radium.fr>\n"
        "Envoyé : lundi 3 mars 2025 10:12\n"
        "À : mairie@ville.fr; Autre <autre@ville.fr>\n"
        "Cc : copie@ville.fr\n"
        "Objet : Candidature AMI\n\n"
        "Madame, Monsieur,\nVeuillez trouver notre dossier."
    )
    parsed = parse_message(simple(body, subject="TR: Candidature AMI"))
    assert parsed.body_text == "Bonjour, voici la candidature reçue."
    (inner,) = parsed.forwarded
    assert (inner.from_name, inner.from_addr) == ("Marie Curie", "marie.curie@asso-radium.fr")
    assert inner.date == datetime(2025, 3, 3, 10, 12, tzinfo=PARIS_WINTER)
    assert inner.subject == "Candidature AMI"
    assert inner.to == ["mairie@ville.fr", "autre@ville.fr"]
    assert inner.cc == ["copie@ville.fr"]
    assert inner.body_text == "Madame, Monsieur,\nVeuillez trouver notre dossier."
    assert parsed.original_sender == "marie.curie@asso-radium.fr"


def test_inline_forward_from_the_project_fixture_builder_is_found() -> None:
    block = inline_forward_block(
        "Asso <asso@example.fr>", ["ami@region.fr"], "Dossier", datetime(2024, 7, 14, 9, 5), "Texte"
    )
    parsed = parse_message(simple(f"Pour suite à donner.\n\n{block}"))
    assert parsed.body_text == "Pour suite à donner."
    assert parsed.forwarded[0].from_addr == "asso@example.fr"
    assert parsed.forwarded[0].date == datetime(2024, 7, 14, 9, 5, tzinfo=PARIS_SUMMER)


def test_gmail_forward_in_english_is_found() -> None:
    body = (
        "FYI\n\n---------- Forwarded message ---------\n"
        "From: Bob Martin <bob@example.com>\nDate: Mon, Mar 3, 2025 at 4:05 PM\n"
        "Subject: Application\nTo: <ami@example.org>\n\n\nHello,\nhere it is."
    )
    parsed = parse_message(simple(body, subject="Fwd: Application"))
    assert parsed.body_text == "FYI"
    inner = parsed.forwarded[0]
    assert (inner.from_name, inner.from_addr, inner.subject) == (
        "Bob Martin",
        "bob@example.com",
        "Application",
    )
    assert inner.date == datetime(2025, 3, 3, 16, 5, tzinfo=PARIS_WINTER)
    assert inner.body_text == "Hello,\nhere it is."


def test_thunderbird_and_apple_forwards_with_subject_first_are_found() -> None:
    thunderbird = (
        "-------- Message transféré --------\nSujet : \tDossier\n"
        "Date : \tMon, 3 Mar 2025 10:12:00 +0100\nDe : \tAsso <asso@example.fr>\n"
        "Pour : \tami@region.fr\n\nLe dossier"
    )
    apple = (
        "Début du message réexpédié :\n\nDe: Asso <asso@example.fr>\nObjet: Dossier\n"
        "Date: 3 mars 2025 à 10:12:00 UTC+1\nÀ: ami@region.fr\n\nLe dossier"
    )
    for body in (thunderbird, apple):
        inner = parse_message(simple(body)).forwarded[0]
        assert (inner.from_addr, inner.subject, inner.body_text) == (
            "asso@example.fr",
            "Dossier",
            "Le dossier",
        )
        assert inner.date == datetime(2025, 3, 3, 9, 12, tzinfo=UTC)


def test_outlook_english_header_block_on_one_line_is_found() -> None:
    body = (
        "See below.\n\nFrom: Jane Roe [mailto:jane@example.com] Sent: Tuesday, March 4, 2025 "
        "9:30 AM To: ami@example.org Subject: Our project\n\nDear all"
    )
    inner = parse_message(simple(body)).forwarded[0]
    assert (inner.from_name, inner.from_addr, inner.subject) == (
        "Jane Roe",
        "jane@example.com",
        "Our project",
    )
    assert inner.date == datetime(2025, 3, 4, 9, 30, tzinfo=PARIS_WINTER)


def _html_mail(markup: str, subject: str = "TR: Candidature") -> bytes:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["Message-ID"] = "<html-forward@x>"
    msg.set_content(markup, subtype="html")
    return msg.as_bytes()


def test_outlook_html_forward_is_found_after_html_to_text() -> None:
    markup = (
        "<div class=WordSection1><p class=MsoNormal>Je transf&egrave;re.<o:p></o:p></p>"
        '<div style="border-top:solid #E1E1E1 1.0pt"><p class=MsoNormal>'
        "<b>De&nbsp;:</b> Marie Curie &lt;marie@radium.fr&gt;<br>"
        "<b>Envoy&eacute;&nbsp;:</b> lundi 3 mars 2025 10:12<br>"
        "<b>&Agrave;&nbsp;:</b> Mairie &lt;mairie@ville.fr&gt;<br>"
        "<b>Objet&nbsp;:</b> Candidature AMI</p></div>"
        "<p class=MsoNormal>Madame,</p><p class=MsoNormal>Notre dossier.</p></div>"
    )
    parsed = parse_message(_html_mail(markup))
    assert parsed.body_text == "Je transfère."
    inner = parsed.forwarded[0]
    assert (inner.from_name, inner.from_addr, inner.to) == (
        "Marie Curie",
        "marie@radium.fr",
        ["mairie@ville.fr"],
    )
    assert inner.body_text == "Madame,\n\nNotre dossier."


def test_gmail_html_forward_is_found_after_html_to_text() -> None:
    markup = (
        '<div dir="ltr">Pour info<br><br><div class="gmail_quote"><div class="gmail_attr">'
        "---------- Forwarded message ---------<br>From: <strong>Bob Martin</strong> "
        '<span>&lt;<a href="mailto:bob@example.com">bob@example.com</a>&gt;</span><br>'
        "Date: Mon, Mar 3, 2025 at 4:05 PM<br>Subject: Application<br>"
        "To: &lt;ami@example.org&gt;<br></div><br><br><div>Hello,<div>here it is.</div></div>"
    )
    parsed = parse_message(_html_mail(markup))
    assert parsed.body_text == "Pour info"
    assert parsed.forwarded[0].from_addr == "bob@example.com"
    assert parsed.forwarded[0].body_text == "Hello,\nhere it is."


def test_forward_inside_a_forward_is_nested() -> None:
    body = (
        "Pour info\n\n---------- Forwarded message ---------\nFrom: B <b@x.fr>\n"
        "Date: 3 mars 2025 10:00\nSubject: Fwd: Dossier\n\nVoir dessous\n\n"
        "---------- Forwarded message ---------\nFrom: A <a@x.fr>\nDate: 2 mars 2025 09:00\n"
        "Subject: Dossier\n\nLe texte d'origine"
    )
    parsed = parse_message(simple(body))
    middle = parsed.forwarded[0]
    assert (middle.from_addr, middle.body_text) == ("b@x.fr", "Voir dessous")
    assert middle.forwarded[0].from_addr == "a@x.fr"
    assert middle.forwarded[0].body_text == "Le texte d'origine"


def test_inline_forward_ids_are_stable_and_distinct() -> None:
    body = "x\n\n---------- Forwarded message ---------\nFrom: a@x.fr\nDate: 2 mars 2025\n\ny"
    first, second = parse_message(simple(body)), parse_message(simple(body))
    assert first.forwarded[0].message_id == second.forwarded[0].message_id
    assert first.forwarded[0].message_id != first.message_id


def test_reply_quoting_outlook_history_is_not_a_forward() -> None:
    body = (
        "Voici la pièce manquante.\n\n-----Message d'origine-----\n"
        "De : Service AMI <ami@region.fr>\nEnvoyé : lundi 3 mars 2025 10:12\n"
        "Objet : Pièce manquante\n\nMerci de nous envoyer le RIB."
    )
    parsed = parse_message(simple(body, subject="RE: Pièce manquante"))
    assert parsed.forwarded == []
    assert parsed.body_text == body


def test_letter_heading_in_the_body_is_not_a_forward() -> None:
    body = "De : Association Les Jardins\nÀ : Madame la Présidente\nObjet : candidature\n\nMadame,"
    parsed = parse_message(simple(body))
    assert parsed.forwarded == []
    assert parsed.body_text == body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lundi 3 mars 2025 10:12", datetime(2025, 3, 3, 10, 12, tzinfo=PARIS_WINTER)),
        ("lun. 3 mars 2025 à 10:12", datetime(2025, 3, 3, 10, 12, tzinfo=PARIS_WINTER)),
        ("Mon, Mar 3, 2025 at 10:12 PM", datetime(2025, 3, 3, 22, 12, tzinfo=PARIS_WINTER)),
        ("1er août 2024 08h05", datetime(2024, 8, 1, 8, 5, tzinfo=PARIS_SUMMER)),
        ("03/03/2025 10:12", datetime(2025, 3, 3, 10, 12, tzinfo=PARIS_WINTER)),
        ("Mon, 3 Mar 2025 10:12:00 -0500", datetime(2025, 3, 3, 15, 12, tzinfo=UTC)),
        ("3 mars 2025 à 10:12:00 UTC-5", datetime(2025, 3, 3, 15, 12, tzinfo=UTC)),
        ("bientôt", None),
        ("31 février 2025", None),
    ],
)
def test_quoted_dates_are_read_in_french_and_english(text: str, expected: datetime | None) -> None:
    assert quoted_date(text) == expected


def test_town_hall_mail_built_by_the_fixture_builders_reads_back() -> None:
    """The project's own composed and delivered bytes: Outlook names, logo, rfc822 forward."""
    sent = datetime(2025, 3, 3, 10, 12, tzinfo=PARIS_WINTER)
    inner = compose(
        Envelope("asso@x", "Asso Été <asso@example.fr>", ["mairie@ville.fr"], "Dossier", sent),
        "Notre dossier",
        attachments=[MailAttachment("Lettre d'intention é.pdf", b"%PDF-1.4", "application/pdf")],
    )
    message = compose(
        Envelope(
            "m@ville.fr",
            "Mairie de Pessac <Mairie@Ville.fr>",
            ["ami@region.fr"],
            "TR : Candidature économique",
            sent,
        ),
        "Voir le dossier transféré.",
        html="<p>Voir le dossier <b>transféré</b>.</p>",
        inline_images=[InlineImage("logo.png", b"\x89PNG logo", "logo@ville")],
        attachments=[
            MailAttachment("Budget prévisionnel.xlsx", b"PK\x03\x04", "application/zip", True)
        ],
        forwarded=inner,
    )
    received = datetime(2025, 3, 3, 10, 15, tzinfo=PARIS_WINTER)
    data = deliver(message, "ami@region.fr", received)
    parsed = parse_message(data)
    assert (parsed.from_name, parsed.from_addr) == ("Mairie de Pessac", "mairie@ville.fr")
    assert parsed.subject == "TR : Candidature économique"
    assert parsed.body_text == "Voir le dossier transféré."
    assert [a.filename for a in parsed.attachments] == ["logo.png", "Budget prévisionnel.xlsx"]
    assert parsed.forwarded[0].from_name == "Asso Été"
    assert [a.filename for a in parsed.forwarded[0].attachments] == ["Lettre d'intention é.pdf"]
    assert reception_time(data, None) == (received, ReceivedAtSource.RECEIVED_HEADER)


# --- reception time -----------------------------------------------------------------------------


TRACE = raw(
    "Received: from mx1 by store; Tue, 4 Mar 2025 08:00:05 +0100\n"
    "Received: from client by mx1; Tue, 4 Mar 2025 07:59:59 +0100\n"
    "Date: Mon, 3 Mar 2025 23:00:00 +0100\n\nx"
)


def test_reception_time_prefers_internaldate_and_makes_it_aware() -> None:
    naive = datetime(2025, 3, 4, 12, 0)
    assert reception_time(TRACE, naive) == (
        naive.replace(tzinfo=UTC),
        ReceivedAtSource.INTERNALDATE,
    )


def test_reception_time_reads_the_topmost_received_header() -> None:
    when, source = reception_time(TRACE, None) or (None, None)
    assert source is ReceivedAtSource.RECEIVED_HEADER
    assert when == datetime(2025, 3, 4, 7, 0, 5, tzinfo=UTC)


def test_reception_time_skips_a_received_header_without_a_date() -> None:
    data = raw("Received: from mx1 by store\nReceived: by a; 4 Mar 2025 08:00 +0000\n\nx")
    assert reception_time(data, None) == (
        datetime(2025, 3, 4, 8, 0, tzinfo=UTC),
        ReceivedAtSource.RECEIVED_HEADER,
    )


def test_reception_time_falls_back_to_date_then_to_nothing() -> None:
    dated = raw("Date: Mon, 3 Mar 2025 23:00:00 +0100\n\nx")
    assert reception_time(dated, None) == (
        datetime(2025, 3, 3, 22, 0, tzinfo=UTC),
        ReceivedAtSource.DATE_HEADER,
    )
    assert reception_time(raw("Subject: rien\n\nx"), None) is None


def test_reception_time_accepts_a_parsed_email_message() -> None:
    msg = EmailMessage()
    msg["Date"] = "Mon, 3 Mar 2025 23:00:00 +0100"
    found = reception_time(msg, None)
    assert found is not None and found[1] is ReceivedAtSource.DATE_HEADER


# --- bounds and robustness ----------------------------------------------------------------------


def test_ten_thousand_parts_are_cut_at_the_limit_quickly() -> None:
    parts = "".join(f"--B\nContent-Type: text/plain\n\npart {i}\n" for i in range(10_000))
    data = raw(f"Content-Type: multipart/mixed; boundary=B\n\n{parts}--B--\n")
    start = time.monotonic()
    parsed = parse_message(data)
    assert time.monotonic() - start < 10
    assert any("500 parties" in note for note in parsed.notes)
    assert "part 0" in parsed.body_text


def test_hostile_content_type_header_is_bounded() -> None:
    params = "; ".join(f"p{i}=v" for i in range(60_000))
    data = raw(f"Content-Type: text/plain; {params}\nSubject: {'=?utf-8?q?a?= ' * 30_000}\n\nx")
    start = time.monotonic()
    parsed = parse_message(data)
    assert time.monotonic() - start < 10
    assert parsed.body_text == "x"


def test_deeply_nested_multiparts_do_not_raise() -> None:
    head = "".join(
        f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(3_000)
    )
    parsed = parse_message(raw(head + "Content-Type: text/plain\n\nfond\n"))
    assert isinstance(parsed, ParsedMessage)
    assert parsed.notes


@settings(
    max_examples=300, deadline=timedelta(seconds=3), suppress_health_check=[HealthCheck.too_slow]
)
@given(st.binary(max_size=4_000))
def test_any_bytes_give_a_parsed_message_quickly(data: bytes) -> None:
    """Contract: any bytes give a ParsedMessage; nothing raises; each run ends within 3 s."""
    assert isinstance(parse_message(data), ParsedMessage)


_LINES = st.sampled_from(
    [
        "Content-Type: multipart/mixed; boundary=Z",
        "Content-Type: message/rfc822",
        "Content-Type: text/html; charset=bogus",
        "Content-Transfer-Encoding: base64",
        "Content-Disposition: attachment; filename*0*=utf-8''%E9; filename*1=..%2F",
        "From: =?utf-8?b?w6k=?= <a@b>",
        "Subject: =?x?q?=FF?=",
        "--Z",
        "--Z--",
        "",
        "<table><tr><td>a</td>",
        "De : X <x@y.fr>",
        "Envoyé : lundi 3 mars 2025",
        "---------- Forwarded message ---------",
        "QUJD",
    ]
)


@settings(
    max_examples=300, deadline=timedelta(seconds=3), suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(_LINES | st.text(max_size=40), max_size=60))
def test_mime_shaped_noise_gives_a_parsed_message(lines: list[str]) -> None:
    """Contract: MIME-looking garbage (boundaries, forwards, encodings) never raises or hangs."""
    data = "\r\n".join(lines).encode("utf-8", "surrogatepass")
    assert isinstance(parse_message(data), ParsedMessage)


def test_a_plain_part_that_only_stubs_the_html_one_gives_way_to_it() -> None:
    """IBM Notes sends « (version HTML) » as the text alternative of the whole bulletin."""
    message = EmailMessage(policy=default_policy)
    message["From"], message["To"], message["Subject"] = "a@agen.fr", "b@pqa.fr", "AMI"
    message["Message-ID"] = "<notes@agen.fr>"
    message.set_content("(version HTML)")
    rows = "".join(f"<tr><td>Titre du projet</td><td>Épicerie {n}</td></tr>" for n in range(5))
    message.add_alternative(f"<html><body><table>{rows}</table></body></html>", subtype="html")
    body = parse_message(message.as_bytes()).body_text
    assert "Titre du projet" in body and "(version HTML)" not in body
    # A real text alternative is still preferred to the HTML one.
    message.get_body(("plain",)).set_content("Titre du projet : Épicerie coopérative de proximité")
    assert parse_message(message.as_bytes()).body_text.startswith("Titre du projet : Épicerie")
