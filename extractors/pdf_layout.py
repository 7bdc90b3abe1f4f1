"""Geometry of a PDF page with a text layer, read with pdfplumber: words, lines, tables.

pdfplumber is a hundred times slower than pdfium, so it is only called on the pages where
positions pay: the first pages of a document, where bulletins and letters are. Form answers
are drawn in as if printed in their boxes, so "label then value" reads the same whether the
form was filled on screen or printed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils import extract_text, extract_words

from extractors.letter_spacing import close_letter_spacing
from extractors.margin_labels import margin_tables
from extractors.page_columns import column_text, find_columns
from extractors.pdf_form import RectKey, Widget, rect_key
from extractors.word_lines import word_lines
from schemas import Word

_TOLERANCE = 3
_FIELD_FONT = 9.0  # height given to drawn-in answers, about the size of a form's labels
_LETTER_WIDTH = 0.55  # a letter's mean width, in font heights


@dataclass(frozen=True)
class Layout:
    text: str
    words: list[Word]
    tables: list[list[list[str]]]


def page_layout(page: PlumberPage, widgets: list[Widget]) -> Layout:
    """Text in reading order (lines top to bottom), word boxes and ruled tables of one page."""
    chars = _unique(page.chars) + _answer_chars(page, widgets)
    words = [
        Word(text=w["text"], x0=w["x0"], top=w["top"], x1=w["x1"], bottom=w["bottom"])
        for w in extract_words(chars, x_tolerance=_TOLERANCE, y_tolerance=_TOLERANCE)
    ]
    text = extract_text(chars, x_tolerance=_TOLERANCE, y_tolerance=_TOLERANCE) if chars else ""
    tables = _tables(page, chars)
    lines = word_lines(words)
    text = close_letter_spacing(text, lines)
    if columns := find_columns(lines):
        # Two columns with rubrics of their own: read one after the other; a table the rule
        # between them drew pairs unrelated lines.
        text = column_text(lines, columns)
        tables = [table for table in tables if max(map(len, table), default=0) != 2]
    else:
        tables += margin_tables(lines, tables)
    return Layout(text=text, words=words, tables=tables)


def _unique(chars: list[dict]) -> list[dict]:
    """Drop characters printed twice at the same place (fake bold), cheaply."""
    seen: set[tuple[str, float, float]] = set()
    kept = []
    for char in chars:
        key = (char["text"], round(char["x0"], 1), round(char["top"], 1))
        if key not in seen:
            seen.add(key)
            kept.append(char)
    return kept


def _answer_chars(page: PlumberPage, widgets: list[Widget]) -> list[dict]:
    """Characters for form answers, spread over their widget boxes."""
    by_rect: dict[RectKey, Widget] = {w.rect: w for w in widgets}
    if not by_rect:
        return []
    chars: list[dict] = []
    for annot in page.annots:
        key = rect_key(annot["data"].get("Rect"))
        widget = by_rect.get(key) if key is not None else None
        if widget is not None:
            beside = _label_beside(page.chars, annot)
            inside = _label_inside(page.chars, annot)
            label = beside or inside
            label_end = label.last if label is not None else None
            box = _clear_of(annot, inside, widget)
            top = beside.top if beside else None
            chars.extend(_spread(widget, box, page.initial_doctop, label_end, top))
    return chars


@dataclass(frozen=True)
class _Beside:
    """The label printed left of a form box, within the box's height."""

    top: float
    last: str  # its last character: a label the box clipped ends on no colon


def _label_beside(chars: list[dict], box: dict) -> _Beside | None:
    left = [
        c
        for c in chars
        if c["x1"] <= box["x0"] + 1 and box["top"] <= c["top"] and c["bottom"] <= box["bottom"]
    ]
    if not left:
        return None
    return _Beside(min(c["top"] for c in left), max(left, key=lambda c: c["x1"])["text"])


_NOT_LABEL = set(" .…_·-")  # the dotted or ruled lines an answer is written on


@dataclass(frozen=True)
class _Inside:
    """A label printed inside a form box, at its top left: a box drawn over the whole rubric,
    label and dotted lines (fields named « Texte1 », « Texte2 »… placed by hand)."""

    last: str  # its last character, as for a label beside the box
    bottom: float
    right: float


def _label_inside(chars: list[dict], box: dict) -> _Inside | None:
    inside = [
        c
        for c in chars
        if c["text"] not in _NOT_LABEL
        and box["x0"] - 1 <= c["x0"]
        and c["x1"] <= box["x1"] + 1
        and box["top"] - 1 <= c["top"]
        and c["bottom"] <= box["bottom"] + 1
    ]
    if not inside:
        return None
    top = min(c["top"] for c in inside)
    first_line = [c for c in inside if c["top"] < top + (c["bottom"] - c["top"]) / 2]
    if top - box["top"] > max(c["bottom"] - c["top"] for c in first_line):
        return None  # text lower in the box is something else (a help line, a stamp)
    if min(c["x0"] for c in first_line) - box["x0"] > 0.25 * (box["x1"] - box["x0"]):
        return None
    rightmost = max(first_line, key=lambda c: c["x1"])
    return _Inside(
        last=rightmost["text"],
        bottom=max(c["bottom"] for c in first_line),
        right=rightmost["x1"],
    )


def _clear_of(box: dict, inside: _Inside | None, widget: Widget) -> dict:
    """The part of a box its answer is written in: below a label printed at the top of a
    multi-line box, right of a label printed at the start of a one-line box."""
    if inside is None:
        return box
    if widget.multiline and box["bottom"] - inside.bottom >= _FIELD_FONT:
        return {**box, "top": inside.bottom + 1}
    if box["x1"] - inside.right >= 2 * _FIELD_FONT:
        return {**box, "x0": inside.right + 1}
    return box


def _spread(
    widget: Widget, box: dict, doctop: float, label_end: str | None, beside_top: float | None
) -> list[dict]:
    """The answer's characters in ``box``; ``label_end`` is the last character of its label,
    ``beside_top`` the top of a label printed left of the box."""
    # A space before and after keeps an answer from gluing onto the label beside its box; a
    # colon, when the label has none, keeps a label the box clipped (« Quartiers concern »)
    # from reading as the start of the answer.
    lines = [f" {line} " for line in widget.shown.split("\n")]
    if label_end is not None and label_end not in ":?" and len(widget.shown.strip()) > 1:
        lines[0] = f" :{lines[0]}"
    height = box["bottom"] - box["top"]
    slot = height / len(lines)
    size = min(_FIELD_FONT, slot)
    # One-line answers are centred like their labels; multi-line ones start at the top, or on
    # the line of the label beside the box when the box has room for them from there.
    first = box["top"] + (slot - size) / 2 if not widget.multiline else box["top"] + 1
    if widget.multiline and beside_top is not None:
        room = (box["bottom"] - beside_top) / len(lines)
        if room >= size:
            first, slot = beside_top, room
    chars = []
    for row, line in enumerate(lines):
        if not line.strip():
            continue
        top = first + row * slot
        # Left-aligned at about a letter's width, as a viewer draws it: spread over the whole
        # box, a short answer's words would start anywhere and hide the column they stand in.
        width = min((box["x1"] - box["x0"]) / len(line), size * _LETTER_WIDTH)
        for col, letter in enumerate(line):
            x0 = box["x0"] + col * width
            chars.append(
                {
                    "text": letter,
                    "x0": x0,
                    "x1": x0 + width,
                    "top": top,
                    "bottom": top + size,
                    "doctop": doctop + top,
                    "upright": True,
                    "size": size,
                }
            )
    return chars


_GLUE = 1.0  # points: letters of one word sit closer than this; cell padding is wider
_REACH = 12.0  # points from a border where the letters that may run across it are


def _tables(page: PlumberPage, chars: list[dict]) -> list[list[list[str]]]:
    """Ruled tables, cell text taken from the same characters as the page text."""
    if not (page.rects or page.lines or page.curves):
        return []
    by_y = sorted(chars, key=_centre_y)
    centres = [_centre_y(c) for c in by_y]
    found = []
    for table in page.find_tables():
        rows = []
        for row in table.rows:
            _x0, top, _x1, bottom = row.bbox
            in_row = by_y[bisect_left(centres, top) : bisect_right(centres, bottom)]
            rows.append(
                [_cell_text(in_row, cell) if cell else "" for cell in _spans(row.cells, in_row)]
            )
        if any(any(cell for cell in row) for row in rows):
            found.append(rows)
    return found


def _spans(
    cells: list[tuple[float, float, float, float] | None], chars: list[dict]
) -> list[tuple[float, float, float, float] | None]:
    """Cells with text running across their border joined: a heading row spanning the table
    that pdfplumber cuts at the column rule (« Personnes-c | ontacts »)."""
    out: list[tuple[float, float, float, float] | None] = []
    for cell in cells:
        last = out[-1] if out else None
        if cell and last and _runs_across(last, cell, chars):
            out[-1] = (last[0], min(last[1], cell[1]), cell[2], max(last[3], cell[3]))
        else:
            out.append(cell)
    return out


def _runs_across(
    left: tuple[float, float, float, float],
    right: tuple[float, float, float, float],
    chars: list[dict],
) -> bool:
    """A character (a letter or a space) lies across the border, or a letter on one side
    touches the next letter of its line on the other; a real cell keeps its text inside."""
    border = left[2]
    band = [c for c in chars if max(left[1], right[1]) <= _centre_y(c) <= min(left[3], right[3])]
    if any(c["x0"] < border - _GLUE / 2 and c["x1"] > border + _GLUE / 2 for c in band):
        return True
    near = [c for c in chars if c["text"].strip() and abs(_centre_x(c) - border) < _REACH]
    ends = [c for c in near if _centre_x(c) < border and left[1] <= _centre_y(c) <= left[3]]
    starts = [c for c in near if _centre_x(c) >= border and right[1] <= _centre_y(c) <= right[3]]
    return any(
        abs(b["x0"] - a["x1"]) < _GLUE and abs(_centre_y(a) - _centre_y(b)) < 1
        for a in ends
        for b in starts
    )


def _centre_x(char: dict) -> float:
    return (char["x0"] + char["x1"]) / 2


def _centre_y(char: dict) -> float:
    return (char["top"] + char["bottom"]) / 2


def _cell_text(chars: list[dict], bbox: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = bbox
    inside = [
        c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= _centre_y(c) <= bottom
    ]
    return extract_text(inside, x_tolerance=_TOLERANCE, y_tolerance=_TOLERANCE).strip()
