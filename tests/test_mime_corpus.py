"""MIME parsing over real public mails kept outside the repo, in ../shared/corpora.

Reads CPython's email test messages, Mailgun flanker's tricky .eml, Hunnysoft's MUA samples,
SpamScope mail-parser's spam and ham, and tnefparse's winmail.dat samples (each folder's
SOURCE.md names its origin and licence). Every file is parsed; a few known facts are checked.
Skipped cleanly when the corpora folder is absent.
"""

from __future__ import annotations

import hashlib
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from extractors.mime import parse_message, reception_time
from schemas import ParsedMessage

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
MAIL_FOLDERS = (
    "cpython-test_email",
    "mailgun-flanker",
    "hunnysoft-mime-samples",
    "spamscope-mail-parser",
)
TNEF_FOLDER = "tnefparse"

pytestmark = pytest.mark.corpus


def _files(*folders: str) -> list[Path]:
    found = []
    for folder in folders:
        root = CORPORA / folder
        if root.is_dir():
            found += sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".md")
    return found


def _ids(paths: list[Path]) -> list[str]:
    return [str(path.relative_to(CORPORA)) for path in paths]


def _read(relative: str) -> bytes:
    path = CORPORA / relative
    if not path.is_file():
        pytest.skip(f"corpus file absent: {path}")
    return path.read_bytes()


def _parsed(relative: str) -> ParsedMessage:
    return parse_message(_read(relative))


def _as_winmail(data: bytes) -> bytes:
    msg = EmailMessage()
    msg["Message-ID"] = "<tnef@corpus>"
    msg.set_content("Voir pièce jointe")
    msg.add_attachment(data, "application", "ms-tnef", filename="winmail.dat")
    return msg.as_bytes()


MAILS = _files(*MAIL_FOLDERS)
TNEFS = _files(TNEF_FOLDER) + [p for p in MAILS if p.suffix == ".dat"]


@pytest.mark.skipif(not MAILS, reason=f"corpora absent: {CORPORA}")
@pytest.mark.parametrize("path", MAILS, ids=_ids(MAILS))
def test_every_corpus_mail_parses_quickly_into_a_consistent_message(path: Path) -> None:
    data = path.read_bytes()
    start = time.monotonic()
    parsed = parse_message(data)
    assert time.monotonic() - start < 5
    assert parsed.message_id and "<" not in parsed.message_id
    for attachment in _all_attachments(parsed):
        assert attachment.sha256 == hashlib.sha256(attachment.content).hexdigest()
        assert attachment.filename and "/" not in attachment.filename
    found = reception_time(data, None)
    assert found is None or found[0].tzinfo is not None


@pytest.mark.skipif(not TNEFS, reason=f"corpora absent: {CORPORA}")
@pytest.mark.parametrize("path", TNEFS, ids=_ids(TNEFS))
def test_every_tnef_sample_attached_as_winmail_dat_parses(path: Path) -> None:
    parsed = parse_message(_as_winmail(path.read_bytes()))
    assert parsed.body_text.startswith("Voir pièce jointe")
    assert any("winmail.dat" in note for note in parsed.notes)
    assert isinstance(parse_message(path.read_bytes()), ParsedMessage)


def _all_attachments(parsed: ParsedMessage) -> list:
    found = list(parsed.attachments)
    for inner in parsed.forwarded:
        found += _all_attachments(inner)
    return found


def test_flanker_enclosed_message_is_a_forward_with_its_own_sender() -> None:
    parsed = _parsed("mailgun-flanker/enclosed.eml")
    assert parsed.body_text == "Hello"
    (inner,) = parsed.forwarded
    assert (inner.from_name, inner.from_addr, inner.subject) == (
        "Kirk Douglas",
        "dan@example.com",
        "Thanks!",
    )
    assert parsed.original_sender == "dan@example.com"


def test_flanker_enclosed_message_with_badly_encoded_body_is_read() -> None:
    parsed = _parsed("mailgun-flanker/enclosed-bad-encoding.eml")
    assert parsed.forwarded[0].from_addr == "dan@example.com"


def test_flanker_gmail_forward_of_a_forward_is_nested() -> None:
    parsed = _parsed("mailgun-flanker/multi-received-headers.eml")
    outer = parsed.forwarded[0]
    assert outer.subject == "Fwd: Please forward this email to me"
    assert outer.forwarded[0].from_addr == "example@example.com"


def test_flanker_russian_attachment_name_is_decoded() -> None:
    parsed = _parsed("mailgun-flanker/russian-attachment-yahoo.eml")
    assert parsed.attachments[0].filename.startswith("Картинка с очень, очень длинным")


def test_flanker_missing_final_boundary_is_noted() -> None:
    parsed = _parsed("mailgun-flanker/missing-final-boundary.eml")
    assert any("final manquant" in note for note in parsed.notes)


def test_flanker_bounce_is_auto_submitted() -> None:
    assert _parsed("mailgun-flanker/bounce/mailbox-full.eml").auto_submitted


def test_hunnysoft_accented_attachment_and_subject_are_decoded() -> None:
    assert [a.filename for a in _parsed("hunnysoft-mime-samples/m1015.txt").attachments] == [
        "HasenundFrösche.txt"
    ]
    assert _parsed("hunnysoft-mime-samples/m2004.txt").subject == "Die Hasen und die Frösche"


def test_hunnysoft_french_word_attachment_keeps_its_type() -> None:
    (attachment,) = _parsed("hunnysoft-mime-samples/m0024.txt").attachments
    assert (attachment.filename, attachment.declared_type) == (
        "Biodiversite de semaine en semaine.doc",
        "application/msword",
    )


def test_hunnysoft_winmail_dat_that_is_not_tnef_is_kept_whole() -> None:
    parsed = _parsed("hunnysoft-mime-samples/m4006.txt")
    assert [a.filename for a in parsed.attachments] == ["winmail.dat"]
    assert any("gardée telle quelle" in note for note in parsed.notes)


def test_tnefparse_samples_give_their_files() -> None:
    two = parse_message(_as_winmail(_read("tnefparse/two-files.tnef")))
    umlaut = parse_message(_as_winmail(_read("tnefparse/umlaut.tnef")))
    assert [a.filename for a in two.attachments] == ["AUTHORS", "README"]
    assert "UmlautAnhang-äüö.txt" in [a.filename for a in umlaut.attachments]


def test_spamscope_encoded_display_name_with_comma_is_one_sender() -> None:
    parsed = _parsed("spamscope-mail-parser/mail_test_18")
    assert (parsed.from_name, parsed.from_addr) == (
        "LastßlName, FirstName",
        "comma.name@example.com",
    )


def test_spamscope_address_shaped_display_name_does_not_replace_the_address() -> None:
    assert _parsed("spamscope-mail-parser/mail_test_19").from_addr == "bob@example.com"


def test_spamscope_outlook_msg_file_is_kept_with_a_note() -> None:
    parsed = _parsed("spamscope-mail-parser/mail_outlook_1")
    assert parsed.attachments[0].filename == "message-outlook.msg"
    assert parsed.body_text == ""


def test_spamscope_newsletter_is_a_mailing_list() -> None:
    assert _parsed("spamscope-mail-parser/mail_test_13").mailing_list


def test_cpython_top_level_rfc822_is_a_forward() -> None:
    parsed = _parsed("cpython-test_email/msg_06.txt")
    assert parsed.forwarded[0].subject == "testing"


def test_cpython_gif_attachment_keeps_its_name() -> None:
    attachments = _parsed("cpython-test_email/msg_07.txt").attachments
    assert [(a.filename, a.declared_type) for a in attachments] == [("dingusfish.gif", "image/gif")]
