"""The French spaCy model, loaded once per process from the installed package, never downloaded."""

from __future__ import annotations

import threading
import time

import spacy
from spacy.language import Language

from pipeline.errors import ConfigError

MODEL = "fr_core_news_sm"
# The named-entity recogniser is not used by the checks; leaving it out saves a third of the time.
EXCLUDED = ("ner",)

_lock = threading.Lock()
_nlp: Language | None = None
_load_seconds: float | None = None


def get_nlp() -> Language:
    """The shared pipeline; the first call loads it (a few seconds), later calls return it."""
    global _nlp, _load_seconds
    with _lock:
        if _nlp is None:
            started = time.perf_counter()
            try:
                _nlp = spacy.load(MODEL, exclude=list(EXCLUDED))
            except OSError as exc:
                raise ConfigError(
                    f"Le modèle français de spaCy « {MODEL} » n'est pas installé. Installez le "
                    "paquet Python fr-core-news-sm 3.8 dans l'environnement (voir pyproject.toml).",
                    detail=str(exc),
                ) from exc
            _load_seconds = time.perf_counter() - started
        return _nlp


def load_seconds() -> float | None:
    """How long the model took to load in this process, None if not loaded yet."""
    return _load_seconds
