"""Tables of a scanned page, rebuilt from the rules drawn on the image.

Two kinds. A ruled table is a grid of crossing rules; its cells are the holes between them. A
fillable PDF printed and scanned has no grid but a box per answer (``ocr_boxes``): rows of such
boxes make a table too. Both come back as rows of cell texts, like pdfplumber's tables, so a
scanned form reads like the same form with a text layer. The rules of both are erased before
Tesseract reads the page; left in, a box's side is read as « [ » glued to the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from extractors.ocr_boxes import Box, Rect, box_high, box_tables, find_boxes, side_by_side
from extractors.ocr_layout import OcrWord, page_text

_INK = 150  # grey level under which a pixel is ink
_BLOCK, _CONTRAST = 31, 12  # neighbourhood (pixels) and darkness (grey levels) of local ink
_MIN_CELL = 12  # pixels: smaller holes between rules are gaps in a line, not cells
_SOLID = 0.55  # share of ink around a pixel above which it lies in a filled area (a banner)
_BOX_SIDE_INCHES = 0.1  # shortest side of a field box that still counts as a rule
_FRAME_SHARE = 0.5  # a grid over more of the page than this frames it
_LETTER_INCHES = 0.3  # a blob of ink at most this wide and high may be a letter, not a rule


@dataclass(frozen=True)
class _Grid:
    region: np.ndarray  # the table's rule pixels within its bounding box
    origin: tuple[int, int]


@dataclass
class Rules:
    """The rules found on a page: ruled tables, form-field boxes and all their pixels."""

    mask: np.ndarray
    dpi: float
    grids: list[_Grid] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)


def in_grid(rules: Rules, word: OcrWord) -> bool:
    """Whether the word stands inside one of the page's ruled tables (a frame round most of
    the page, a photo's sheet edge or a border, is not a table)."""
    x, y = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
    page_height, page_width = rules.mask.shape
    for grid in rules.grids:
        left, top = grid.origin
        height, width = grid.region.shape
        if height * width > _FRAME_SHARE * page_height * page_width:
            continue
        if left <= x <= left + width and top <= y <= top + height:
            return True
    return False


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
    rules.boxes = find_boxes(_rule_pixels(horizontal, short, ink), gray, dpi, rules.mask)
    return rules


def erase_rules(gray: Image.Image, rules: Rules) -> Image.Image:
    """The page with the rules of its tables and boxes painted white, for Tesseract.

    The edge of a cell's grey fill counts as a rule, and it may run along the foot of the
    fill's bold letters (« Service Politique de la ville »): a blob of dark ink of a letter's
    size that lies mostly outside the rules is a letter, and keeps its ink.
    """
    import cv2

    if not rules.mask.any():
        return gray
    array = np.asarray(gray).copy()
    dark = (array < _INK).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    ruled = rules.mask > 0
    inside = np.bincount(labels[ruled], minlength=count)
    letter = (inside < 0.5 * stats[:, cv2.CC_STAT_AREA]) & (
        np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
        <= rules.dpi * _LETTER_INCHES
    )
    letter[0] = False  # the paper
    array[ruled & ~letter[labels]] = 255
    return Image.fromarray(array, mode="L")


def page_tables(rules: Rules, words: list[OcrWord]) -> list[list[list[str]]]:
    """Rows of cell texts of every ruled table, then of every block of field boxes.

    A one-column table whose rows have their labels printed outside, to its left, or that
    stands beside another such column, is boxes touching each other, and a one-cell table a
    few lines high is a box: their cells join the field boxes, so each answer meets its label
    and its neighbours.
    """
    grids = [(grid, *_holes(grid)) for grid in rules.grids]
    columns = [cells for _grid, _labels, cells in grids if _one_column(cells)]
    boxes = list(rules.boxes)
    tables = []
    for grid, labels, cells in grids:
        if _one_column(cells) and (
            _labelled_left(cells, words)
            or any(_beside(cells, other) for other in columns)
            or (len(cells) == 1 and box_high(next(iter(cells.values())), rules.dpi))
        ):
            boxes.extend(Box(cell, cell) for cell in cells.values())
        elif table := _grid_table(grid.origin, labels, cells, words):
            tables.append(table)
    return tables + box_tables(boxes, words)


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


def _holes(grid: _Grid) -> tuple[np.ndarray, dict[int, Rect]]:
    """The holes between the rules: a label per pixel, and the cells by label in page pixels."""
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
    origin: tuple[int, int], labels: np.ndarray, cells: dict[int, Rect], words: list[OcrWord]
) -> list[list[str]] | None:
    """A table nested in a cell, its rules apart from the outer ones, is a table of its own
    and its words are also in the outer cell, as a DOCX reader gives them."""
    if len(cells) < 2:
        return None
    height, width = labels.shape
    inside: dict[int, list[OcrWord]] = {label: [] for label in cells}
    ox, oy = origin
    for word in words:
        cx = (word.box[0] + word.box[2]) // 2 - ox
        cy = (word.box[1] + word.box[3]) // 2 - oy
        if 0 <= cx < width and 0 <= cy < height and int(labels[cy, cx]) in inside:
            inside[int(labels[cy, cx])].append(word)
    if not any(inside.values()):
        return None
    return [[page_text(inside[label]).strip() for label in row] for row in _rows(cells)]


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
    return apart and side_by_side(a, b)


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
        if rows and side_by_side(cells[rows[-1][0]], rect):
            rows[-1].append(label)
        else:
            rows.append([label])
    return [sorted(row, key=lambda label: cells[label].left) for row in rows]
