"""Lines of a scanned page as printed, rebuilt from Tesseract's word boxes.

Tesseract reads a two-column table (label | answer) column by column, one block each, which
puts every answer far from its label. A PDF with a text layer does not have that problem:
pdfplumber reads it line by line. This module gives a scan the same visual lines, so that a
bulletin reads alike whether it was sent as a PDF or printed and scanned; its tables are
rebuilt from the rules on the image by ``ocr_tables``.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.contact_services import heading_service
from extractors.page_columns import find_columns
from extractors.word_lines import WordLine
from schemas import Word


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
    lines = _cards_apart(columns_apart(visual_lines(words)))
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


def columns_apart(lines: list[_Line]) -> list[_Line]:
    """A page in two columns, each with its own rubrics (``page_columns``), as the left
    column's lines then the right one's; any other page as it is."""
    columns = find_columns([word_line(line) for line in lines])
    if columns is None:
        return lines
    block = lines[columns.first : columns.last + 1]
    halves = [
        _Line(kept, line.top, line.bottom)
        for left_side in (True, False)
        for line in block
        if (kept := [w for w in line.words if (w.box[2] <= columns.gutter) == left_side])
    ]
    return lines[: columns.first] + halves + lines[columns.last + 1 :]


def word_lines_of(words: list[OcrWord]) -> list[WordLine]:
    """The page's visual lines as ``WordLine`` s, for the layout readers shared with text PDFs
    (``page_columns``, ``margin_labels``); boxes stay in pixels of the straightened page."""
    return [word_line(line) for line in visual_lines(words)]


def word_line(line: _Line) -> WordLine:
    boxes = (
        Word(text=w.text, x0=w.box[0], top=w.box[1], x1=w.box[2], bottom=w.box[3])
        for w in line.words
    )
    return WordLine(sorted(boxes, key=lambda w: w.x0))


def _overlap_horizontally(a: _Line, b: _Line) -> bool:
    """Two lines over the same columns are two lines, however close (a tight table row)."""
    a0, a1 = min(w.box[0] for w in a.words), max(w.box[2] for w in a.words)
    b0, b1 = min(w.box[0] for w in b.words), max(w.box[2] for w in b.words)
    return a0 < b1 and b0 < a1


# Two contact cards side by side under their services' headings.
_CARD_LINES = 12


def _cards_apart(lines: list[_Line]) -> list[_Line]:
    """Two cards set side by side (« Contact politique de la ville | Contact développement
    économique », then each person's lines) read one after the other, not line across line.

    A label | answer table is the reason lines are merged across columns; cards are told apart
    by their first line, each half of which names a service.
    """
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        gutter = _heading_gutter(lines[i])
        if gutter is None and i + 1 < len(lines):
            gutter = _stepped_headings(lines[i], lines[i + 1])
        if gutter is None:
            out.append(lines[i])
            i += 1
            continue
        end = i + 1
        while end < min(len(lines), i + _CARD_LINES) and _in_cards(
            lines[end], lines[end - 1], gutter
        ):
            end += 1
        block = lines[i:end]
        for left_side in (True, False):
            for line in block:
                kept = [w for w in line.words if (w.box[2] <= gutter) == left_side]
                if kept:
                    out.append(_Line(kept, line.top, line.bottom))
        i = end
    return out


def _stepped_headings(left: _Line, right: _Line) -> int | None:
    """The two headings read as two lines, the right one set a little lower."""
    if not _two_services(left.text, right.text):
        return None
    start = min(w.box[0] for w in right.words)
    if start - max(w.box[2] for w in left.words) < 2 * (left.bottom - left.top):
        return None
    return start - (right.bottom - right.top)


def _in_cards(line: _Line, above: _Line, gutter: int) -> bool:
    """No word across the gutter, and no paragraph gap above: the cards go on."""
    height = above.bottom - above.top
    crosses = any(w.box[0] < gutter < w.box[2] for w in line.words)
    return not crosses and line.top - above.bottom <= height


def _heading_gutter(line: _Line) -> int | None:
    """Where a line naming a service at each end splits: at its widest gap, wider than two
    line heights (a gutter, not a space)."""
    words = sorted(line.words, key=lambda w: w.box[0])
    gaps = [
        (b.box[0] - a.box[2], k) for k, (a, b) in enumerate(zip(words, words[1:], strict=False), 1)
    ]
    if not gaps:
        return None
    width, at = max(gaps)
    if width < 2 * (line.bottom - line.top):
        return None
    texts = [" ".join(w.text for w in part) for part in (words[:at], words[at:])]
    if not _two_services(*texts):
        return None
    return words[at].box[0] - (line.bottom - line.top)  # the cards' left edges wander a little


def _two_services(left: str, right: str) -> bool:
    """Each text is the heading of a service section, and they are not the same service."""
    services = heading_service(left), heading_service(right)
    return None not in services and services[0] != services[1]
