"""The sentence classifier: one logistic regression per statement over the features of a unit.

Trained by `python -m pipeline.checks.train` from the labelled sentences of fixtures/nlp_eval;
the weights ship as pipeline/data/statement_model.json and are loaded once per process.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.lang.fr.stop_words import STOP_WORDS

from pipeline.checks.cues import fold
from pipeline.checks.finding import Statement
from pipeline.errors import ConfigError

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "statement_model.json"

_STOP = {fold(w) for w in STOP_WORDS}
_lock = threading.Lock()
_model: Model | None = None


@dataclass(frozen=True)
class LabelModel:
    """Weights of one statement, its decision threshold and the probability called "strong"."""

    bias: float
    weights: Mapping[str, float]
    threshold: float
    strong: float

    def probability(self, features: Iterable[str]) -> float:
        weights = self.weights
        score = self.bias + sum(weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def reasons(self, words: Mapping[str, Iterable[str]], count: int = 3) -> list[str]:
        """The words that pushed the decision most, each weighed with its word classes.

        `words` maps a lemma of the unit to its features ("souhaiter" → "w:souhaiter",
        "lex:will"); grammar words and masks are left out, they mean nothing to a reviewer.
        """
        scored = [
            (sum(self.weights.get(f, 0.0) for f in features), word)
            for word, features in words.items()
            if word not in _STOP and not word.startswith("<")
        ]
        return [word for weight, word in sorted(scored, reverse=True)[:count] if weight > 0]


@dataclass(frozen=True)
class Model:
    labels: Mapping[Statement, LabelModel]

    def __getitem__(self, statement: Statement) -> LabelModel:
        return self.labels[statement]


def model_from_dict(data: Mapping[str, Any]) -> Model:
    """The model described by the JSON file's content."""
    labels = {}
    for statement in Statement:
        entry = data["labels"][statement.value]
        labels[statement] = LabelModel(
            bias=float(entry["bias"]),
            weights={str(k): float(v) for k, v in entry["weights"].items()},
            threshold=float(entry["threshold"]),
            strong=float(entry["strong"]),
        )
    return Model(labels=labels)


def load_model(path: str | Path = MODEL_PATH) -> Model:
    """Read a model file; a missing or broken file is a configuration error, said in French."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return model_from_dict(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"Le modèle de phrases « {path} » est absent ou illisible. Le régénérer avec "
            "`python -m pipeline.checks.train` (voir fixtures/nlp_eval/README.md).",
            detail=str(exc),
        ) from exc


def get_model() -> Model:
    """The shipped model, read on first use and shared afterwards."""
    global _model
    with _lock:
        if _model is None:
            _model = load_model()
        return _model
