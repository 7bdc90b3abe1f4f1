"""DOCX → one page of text in document order, with form answers, tables and text boxes.

python-docx sees paragraphs and tables but not what candidates type into a form made in Word:
content controls (``w:sdt``, around a paragraph, inside one, or around a table cell), legacy
form fields (``FORMTEXT``, ``FORMCHECKBOX``, ``FORMDROPDOWN``) and text boxes. So the XML is
walked once, in order, with lxml: "label" then "answer" stay side by side in the text, tables
are kept cell by cell, and every named control becomes a ``FormField``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from extractors.docx_package import Package, Unreadable
from extractors.pdf_form import CHECKED, UNCHECKED
from extractors.sniff import DOCM, DOCX, DOTX
from schemas import ExtractedText, FormField, Method, Page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
V = "{urn:schemas-microsoft-com:vml}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

_EMU_PER_INCH = 914_400
_MIN_IMAGE_INCHES = 0.4  # smaller pictures are icons and bullets, not signatures
# Wingdings / Webdings check box glyphs used by w:sym.
_SYMBOLS = {"F0FE": CHECKED, "F078": CHECKED, "F0FD": CHECKED, "F0A8": UNCHECKED, "F06F": UNCHECKED}
# Parts of a run or paragraph that hold no visible text of their own.
_SKIP = {
    W + name
    for name in (
        "pPr", "rPr", "sdtPr", "sdtEndPr", "del", "moveFrom", "instrText", "delText",
        "delInstrText", "commentReference", "footnoteReference", "endnoteReference",
    )
} | {MC + "Fallback"}  # fmt: skip

BROKEN_ERROR = "Fichier Word (DOCX) illisible ou incomplet : demander un nouvel envoi ou un PDF."


class DocxExtractor:
    name: str = "docx"
    media_types: tuple[str, ...] = (DOCX, DOCM, DOTX)

    def available(self) -> bool:
        return True

    def extract(self, data: bytes, filename: str) -> ExtractedText:
        return read_docx(data)


def read_docx(data: bytes) -> ExtractedText:
    """The whole document as page 1: headers, body, notes, footers."""
    try:
        package = Package(data)
        return _read(package)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, Unreadable, RecursionError):
        return ExtractedText(error=BROKEN_ERROR)
    except (OSError, ValueError, EOFError, NotImplementedError):
        return ExtractedText(error=BROKEN_ERROR)


def _read(package: Package) -> ExtractedText:
    main = package.main()
    body = main.find(W + "body")
    if body is None:
        raise Unreadable("no w:body")
    walker = _Walker()
    headers = _unique_texts(walker.part_lines(root) for root in package.related("header"))
    children = list(body)
    lines: list[str] = []
    answers: list[str] = []
    section_end = next((i for i, c in enumerate(children) if c.tag == W + "sectPr"), len(children))
    for index, child in enumerate(children):
        walker.start_block(index)
        if index > section_end and child.tag == W + "sdt":
            answers.append("\n".join(walker.blocks([child])).strip())
        else:
            lines.extend(walker.blocks([child]))
    lines = _answers_under_labels(lines, answers)
    notes_lines: list[str] = []
    for kind in ("footnotes", "endnotes"):
        for root in package.related(kind):
            for note in root:
                if note.get(W + "type") in (None, "normal"):
                    notes_lines.extend(walker.part_lines(note))
    footers = _unique_texts(walker.part_lines(root) for root in package.related("footer"))
    text = "\n".join([*headers, *lines, *notes_lines, *footers])
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip()
    signed = any((block + 1) / max(1, len(children)) > 0.5 for block in walker.image_blocks)
    notes = ["Document Word au format strict (ISO 29500) lu."] if package.strict else []
    return ExtractedText(
        pages=[Page(number=1, text=text, method=Method.DOCX, has_signature_mark=signed)],
        form_fields=walker.fields,
        tables=[t for t in walker.tables if t],
        notes=notes,
    )


def _answers_under_labels(lines: list[str], answers: list[str]) -> list[str]:
    """Put answers back under their labels when a tool wrote the form's controls after the
    section's end (Word shows them at the foot of the page): the n-th control answers the
    n-th label left empty, when the counts agree; else they stay at the end."""
    if not answers:
        return lines
    empty = [i for i, line in enumerate(lines) if line.rstrip().endswith(":")]
    if len(empty) != len(answers):
        return [*lines, *answers]
    placed = list(lines)
    for i, answer in zip(reversed(empty), reversed(answers), strict=True):
        placed.insert(i + 1, answer)
    return placed


def _unique_texts(parts: Iterable[list[str]]) -> list[str]:
    """Texts of headers or footers, once each (first page, odd and even ones often repeat)."""
    seen: list[str] = []
    for lines in parts:
        text = "\n".join(lines).strip()
        if text and text not in seen:
            seen.append(text)
    return seen


@dataclass
class _OpenField:
    """A legacy form field between its begin and end marks."""

    kind: str  # "text", "other"
    name: str | None
    in_result: bool = False
    parts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Control:
    """What a content control's properties say about it."""

    name: str | None
    placeholder: bool
    checked: bool | None  # None: not a check box


class _Walker:
    """Walks body, cells, controls and text boxes in document order, collecting as it goes."""

    def __init__(self) -> None:
        self.fields: list[FormField] = []
        self.tables: list[list[list[str]]] = []
        self.image_blocks: list[int] = []
        self.block = 0
        self._in_body = True
        self._open: list[_OpenField] = []
        self._boxes: list[str] = []

    def start_block(self, index: int) -> None:
        """A new top-level block: a field left open in its instructions was malformed."""
        self.block = index
        self._open = [opened for opened in self._open if opened.in_result]

    def part_lines(self, root: etree._Element) -> list[str]:
        """Lines of a header, footer or note; their pictures are logos, not signatures."""
        self._in_body = False
        try:
            return self.blocks(list(root))
        finally:
            self._in_body = True

    def blocks(self, children: list[etree._Element]) -> list[str]:
        lines: list[str] = []
        for child in children:
            tag = child.tag
            if tag == W + "p":
                out: list[str] = []
                self._inline(child, out)
                lines.append("".join(out))
                lines.extend(self._boxes)  # text boxes anchored in the paragraph, after it
                self._boxes = []
            elif tag == W + "tbl":
                lines.extend(self._table(child))
            elif tag == W + "sdt":
                lines.extend(self._block_control(child))
            elif tag == MC + "AlternateContent":
                lines.extend(self.blocks(_choice(child)))
            elif tag == W + "customXml":
                lines.extend(self.blocks(list(child)))
        return lines

    def _block_control(self, sdt: etree._Element) -> list[str]:
        control = _control(sdt)
        content = sdt.find(W + "sdtContent")
        lines = self.blocks(list(content)) if content is not None else []
        if control.placeholder:
            lines = []
        self._add_field(control, "\n".join(lines).strip())
        return lines

    def _table(self, table: etree._Element) -> list[str]:
        slot = len(self.tables)
        self.tables.append([])  # reserved, so an outer table comes before its nested ones
        rows = [
            [self._cell(cell, control) for cell, control in _cells(row)] for row in _rows(table)
        ]
        self.tables[slot] = rows
        return [_row_text(row) for row in rows]

    def _cell(self, cell: etree._Element, control: _Control | None) -> str:
        text = "\n".join(self.blocks(list(cell))).strip()
        if control is not None:
            text = "" if control.placeholder else text
            self._add_field(control, text)
        return text

    def _inline(self, element: etree._Element, out: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag in (W + "t", M + "t"):
                self._emit(child.text or "", out)
            elif tag in (W + "tab", W + "ptab"):
                self._emit("\t", out)
            elif tag in (W + "br", W + "cr"):
                self._emit("\n", out)
            elif tag == W + "noBreakHyphen":
                self._emit("-", out)
            elif tag == W + "sym":
                self._emit(_SYMBOLS.get((child.get(W + "char") or "").upper(), ""), out)
            elif tag == W + "fldChar":
                self._field_char(child, out)
            elif tag == W + "sdt":
                self._inline_control(child, out)
            elif tag == W + "txbxContent":
                boxed = self.blocks(list(child))  # before touching self._boxes: it resets it
                self._boxes.extend(boxed)
            elif tag == MC + "AlternateContent":
                for chosen in _choice(child):
                    self._inline(chosen, out)
            elif tag in (W + "drawing", W + "pict", W + "object"):
                self._picture(child)
                self._inline(child, out)
            else:
                self._inline(child, out)

    def _emit(self, text: str, out: list[str]) -> None:
        if self._open and not self._open[-1].in_result:
            return  # field instructions, not displayed
        out.append(text)
        for opened in self._open:
            if opened.kind == "text":
                opened.parts.append(text)

    def _inline_control(self, sdt: etree._Element, out: list[str]) -> None:
        control = _control(sdt)
        content = sdt.find(W + "sdtContent")
        inner: list[str] = []
        if content is not None:
            self._inline(content, inner)
        if control.checked is not None:
            out.append(CHECKED if control.checked else UNCHECKED)
            self._add_field(control, "oui" if control.checked else "non")
            return
        if not control.placeholder:
            out.extend(inner)
        self._add_field(control, "" if control.placeholder else "".join(inner).strip())

    def _field_char(self, mark: etree._Element, out: list[str]) -> None:
        kind = mark.get(W + "fldCharType")
        if kind == "begin":
            data = mark.find(W + "ffData")
            name = _val(data.find(W + "name")) if data is not None else None
            box = data.find(W + "checkBox") if data is not None else None
            drop = data.find(W + "ddList") if data is not None else None
            if box is not None:
                checked = _checkbox_state(box)
                out.append(CHECKED if checked else UNCHECKED)
                self._add_named(name, "oui" if checked else "non")
            elif drop is not None:
                choice = _dropdown_value(drop)
                out.append(choice)
                self._add_named(name, choice)
            text_field = data is not None and box is None and drop is None
            self._open.append(_OpenField("text" if text_field else "other", name))
        elif kind == "separate" and self._open:
            self._open[-1].in_result = True
        elif kind == "end" and self._open:
            closed = self._open.pop()
            if closed.kind == "text":
                self._add_named(closed.name, "".join(closed.parts).strip())

    def _picture(self, element: etree._Element) -> None:
        if not self._in_body:
            return
        has_image = element.find(f".//{A}blip") is not None
        has_image = has_image or element.find(f".//{V}imagedata") is not None
        if not has_image:
            return
        extent = element.find(f".//{WP}extent")
        if extent is not None:
            width = int(extent.get("cx") or 0) / _EMU_PER_INCH
            height = int(extent.get("cy") or 0) / _EMU_PER_INCH
            if max(width, height) < _MIN_IMAGE_INCHES:
                return
        self.image_blocks.append(self.block)

    def _add_field(self, control: _Control, value: str) -> None:
        self._add_named(control.name, value)

    def _add_named(self, name: str | None, value: str) -> None:
        if name:
            self.fields.append(FormField(name=name, value=value, page=1))


def _rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        if child.tag == W + "tr":
            rows.append(child)
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                rows.extend(_rows(content))
    return rows


def _cells(row: etree._Element) -> list[tuple[etree._Element, _Control | None]]:
    """Cells of a row, each with the content control wrapped around it, if any."""
    cells: list[tuple[etree._Element, _Control | None]] = []
    for child in row:
        if child.tag == W + "tc":
            cells.append((child, None))
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            control = _control(child)
            for index, (cell, _inner) in enumerate(_cells(content) if content is not None else []):
                cells.append((cell, control if index == 0 else None))
        elif child.tag == W + "customXml":
            cells.extend(_cells(child))
    return cells


def _choice(alternate: etree._Element) -> list[etree._Element]:
    """The preferred branch of mc:AlternateContent; the fallback repeats it for old readers."""
    choice = alternate.find(MC + "Choice")
    if choice is None:
        choice = alternate.find(MC + "Fallback")
    return list(choice) if choice is not None else []


def _control(sdt: etree._Element) -> _Control:
    props = sdt.find(W + "sdtPr")
    if props is None:
        return _Control(None, False, None)
    name = _val(props.find(W + "alias")) or _val(props.find(W + "tag"))
    if props.find(W + "docPartObj") is not None:
        name = None  # a gallery block (page number, table of contents), not an answer
    placeholder = props.find(W + "showingPlcHdr") is not None and _on(
        props.find(W + "showingPlcHdr")
    )
    checked = None
    box = props.find(W14 + "checkbox")
    if box is not None:
        state = box.find(W14 + "checked")
        checked = state is not None and (state.get(W14 + "val") or "0") in ("1", "true", "on")
    return _Control(name, placeholder, checked)


def _checkbox_state(box: etree._Element) -> bool:
    checked = box.find(W + "checked")
    if checked is not None:
        return _on(checked)
    default = box.find(W + "default")
    return default is not None and _on(default)


def _dropdown_value(drop: etree._Element) -> str:
    entries = [_val(e) or "" for e in drop.findall(W + "listEntry")]
    chosen = drop.find(W + "result")
    if chosen is None:
        chosen = drop.find(W + "default")
    try:
        index = int(_val(chosen) or 0)
    except ValueError:
        index = 0
    return entries[index] if 0 <= index < len(entries) else ""


def _val(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    value = element.get(W + "val")
    return value.strip() if value and value.strip() else None


def _on(element: etree._Element) -> bool:
    """A WordprocessingML on/off property: present without a value means on."""
    value = element.get(W + "val")
    return value is None or value.lower() in ("1", "true", "on")


def _row_text(cells: list[str]) -> str:
    """A row's cells on one line, tab between them (« Titre\tBoutique »); a row of cells
    that each hold several paragraphs is a page laid out in columns (the project on the left,
    the people on the right), and so is a row with a block of three lines or more (« Copie :
    … » beside the signatory's title, blank line and name): its cells are read one after the
    other."""
    if sum("\n" in cell for cell in cells) >= 2 or any(c.count("\n") >= 2 for c in cells):
        return "\n".join(cell for cell in cells if cell)
    return "\t".join(cells)
