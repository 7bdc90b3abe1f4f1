"""pipeline.sources.files on real files written in a temporary folder."""

from __future__ import annotations

import mailbox as stdlib_mailbox
from pathlib import Path

from pipeline.sources.files import FileSource, read_paths

# CRLF, a lone LF, 8-bit Latin-1 and a trailing space: nothing of it may change on the way.
AWKWARD = (
    b"Message-ID: <awkward@candidats.test>\r\n"
    b"Subject: =?utf-8?q?Dossier_=C3=A9t=C3=A9?=\r\n"
    b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\n"
    b"Caf\xe9 cr\xe8me \r\nligne seule\nfin"
)


def eml(name: str) -> bytes:
    return f"Message-ID: <{name}@candidats.test>\nSubject: {name}\n\nCorps {name}\n".encode()


def test_eml_file_is_read_with_its_path_as_origin(tmp_path: Path) -> None:
    path = tmp_path / "dossier.eml"
    path.write_bytes(eml("alpha"))

    [message] = list(read_paths([path]))

    assert message.raw == eml("alpha")
    assert message.source.mailbox == "file"
    assert (message.source.uidvalidity, message.source.uid) == (0, 0)
    assert message.source.internaldate is None
    assert message.source.origin == str(path)


def test_bytes_are_preserved_exactly(tmp_path: Path) -> None:
    path = tmp_path / "awkward.eml"
    path.write_bytes(AWKWARD)

    [message] = list(read_paths([path]))

    assert message.raw == AWKWARD


def test_directory_is_read_recursively_in_name_order_ignoring_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deux.eml").write_bytes(eml("deux"))
    (tmp_path / "a.eml").write_bytes(eml("un"))
    (tmp_path / "c.EML").write_bytes(eml("trois"))
    (tmp_path / "notes.txt").write_bytes(b"pas un message")

    messages = list(read_paths([tmp_path]))

    assert [m.raw for m in messages] == [eml("un"), eml("deux"), eml("trois")]
    assert [Path(m.source.origin or "").name for m in messages] == ["a.eml", "deux.eml", "c.EML"]


def test_maildir_messages_of_cur_and_new_are_read_byte_for_byte(tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    # Written by hand: mailbox.Maildir.add() would normalise the line ends.
    (maildir / "cur" / "1700000000.M1P1.hote:2,S").write_bytes(AWKWARD)
    (maildir / "new" / "1700000001.M2P1.hote").write_bytes(eml("nouveau"))
    (maildir / "tmp" / "1700000002.M3P1.hote").write_bytes(eml("en-cours"))

    messages = list(read_paths([maildir]))

    assert [(m.raw, m.source.origin) for m in messages] == [
        (AWKWARD, f"{maildir}#1700000000.M1P1.hote"),
        (eml("nouveau"), f"{maildir}#1700000001.M2P1.hote"),
    ]


def test_maildir_inside_a_directory_is_recognised(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    stdlib_mailbox.Maildir(tmp_path / "export" / "boite", create=True).add(eml("alpha"))

    messages = list(read_paths([tmp_path / "export"]))

    assert [m.raw for m in messages] == [eml("alpha")]


def test_mbox_is_detected_by_content_and_split_without_from_lines(tmp_path: Path) -> None:
    path = tmp_path / "archive"  # no extension: detected by its first bytes
    path.write_bytes(
        b"From alpha@asso.test Mon Mar  4 10:00:00 2024\n"
        + eml("alpha")
        + b"\n"
        + b"From beta@asso.test Mon Mar  4 11:00:00 2024\n"
        + AWKWARD
        + b"\n"
    )

    messages = list(read_paths([path]))

    assert [m.raw for m in messages] == [eml("alpha"), AWKWARD + b"\n"]
    assert [m.source.origin for m in messages] == [f"{path}#1", f"{path}#2"]


def test_mbox_written_by_python_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "boite.mbox"
    box = stdlib_mailbox.mbox(path, create=True)
    box.add(eml("alpha"))
    box.add(eml("beta"))
    box.close()

    messages = list(read_paths([path]))

    assert [m.raw for m in messages] == [eml("alpha"), eml("beta")]


def test_missing_and_empty_paths_are_skipped_with_a_reason_and_others_still_read(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "vide.eml"
    empty.write_bytes(b"")
    good = tmp_path / "bon.eml"
    good.write_bytes(eml("alpha"))
    source = FileSource([tmp_path / "absent.eml", empty, good])

    messages = list(source)

    assert [m.raw for m in messages] == [eml("alpha")]
    assert [(Path(s.path).name, s.reason) for s in source.skipped] == [
        ("absent.eml", "chemin introuvable ou qui n'est ni un fichier ni un dossier"),
        ("vide.eml", "fichier vide"),
    ]


def test_symbolic_link_loop_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(eml("alpha"))
    (tmp_path / "boucle").symlink_to(tmp_path)

    messages = list(read_paths([tmp_path]))

    assert [m.raw for m in messages] == [eml("alpha")]


def test_explicit_file_without_eml_extension_is_read(tmp_path: Path) -> None:
    path = tmp_path / "message.txt"
    path.write_bytes(eml("alpha"))

    assert [m.raw for m in read_paths([path])] == [eml("alpha")]
