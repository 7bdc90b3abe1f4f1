"""How well the bulletin and letter fields are extracted: precision, recall, F1 per field and
per format, on the labelled set of ``fixtures/extraction_eval``.

Each labelled file is mailed on its own (a minimal message with the file attached; mail-body
cases are already ``.eml`` files, sent from a webmail address so the territory is read in the
document) and goes through ``process_message``, exactly as in a run: format extractor,
classification, page split, bulletin and letter extraction, territory. How values count is in
``pipeline.field_scoring``. Run: ``python -m pipeline.evaluate_extraction [ids] [--json f]``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from pydantic import Field
from rich.console import Console
from rich.table import Table

from pipeline.field_scoring import FIELDS, Counts, Mismatch, Tally, score_document
from pipeline.process import process_message
from pipeline.qpv import QpvIndex
from schemas import MessageResult, ReceivedAtSource
from schemas.base import Frozen

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "extraction_eval"
SCAN_GROUP, TEXT_GROUP, ALL_GROUP = "scan", "texte", "tout"
MEDIA_BY_SUFFIX = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".doc": "application/msword",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}


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
    maintype, subtype = MEDIA_BY_SUFFIX[Path(label["file"]).suffix].split("/")
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=label["sent_as"])
    return message.as_bytes(policy=policy.SMTP)


def run_document(
    root: Path,
    label: dict[str, Any],
    known_quartiers: tuple[str, ...] = (),
    known_communes: tuple[str, ...] = (),
) -> MessageResult:
    """The real pipeline over one labelled document."""
    raw = as_message(label, (root / label["file"]).read_bytes())
    received = datetime(2016, 4, 11, 8, 0, tzinfo=UTC)
    sha = hashlib.sha256(raw).hexdigest()
    return process_message(
        raw, sha, received, ReceivedAtSource.DATE_HEADER, known_quartiers, known_communes
    )


def evaluate_extraction(
    root: Path = DEFAULT_ROOT, only: Iterable[str] | None = None
) -> ExtractionScores:
    """Run the extraction over the labelled set (or the ``only`` ids) and score it."""
    qpv = QpvIndex.builtin()
    known, communes = qpv.names(), qpv.communes()
    wanted = set(only) if only is not None else None
    labels = [x for x in load_labels(root) if wanted is None or x["id"] in wanted]
    tallies: list[tuple[dict[str, Any], Tally]] = []
    seconds: dict[str, float] = {}
    failures: dict[str, str] = {}
    for label in labels:
        started = time.perf_counter()
        try:
            result: MessageResult | None = run_document(root, label, known, communes)
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
