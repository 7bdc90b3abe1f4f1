"""Words with positions grouped into the lines they are printed on.

A text layer or Tesseract gives words with their boxes; layouts set side by side (contact
cards, labels in a margin column) are read from where the words stand on their line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from schemas import Word


@dataclass
class WordLine:
    """The words printed on one line, left to right."""

    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    def text(self, left: float = float("-inf"), right: float = float("inf")) -> str:
        """The line's words whose middle lies between ``left`` and ``right``."""
        inside = [w for w in self.words if left <= (w.x0 + w.x1) / 2 < right]
        return " ".join(w.text for w in inside)


def word_lines(words: Sequence[Word]) -> list[WordLine]:
    """Words grouped into lines, top down: a word joins the line when its middle is within
    half its height of the middle of the line's first word."""
    lines: list[WordLine] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        middle = (word.top + word.bottom) / 2
        if lines:
            first = lines[-1].words[0]
            if abs(middle - (first.top + first.bottom) / 2) <= (word.bottom - word.top) / 2:
                lines[-1].words.append(word)
                continue
        lines.append(WordLine([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines
