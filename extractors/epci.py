"""The agglomerations of Aquitaine that hold priority neighbourhoods, by the names their own
papers use.

A letterhead says « Le Grand Périgueux » or « La Cali », a signature « Président de
l'Agglomération du Libournais »: one EPCI, which must come out under one name for its
documents to be grouped and reported together. The official names are those of the
signatories of the contrats de ville 2015-2020 (Légifrance and the agglomerations' own sites);
the other writings are the short forms their services use on their papers. Written for this
project, not copied from a dataset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.folding import fold, fold_text

# Official name: other writings (matched whole, accents and case aside).
EPCI_NAMES: dict[str, tuple[str, ...]] = {
    "Bordeaux Métropole": ("Métropole bordelaise", "La Métropole de Bordeaux"),
    "Communauté d'agglomération du Libournais": ("La Cali", "Agglomération du Libournais"),
    "Communauté d'agglomération Bergeracoise": ("Agglomération bergeracoise",),
    "Communauté d'agglomération Le Grand Périgueux": ("Le Grand Périgueux", "Grand Périgueux"),
    "Communauté d'agglomération du Grand Dax": ("Le Grand Dax", "Grand Dax"),
    "Le Marsan Agglomération": (
        "Marsan Agglomération",
        "Le Marsan Agglo",
        "Communauté d'agglomération Le Marsan",
        "Agglomération du Marsan",
    ),
    "Communauté d'agglomération Pau-Pyrénées": (
        "Agglomération Pau-Pyrénées",
        "Pau-Pyrénées",
        "Pau Pyrénées",
    ),
    "Agglomération d'Agen": ("Communauté d'agglomération d'Agen", "Agglo d'Agen"),
    "Communauté d'agglomération du Grand Villeneuvois": ("Grand Villeneuvois",),
    "Val de Garonne Agglomération": ("Val de Garonne Agglo",),
    "Communauté d'agglomération Côte Basque-Adour": (
        "Agglomération Côte Basque-Adour",
        "Côte Basque-Adour",
    ),
}


@dataclass(frozen=True)
class EpciMention:
    """Where a text names an agglomeration, and its official name."""

    start: int
    end: int
    name: str


def official_epci(name: str) -> str | None:
    """The official name of the agglomeration ``name`` is a writing of, if it is one."""
    return _by_key().get(_key(name))


def epci_of_place(place: str) -> str | None:
    """The one agglomeration whose official name holds the place ``place`` (« marsan », « pau »),
    as a mail domain gives it: marsan-agglo.fr is Le Marsan Agglomération."""
    words = set(_key(place).split())
    found = {official for official in EPCI_NAMES if words and words <= set(_key(official).split())}
    return found.pop() if len(found) == 1 else None


def epci_mentions(text: str) -> list[EpciMention]:
    """Every writing of an agglomeration's name in ``text``, longest first where they overlap."""
    folded = fold(text)
    found: list[EpciMention] = []
    for match in _pattern().finditer(folded.text):
        name = _by_key()[_key(match.group())]
        found.append(
            EpciMention(folded.original(match.start()), folded.original(match.end()), name)
        )
    return found


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold_text(name)).strip()


@cache
def _by_key() -> dict[str, str]:
    return {
        _key(writing): official
        for official, others in EPCI_NAMES.items()
        for writing in (official, *others)
    }


@cache
def _pattern() -> re.Pattern[str]:
    writings = sorted(_by_key(), key=len, reverse=True)
    alternatives = "|".join(r"[^a-z0-9]+".join(map(re.escape, w.split())) for w in writings)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")
