"""Benchmark of the statement checks: model load time and letters per second on 1,000 letters.

The letters of fixtures/nlp_eval are replicated and varied (paragraph order, extra paragraphs,
territory) up to the number asked, then checked in one `statement_checks` call, as a run does.
Run: `.venv/bin/python benchmarks/bench_checks.py [--letters 1000] [--batch-size 32]`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.checks import nlp as nlp_module  # noqa: E402
from pipeline.checks import statements  # noqa: E402
from pipeline.evaluate import draft_of, load_records  # noqa: E402
from pipeline.qpv import QpvIndex  # noqa: E402
from schemas import CheckCode  # noqa: E402

EXTRA = [
    "Nos services se tiennent à votre disposition pour toute information complémentaire.",
    "Le conseil municipal a délibéré favorablement sur ce projet lors de sa séance de mars.",
    "Le quartier de Saige compte 4 000 habitants et ne dispose plus d'aucun commerce.",
    "Notre objectif est d'accompagner une dizaine de créateurs chaque année.",
]
TOWNS = ["Pessac", "Lormont", "Bègles", "Floirac", "Cenon", "Dax", "Agen", "Pau", "Bayonne"]


def letters(count: int, seed: int = 2016) -> list[dict[str, object]]:
    """`count` letter records made from the labelled letters, each a little different."""
    rng = random.Random(seed)
    records = load_records(ROOT / "fixtures" / "nlp_eval", "all")
    # Whole letters only: the classifier's training sentences are too short to be letters.
    base = [r for r in records if r["kind"] == "letter" and r["split"] != "train"]
    out = []
    for i in range(count):
        record = dict(rng.choice(base))
        paragraphs = str(record["text"]).split("\n\n")
        body = paragraphs[1:-1]
        rng.shuffle(body)
        body += rng.sample(EXTRA, rng.randint(0, 2))
        record["text"] = "\n\n".join([paragraphs[0], *body, paragraphs[-1]])
        record["id"] = f"bench{i:04d}"
        record["territory"] = f"Ville de {rng.choice(TOWNS)}"
        out.append(record)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=statements.BATCH_SIZE)
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    args = parser.parse_args()

    statements.BATCH_SIZE = args.batch_size
    records = letters(args.letters)
    drafts = [draft_of(r) for r in records]
    qpv = QpvIndex.builtin()
    characters = sum(len(str(r["text"])) for r in records)

    nlp = nlp_module.get_nlp()
    load = nlp_module.load_seconds() or 0.0
    started = time.perf_counter()
    results = statements.statement_checks(drafts, qpv, nlp)
    elapsed = time.perf_counter() - started

    found = sum(r[CheckCode.MOTIVATION].status != "missing" for r in results)
    figures = {
        "letters": len(drafts),
        "characters": characters,
        "batch_size": args.batch_size,
        "model_load_seconds": round(load, 2),
        "check_seconds": round(elapsed, 2),
        "letters_per_second": round(len(drafts) / elapsed, 1),
        "motivation_found": found,
    }
    print(f"Modèle fr_core_news_sm chargé en {load:.2f} s")
    print(
        f"{len(drafts)} lettres ({characters} caractères) contrôlées en {elapsed:.2f} s : "
        f"{len(drafts) / elapsed:.1f} lettres/s (lots de {args.batch_size})"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
