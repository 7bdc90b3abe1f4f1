"""Form-field boxes of a scanned page: a fillable PDF printed and scanned.

Such a form has no ruled grid but a frame per answer, its label printed to the left (with the
columns' heads above) or above the frame. Rows of frames make a table, as pdfplumber gives
the same form with a text layer: « label | answer | answer » or « label | answer | label |
answer ». ``ocr_tables`` finds the frames with the other rules and calls this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extractors.ocr_layout import OcrWord, page_text, visual_lines

_BOX_HEIGHT_INCHES = (0.1, 1.2)  # a field box holds one to a few lines
_ABOVE = 3.5  # box heights above a row where its labels and a section heading are printed
_LIGHT = 150  # mean grey level of a box's inside: lighter is a field, darker a banner


@dataclass(frozen=True)
class Rect:
    """A rectangle in pixels of the straightened page."""

    left: int
    top: int
    right: int
    bottom: int

    def holds(self, word: OcrWord) -> bool:
        """The word's centre lies inside."""
        x, y = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
        return self.left <= x < self.right and self.top <= y < self.bottom


@dataclass(frozen=True)
class Box:
    """A form field's frame and the hole inside it."""

    outer: Rect
    inner: Rect  # the hole inside the frame, where the answer is


def side_by_side(a: Rect, b: Rect) -> bool:
    """Most of the shorter one's height lies level with the other."""
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def box_high(cell: Rect, dpi: float) -> bool:
    """As high as a field box: one to a few lines."""
    low, high = (dpi * inches for inches in _BOX_HEIGHT_INCHES)
    return low <= cell.bottom - cell.top <= high


def find_boxes(pixels: np.ndarray, gray: np.ndarray, dpi: float, mask: np.ndarray) -> list[Box]:
    """Closed light rectangles one to a few lines high, outside the rules already in ``mask``
    (the ruled tables); their own pixels are added to it."""
    import cv2

    boxes: list[Box] = []
    width = pixels.shape[1]
    low, high = (dpi * inches for inches in _BOX_HEIGHT_INCHES)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(pixels, connectivity=8)
    for index in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[index])
        if w < width // 10 or not low <= h <= high:
            continue
        region = labels[y : y + h, x : x + w] == index
        if (mask[y : y + h, x : x + w] & region).sum() > region.sum() // 2:
            continue  # a ruled table's frame, seen again
        inner = _inside(region)
        if inner is None:
            continue
        hole = gray[y + inner.top : y + inner.bottom, x + inner.left : x + inner.right]
        if float(hole.mean()) < _LIGHT:
            continue  # a banner's outline, not a field
        boxes.append(
            Box(
                Rect(x, y, x + w, y + h),
                Rect(x + inner.left, y + inner.top, x + inner.right, y + inner.bottom),
            )
        )
        mask[y : y + h, x : x + w] |= region.astype(np.uint8)
    return boxes


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


def box_tables(boxes: list[Box], words: list[OcrWord]) -> list[list[list[str]]]:
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
    block: list[list[Box]], words: list[OcrWord], free: list[OcrWord]
) -> list[list[str]]:
    table: list[list[str]] = []
    heads = _heads(block[0], free) if len(block[0]) > 1 else []
    if any(heads):
        table.append(["", *heads])
    for row in block:
        table.append([_left_label(row, free), *(_answer(box, words) for box in row)])
    return table


def _top_labelled(
    block: list[list[Box]], words: list[OcrWord], free: list[OcrWord]
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


def _answer(box: Box, words: list[OcrWord]) -> str:
    return page_text([w for w in words if box.inner.holds(w)]).strip()


def _left_label(row: list[Box], free: list[OcrWord]) -> str:
    band = Rect(0, row[0].outer.top, row[0].outer.left, row[0].outer.bottom)
    return page_text([w for w in free if band.holds(w)]).strip()


def _box_rows(boxes: list[Box]) -> list[list[Box]]:
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.outer.top, b.outer.left)):
        if rows and side_by_side(rows[-1][0].outer, box.outer):
            rows[-1].append(box)
        else:
            rows.append([box])
    return [sorted(row, key=lambda b: b.outer.left) for row in rows]


def _blocks(rows: list[list[Box]], free: list[OcrWord]) -> list[tuple[bool, list[list[Box]]]]:
    """Consecutive rows of one form block, with where their labels are (left or above).

    Rows labelled on the left belong together when they have as many boxes in the same
    columns, close under each other; rows labelled above, when they start at the same left
    edge with no more than a label line between them.
    """
    blocks: list[tuple[bool, list[list[Box]]]] = []
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


def _continues(above: list[Box], row: list[Box], left_labels: bool) -> bool:
    height = above[0].outer.bottom - above[0].outer.top
    gap = row[0].outer.top - above[0].outer.bottom
    if not left_labels:
        return gap <= _ABOVE * height and abs(above[0].outer.left - row[0].outer.left) <= height
    if len(above) != len(row) or gap > 1.5 * height:
        return False
    return all(abs(a.outer.left - b.outer.left) <= height for a, b in zip(above, row, strict=True))


def _heads(first: list[Box], words: list[OcrWord]) -> list[str]:
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
