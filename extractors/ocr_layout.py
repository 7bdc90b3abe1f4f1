"""Layout of a scanned page from Tesseract's word boxes: lines as printed, and ruled tables.

Tesseract reads a two-column table (label | answer) column by column, one block each, which
puts every answer far from its label. A PDF with a text layer does not have that problem:
pdfplumber reads it line by line and finds its ruled tables. This module gives a scan the same
two things, so that a bulletin reads alike whether it was sent as a PDF or printed and scanned:
visual lines rebuilt from the word boxes, and tables rebuilt from the ruling lines drawn on the
image, each word put in the cell it sits in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class OcrWord:
    """One word Tesseract read, its box in pixels of the straightened image."""

    text: str
    conf: float
    box: tuple[int, int, int, int]  # left, top, right, bottom
    line: tuple[int, int, int]  # block, paragraph, line


# --- lines ---------------------------------------------------------------------------------


@dataclass
class _Line:
    """Words on one visual line, with the line's vertical extent in pixels."""

    words: list[OcrWord]
    top: int
    bottom: int

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.box[0]))

    def shares_baseline(self, other: _Line) -> bool:
        """The middle of the shorter line lies within the taller one."""
        short, tall = sorted((self, other), key=lambda line: line.bottom - line.top)
        middle = (short.top + short.bottom) / 2
        return tall.top <= middle <= tall.bottom


def page_text(words: list[OcrWord]) -> str:
    """The page as a text layer gives it: visual lines top down, words left to right.

    A gap taller than a line between two visual lines becomes a blank line, so paragraphs
    stay visible.
    """
    lines = visual_lines(words)
    if not lines:
        return ""
    height = sorted(line.bottom - line.top for line in lines)[len(lines) // 2]
    out = [lines[0].text]
    for previous, line in zip(lines, lines[1:], strict=False):
        out.append("\n\n" if line.top - previous.bottom > height else "\n")
        out.append(line.text)
    return "".join(out)


def visual_lines(words: list[OcrWord]) -> list[_Line]:
    """Tesseract's lines, merged when they sit side by side on the page, ordered top down."""
    pieces: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        pieces.setdefault(word.line, []).append(word)
    lines = sorted(
        (
            _Line(list(group), min(w.box[1] for w in group), max(w.box[3] for w in group))
            for group in pieces.values()
        ),
        key=lambda line: (line.top + line.bottom) / 2,
    )
    merged: list[_Line] = []
    for line in lines:
        partner = next((m for m in reversed(merged[-4:]) if m.shares_baseline(line)), None)
        if partner is None or _overlap_horizontally(partner, line):
            merged.append(line)
            continue
        partner.words.extend(line.words)
        partner.top, partner.bottom = min(partner.top, line.top), max(partner.bottom, line.bottom)
    return sorted(merged, key=lambda line: line.top)


def _overlap_horizontally(a: _Line, b: _Line) -> bool:
    """Two lines over the same columns are two lines, however close (a tight table row)."""
    a0, a1 = min(w.box[0] for w in a.words), max(w.box[2] for w in a.words)
    b0, b1 = min(w.box[0] for w in b.words), max(w.box[2] for w in b.words)
    return a0 < b1 and b0 < a1


# --- ruled tables --------------------------------------------------------------------------

_INK = 150  # grey level under which a pixel is ink
_BLOCK, _CONTRAST = 31, 12  # neighbourhood (pixels) and darkness (grey levels) of local ink
_MIN_CELL = 12  # pixels: smaller holes between rules are gaps in a line, not cells
_SOLID = 0.55  # share of ink around a pixel above which it lies in a filled area (a banner)


@dataclass(frozen=True)
class _Cell:
    label: int
    left: int
    top: int
    right: int
    bottom: int


def ruled_tables(gray: np.ndarray, words: list[OcrWord]) -> list[list[list[str]]]:
    """Tables drawn with rules on the page: rows of cell texts, like pdfplumber's tables.

    Rules are long thin runs of ink, found by morphological opening; a table is a group of
    crossing horizontal and vertical rules; its cells are the holes between them. A word
    belongs to the cell under its centre. A table nested in a cell, its rules apart from the
    outer ones, is a table of its own and its words are also in the outer cell, as a DOCX
    reader gives them.
    """
    import cv2  # only scans need it; keeps a poll that finds nothing new quick to start

    # Ink against the local background, so a rule in the dim corner of a phone photo counts.
    local = cv2.adaptiveThreshold(
        gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, _BLOCK, _CONTRAST
    )
    ink = np.maximum(local, (gray < _INK).astype(np.uint8))
    height, width = ink.shape
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(40, width // 25)), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(30, height // 60), 1), np.uint8))
    rules = _without_fills(
        cv2.dilate(np.maximum(horizontal, vertical), np.ones((3, 3), np.uint8)), ink
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    tables = []
    for index in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[index])
        if w < width // 4 or h < height // 30:
            continue
        region = labels[y : y + h, x : x + w] == index
        if not (vertical[y : y + h, x : x + w] & region).any():
            continue  # a lone rule (a signature line, an underline), not a table
        table = _table(region, (x, y), words)
        if table:
            tables.append(table)
    return tables


def _without_fills(rules: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """Rules with every filled area (a dark banner in white letters) reduced to its outline.

    Opening finds a banner's solid runs as rules and leaves each white letter a hole, so every
    letter would be a cell; drawn as its outline, the banner is one cell holding its heading,
    as a Word table's shaded row is.
    """
    import cv2

    density = cv2.blur(ink.astype(np.float32), (_BLOCK, _BLOCK))
    solid = cv2.morphologyEx(
        (density > _SOLID).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((_BLOCK, _BLOCK), np.uint8)
    )
    if not solid.any():
        return rules
    outline = solid - cv2.erode(solid, np.ones((5, 5), np.uint8))
    return np.maximum(rules & (1 - solid), outline)


def _table(
    rules: np.ndarray, origin: tuple[int, int], words: list[OcrWord]
) -> list[list[str]] | None:
    import cv2

    holes = (~rules).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(holes, connectivity=4)
    height, width = holes.shape
    cells: dict[int, _Cell] = {}
    for label in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[label])
        touches_edge = x == 0 or y == 0 or x + w >= width or y + h >= height
        if touches_edge or w < _MIN_CELL or h < _MIN_CELL:
            continue  # outside the table, or a sliver between two close rules
        cells[label] = _Cell(label, x, y, x + w, y + h)
    if len(cells) < 2:
        return None
    inside: dict[int, list[OcrWord]] = {label: [] for label in cells}
    ox, oy = origin
    for word in words:
        cx = (word.box[0] + word.box[2]) // 2 - ox
        cy = (word.box[1] + word.box[3]) // 2 - oy
        if 0 <= cx < width and 0 <= cy < height and int(labels[cy, cx]) in inside:
            inside[int(labels[cy, cx])].append(word)
    if not any(inside.values()):
        return None
    return [
        [page_text(inside[cell.label]).strip() for cell in row]
        for row in _rows(list(cells.values()))
    ]


def _rows(cells: list[_Cell]) -> list[list[_Cell]]:
    """Cells grouped into rows, each row left to right: a cell joins a row when most of its
    height lies beside the row's first cell (a photo's rules are not quite level)."""
    rows: list[list[_Cell]] = []
    for cell in sorted(cells, key=lambda c: (c.top, c.left)):
        if rows and _side_by_side(rows[-1][0], cell):
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return [sorted(row, key=lambda c: c.left) for row in rows]


def _side_by_side(a: _Cell, b: _Cell) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)
