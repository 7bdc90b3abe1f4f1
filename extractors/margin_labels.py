"""Labels set in a margin column with their answers beside them, without rules.

    PROJET          Couveuse d'activités de services…
    QUARTIER(S)     le Thouars
    PRIORITAIRE(S)
    DESCRIPTIF      Héberger juridiquement des habitants qui…
                    vérifier qu'elle est viable…

A text layer, or Tesseract, reads such a page line by line across both columns: the label is
glued to its answer (« QUARTIER(S) le Thouars ») and its second line to the answer's second
line. The words' positions show the column the answers start in; each label, its lines
joined, and the answer lines beside it make a row of a two-column table, so the table reader
pairs them as it pairs a ruled form's cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from statistics import median

from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.contact_grid import CONTACT_LABELS
from extractors.contact_services import heading_service
from extractors.folding import fold_text
from extractors.word_lines import WordLine

_GUTTER = 1.5  # line heights of white between a label and its answer on the same line
_MIN_ROWS = 3  # lines resuming at the answers' column before it is a column, not chance
_MIN_LABELS = 2  # answered rows whose label is the bulletin's before the table is kept
_ROW_GAP = 0.4  # line heights of white, beyond the rows' line spacing, above a new row


class _Kind(Enum):
    BOTH = "both"  # a label and, after the gutter, its answer
    LABEL = "label"  # a label's line alone (« PRIORITAIRE(S) »)
    ANSWER = "answer"  # an answer's line alone


@dataclass
class _Row:
    label: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    heading: bool = False  # a section heading across both columns: the rows below are its


def margin_tables(
    lines: Sequence[WordLine], ruled: Sequence[Sequence[Sequence[str]]]
) -> list[list[list[str]]]:
    """The page's margin table, as a list of at most one table, without the rows its ruled
    tables already hold (a two-column ruled form is laid out in a margin too)."""
    seen = {tuple(_spaced(cell) for cell in row) for table in ruled for row in table}
    rows = [row for row in margin_table(lines) if tuple(map(_spaced, row)) not in seen]
    return [rows] if _known(rows) >= _MIN_LABELS else []


def _spaced(text: str) -> str:
    return " ".join(text.split())


def margin_table(lines: Sequence[WordLine]) -> list[list[str]]:
    """The page's margin labels and their answers as rows [label, answer]; no rows when the
    page is not laid out so (fewer than two of its labels are the bulletin's). ``lines`` are
    the page's printed lines, top down, each one's words left to right."""
    if len(lines) < _MIN_ROWS:
        return []
    height = median(w.bottom - w.top for line in lines for w in line.words)
    margin = min(line.words[0].x0 for line in lines)
    column = _answer_column(lines, margin, height)
    if column is None:
        return []
    kinds = [_kind(line, margin, column, height) for line in lines]
    spacing = _line_spacing(lines, kinds)
    rows: list[_Row] = []
    previous: WordLine | None = None  # the line above, within the layout
    for line, kind in zip(lines, kinds, strict=True):
        if kind is None and previous is not None and _is_heading(line.text()):
            rows.append(_Row(label=[line.text()], heading=True))  # « Contact - service … »
            previous = line
            continue
        if kind is None or (kind is _Kind.ANSWER and previous is None):
            previous = None  # a line across both columns, or an answer with no label: not here
            continue
        if kind is not _Kind.ANSWER:
            label = line.text(right=column - height)
            gap = line.top - previous.bottom if previous is not None else 0.0
            if previous is None or _opens_row(label, rows[-1], gap > spacing + _ROW_GAP * height):
                rows.append(_Row())
            rows[-1].label.append(label)
        if kind is not _Kind.LABEL:
            rows[-1].answer.append(line.text(left=column - height))
        previous = line
    table = [[" ".join(r.label), "\n".join(r.answer)] for r in rows if r.label]
    return table if _known(table) >= _MIN_LABELS else []


def _known(table: list[list[str]]) -> int:
    """Rows whose label is one of the bulletin's and that hold an answer."""
    return sum(bool(answer) and BULLETIN_LABELS.match(label) is not None for label, answer in table)


def _is_heading(text: str) -> bool:
    """A section heading set across both columns (« Contact - service politique de la ville »,
    « Élu référent »)."""
    hit = BULLETIN_LABELS.match(text)
    return (hit is not None and not hit.value) or heading_service(text) is not None


# A label's line that ends so stops mid-phrase: the next line goes on with it.
_OPEN_END = re.compile(r"(?:\b(?:et|ou|de|du|des|la|le|les|l|a|au|aux|en)|[/,&-])$")


def _opens_row(label: str, row: _Row, spaced: bool) -> bool:
    """Whether a label's line starts a new row rather than going on with the row's label:
    not when the label above stops mid-phrase or this one starts in lower case; yes when it
    is a label by itself (« Fonction » under « Nom »), or after more white than within a row."""
    if row.heading:
        return True
    above = row.label[-1] if row.label else ""
    if _OPEN_END.search(fold_text(above).strip()) or label[:1].islower():
        return False
    if BULLETIN_LABELS.match(label) is not None or CONTACT_LABELS.match(label) is not None:
        return True
    return spaced


def _line_spacing(lines: Sequence[WordLine], kinds: list[_Kind | None]) -> float:
    """The white between two lines of one answer, the spacing of lines within a row."""
    gaps = [
        line.top - above.bottom
        for above, line, kind, kind_above in zip(lines, lines[1:], kinds[1:], kinds, strict=False)
        if kind is _Kind.ANSWER and kind_above is not None
    ]
    return median(gaps) if gaps else 0.0


def _answer_column(lines: Sequence[WordLine], margin: float, height: float) -> float | None:
    """Where the answers start: the place most lines resume at after a gutter, their labels
    starting at the margin."""
    starts = []
    for line in lines:
        at = _gutter(line, height)
        if at is not None and line.words[0].x0 <= margin + 2 * height:
            starts.append(line.words[at].x0)
    best: tuple[int, float] | None = None
    for start in starts:
        near = [s for s in starts if abs(s - start) <= height]
        if best is None or len(near) > best[0]:
            best = (len(near), min(near))
    if best is None or best[0] < _MIN_ROWS:
        return None
    return best[1]


def _gutter(line: WordLine, height: float) -> int | None:
    """The index of the first word after a gap of at least ``_GUTTER`` line heights."""
    for k, (a, b) in enumerate(zip(line.words, line.words[1:], strict=False), 1):
        if b.x0 - a.x1 >= _GUTTER * height:
            return k
    return None


def _kind(line: WordLine, margin: float, column: float, height: float) -> _Kind | None:
    first, last = line.words[0], line.words[-1]
    if first.x0 >= column - height:
        return _Kind.ANSWER
    if first.x0 > margin + 2 * height:
        return None  # indented, yet left of the answers: not this layout
    if last.x1 < column - height:
        return _Kind.LABEL
    at = _gutter(line, height)
    if at is None or abs(line.words[at].x0 - column) > height:
        return None
    return _Kind.BOTH if line.words[at - 1].x1 < column - height else None
