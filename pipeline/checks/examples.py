"""Labelled units for the sentence classifier, cut and analysed exactly as in a run.

A unit is labelled with a statement when it overlaps one of its record's quoted sentences for it
(the `spans` of fixtures/nlp_eval records). Only dev.jsonl and train_sentences.jsonl are read:
the heldout and blind splits never reach the classifier.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline.checks.detect import Analysis, analyse
from pipeline.checks.features import unit_features
from pipeline.checks.finding import Finding, Statement
from pipeline.checks.learned import scorable, vetoed
from pipeline.checks.names import NameFinder
from pipeline.checks.segments import Unit
from pipeline.checks.statements import prepare_text
from pipeline.qpv import QpvIndex

EVAL_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "nlp_eval"
TRAINING_FILES = ("dev.jsonl", "train_sentences.jsonl")


@dataclass(frozen=True)
class Example:
    """One unit of a labelled record: what it says, what the rules said, what the model sees."""

    record: str
    text: str
    features: tuple[str, ...]
    truth: dict[Statement, bool]
    scorable: dict[Statement, bool]
    ruled: dict[Statement, bool]  # a rule accepted or refused it: the classifier is not asked
    accepted: dict[Statement, bool]  # a rule accepted it
    vetoed: dict[Statement, bool]

    def candidate(self, statement: Statement) -> bool:
        """The classifier would be asked, and listened to, about this unit."""
        return self.scorable[statement] and not self.ruled[statement] and not self.vetoed[statement]


@dataclass(frozen=True)
class Record:
    """A labelled letter or description: its truth and what the rules alone found in it."""

    id: str
    origin: str  # the record's split: "dev" or "train"
    truth: dict[Statement, bool]
    rules: dict[Statement, bool]


def load_training(folder: Path = EVAL_DIR) -> list[dict[str, Any]]:
    """The labelled records the classifier may learn from."""
    records = []
    for name in TRAINING_FILES:
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records


def build_examples(
    records: Sequence[dict[str, Any]], nlp: Language, qpv: QpvIndex
) -> tuple[list[Example], list[Record]]:
    """Every unit of every record, and each record's truth and rules' answer."""
    base = NameFinder(e.name for e in qpv.entries)
    prepared = [prepare_text(r["text"]) for r in records]
    docs = nlp.pipe((text for text, _ in prepared), batch_size=32)
    examples: list[Example] = []
    documents: list[Record] = []
    for record, (_, caps), doc in zip(records, prepared, docs, strict=True):
        names = base.with_names(record.get("quartiers") or [])
        analysis = analyse(doc, record["text"], names, caps)
        truth = {s: bool(record["labels"][s.value]) for s in Statement}
        found = {
            s: any(f.accepted and f.statement == s for f in analysis.findings) for s in Statement
        }
        documents.append(Record(record["id"], record["split"], truth, found))
        examples.extend(_examples(record, analysis))
    return examples, documents


def _examples(record: dict[str, Any], analysis: Analysis) -> Iterator[Example]:
    spans = record.get("spans", {})
    for k, unit in enumerate(analysis.units):
        mentions = analysis.mentions[k]
        previous = analysis.units[k - 1] if k else None
        features = unit_features(unit, mentions, previous, analysis.mentions[k - 1] if k else ())
        text = record["text"][unit.start : unit.end]  # as written, not as re-cased for spaCy
        said = [f for f in analysis.findings if _within(f, unit)]
        yield Example(
            record=record["id"],
            text=text,
            features=tuple(features),
            truth={s: _overlaps(text, spans.get(s.value, [])) for s in Statement},
            scorable={s: scorable(s, unit, mentions) for s in Statement},
            ruled={s: any(f.statement == s for f in said) for s in Statement},
            accepted={s: any(f.statement == s and f.accepted for f in said) for s in Statement},
            vetoed={s: vetoed(s, unit, features) is not None for s in Statement},
        )


def _within(finding: Finding, unit: Unit) -> bool:
    return finding.start < unit.end and unit.start < finding.end


def _overlaps(text: str, spans: Sequence[str]) -> bool:
    """The unit and a quoted sentence share text (one contains the other), as `evaluate` counts."""
    unit = " ".join(text.split())
    return any((s := " ".join(span.split())) in unit or unit in s for span in spans)
