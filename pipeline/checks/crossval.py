"""Cross-validation of the sentence classifier: out-of-fold probabilities and record-level scores.

Folds group units by record, so a letter never trains the model that scores it. Scores are those
`pipeline.evaluate` reports (a record is positive when some unit states the statement), for the
rules alone and for the rules plus the classifier, on all records and on the dev letters alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from pipeline.checks.examples import Example, Record
from pipeline.checks.finding import Statement
from pipeline.checks.logistic import Array, Binary, fit, sigmoid

FOLDS = 5
SEED = 2016
THRESHOLDS = tuple(round(0.3 + 0.05 * i, 2) for i in range(14))  # 0.30 … 0.95
# Precision may drop this much below the rules' own (in cross-validation) to buy recall.
PRECISION_MARGIN = 0.05
# From this probability, the classifier's own findings were right this often: "strong".
STRONG_PRECISION = 0.9

Scores = dict[str, dict[str, float]]


def folds(records: Sequence[Record]) -> dict[str, int]:
    """Each record's fold: a seeded shuffle of the sorted ids, dealt round-robin."""
    ids = sorted(r.id for r in records)
    random.Random(SEED).shuffle(ids)
    return {rid: k % FOLDS for k, rid in enumerate(ids)}


def asked(examples: Sequence[Example], statement: Statement) -> np.ndarray[Any, Any]:
    return np.array([e.scorable[statement] for e in examples])


def labels(examples: Sequence[Example], statement: Statement) -> Array:
    return np.array([float(e.truth[statement]) for e in examples])


def out_of_fold(
    x: Binary, examples: Sequence[Example], fold_of: dict[str, int], statement: Statement, l2: float
) -> Array:
    """Each unit's probability from the model trained on the other folds (NaN if not asked)."""
    mask, y = asked(examples, statement), labels(examples, statement)
    fold = np.array([fold_of[e.record] for e in examples])
    probabilities = np.full(len(examples), np.nan)
    for k in range(FOLDS):
        train, test = mask & (fold != k), mask & (fold == k)
        w, b = fit(x.take(train), y[train], l2)
        probabilities[test] = sigmoid(x.take(test).dot(w) + b)
    return probabilities


def scores(
    examples: Sequence[Example],
    records: Sequence[Record],
    statement: Statement,
    probabilities: Array,
    threshold: float,
    keep: Callable[[Record], bool] = lambda r: True,
) -> Scores:
    """Record-level precision, recall, F1 for the rules alone and for rules + classifier."""
    learned: set[str] = {
        e.record
        for e, p in zip(examples, probabilities, strict=True)
        if e.candidate(statement) and p >= threshold
    }
    kept = [r for r in records if keep(r)]
    truth = [r.truth[statement] for r in kept]
    return {
        "rules": _prf(truth, [r.rules[statement] for r in kept]),
        "combined": _prf(truth, [r.rules[statement] or r.id in learned for r in kept]),
    }


def is_dev(record: Record) -> bool:
    return record.origin == "dev"


def is_train(record: Record) -> bool:
    return record.origin != "dev"


def _prf(truth: Sequence[bool], said: Sequence[bool]) -> dict[str, float]:
    pairs = list(zip(truth, said, strict=True))
    tp = sum(1 for t, s in pairs if t and s)
    fp = sum(1 for t, s in pairs if s and not t)
    fn = sum(1 for t, s in pairs if t and not s)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "records": len(pairs),
    }


def choose(
    examples: Sequence[Example],
    records: Sequence[Record],
    statement: Statement,
    candidates: dict[float, Array],
) -> dict[str, Any]:
    """The (l2, threshold) with the best CV F1 whose precision stays near the rules' own.

    Precision is held both on all records and on the dev letters alone: dev records are whole
    letters, where one wrong sentence among many makes a wrong answer. F1 is averaged with the
    neighbouring thresholds, so that a lucky point on a flat curve is not what gets chosen; ties
    go to the higher threshold, then to the stronger regularisation.
    """
    best: tuple[float, float, float] | None = None
    for l2, probabilities in candidates.items():
        f1 = {}
        for threshold in THRESHOLDS:
            every = scores(examples, records, statement, probabilities, threshold)
            dev = scores(examples, records, statement, probabilities, threshold, is_dev)
            held = all(
                s["combined"]["precision"] >= s["rules"]["precision"] - PRECISION_MARGIN
                for s in (every, dev)
            )
            f1[threshold] = (every["combined"]["f1"], held)
        for k, threshold in enumerate(THRESHOLDS):
            if not f1[threshold][1]:
                continue
            near = [f1[t][0] for t in THRESHOLDS[max(0, k - 1) : k + 2]]
            key = (round(sum(near) / len(near), 4), threshold, l2)
            if best is None or key > best:
                best = key
    _, threshold, l2 = best or (0.0, 1.0, max(candidates))
    probabilities = candidates[l2]
    return {
        "l2": l2,
        "threshold": threshold,
        "strong": strong_threshold(examples, statement, probabilities, threshold),
        "all": scores(examples, records, statement, probabilities, threshold),
        "dev": scores(examples, records, statement, probabilities, threshold, is_dev),
        "train": scores(examples, records, statement, probabilities, threshold, is_train),
    }


def strong_threshold(
    examples: Sequence[Example], statement: Statement, probabilities: Array, threshold: float
) -> float:
    """The lowest probability from which the classifier's own findings were 90 % right."""
    for candidate in [t for t in THRESHOLDS if t >= threshold]:
        hits = [
            e.truth[statement]
            for e, p in zip(examples, probabilities, strict=True)
            if e.candidate(statement) and p >= candidate
        ]
        if not hits or sum(hits) / len(hits) >= STRONG_PRECISION:
            return candidate
    return 0.99
