"""Lines of a scanned page as printed, rebuilt from Tesseract's word boxes.

Tesseract reads a two-column table (label | answer) column by column, one block each, which
puts every answer far from its label. A PDF with a text layer does not have that problem:
pdfplumber reads it line by line. This module gives a scan the same visual lines, so that a
bulletin reads alike whether it was sent as a PDF or printed and scanned; its tables are
rebuilt from the rules on the image by ``ocr_tables``.
"""

from __future__ import annotations

from dataclasses import dataclass


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
