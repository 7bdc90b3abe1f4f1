"""Tables of a scanned page, rebuilt from the rules drawn on the image.

Two kinds. A ruled table is a grid of crossing rules; its cells are the holes between them. A
fillable PDF printed and scanned has no grid but a box per answer, its label printed to the
left and its column heads above: rows of such boxes make a table too. Both come back as rows
of cell texts, like pdfplumber's tables, so a scanned form reads like the same form with a text
layer. The rules of both are erased before Tesseract reads the page; left in, a box's side is
read as « [ » glued to the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from extractors.ocr_layout import OcrWord, page_text, visual_lines

_INK = 150  # grey level under which a pixel is ink
_BLOCK, _CONTRAST = 31, 12  # neighbourhood (pixels) and darkness (grey levels) of local ink
_MIN_CELL = 12  # pixels: smaller holes between rules are gaps in a line, not cells
_SOLID = 0.55  # share of ink around a pixel above which it lies in a filled area (a banner)
_BOX_SIDE_INCHES = 0.1  # shortest side of a field box that still counts as a rule
_BOX_HEIGHT_INCHES = (0.1, 1.2)  # a field box holds one to a few lines
_ABOVE = 3.5  # box heights above a row where its labels and a section heading are printed
_LIGHT = 150  # mean grey level of a box's inside: lighter is a field, darker a banner


@dataclass(frozen=True)
class Rect:
    left: int
    top: int
    right: int
    bottom: int

    def holds(self, word: OcrWord) -> bool:
        """The word's centre lies inside."""
        x, y = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
        return self.left <= x < self.right and self.top <= y < self.bottom


@dataclass(frozen=True)
class _Grid:
    region: np.ndarray  # the table's rule pixels within its bounding box
    origin: tuple[int, int]


@dataclass(frozen=True)
class _Box:
    outer: Rect
    inner: Rect  # the hole inside the frame, where the answer is


@dataclass
class Rules:
    """The rules found on a page: ruled tables, form-field boxes and all their pixels."""

    mask: np.ndarray
    dpi: float
    grids: list[_Grid] = field(default_factory=list)
    boxes: list[_Box] = field(default_factory=list)


def find_rules(gray: np.ndarray, dpi: float) -> Rules:
    """Ruled tables and field boxes of a page image (8-bit grey, white paper)."""
    import cv2  # only scans need it; keeps a poll that finds nothing new quick to start

    # Ink against the local background, so a rule in the dim corner of a phone photo counts.
    local = cv2.adaptiveThreshold(
        gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, _BLOCK, _CONTRAST
    )
    ink = np.maximum(local, (gray < _INK).astype(np.uint8))
    height, width = ink.shape
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(40, width // 25)), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(30, height // 60), 1), np.uint8))
    rules = Rules(mask=np.zeros_like(ink), dpi=dpi)
    _find_grids(_rule_pixels(horizontal, vertical, ink), vertical, rules)
    side = max(15, round(dpi * _BOX_SIDE_INCHES))
    short = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((side, 1), np.uint8))
    _find_boxes(_rule_pixels(horizontal, short, ink), gray, dpi, rules)
    return rules


def erase_rules(gray: Image.Image, rules: Rules) -> Image.Image:
    """The page with the rules of its tables and boxes painted white, for Tesseract."""
    if not rules.mask.any():
        return gray
    array = np.asarray(gray).copy()
    array[rules.mask > 0] = 255
    return Image.fromarray(array, mode="L")


def page_tables(rules: Rules, words: list[OcrWord]) -> list[list[list[str]]]:
    """Rows of cell texts of every ruled table, then of every block of field boxes.

    A one-column table whose rows have their labels printed outside, to its left, or that
    stands beside another such column, is boxes touching each other, and a one-cell table a
    few lines high is a box: their cells join the field boxes, so each answer meets its label
    and its neighbours.
    """
    grids = [(grid, _grid_cells(grid)) for grid in rules.grids]
    columns = [cells for _grid, cells in grids if _one_column(cells)]
    boxes = list(rules.boxes)
    tables = []
    for grid, cells in grids:
        if _one_column(cells) and (
            _labelled_left(cells, words)
            or any(_beside(cells, other) for other in columns)
            or (len(cells) == 1 and _box_high(next(iter(cells.values())), rules.dpi))
        ):
            boxes.extend(_Box(cell, cell) for cell in cells.values())
        elif table := _grid_table(grid, cells, words):
            tables.append(table)
    return tables + _box_tables(boxes, words)


def _rule_pixels(horizontal: np.ndarray, vertical: np.ndarray, ink: np.ndarray) -> np.ndarray:
    import cv2

    return _without_fills(
        cv2.dilate(np.maximum(horizontal, vertical), np.ones((3, 3), np.uint8)), ink
    )


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


# --- ruled tables --------------------------------------------------------------------------


def _find_grids(pixels: np.ndarray, vertical: np.ndarray, rules: Rules) -> None:
    """Groups of crossing rules, wide and tall enough to be a table, not a lone rule."""
    import cv2

    height, width = pixels.shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(pixels, connectivity=8)
    for index in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[index])
        if w < width // 4 or h < height // 30:
            continue
        region = labels[y : y + h, x : x + w] == index
        if not (vertical[y : y + h, x : x + w] & region).any():
            continue  # a lone rule (a signature line, an underline), not a table
        rules.grids.append(_Grid(region, (x, y)))
        rules.mask[y : y + h, x : x + w] |= region.astype(np.uint8)


def _grid_cells(grid: _Grid) -> dict[int, Rect]:
    """The holes between the rules (the cells), in page pixels."""
    _labels, cells = _holes(grid)
    return cells


def _holes(grid: _Grid) -> tuple[np.ndarray, dict[int, Rect]]:
    import cv2

    holes = (~grid.region).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(holes, connectivity=4)
    height, width = holes.shape
    ox, oy = grid.origin
    cells: dict[int, Rect] = {}
    for label in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[label])
        touches_edge = x == 0 or y == 0 or x + w >= width or y + h >= height
        if touches_edge or w < _MIN_CELL or h < _MIN_CELL:
            continue  # outside the table, or a sliver between two close rules
        cells[label] = Rect(ox + x, oy + y, ox + x + w, oy + y + h)
    return labels, cells


def _grid_table(
    grid: _Grid, cells: dict[int, Rect], words: list[OcrWord]
) -> list[list[str]] | None:
    """A table nested in a cell, its rules apart from the outer ones, is a table of its own
    and its words are also in the outer cell, as a DOCX reader gives them."""
    if len(cells) < 2:
        return None
    labels, _cells = _holes(grid)
    height, width = labels.shape
    inside: dict[int, list[OcrWord]] = {label: [] for label in cells}
    ox, oy = grid.origin
    for word in words:
        cx = (word.box[0] + word.box[2]) // 2 - ox
        cy = (word.box[1] + word.box[3]) // 2 - oy
        if 0 <= cx < width and 0 <= cy < height and int(labels[cy, cx]) in inside:
            inside[int(labels[cy, cx])].append(word)
    if not any(inside.values()):
        return None
    return [[page_text(inside[label]).strip() for label in row] for row in _rows(cells)]


def _box_high(cell: Rect, dpi: float) -> bool:
    low, high = (dpi * inches for inches in _BOX_HEIGHT_INCHES)
    return low <= cell.bottom - cell.top <= high


def _one_column(cells: dict[int, Rect]) -> bool:
    return len(cells) >= 1 and all(len(row) == 1 for row in _rows(cells))


def _labelled_left(cells: dict[int, Rect], words: list[OcrWord]) -> bool:
    """Some row has text printed left of the table, level with its cell."""
    left = min(cell.left for cell in cells.values())
    return any(
        Rect(0, cell.top, left, cell.bottom).holds(word)
        for cell in cells.values()
        for word in words
    )


def _beside(cells: dict[int, Rect], other: dict[int, Rect]) -> bool:
    """Another one-column table level with this one, to its left or right."""
    if other is cells:
        return False
    a = Rect(*_bounds(cells))
    b = Rect(*_bounds(other))
    apart = a.right <= b.left or b.right <= a.left
    return apart and _side_by_side(a, b)


def _bounds(cells: dict[int, Rect]) -> tuple[int, int, int, int]:
    rects = cells.values()
    return (
        min(r.left for r in rects),
        min(r.top for r in rects),
        max(r.right for r in rects),
        max(r.bottom for r in rects),
    )


def _rows(cells: dict[int, Rect]) -> list[list[int]]:
    """Cells grouped into rows, each row left to right: a cell joins a row when most of its
    height lies beside the row's first cell (a photo's rules are not quite level)."""
    rows: list[list[int]] = []
    for label, rect in sorted(cells.items(), key=lambda item: (item[1].top, item[1].left)):
        if rows and _side_by_side(cells[rows[-1][0]], rect):
            rows[-1].append(label)
        else:
            rows.append([label])
    return [sorted(row, key=lambda label: cells[label].left) for row in rows]


def _side_by_side(a: Rect, b: Rect) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)


# --- field boxes ---------------------------------------------------------------------------


def _find_boxes(pixels: np.ndarray, gray: np.ndarray, dpi: float, rules: Rules) -> None:
    """Closed light rectangles one to a few lines high, outside the ruled tables."""
    import cv2

    width = pixels.shape[1]
    low, high = (dpi * inches for inches in _BOX_HEIGHT_INCHES)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(pixels, connectivity=8)
    for index in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[index])
        if w < width // 10 or not low <= h <= high:
            continue
        region = labels[y : y + h, x : x + w] == index
        if (rules.mask[y : y + h, x : x + w] & region).sum() > region.sum() // 2:
            continue  # a ruled table's frame, seen again
        inner = _inside(region)
        if inner is None:
            continue
        hole = gray[y + inner.top : y + inner.bottom, x + inner.left : x + inner.right]
        if float(hole.mean()) < _LIGHT:
            continue  # a banner's outline, not a field
        rules.boxes.append(
            _Box(
                Rect(x, y, x + w, y + h),
                Rect(x + inner.left, y + inner.top, x + inner.right, y + inner.bottom),
            )
        )
        rules.mask[y : y + h, x : x + w] |= region.astype(np.uint8)


def _inside(region: np.ndarray) -> Rect | None:
    """The one hole a closed frame encloses, when it fills most of the frame."""
    import cv2

    holes = (~region).astype(np.uint8)
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(holes, connectivity=4)
    height, width = region.shape
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        touches_edge = x == 0 or y == 0 or x + w >= width or y + h >= height
        if not touches_edge and area >= 0.6 * width * height:
            return Rect(x, y, x + w, y + h)
    return None


def _box_tables(boxes: list[_Box], words: list[OcrWord]) -> list[list[list[str]]]:
    """Blocks of aligned box rows as tables.

    Where labels are printed left of the rows, a row is its label and its boxes' answers,
    and heads printed above the columns make a first row. Where each box has its label
    printed above it, a row is label | answer pairs, after the heading printed over the
    block (« Service Politique de la ville »), as a pair grid of a text PDF reads.
    """
    free = [w for w in words if not any(box.outer.holds(w) for box in boxes)]
    tables = []
    for left_labels, block in _blocks(_box_rows(boxes), free):
        table = (
            _left_labelled(block, words, free) if left_labels else _top_labelled(block, words, free)
        )
        if len(table) > 1 or (table and table[0][0]):
            tables.append(table)
    return tables


def _left_labelled(
    block: list[list[_Box]], words: list[OcrWord], free: list[OcrWord]
) -> list[list[str]]:
    table: list[list[str]] = []
    heads = _heads(block[0], free) if len(block[0]) > 1 else []
    if any(heads):
        table.append(["", *heads])
    for row in block:
        table.append([_left_label(row, free), *(_answer(box, words) for box in row)])
    return table


def _top_labelled(
    block: list[list[_Box]], words: list[OcrWord], free: list[OcrWord]
) -> list[list[str]]:
    """Each row: the label line printed over it cut at its boxes, paired with the answers;
    a line printed before the labels (a section heading) is a row of its own."""
    table: list[list[str]] = []
    height = block[0][0].outer.bottom - block[0][0].outer.top
    floor = block[0][0].outer.top - int(_ABOVE * height)
    for row in block:
        top = row[0].outer.top
        band = Rect(row[0].outer.left - height, floor, row[-1].outer.right, top)
        lines = visual_lines([w for w in free if band.holds(w)])
        labels = lines.pop() if lines else None
        table += [[page_text(line.words).strip()] for line in lines]
        cells = []
        for box in row:
            column = Rect(box.outer.left, floor, box.outer.right, top)
            label = [w for w in labels.words if column.holds(w)] if labels else []
            cells += [page_text(label).strip(), _answer(box, words)]
        table.append(cells)
        floor = max(box.outer.bottom for box in row)
    return table


def _answer(box: _Box, words: list[OcrWord]) -> str:
    return page_text([w for w in words if box.inner.holds(w)]).strip()


def _left_label(row: list[_Box], free: list[OcrWord]) -> str:
    band = Rect(0, row[0].outer.top, row[0].outer.left, row[0].outer.bottom)
    return page_text([w for w in free if band.holds(w)]).strip()


def _box_rows(boxes: list[_Box]) -> list[list[_Box]]:
    rows: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (b.outer.top, b.outer.left)):
        if rows and _side_by_side(rows[-1][0].outer, box.outer):
            rows[-1].append(box)
        else:
            rows.append([box])
    return [sorted(row, key=lambda b: b.outer.left) for row in rows]


def _blocks(rows: list[list[_Box]], free: list[OcrWord]) -> list[tuple[bool, list[list[_Box]]]]:
    """Consecutive rows of one form block, with where their labels are (left or above).

    Rows labelled on the left belong together when they have as many boxes in the same
    columns, close under each other; rows labelled above, when they start at the same left
    edge with no more than a label line between them.
    """
    blocks: list[tuple[bool, list[list[_Box]]]] = []
    for row in rows:
        left_labels = bool(_left_label(row, free))
        if (
            blocks
            and blocks[-1][0] == left_labels
            and _continues(blocks[-1][1][-1], row, left_labels)
        ):
            blocks[-1][1].append(row)
        else:
            blocks.append((left_labels, [row]))
    return blocks


def _continues(above: list[_Box], row: list[_Box], left_labels: bool) -> bool:
    height = above[0].outer.bottom - above[0].outer.top
    gap = row[0].outer.top - above[0].outer.bottom
    if not left_labels:
        return gap <= _ABOVE * height and abs(above[0].outer.left - row[0].outer.left) <= height
    if len(above) != len(row) or gap > 1.5 * height:
        return False
    return all(abs(a.outer.left - b.outer.left) <= height for a, b in zip(above, row, strict=True))


def _heads(first: list[_Box], words: list[OcrWord]) -> list[str]:
    """The line printed just above the first row, cut at the boxes: the columns' heads."""
    height = first[0].outer.bottom - first[0].outer.top
    band = Rect(first[0].outer.left, int(first[0].outer.top - 1.5 * height),
                first[-1].outer.right, first[0].outer.top)  # fmt: skip
    lines = visual_lines([w for w in words if band.holds(w)])
    if not lines:
        return []
    heads = []
    for box in first:
        column = Rect(box.outer.left, band.top, box.outer.right, band.bottom)
        heads.append(page_text([w for w in lines[-1].words if column.holds(w)]).strip())
    return heads
