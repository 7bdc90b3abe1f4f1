"""Answers in tables: the label in one cell, the answer in the next cells or the rows below.

Word and PDF forms, and scans of them, give tables as rows of cell texts; merged cells repeat
their text. The labels are those of a ``LabelSet``, matched as in running text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.contact_grid import CONTACT_LABELS
from extractors.folding import fold_text
from extractors.labels import LabelHit, LabelledValue, LabelSet, Table, clean_value

_WRAPPED_LINES = 6


def _cell_hit(cell: str, labels: LabelSet) -> LabelHit | None:
    """The label of a cell, allowing a label wrapped on up to six lines of a narrow cell
    (« Quartier(s) / prioritaire(s) / de la politique / de la ville / concerné(s) »)."""
    lines = cell.strip().split("\n")
    for k in range(min(_WRAPPED_LINES, len(lines)), 0, -1):
        hit = labels.match(" ".join(line.strip() for line in lines[:k]))
        if hit is not None and (k == 1 or not hit.value):
            rest = "\n".join(lines[k:])
            value = clean_value("\n".join(part for part in (hit.value, rest) if part))
            return hit.model_copy(update={"value": value})
    return None


def table_values(tables: Sequence[Table], labels: LabelSet) -> list[LabelledValue]:
    """Answers in tables: in the label's cell, in the next cells of its row, or in the rows
    below a heading row (merged cells repeat their text, and are read once)."""
    found: list[LabelledValue] = []
    for table in tables:
        for r, row in enumerate(table):
            if (under := _labels_over_row(table, r, labels)) is not None:
                found.extend(under)
                continue
            cells = _unique(row)
            j = 0
            while j < len(cells):
                hit = _cell_hit(cells[j], labels)
                if hit is None:
                    j += 1
                    continue
                rest, used = _row_rest(cells[j + 1 :], labels)
                if rest and _clipped_tail(cells[j], hit.value):
                    hit = hit.model_copy(update={"value": ""})
                below = ""
                if not rest and len([c for c in cells if c.strip()]) == 1:
                    below = _rows_below(table, r, labels)  # a heading row, as wide as the table
                value = "\n".join(part for part in (hit.value, rest, below) if part)
                found.append(LabelledValue(key=hit.key, label=hit.label, value=value))
                j += 1 + used
    return found


def _labels_over_row(table: Table, r: int, labels: LabelSet) -> list[LabelledValue] | None:
    """A header row of labels over a row of answers, column by column (« Titre du projet |
    Quartier(s) » then « Fabrique numérique | Génicart-Est »); None for any other row."""
    if r + 1 >= len(table):
        return None
    row, below = table[r], table[r + 1]
    hits = [_cell_hit(cell, labels) if cell and cell.strip() else None for cell in row]
    filled = [h for cell, h in zip(row, hits, strict=True) if cell and cell.strip()]
    if len(filled) < 2 or not all(h is not None and not h.value for h in filled):
        return None
    if len({h.key for h in filled if h is not None}) < len(filled):
        return None  # a merged heading repeats its one label across the row
    if len(below) != len(row) or any(c and _cell_hit(c, labels) for c in below):
        return None
    return [
        LabelledValue(key=hit.key, label=hit.label, value=clean_value(cell or ""))
        for hit, cell in zip(hits, below, strict=True)
        if hit is not None
    ]


def _clipped_tail(cell: str, value: str) -> bool:
    """The label cell goes on, unseparated, with a few lower-case words while the next cell
    holds the answer: the rest of a label cut by its column (« Description du projet ou de
    l'acti »), not an answer."""
    if not value:
        return False
    head, found, _ = cell.partition(value)
    return (
        bool(found)
        and len(value.split()) <= 3
        and "\n" not in value
        and value[:1].islower()
        and bool(re.search(r"[^\s:：?!.=>|–-]\s+$", head))
    )


def _unique(row: Sequence[str]) -> list[str]:
    cells: list[str] = []
    for cell in row:
        cell = cell or ""
        if cell.strip() and cells and fold_text(cell).strip() == fold_text(cells[-1]).strip():
            continue
        cells.append(cell)
    return cells


def _row_rest(cells: Sequence[str], labels: LabelSet) -> tuple[str, int]:
    """The cells after a label up to the next label, and how many were used."""
    parts: list[str] = []
    used = 0
    for cell in cells:
        if _cell_hit(cell, labels):
            break
        used += 1
        cleaned = clean_value(cell)
        if cleaned and cleaned not in parts:
            parts.append(cleaned)
    return "\n".join(parts), used


def _rows_below(table: Table, r: int, labels: LabelSet) -> str:
    """Rows under a heading row, up to the next labelled row, as "cell : cell" lines."""
    lines: list[str] = []
    for row in table[r + 1 :]:
        cells = [clean_value(c) for c in _unique(row)]
        cells = [c for c in cells if c]
        if any(_cell_hit(c, labels) for c in cells):
            break
        stacked = [_label_over_value(c) for c in cells]
        if cells and all(s is not None for s in stacked):
            # « INTERLOCUTEUR / Guillaume Baylac | EMPLOI OCCUPÉ / Directeur … »: each cell
            # holds its label over its answer
            lines.extend(s for s in stacked if s)
            continue
        if len(cells) >= 4 and len(cells) % 2 == 0:
            # label | value | label | value: one "label : value" line per pair
            lines.extend(f"{_one_line(cells[i])} : {cells[i + 1]}" for i in range(0, len(cells), 2))
        elif len(cells) > 1:
            lines.append(" : ".join([_one_line(cells[0]), *cells[1:]]))
        elif cells:
            lines.append(cells[0])
    return "\n".join(lines)


def _label_over_value(cell: str) -> str | None:
    """« Label : answer » for a cell holding a contact label on its first line and the answer
    below it; None for any other cell."""
    first, _, rest = cell.partition("\n")
    hit = CONTACT_LABELS.match(first)
    if hit is None or hit.value or not rest.strip():
        return None
    return f"{first.strip()} : {' '.join(rest.split())}"


def _one_line(label: str) -> str:
    """A label cell wrapped over lines of a narrow column (« Nom et / prénom »), on one line."""
    return " ".join(label.split())
