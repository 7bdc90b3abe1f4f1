"""Folding text for matching: no accents, lower case, no gender or plural markers, single spaces.

Territories lose accents and case, write « Quartier(s) » or « élu·e », and type apostrophes of
every kind. Matching runs on a folded copy that keeps a map back to the original offsets, so a
value found in the folded copy can still be quoted with its exact span in the page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CHAR_MAP = {
    "œ": "oe",
    "æ": "ae",
    "ß": "ss",
    "’": " ",
    "'": " ",
    "‘": " ",
    "`": " ",
    "´": " ",
    "ʼ": " ",
    "_": " ",
    "–": "-",
    "—": "-",
    "‑": "-",
    "−": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\t": " ",
}
# Inclusive and plural markers: "quartier(s)", "élu(e)", "élu·e", "concerné.e.s".
_MARKERS = re.compile(
    r"(?<=[a-z])(?:\((?:e|s|es|x|le|ne|ere|ice|trice)\)|[·•.](?:e|s|es)(?![a-z]))"
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Folded:
    """A folded copy of a string; ``index[i]`` is the original offset of folded char ``i``."""

    text: str
    index: tuple[int, ...]

    def original(self, pos: int) -> int:
        return self.index[min(pos, len(self.index) - 1)]


def _sub(text: str, index: list[int], pattern: re.Pattern[str], repl: str) -> tuple[str, list[int]]:
    out: list[str] = []
    out_index: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(text[last : m.start()])
        out_index.extend(index[last : m.start()])
        out.append(repl)
        out_index.extend([index[m.start()]] * len(repl))
        last = m.end()
    out.append(text[last:])
    out_index.extend(index[last : len(text)])
    out_index.append(index[len(text)])
    return "".join(out), out_index


def fold(text: str) -> Folded:
    """Lower case, no accents, no gender/plural markers, apostrophes and spaces made single."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        mapped = _CHAR_MAP.get(ch)
        if mapped is None:
            decomposed = unicodedata.normalize("NFKD", ch)
            mapped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        chars.append(mapped)
        index.extend([i] * len(mapped))
    folded = "".join(chars)
    index.append(len(text))
    folded, index = _sub(folded, index, _MARKERS, "")
    folded, index = _sub(folded, index, _SPACES, " ")
    return Folded(folded, tuple(index))


def fold_text(text: str) -> str:
    return fold(text).text


def fold_name(name: str) -> str:
    """Fold a form field name: ``TitreProjet``, ``titre_projet``, ``txtTitre.1`` → words."""
    spaced = re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])", " ", name)
    spaced = re.sub(r"[\W\d_]+", " ", spaced)
    return fold_text(spaced).strip()
