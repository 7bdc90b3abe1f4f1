"""Tables LibreOffice glued into one paragraph when it read a ``.doc``, given back their rows.

Reading some ``.doc`` files (the last table of a file LibreOffice itself saved, typically),
LibreOffice loses a table: its cells come back as one paragraph (« NomFonctionIsabelle
DucasseAdjointe… »), broken only where a cell held several paragraphs. The file's own
characters still mark each cell's end (``\\x07``, twice at a row's end): the converted lines
are found again among them, and where a run of them crosses cell marks it is rewritten as
the table it was, one row per line, cells tab-separated as the DOCX reader writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.doc_pieces import CELL_END, without_codes

_MARKS = frozenset("\r\x07\x0b\x0c")  # paragraph, cell, line-break and page-break marks
# A row ends with its last cell's mark and its own; a third mark before them is an empty cell.
_ROW_END = re.compile(CELL_END * 2 + f"(?!{CELL_END})")
_MIN_FOUND = 8  # characters: a shorter line is only placed after the line before it
_MAX_TRIES = 20  # occurrences of one line looked at, for one that crosses a cell mark

Table = list[list[str]]
Span = tuple[int, int]  # start and end, in the characters without marks


@dataclass(frozen=True)
class Unglued:
    text: str  # the converted text, each glued table written again row by row
    tables: list[Table]  # the tables found glued


@dataclass(frozen=True)
class _Characters:
    marked: str  # the document's characters with Word's marks
    letters: str  # the same without the marks, as LibreOffice glued them
    where: list[int]  # where each letter stands in ``marked``

    def span(self, found: Span) -> tuple[int, int]:
        return self.where[found[0]], self.where[found[1] - 1] + 1

    def crosses_cell(self, found: Span) -> bool:
        start, end = self.span(found)
        return CELL_END in self.marked[start:end]

    def ends_cell(self, found: Span) -> bool:
        end = self.span(found)[1]
        return self.marked[end : end + 1] == CELL_END


def unglue_tables(converted: str, raw: str) -> Unglued:
    """The converted text with its glued tables rewritten, and those tables."""
    chars = _characters(without_codes(raw))
    lines = converted.split("\n")
    found = _find_lines(lines, chars)
    out: list[str] = []
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        block = _block(index, found, chars)
        if block is None:
            out.append(lines[index])
            index += 1
            continue
        last, start, end = block
        table = _table(chars, start, end)
        if table:
            tables.append(table)
            out.extend("\t".join(row).rstrip("\t") for row in table)
        index = last + 1
    return Unglued("\n".join(out), tables)


def _characters(marked: str) -> _Characters:
    where = [index for index, char in enumerate(marked) if char not in _MARKS]
    return _Characters(marked, "".join(marked[index] for index in where), where)


def _find_lines(lines: list[str], chars: _Characters) -> list[Span | None]:
    """Where each converted line is in the document: right after the line before when it
    follows it there, else at its first occurrence that crosses a cell mark (or its first)."""
    found: list[Span | None] = []
    previous: Span | None = None
    for line in (line.strip() for line in lines):
        here: Span | None = None
        if line and previous is not None and chars.letters.startswith(line, previous[1]):
            here = (previous[1], previous[1] + len(line))
        elif len(line) >= _MIN_FOUND:
            here = _occurrence(line, chars)
        found.append(here)
        previous = here
    return found


def _occurrence(line: str, chars: _Characters) -> Span | None:
    first: Span | None = None
    start = chars.letters.find(line)
    for _ in range(_MAX_TRIES):
        if start < 0:
            break
        span = (start, start + len(line))
        if chars.crosses_cell(span):
            return span
        first = first or span
        start = chars.letters.find(line, start + 1)
    return first


def _block(index: int, found: list[Span | None], chars: _Characters) -> tuple[int, int, int] | None:
    """The glued table starting at line ``index``, if one starts there: its last line and where
    it starts and ends in the marked characters. Its lines follow one another in the document,
    up to the last that crosses or ends a cell."""
    span = found[index]
    if span is None or not chars.crosses_cell(span):
        return None
    last, last_span = index, span
    following = index + 1
    while following < len(found):
        here, before = found[following], found[following - 1]
        if here is None or before is None or here[0] != before[1]:
            break
        if chars.crosses_cell(here) or chars.ends_cell(here):
            last, last_span = following, here
        following += 1
    return last, chars.span(span)[0], chars.span(last_span)[1]


def _table(chars: _Characters, start: int, end: int) -> Table:
    """The rows and cells of ``chars.marked[start:end]``, with the marks that close it."""
    while chars.marked[end : end + 1] == CELL_END:  # the marks closing the last cell and row
        end += 1
    rows = _ROW_END.split(chars.marked[start:end])
    table = [[_cell(cell) for cell in row.split(CELL_END)] for row in rows]
    return [row for row in table if any(row)]


def _cell(text: str) -> str:
    """A cell's paragraphs, one per line."""
    lines = (line.strip() for line in re.split(r"[\r\x0b\x0c]", text))
    return "\n".join(line for line in lines if line)
