"""Cut an analysed page into the units a reviewer reads: sentences, list items, headings, rows.

spaCy's sentences follow punctuation; letters also use line structure (headings, bullets, tables)
and PDF text wraps lines mid-sentence. Units keep character offsets into the page text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span

LIST_MARKER = re.compile(
    r"^\s*(?:[-–—•*▪●◦·→➢►✓]\s*|\d{1,2}\s*[.)°/-]\s+|\(?[a-hA-H]\)\s*|(?:objectif|axe|action)\s+\d+\s*[:.-])",
    re.IGNORECASE,
)
TABLE_SEPARATOR = " | "
# A full stop that ends no sentence: a list number ("1.") or a civility ("M. Dupuy").
_NOT_AN_END = re.compile(r"(?:^|\n)\s*\d{1,2}\.$|\b(?:M|MM|Mme|Mlle|Dr|St|Ste|cf|n°|p|av|bd)\.$")


@dataclass(frozen=True)
class Unit:
    """A piece of page text analysed as one statement."""

    span: Span
    start: int
    end: int
    is_item: bool
    is_table_row: bool
    after_blank: bool
    text: str  # the page text from start to end; kept because `doc.text` is rebuilt on each call

    @cached_property
    def is_heading(self) -> bool:
        """A short line without a conjugated verb ("2. Objectifs", "Nos objectifs :")."""
        words = [t for t in self.span if t.is_alpha]
        finite = any(t.morph.get("VerbForm", []) == ["Fin"] for t in self.span)
        return len(words) <= 8 and not finite and not self.text.rstrip().endswith(".")


def split_units(doc: Doc) -> list[Unit]:
    """Units of a page: spaCy sentences, re-cut along the lines that structure the page."""
    text = doc.text
    cuts = {0, len(text)}
    for sent in doc.sents:
        if _after_full_stop(text, sent.start_char):
            cuts.add(sent.start_char)
    for match in re.finditer(r"\n", text):
        if _line_break_cuts(text, match.start()):
            cuts.add(match.end())
    bounds = sorted(cuts)
    units = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        chunk = text[start:end]
        stripped_start = start + (len(chunk) - len(chunk.lstrip()))
        stripped_end = start + len(chunk.rstrip())
        if stripped_end <= stripped_start:
            continue
        span = doc.char_span(stripped_start, stripped_end, alignment_mode="expand")
        if span is None or not any(t.is_alpha or t.like_num for t in span):
            continue
        line = text[stripped_start:stripped_end]
        units.append(
            Unit(
                span=span,
                start=stripped_start,
                end=stripped_end,
                is_item=bool(LIST_MARKER.match(line)),
                is_table_row=TABLE_SEPARATOR in line,
                after_blank="\n\n" in text[max(0, start - 3) : stripped_start + 1] or start == 0,
                text=line,
            )
        )
    return units


def _after_full_stop(text: str, pos: int) -> bool:
    """Keep spaCy's cut only after a full stop: it also cuts before capitals ("Génicart | Est")."""
    before = text[:pos].rstrip()
    if not before or _inside_table_row(text, pos) or _NOT_AN_END.search(before):
        return False
    return before[-1] in ".!?…" or before.endswith((".»", ". »", ".)"))


def _inside_table_row(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    return TABLE_SEPARATOR in line and pos > line_start


def _line_break_cuts(text: str, pos: int) -> bool:
    """A line break that ends a unit: blank line, list item, table row, heading, end of clause."""
    line_start = text.rfind("\n", 0, pos) + 1
    prev_line = text[line_start:pos].strip()
    next_end = text.find("\n", pos + 1)
    next_line = text[pos + 1 : next_end if next_end != -1 else len(text)].strip()
    if not prev_line or not next_line:
        return True
    if LIST_MARKER.match(next_line) or TABLE_SEPARATOR in next_line or TABLE_SEPARATOR in prev_line:
        return True
    if prev_line[-1] in ".:;!?":
        return True
    # Headings, address and signature lines are short; wrapped PDF lines are long.
    return len(prev_line) < 50 and not next_line[:1].islower()


def table_cells(unit: Unit) -> list[tuple[int, int]]:
    """Character offsets of the cells of a table row ("a | b | c")."""
    cells = []
    pos = unit.start
    for part in unit.text.split(TABLE_SEPARATOR):
        lead = len(part) - len(part.lstrip())
        cells.append((pos + lead, pos + len(part.rstrip())))
        pos += len(part) + len(TABLE_SEPARATOR)
    return cells
