"""Train the sentence classifier, choose its thresholds by cross-validation, write the model file.

Learns from fixtures/nlp_eval/dev.jsonl and train_sentences.jsonl only (see `examples`); the
regularisation and the threshold of each statement are chosen by 5-fold cross-validation
(`crossval`), then the model is fitted on everything. Deterministic: the same files give the
same model file, which `--check` verifies.
Run: `.venv/bin/python -m pipeline.checks.train [--out FILE] [--check] [--quiet]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline.checks.classifier import MODEL_PATH
from pipeline.checks.crossval import asked, choose, folds, labels, out_of_fold
from pipeline.checks.examples import TRAINING_FILES, Example, build_examples, load_training
from pipeline.checks.finding import Statement
from pipeline.checks.logistic import Binary, fit
from pipeline.checks.nlp import get_nlp
from pipeline.qpv import QpvIndex

MIN_COUNT = 2  # a feature seen once cannot be weighed
L2_GRID = (0.5, 1.0, 2.0, 4.0)
KEPT_WEIGHT = 5e-4  # smaller weights are left out of the file


def vocabulary(examples: Sequence[Example]) -> list[str]:
    counts: dict[str, int] = {}
    for example in examples:
        for feature in example.features:
            counts[feature] = counts.get(feature, 0) + 1
    return sorted(f for f, n in counts.items() if n >= MIN_COUNT)


def matrix(examples: Sequence[Example], vocab: Sequence[str]) -> Binary:
    index = {f: i for i, f in enumerate(vocab)}
    return Binary.from_rows(
        [[index[f] for f in e.features if f in index] for e in examples], len(vocab)
    )


def train(nlp: Language | None = None, qpv: QpvIndex | None = None) -> dict[str, Any]:
    """The model file's content: weights, thresholds, and the cross-validation figures."""
    nlp = nlp or get_nlp()
    examples, records = build_examples(load_training(), nlp, qpv or QpvIndex.builtin())
    vocab = vocabulary(examples)
    x = matrix(examples, vocab)
    fold_of = folds(records)
    entries = {}
    for statement in Statement:
        candidates = {l2: out_of_fold(x, examples, fold_of, statement, l2) for l2 in L2_GRID}
        chosen = choose(examples, records, statement, candidates)
        mask = asked(examples, statement)
        w, b = fit(x.take(mask), labels(examples, statement)[mask], chosen["l2"])
        weights = {f: round(float(v), 4) for f, v in zip(vocab, w, strict=True)}
        entries[statement.value] = {
            "bias": round(float(b), 4),
            "threshold": chosen["threshold"],
            "strong": chosen["strong"],
            "l2": chosen["l2"],
            "cv": {part: chosen[part] for part in ("all", "dev", "train")},
            "weights": {f: v for f, v in weights.items() if abs(v) >= KEPT_WEIGHT},
        }
    return {
        "about": "Sentence classifier of the statement checks, written by pipeline/checks/train.py",
        "trained_on": {
            "files": list(TRAINING_FILES),
            "records": len(records),
            "units": len(examples),
            "features": len(vocab),
        },
        "labels": entries,
    }


def model_text(model: dict[str, Any]) -> str:
    """The model file as written: sorted keys, one weight per line, so retraining diffs well."""
    return json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def cv_table(model: dict[str, Any]) -> str:
    """The cross-validation figures, one line per statement and part."""
    lines = ["statement              part   rules P/R/F1         rules+classifier P/R/F1"]
    for name, entry in model["labels"].items():
        for part, figures in entry["cv"].items():
            rules, combined = figures["rules"], figures["combined"]
            lines.append(
                f"{name:22} {part:6} {_prf(rules)}   {_prf(combined)}"
                f"   (n={rules['records']}, l2={entry['l2']}, t={entry['threshold']})"
            )
    return "\n".join(lines)


def _prf(s: dict[str, float]) -> str:
    return f"{s['precision']:.2f}/{s['recall']:.2f}/{s['f1']:.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--check", action="store_true", help="Compare with --out, write nothing.")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    model = train()
    if not args.quiet:
        print(cv_table(model))
    if args.check:
        same = args.out.read_text(encoding="utf-8") == model_text(model)
        print("identique" if same else f"différent de {args.out}")
        return 0 if same else 1
    args.out.write_text(model_text(model), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
