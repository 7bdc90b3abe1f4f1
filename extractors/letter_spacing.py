"""Headings set in spaced capitals (« P R O J E T », « D I F F I C U L T É S  E T … ») made
words again.

A designer's letter-spacing leaves every letter a word of its own in the text layer, so no
label matches « D I F F I C U L T É S E T Q U E S T I O N S ». The letters' positions still
show the words: the white between two words is wider than the white between two letters.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.word_lines import WordLine

_MIN_LETTERS = 4  # fewer single letters in a row are initials (« M. J. D. »), not a heading
_WORD_GAP = 1.8  # a gap this many times the narrowest one between the letters ends a word


def close_letter_spacing(text: str, lines: Sequence[WordLine]) -> str:
    """``text`` with each letter-spaced line written as its words."""
    for line in lines:
        letters = [w.text for w in line.words]
        if len(letters) < _MIN_LETTERS or sum(len(t) == 1 for t in letters) < 0.8 * len(letters):
            continue
        gaps = [b.x0 - a.x1 for a, b in zip(line.words, line.words[1:], strict=False)]
        narrow = max(min(gaps), 0.5)
        words = [letters[0]]
        for gap, letter in zip(gaps, letters[1:], strict=True):
            if gap > _WORD_GAP * narrow:
                words.append(letter)
            else:
                words[-1] += letter
        spaced = " ".join(letters)
        if len(words) < len(letters) and spaced in text:
            text = text.replace(spaced, " ".join(words), 1)
    return text
