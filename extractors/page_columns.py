"""A page set in two columns, each with its own rubrics, read one column after the other.

A landscape bulletin puts « LE PROJET » on the left and « LES PERSONNES À CONTACTER » on the
right. A text layer, or Tesseract's lines merged across the page, reads it line across line
(« Titre de l'action   Service Politique de la ville »), interleaving two unrelated texts. The
words' positions show a gutter no word crosses; when each side holds labels of its own (a
label | answer form has its labels on one side only), the page is two columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.word_lines import WordLine

_GAP = 1.5  # line heights of white at the gutter, on the lines that have words on both sides
_MIDDLE = (0.3, 0.7)  # where on the page's width a gutter may stand
_MIN_SPLIT = 4  # lines with words on both sides of the gutter
_MIN_LABELS = 2  # labels opening a line, on each side


@dataclass(frozen=True)
class Columns:
    """Where the two columns are: the gutter's x, and the lines (first, last) they span."""

    gutter: float
    first: int
    last: int


def find_columns(lines: Sequence[WordLine]) -> Columns | None:
    """The two columns of a page, or None when it is not set so."""
    words = [w for line in lines for w in line.words]
    if len(lines) < 2 * _MIN_SPLIT or not words:
        return None
    height = median(w.bottom - w.top for w in words)
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    low, high = left + _MIDDLE[0] * (right - left), left + _MIDDLE[1] * (right - left)
    best: Columns | None = None
    best_split = 0
    for x in sorted({x for line in lines for x in _gaps(line, height) if low <= x <= high}):
        found = _region(lines, x, height)
        if found is None or found[2] <= best_split or found[2] < _MIN_SPLIT:
            continue
        # a gutter drawn through a heading that juts out (« _ÉLU RÉFÉRENT » a little left of
        # its column) splits more lines but leaves that column's labels below it out
        columns = Columns(x, found[0], found[1])
        if _labels_on_both_sides(lines, columns):
            best, best_split = columns, found[2]
    return best


def _gaps(line: WordLine, height: float) -> list[float]:
    """Places in each wide gap of the line where a gutter may run: just left of the word after
    it, and a line height further left (a column's left edge wanders a little on a scan)."""
    return [
        x
        for a, b in zip(line.words, line.words[1:], strict=False)
        if b.x0 - a.x1 >= _GAP * height
        for x in (b.x0 - 0.5, max(a.x1 + 0.5, b.x0 - height))
    ]


def _region(lines: Sequence[WordLine], x: float, height: float) -> tuple[int, int, int] | None:
    """The run of lines no word crosses at ``x`` that ``x`` splits most often, and how often:
    words on both sides, those on the right starting at the gutter."""
    best: tuple[int, int, int] | None = None
    start: int | None = None  # the run's first split line: the lines above it are headings
    split = 0
    for index, line in enumerate([*lines, None]):
        crossed = line is None or _runs_across(line, x, height)
        if crossed:
            if start is not None and (best is None or split > best[2]):
                best = (start, index - 1, split)
            start, split = None, 0
            continue
        assert line is not None
        right = [w.x0 for w in line.words if w.x0 >= x]
        if any(w.x1 <= x for w in line.words) and right and min(right) <= x + 2 * height:
            split += 1  # words on both sides, the right ones starting at the column's edge
            start = index if start is None else start
    return best if best is not None and best[1] >= best[0] else None


def _runs_across(line: WordLine, x: float, height: float) -> bool:
    """A word crosses ``x``, or the words either side of it are only a space apart (a line
    running across the page, that happens to break between two words there)."""
    if any(w.x0 < x < w.x1 for w in line.words):
        return True
    left = [w.x1 for w in line.words if w.x1 <= x]
    right = [w.x0 for w in line.words if w.x0 >= x]
    return bool(left and right) and min(right) - max(left) < _GAP * height


def side_lines(lines: Sequence[WordLine], columns: Columns, left_side: bool) -> list[str]:
    """The text of one column's lines, top down."""
    out = []
    for line in lines[columns.first : columns.last + 1]:
        text = line.text(right=columns.gutter) if left_side else line.text(left=columns.gutter)
        if text:
            out.append(text)
    return out


def _labels_on_both_sides(lines: Sequence[WordLine], columns: Columns) -> bool:
    return all(
        sum(_is_label(text) for text in side_lines(lines, columns, side)) >= _MIN_LABELS
        for side in (True, False)
    )


def _is_label(text: str) -> bool:
    """A rubric of the bulletin; a contact detail's label (« tél. ») is not: the answers beside
    a margin of labels hold those."""
    return BULLETIN_LABELS.match(text) is not None


def column_text(lines: Sequence[WordLine], columns: Columns) -> str:
    """The page's text: the lines above the columns, the left column, the right one, then the
    lines below."""
    above = [line.text() for line in lines[: columns.first]]
    below = [line.text() for line in lines[columns.last + 1 :]]
    left, right = side_lines(lines, columns, True), side_lines(lines, columns, False)
    return "\n".join([*above, *left, "", *right, *below])
