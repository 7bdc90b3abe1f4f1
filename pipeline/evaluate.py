"""How well the statement checks do on the labelled set: precision, recall and F1 per check.

Each labelled letter or bulletin description becomes an application draft and goes through
`run_checks`, exactly as in a run; a check counts as positive when its status is not "missing".
Run: `python -m pipeline.evaluate fixtures/nlp_eval heldout`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from spacy.language import Language

from pipeline.checks import run_checks
from pipeline.qpv import QpvIndex
from schemas import (
    ApplicationDraft,
    ApplicationFields,
    BulletinFields,
    Campaign,
    CheckCode,
    CheckStatus,
    Document,
    DocumentKind,
    Evidence,
    ExtractedText,
    Method,
    Page,
)

STATEMENT_CHECKS = (
    CheckCode.MOTIVATION,
    CheckCode.OBJECTIVES,
    CheckCode.QUARTIER_JUSTIFICATION,
)
_DESCRIPTION_LABEL = "Description du projet :\n"
_CAMPAIGN = Campaign(
    name="La création d'activités économiques dans les quartiers politique de la ville (2016)",
    deadline=datetime(2016, 4, 15, 23, 59),
    referents=["ami@pqa.example"],
)


def load_records(path: str | Path, split: str) -> list[dict[str, Any]]:
    """Records of a .jsonl file, or of every .jsonl file of a folder, in that split ("all": all)."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    records = []
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if split == "all" or record["split"] == split:
                    records.append(record)
    return records


def draft_of(record: dict[str, Any]) -> ApplicationDraft:
    """The draft a run would build for this letter, or for a bulletin with this description."""
    text = record["text"]
    sha = hashlib.sha256(text.encode()).hexdigest()
    received = datetime(2016, 4, 1, 10, 0, tzinfo=UTC)
    quartiers = list(record.get("quartiers") or [])
    if record["kind"] == "letter":
        page = Page(number=1, text=text, method=Method.PDF_TEXT)
        document = _document(record, sha, DocumentKind.LETTER, page, "lettre")
        return ApplicationDraft(
            id=record["id"],
            territory=record.get("territory"),
            received_at=received,
            messages=[record["id"]],
            documents=[document],
            fields=ApplicationFields(quartiers=quartiers),
        )
    page_text = _DESCRIPTION_LABEL + text
    page = Page(number=1, text=page_text, method=Method.PDF_TEXT)
    document = _document(record, sha, DocumentKind.BULLETIN, page, "bulletin")
    where = Evidence(
        document=document.filename,
        document_sha256=sha,
        page=1,
        text=text,
        start=len(_DESCRIPTION_LABEL),
        end=len(page_text),
    )
    bulletin = BulletinFields(
        description=text, quartiers=quartiers, evidence={"description": [where]}
    )
    return ApplicationDraft(
        id=record["id"],
        territory=record.get("territory"),
        received_at=received,
        messages=[record["id"]],
        documents=[document],
        bulletin=bulletin,
        fields=ApplicationFields(description=text, quartiers=quartiers),
    )


def _document(
    record: dict[str, Any], sha: str, kind: DocumentKind, page: Page, stem: str
) -> Document:
    return Document(
        sha256=sha,
        filename=f"{stem}_{record['id']}.pdf",
        media_type="application/pdf",
        message_id=record["id"],
        kind=kind,
        extracted=ExtractedText(pages=[page]),
    )


def evaluate_checks(
    path: str | Path, split: str, nlp: Language | None = None, qpv: QpvIndex | None = None
) -> dict[str, Any]:
    """Precision, recall, F1 per statement check on one split; errors listed with the message."""
    records = load_records(path, split)
    drafts = [draft_of(r) for r in records]
    results = run_checks(drafts, _CAMPAIGN, qpv or QpvIndex.builtin(), nlp)
    scores: dict[str, dict[str, Any]] = {}
    errors = []
    for code in STATEMENT_CHECKS:
        tp = fp = fn = tn = quoted = 0
        for record, result in zip(records, results, strict=True):
            truth = bool(record["labels"][code.value])
            check = result[code]
            said = check.status != CheckStatus.MISSING
            if said and truth:
                tp += 1
                spans = record.get("spans", {}).get(code.value, [])
                quoted += any(_overlaps(e.text, spans) for e in check.evidence)
            elif said:
                fp += 1
            elif truth:
                fn += 1
            else:
                tn += 1
            if said != truth:
                errors.append(
                    {
                        "id": record["id"],
                        "check": code.value,
                        "error": "FP" if said else "FN",
                        "message": check.message,
                    }
                )
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[code.value] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
            "quoted_labelled_sentence": round(quoted / tp, 3) if tp else None,
        }
    return {"split": split, "documents": len(records), "checks": scores, "errors": errors}


def _overlaps(quoted: str, spans: list[str]) -> bool:
    """The quoted unit and a labelled sentence share text (one contains the other)."""
    q = " ".join(quoted.split())
    return any((s := " ".join(span.split())) in q or q in s for span in spans)


def print_table(result: dict[str, Any], console: Console | None = None) -> None:
    """The scores as a table, then the errors, in French for staff."""
    console = console or Console()
    table = Table(
        title=f"Contrôles des énoncés — jeu « {result['split']} » ({result['documents']} documents)"
    )
    for column in (
        "Contrôle",
        "Précision",
        "Rappel",
        "F1",
        "VP",
        "FP",
        "FN",
        "VN",
        "Citation juste",
    ):
        table.add_column(column, justify="left" if column == "Contrôle" else "right")
    for code, s in result["checks"].items():
        quoted = s["quoted_labelled_sentence"]
        table.add_row(
            code,
            f"{s['precision']:.2f}",
            f"{s['recall']:.2f}",
            f"{s['f1']:.2f}",
            str(s["tp"]),
            str(s["fp"]),
            str(s["fn"]),
            str(s["tn"]),
            "—" if quoted is None else f"{quoted:.0%}",
        )
    console.print(table)
    for error in result["errors"]:
        console.print(
            f"[bold]{error['error']}[/bold] {error['check']} {error['id']}: {error['message']}"
        )


def main(argv: list[str] | None = None) -> None:
    """`python -m pipeline.evaluate [FOLDER] [SPLIT]`, as `ami-intake evaluate checks`."""
    parser = argparse.ArgumentParser(description="Précision, rappel et F1 des contrôles d'énoncés.")
    parser.add_argument("folder", nargs="?", default="fixtures/nlp_eval")
    parser.add_argument("split", nargs="?", default="dev")
    args = parser.parse_args(argv)
    print_table(evaluate_checks(args.folder, args.split))


if __name__ == "__main__":
    main()
