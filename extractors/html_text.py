"""HTML mail bodies as plain text that keeps the layout people read.

Paragraphs and ``<br>`` become line breaks, list items get a dash, and a table row becomes one
line with its cells joined by " : " so that a form laid out as a table ("Nom | Dupont") reads
"Nom : Dupont". The walk is iterative, so deeply nested HTML cannot exhaust the stack.
"""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

_MAX_CHARS = 5_000_000
_SKIPPED = {"script", "style", "head", "title", "noscript", "template", "svg", "xml"}
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr"}
_BLOCKS = _PARAGRAPHS | {
    "div", "ul", "ol", "dl", "dt", "dd", "li", "section", "article", "header", "footer",
    "address", "center", "form", "fieldset", "caption", "tr", "nav", "aside", "main", "figure",
}  # fmt: skip
_CELL_SEPARATOR = " : "
IMAGE_MARK = "[image]"  # where a picture stood in the body (a pasted signature, a logo)
_MIN_IMAGE_PIXELS = 40
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Builder:
    """Collects text runs and line-break requests; breaks merge so blocks never stack blanks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0

    def text(self, value: str, *, keep_spaces: bool = False) -> None:
        if not keep_spaces:
            value = _SPACES.sub(" ", value)
        if not value:
            return
        if self.pending and value.strip():
            self.parts.append("\n" * self.pending)
            self.pending = 0
            value = value.lstrip(" ")
        self.parts.append(value)

    def line_break(self, count: int = 1) -> None:
        if self.parts:
            self.pending = max(self.pending, count)

    def hard_break(self) -> None:
        self.parts.append("\n")

    def result(self) -> str:
        return "".join(self.parts)


class _Walker:
    def __init__(self) -> None:
        self.stack: list[_Builder] = [_Builder()]
        self.rows: list[list[str]] = []
        self.open_tables: list[list[list[str]]] = []
        self.tables: list[list[list[str]]] = []
        self.lists: list[list[int]] = []  # per list: [ordered flag, next number]
        self.skipping = 0
        self.pre = 0

    @property
    def out(self) -> _Builder:
        return self.stack[-1]

    def start(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag in _BLOCKS:
            self.out.line_break(2 if tag in _PARAGRAPHS else 1)
        if tag == "br":
            self.out.hard_break()
        elif tag == "pre":
            self.pre += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag == "table":
            self.open_tables.append([])
        elif tag in ("td", "th"):
            self.stack.append(_Builder())
        elif tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 1])
        elif tag == "li":
            self._bullet()

    def image(self, width: str | None, height: str | None) -> None:
        """A picture as big as a signature (not an icon or a tracking pixel) leaves a marker
        line, so the body reader knows where it stood."""
        if self.skipping or any(_pixels(size) < _MIN_IMAGE_PIXELS for size in (width, height)):
            return
        self.out.line_break()
        self.out.text(IMAGE_MARK, keep_spaces=True)
        self.out.line_break()

    def _bullet(self) -> None:
        if self.lists and self.lists[-1][0]:
            self.out.text(f"{self.lists[-1][1]}. ", keep_spaces=True)
            self.lists[-1][1] += 1
        else:
            self.out.text("- ", keep_spaces=True)

    def end(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag in ("td", "th") and len(self.stack) > 1:
            cell = _tidy(self.stack.pop().result())
            if self.rows:
                self.rows[-1].append(cell)
            else:
                self.out.line_break()
                self.out.text(cell, keep_spaces=True)
        elif tag == "tr" and self.rows:
            cells = self.rows.pop()
            if self.open_tables and any(cells):
                self.open_tables[-1].append(cells)
            self._row(cells)
        elif tag == "table" and self.open_tables:
            rows = self.open_tables.pop()
            if rows:
                self.tables.append(rows)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in _BLOCKS:
            self.out.line_break(2 if tag in _PARAGRAPHS else 1)

    def _row(self, cells: list[str]) -> None:
        cells = [cell for cell in cells if cell]
        if not cells:
            return
        joiner = "\n" if any("\n" in cell for cell in cells) else _CELL_SEPARATOR
        self.out.line_break()
        self.out.text(joiner.join(cells), keep_spaces=True)
        self.out.line_break()

    def data(self, value: str | None) -> None:
        if value and not self.skipping:
            self.out.text(value, keep_spaces=bool(self.pre))

    def result(self) -> str:
        while len(self.stack) > 1:
            cell = self.stack.pop().result()
            self.out.text(cell, keep_spaces=True)
        return _tidy(self.out.result())


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body; broken HTML is read as far as it goes, never raising."""
    return html_document(markup)[0]


def html_document(markup: str) -> tuple[str, list[list[list[str]]]]:
    """The readable text of an HTML body and its tables, as rows of cell texts (a form laid
    out as a table keeps its columns there: labels over their answers, one column per
    service)."""
    markup = markup[:_MAX_CHARS].replace("\x00", "")
    if not markup.strip():
        return "", []
    try:
        parser = lxml_html.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
        )
        root = lxml_html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (etree.LxmlError, ValueError):
        return _stripped(markup), []
    walker = _Walker()
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            walker.start(tag)
            if tag == "img":
                walker.image(element.get("width"), element.get("height"))
            walker.data(element.text if tag else None)
        else:
            walker.end(tag)
            walker.data(element.tail)
    # libxml2 drops what lies past its nesting limit: fall back to removing the tags.
    return walker.result() or _stripped(markup), walker.tables


def _pixels(size: str | None) -> float:
    """An ``<img>`` width or height in pixels; unknown sizes count as big."""
    found = re.match(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", size or "")
    return float(found.group(1)) if found else float("inf")


def _stripped(markup: str) -> str:
    return _tidy(html.unescape(_TAG.sub(" ", markup)))


def _tidy(text: str) -> str:
    """Non-breaking spaces to spaces, lines trimmed, at most one blank line in a row."""
    text = _CONTROL.sub("", text.replace("\xa0", " ").replace("\u202f", " "))
    lines = [" ".join(line.split()) if line.strip() else "" for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
