"""How well the bulletin and letter fields are extracted: precision, recall, F1 per field and
per format, on the labelled set of ``fixtures/extraction_eval``.

Each labelled file is mailed to itself (a minimal message with the file attached; mail-body
cases are already ``.eml`` files) and goes through ``process_message``, exactly as in a run:
format extractor, classification, page split, bulletin and letter extraction, territory.

Counting, per value: found right is a true positive; found wrong is a false positive *and* a
false negative; not found is a false negative; found where the truth has nothing is a false
positive. Text compares without case, accents or punctuation, and matches at a similarity of
95 % or more (one OCR slip in twenty letters). Quartiers compare as sets, after looking each
found name up in the QPV list; contacts are paired (e-mail, name, phone, service) and each
sub-field counts on its own; phones compare in E.164; "signed" is a value of the letter.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import phonenumbers
from pydantic import Field, computed_field
from rapidfuzz import fuzz
from rich.console import Console
from rich.table import Table

from pipeline.process import process_message
from pipeline.qpv import QpvIndex
from schemas import BulletinFields, DocumentKind, LetterFields, MessageResult, ReceivedAtSource
from schemas.base import Frozen

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "extraction_eval"
SCAN_GROUP, TEXT_GROUP, ALL_GROUP = "scan", "texte", "tout"
TEXT_SIMILARITY = 95.0
CONTACT_FIELDS = ("name", "function", "service", "email", "phone", "address")
FIELDS = (
    "project_title", "quartiers", "description", "difficulties", "territory",
    *(f"contacts.{sub}" for sub in CONTACT_FIELDS),
    "elected_official.name", "elected_official.title",
    "letter_signatory.name", "letter_signatory.title", "letter_signed",
)  # fmt: skip
_MEDIA = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}


class Counts(Frozen):
    """True positives, false positives, false negatives, and the rates they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Mismatch(Frozen):
    """One value the extraction got wrong, missed, or made up."""

    document: str
    format: str
    field: str
    expected: str | None
    got: str | None


class ExtractionScores(Frozen):
    """Scores of one evaluation run, micro-averaged (counts summed before the rates)."""

    documents: int
    by_field: dict[str, Counts]
    by_format: dict[str, Counts]
    by_group: dict[str, Counts] = Field(description="texte, scan and tout.")
    by_group_field: dict[str, dict[str, Counts]]
    by_format_field: dict[str, dict[str, Counts]]
    mismatches: list[Mismatch]
    failures: dict[str, str] = Field(description="Documents whose processing raised, and why.")
    seconds_by_format: dict[str, float]
    documents_by_format: dict[str, int]


# --- normalisation -------------------------------------------------------------------------


def normalize(text: str | None) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    if not text:
        return ""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9@.+]+", " ", text.casefold()).split())


def same_text(expected: str, got: str) -> bool:
    a, b = normalize(expected), normalize(got)
    return a == b or fuzz.ratio(a, b) >= TEXT_SIMILARITY


def same_title(expected: str, got: str) -> bool:
    """Titles without their article: "L'Adjointe au maire" is "Adjointe au maire"."""
    strip = re.compile(r"^(?:le|la|les|l)\s+")
    return same_text(strip.sub("", normalize(expected)), strip.sub("", normalize(got)))


def same_territory(expected: str, got: str) -> bool:
    prefix = re.compile(r"^(?:ville|mairie|commune|hotel de ville) (?:de |d )?")
    return same_text(prefix.sub("", normalize(expected)), prefix.sub("", normalize(got)))


def e164(phone: str | None) -> str | None:
    if not phone:
        return None
    try:
        number = phonenumbers.parse(phone, "FR")
    except phonenumbers.NumberParseException:
        return phone.strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _exact(expected: str, got: str) -> bool:
    return expected.strip().lower() == got.strip().lower()


# --- counting ------------------------------------------------------------------------------


class Tally:
    """Counts per field for one document, and the mismatches behind them."""

    def __init__(self, document: str, fmt: str) -> None:
        self.document, self.format = document, fmt
        self.counts: dict[str, Counts] = {}
        self.mismatches: list[Mismatch] = []

    def add(self, name: str, counts: Counts, expected: str | None, got: str | None) -> None:
        self.counts[name] = self.counts.get(name, Counts()) + counts
        if counts.fp or counts.fn:
            self.mismatches.append(Mismatch(document=self.document, format=self.format,
                                            field=name, expected=expected, got=got))  # fmt: skip

    def value(
        self, name: str, expected: str | None, got: str | None, same: Callable[[str, str], bool]
    ) -> None:
        """One value: right (TP), wrong (FP+FN), missed (FN), made up (FP)."""
        expected, got = expected or None, got or None
        if expected is None and got is None:
            return
        if expected is None:
            counts = Counts(fp=1)
        elif got is None:
            counts = Counts(fn=1)
        else:
            counts = Counts(tp=1) if same(expected, got) else Counts(fp=1, fn=1)
        self.add(name, counts, expected, got)

    def quartiers(self, expected: list[str], got: list[str], qpv: QpvIndex) -> None:
        """A set: each labelled quartier found is a TP; extra or duplicate names are FPs."""
        wanted = {normalize(q): q for q in expected}
        found: list[str] = []
        for name in got:
            key = normalize(name)
            if key not in wanted:
                entry = qpv.match(name, year_list="any").entry
                key = normalize(entry.name) if entry else key
            found.append(key)
        tp = len(set(found) & set(wanted))
        counts = Counts(tp=tp, fp=len(found) - tp, fn=len(wanted) - tp)
        if counts.tp or counts.fp or counts.fn:
            self.add("quartiers", counts, " ; ".join(expected) or None, " ; ".join(got) or None)

    def contacts(self, expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> None:
        """Contacts paired one to one, then each sub-field counted as a value."""
        for want, have in pair_contacts(expected, got):
            for sub in CONTACT_FIELDS:
                same = {"email": _exact, "phone": _exact, "service": _exact}.get(sub, same_text)
                self.value(f"contacts.{sub}", (want or {}).get(sub), (have or {}).get(sub), same)


def _contact_score(want: dict[str, Any], have: dict[str, Any]) -> int:
    score = 0
    if want.get("email") and have.get("email") and _exact(want["email"], have["email"]):
        score += 4
    if want.get("name") and have.get("name") and same_text(want["name"], have["name"]):
        score += 3
    if want.get("phone") and want.get("phone") == have.get("phone"):
        score += 2
    if want.get("service") and want.get("service") == have.get("service"):
        score += 1
    return score


def pair_contacts(
    expected: list[dict[str, Any]], got: list[dict[str, Any]]
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Best pairs first (greedy on a small matrix); leftovers paired with None."""
    scored = sorted(
        ((_contact_score(w, h), i, j) for i, w in enumerate(expected) for j, h in enumerate(got)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_w: set[int] = set()
    used_h: set[int] = set()
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    for score, i, j in scored:
        if score > 0 and i not in used_w and j not in used_h:
            used_w.add(i)
            used_h.add(j)
            pairs.append((expected[i], got[j]))
    pairs += [(w, None) for i, w in enumerate(expected) if i not in used_w]
    pairs += [(None, h) for j, h in enumerate(got) if j not in used_h]
    return pairs


def _found_contacts(bulletin: BulletinFields | None) -> list[dict[str, Any]]:
    found = []
    for contact in bulletin.contacts if bulletin else []:
        service = contact.service.value if contact.service.value != "autre" else None
        found.append({"name": contact.name, "function": contact.function, "service": service,
                      "email": contact.email, "phone": e164(contact.phone),
                      "address": contact.address})  # fmt: skip
    return found


def score_document(label: dict[str, Any], result: MessageResult | None, qpv: QpvIndex) -> Tally:
    """Compare one labelled document with what the pipeline extracted from it."""
    tally = Tally(label["id"], label["format"])
    documents = result.documents if result else []
    bulletin = next((d.bulletin for d in documents if d.kind == DocumentKind.BULLETIN), None)
    letter = next((d.letter for d in documents if d.kind == DocumentKind.LETTER), None)
    tally.value("territory", label["territory"], result.territory if result else None,
                same_territory)  # fmt: skip
    _score_bulletin(tally, label.get("bulletin") or {}, bulletin, qpv)
    _score_letter(tally, label.get("letter"), letter)
    return tally


def _score_bulletin(
    tally: Tally, want: dict[str, Any], got: BulletinFields | None, qpv: QpvIndex
) -> None:
    for name in ("project_title", "description", "difficulties"):
        tally.value(name, want.get(name), getattr(got, name) if got else None, same_text)
    tally.quartiers(want.get("quartiers") or [], list(got.quartiers) if got else [], qpv)
    tally.contacts(want.get("contacts") or [], _found_contacts(got))
    official = want.get("elected_official") or {}
    person = got.elected_official if got else None
    tally.value("elected_official.name", official.get("name"), person and person.name, same_text)
    tally.value("elected_official.title", official.get("title"), person and person.title,
                same_title)  # fmt: skip


def _score_letter(tally: Tally, want: dict[str, Any] | None, got: LetterFields | None) -> None:
    signatory = (want or {}).get("signatory") or {}
    person = got.signatory if got else None
    tally.value("letter_signatory.name", signatory.get("name"), person and person.name, same_text)
    tally.value("letter_signatory.title", signatory.get("title"), person and person.title,
                same_title)  # fmt: skip
    expected = None if want is None else ("signée" if want["signed"] else "non signée")
    found = None if got is None else ("signée" if got.signed else "non signée")
    tally.value("letter_signed", expected, found, _exact)


# --- running -------------------------------------------------------------------------------


def load_labels(root: Path = DEFAULT_ROOT) -> list[dict[str, Any]]:
    return list(json.loads((root / "labels.json").read_text(encoding="utf-8"))["documents"])


def as_message(label: dict[str, Any], data: bytes) -> bytes:
    """A mail carrying the file, as the town hall sends it; a mail body case is the mail."""
    if label["file"].endswith(".eml"):
        return data
    message = EmailMessage(policy=policy.default)
    message["From"] = "Secrétariat <secretariat.mairie@orange.fr>"
    message["To"] = "anne-sophie.gillion@aquitaine-pqa.fr"
    message["Subject"] = "AMI création d'activités économiques"
    message["Date"] = "Mon, 11 Apr 2016 10:00:00 +0200"
    message["Message-ID"] = f"<eval-{label['id']}@extraction.ami-intake>"
    message.set_content("Bonjour,\n\nVeuillez trouver notre document en pièce jointe.\n")
    maintype, subtype = _MEDIA[Path(label["file"]).suffix].split("/")
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=label["sent_as"])
    return message.as_bytes(policy=policy.SMTP)


def run_document(
    root: Path, label: dict[str, Any], known_quartiers: tuple[str, ...] = ()
) -> MessageResult:
    """The real pipeline over one labelled document."""
    raw = as_message(label, (root / label["file"]).read_bytes())
    received = datetime(2016, 4, 11, 8, 0, tzinfo=UTC)
    sha = hashlib.sha256(raw).hexdigest()
    return process_message(raw, sha, received, ReceivedAtSource.DATE_HEADER, known_quartiers)


def evaluate_extraction(
    root: Path = DEFAULT_ROOT, only: Iterable[str] | None = None
) -> ExtractionScores:
    """Run the extraction over the labelled set (or the ``only`` ids) and score it."""
    qpv = QpvIndex.builtin()
    known = tuple(sorted({entry.name for entry in qpv.entries}))
    wanted = set(only) if only is not None else None
    labels = [x for x in load_labels(root) if wanted is None or x["id"] in wanted]
    tallies: list[tuple[dict[str, Any], Tally]] = []
    seconds: dict[str, float] = {}
    failures: dict[str, str] = {}
    for label in labels:
        started = time.perf_counter()
        try:
            result: MessageResult | None = run_document(root, label, known)
        except Exception as exc:  # the one broad except: a crash scores as nothing found
            result = None
            failures[label["id"]] = f"{type(exc).__name__}: {exc}"
        spent = time.perf_counter() - started
        seconds[label["format"]] = seconds.get(label["format"], 0.0) + spent
        tallies.append((label, score_document(label, result, qpv)))
    return _scores(tallies, seconds, failures)


def _scores(
    tallies: list[tuple[dict[str, Any], Tally]], seconds: dict[str, float], failures: dict[str, str]
) -> ExtractionScores:
    by_field: dict[str, Counts] = {name: Counts() for name in FIELDS}
    by_format: dict[str, Counts] = {}
    by_group: dict[str, Counts] = {TEXT_GROUP: Counts(), SCAN_GROUP: Counts(), ALL_GROUP: Counts()}
    by_group_field: dict[str, dict[str, Counts]] = {g: {} for g in by_group}
    by_format_field: dict[str, dict[str, Counts]] = {}
    documents: dict[str, int] = {}
    mismatches: list[Mismatch] = []
    for label, tally in tallies:
        fmt = label["format"]
        documents[fmt] = documents.get(fmt, 0) + 1
        group = SCAN_GROUP if label["scan"] else TEXT_GROUP
        mismatches += tally.mismatches
        for name, counts in tally.counts.items():
            by_field[name] = by_field.get(name, Counts()) + counts
            by_format[fmt] = by_format.get(fmt, Counts()) + counts
            cell = by_format_field.setdefault(fmt, {})
            cell[name] = cell.get(name, Counts()) + counts
            for g in (group, ALL_GROUP):
                by_group[g] = by_group[g] + counts
                by_group_field[g][name] = by_group_field[g].get(name, Counts()) + counts
    return ExtractionScores(
        documents=len(tallies),
        by_field=by_field,
        by_format=by_format,
        by_group=by_group,
        by_group_field=by_group_field,
        by_format_field=by_format_field,
        mismatches=mismatches,
        failures=failures,
        seconds_by_format={k: round(v, 2) for k, v in seconds.items()},
        documents_by_format=documents,
    )


# --- report --------------------------------------------------------------------------------

_FIELD_FR = {
    "project_title": ("Titre du projet", "titre"), "quartiers": ("Quartiers", "qpv"),
    "description": ("Description", "desc"), "difficulties": ("Difficultés", "diff"),
    "territory": ("Territoire", "terr"), "contacts.name": ("Contact : nom", "c.nom"),
    "contacts.function": ("Contact : fonction", "c.fct"),
    "contacts.service": ("Contact : service", "c.svc"),
    "contacts.email": ("Contact : courriel", "c.mél"),
    "contacts.phone": ("Contact : téléphone", "c.tél"),
    "contacts.address": ("Contact : adresse", "c.adr"),
    "elected_official.name": ("Élu : nom", "élu"),
    "elected_official.title": ("Élu : qualité", "élu.q"),
    "letter_signatory.name": ("Signataire : nom", "sig"),
    "letter_signatory.title": ("Signataire : qualité", "sig.q"),
    "letter_signed": ("Lettre signée", "signée"),
}  # fmt: skip


def _table(title: str, first: str, rows: Iterable[tuple[str, Counts, str]]) -> Table:
    table = Table(title=title)
    for column in (first, "Précision", "Rappel", "F1", "VP", "FP", "FN", ""):
        table.add_column(column, justify="left" if column == first else "right")
    for name, c, extra in rows:
        table.add_row(name, f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}",
                      str(c.tp), str(c.fp), str(c.fn), extra)  # fmt: skip
    return table


def _formats(scores: ExtractionScores) -> list[str]:
    return sorted(scores.by_format, key=lambda f: (f in ("pdf_scan", "image_photo"), f))


def _matrix(scores: ExtractionScores) -> Table:
    """F1 per format and field; "·" where the format has no such value."""
    table = Table(title="F1 par format et par champ")
    table.add_column("Format")
    for name in FIELDS:
        table.add_column(_FIELD_FR[name][1], justify="right")
    for fmt in _formats(scores):
        cells = scores.by_format_field.get(fmt, {})
        row = []
        for name in FIELDS:
            c = cells.get(name, Counts())
            row.append(f"{c.f1:.2f}" if c.tp + c.fp + c.fn else "·")
        table.add_row(fmt, *row)
    return table


def print_report(scores: ExtractionScores, console: Console, errors: int = 25) -> None:
    """The scores in French: per field (text and scans), per format, overall, then errors."""
    text, scan = scores.by_group_field[TEXT_GROUP], scores.by_group_field[SCAN_GROUP]
    rows = []
    for name in FIELDS:
        t, s = text.get(name, Counts()), scan.get(name, Counts())
        extra = f"texte {t.f1:.2f} · scan {s.f1:.2f}" if s.tp + s.fp + s.fn else f"texte {t.f1:.2f}"
        rows.append((_FIELD_FR[name][0], scores.by_field[name], extra))
    console.print(_table(f"Champs extraits — {scores.documents} documents", "Champ", rows))
    console.print(_table("Par format", "Format", [
        (f, scores.by_format[f], f"{scores.documents_by_format.get(f, 0)} doc.")
        for f in _formats(scores)
    ]))  # fmt: skip
    console.print(_matrix(scores))
    goals = {SCAN_GROUP: "objectif ≥ 0,85", TEXT_GROUP: "objectif ≥ 0,95"}
    console.print(_table("Ensemble", "Groupe", [
        (g, scores.by_group[g], goals.get(g, "")) for g in scores.by_group
    ]))  # fmt: skip
    for document, error in scores.failures.items():
        console.print(f"[red]Échec du traitement de {document} : {error}[/red]")
    if scores.mismatches and errors:
        table = Table(title=f"Erreurs ({len(scores.mismatches)}, {errors} premières)")
        for column in ("Document", "Format", "Champ", "Attendu", "Trouvé"):
            table.add_column(column, overflow="fold")
        for m in scores.mismatches[:errors]:
            table.add_row(m.document, m.format, _FIELD_FR[m.field][0],
                          (m.expected or "—")[:80], (m.got or "—")[:80])  # fmt: skip
        console.print(table)


def main() -> None:
    """``python -m pipeline.evaluate_extraction [ids...] [--json out.json]``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="*", help="Documents to evaluate (default: all).")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--json", type=Path, help="Also write the scores to this JSON file.")
    parser.add_argument("--errors", type=int, default=40)
    args = parser.parse_args()
    scores = evaluate_extraction(args.root, args.ids or None)
    print_report(scores, Console(width=160), errors=args.errors)
    if args.json:
        args.json.write_text(scores.model_dump_json(indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
