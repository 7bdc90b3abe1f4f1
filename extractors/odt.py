"""ODT (LibreOffice, OpenOffice) → one page of text in document order, tables, form answers.

The content is walked with lxml rather than through odfpy's object tree: ODF text is mixed
content (text, then a child, then the child's tail), and walking it once in order keeps
spaces (``text:s``), tabs, text frames, list items and table cells where they stand. Form
controls (``draw:control``) are replaced by their answers, read from ``office:forms``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from extractors.pdf_form import CHECKED, UNCHECKED
from extractors.sniff import ODT
from schemas import ExtractedText, FormField, Method, Page

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
FORM = "{urn:oasis:names:tc:opendocument:xmlns:form:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

_MAX_PART_BYTES = 60_000_000
_MAX_REPEAT = 20  # repeated rows or cells: spreadsheets repeat empty ones by the thousand
_MIN_IMAGE_CM = 1.0
_CONTAINERS = {
    TEXT + "section", TEXT + "index-body", TEXT + "table-of-content", TEXT + "alphabetical-index",
    TEXT + "illustration-index", TEXT + "table-index", TEXT + "user-index", TEXT + "list-item",
    TEXT + "list-header", TEXT + "list", TEXT + "index-title",
}  # fmt: skip
_NOT_CONTROLS = {
    FORM + name
    for name in (
        "form", "button", "properties", "property", "list-property", "option", "list-value",
        "item", "hidden", "image",
    )
}  # fmt: skip
_SKIP = {OFFICE + "annotation", OFFICE + "annotation-end", TEXT + "note-citation"}
_UNITS_CM = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72, "pc": 2.54 / 6, "px": 2.54 / 96}

BROKEN_ERROR = "Fichier OpenDocument (ODT) illisible : demander un nouvel envoi ou un PDF."


class OdtExtractor:
    name: str = "odt"
    media_types: tuple[str, ...] = (ODT,)

    def available(self) -> bool:
        return True

    def extract(self, data: bytes, filename: str) -> ExtractedText:
        return read_odt(data)


class _Unreadable(Exception):
    pass


def read_odt(data: bytes) -> ExtractedText:
    """Headers, body, notes and footers as page 1."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            content = _xml(package, "content.xml")
            styles = _xml(package, "styles.xml") if "styles.xml" in package.namelist() else None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, _Unreadable, OSError, ValueError):
        return ExtractedText(error=BROKEN_ERROR)
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        return ExtractedText(error=BROKEN_ERROR)
    walker = _Walker(_controls(body))
    try:
        headers, footers = _page_styles(walker, styles)
        lines: list[str] = []
        children = list(body)
        for index, child in enumerate(children):
            walker.block = index
            lines.extend(walker.blocks([child]))
    except RecursionError:
        return ExtractedText(error=BROKEN_ERROR)
    text = "\n".join([*headers, *lines, *walker.notes, *footers])
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip()
    signed = any((b + 1) / max(1, len(children)) > 0.5 for b in walker.image_blocks)
    return ExtractedText(
        pages=[Page(number=1, text=text, method=Method.ODT, has_signature_mark=signed)],
        form_fields=walker.fields,
        tables=[t for t in walker.tables if t],
    )


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    if package.getinfo(name).file_size > _MAX_PART_BYTES:
        raise _Unreadable(f"{name} too large")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(package.read(name), parser=parser)


def _page_styles(walker: _Walker, styles: etree._Element | None) -> tuple[list[str], list[str]]:
    """Header and footer texts of the master pages, once each."""
    headers: list[str] = []
    footers: list[str] = []
    if styles is None:
        return headers, footers
    walker.in_body = False
    for page in styles.iter(STYLE + "master-page"):
        for part in page:
            if not isinstance(part.tag, str):
                continue
            local = part.tag.removeprefix(STYLE)
            target = headers if local.startswith("header") else footers
            if not local.startswith(("header", "footer")):
                continue
            text = "\n".join(walker.blocks(list(part))).strip()
            if text and text not in target:
                target.append(text)
    walker.in_body = True
    return headers, footers


@dataclass(frozen=True)
class _Control:
    name: str
    shown: str
    value: str


def _controls(body: etree._Element) -> dict[str, _Control]:
    """Form controls by id, with the text that stands for them on the page."""
    found: dict[str, _Control] = {}
    forms = body.find(OFFICE + "forms")
    if forms is None:
        return found
    for control in forms.iter():
        if not isinstance(control.tag, str) or not control.tag.startswith(FORM):
            continue
        ident = control.get(XML_ID) or control.get(FORM + "id")
        if ident and control.tag not in _NOT_CONTROLS:
            found[ident] = _control_answer(control)
    return found


def _control_answer(control: etree._Element) -> _Control:
    name = control.get(FORM + "name") or ""
    label = control.get(FORM + "label") or ""
    kind = control.tag.removeprefix(FORM)
    if kind in ("fixed-text", "frame"):
        return _Control("", label, "")  # a label drawn as a control: text, not an answer
    if kind in ("checkbox", "radio"):
        state = control.get(FORM + "current-state") or control.get(FORM + "state") or ""
        selected = control.get(FORM + "current-selected") or control.get(FORM + "selected")
        checked = state == "checked" or selected == "true"
        shown = f"{CHECKED if checked else UNCHECKED} {label}".strip()
        if kind == "radio":
            group = control.get(FORM + "group-name") or name
            return _Control(group if checked else "", shown, label or name)
        return _Control(name, shown, "oui" if checked else "non")
    if kind in ("listbox", "combobox"):
        chosen = [
            option.get(FORM + "label") or option.get(FORM + "value") or ""
            for option in control.iter(FORM + "option")
            if "true" in (option.get(FORM + "current-selected"), option.get(FORM + "selected"))
        ]
        value = control.get(FORM + "current-value") or ", ".join(c for c in chosen if c)
        return _Control(name, value, value)
    value = control.get(FORM + "current-value") or control.get(FORM + "value") or ""
    return _Control(name, value, value)


class _Walker:
    def __init__(self, controls: dict[str, _Control]) -> None:
        self.controls = controls
        self.fields: list[FormField] = []
        self.tables: list[list[list[str]]] = []
        self.notes: list[str] = []
        self.image_blocks: list[int] = []
        self.block = 0
        self.in_body = True
        self._frames: list[str] = []

    def blocks(self, children: list[etree._Element]) -> list[str]:
        lines: list[str] = []
        for child in children:
            tag = child.tag
            if tag in (TEXT + "p", TEXT + "h"):
                out: list[str] = []
                self._inline(child, out)
                lines.append("".join(out))
                framed, self._frames = self._frames, []
                lines.extend(framed)
            elif tag == TABLE + "table":
                lines.extend(self._table(child))
            elif tag in _CONTAINERS:
                lines.extend(self.blocks(list(child)))
            elif tag == DRAW + "frame":
                out = []
                self._frame(child, out)
                framed, self._frames = self._frames, []
                lines.extend(["".join(out), *framed])
        return lines

    def _table(self, table: etree._Element) -> list[str]:
        slot = len(self.tables)
        self.tables.append([])
        rows: list[list[str]] = []
        for row in _rows(table):
            cells: list[str] = []
            for cell in row:
                if cell.tag not in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                    continue
                text = "\n".join(self.blocks(list(cell))).strip()
                cells.extend([text] * _repeat(cell, "number-columns-repeated"))
            while cells and not cells[-1]:
                cells.pop()
            rows.extend([cells] * _repeat(row, "number-rows-repeated"))
        while rows and not rows[-1]:
            rows.pop()
        self.tables[slot] = rows
        return ["\t".join(row) for row in rows]

    def _inline(self, element: etree._Element, out: list[str]) -> None:
        if element.text:
            out.append(element.text)
        for child in element:
            self._child(child, out)
            if child.tail:
                out.append(child.tail)

    def _child(self, child: etree._Element, out: list[str]) -> None:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag == TEXT + "s":
            out.append(" " * _repeat(child, "c", TEXT))
        elif tag == TEXT + "tab":
            out.append("\t")
        elif tag == TEXT + "line-break":
            out.append("\n")
        elif tag == TEXT + "note":
            body = child.find(TEXT + "note-body")
            if body is not None:
                self.notes.extend(self.blocks(list(body)))
        elif tag == DRAW + "frame":
            self._frame(child, out)
        elif tag == DRAW + "control":
            self._control(child, out)
        elif tag in (TEXT + "text-input", TEXT + "drop-down"):
            inner: list[str] = []
            self._inline(child, inner)
            out.extend(inner)
            name = child.get(TEXT + "description") or child.get(TEXT + "name")
            if name:
                self.fields.append(FormField(name=name, value="".join(inner).strip(), page=1))
        elif tag != TEXT + "tracked-changes":
            self._inline(child, out)

    def _frame(self, frame: etree._Element, out: list[str]) -> None:
        for part in frame:
            if part.tag == DRAW + "text-box":
                boxed = self.blocks(list(part))  # before touching self._frames: it resets it
                self._frames.extend(boxed)
            elif part.tag == DRAW + "image" and self.in_body and _big_enough(frame):
                self.image_blocks.append(self.block)

    def _control(self, element: etree._Element, out: list[str]) -> None:
        control = self.controls.get(element.get(DRAW + "control") or "")
        if control is None:
            return
        if control.shown:
            out.append(" " + control.shown + " ")
        if control.name:
            self.fields.append(FormField(name=control.name, value=control.value, page=1))


def _rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        if child.tag == TABLE + "table-row":
            rows.append(child)
        elif child.tag in (
            TABLE + "table-header-rows",
            TABLE + "table-rows",
            TABLE + "table-row-group",
        ):
            rows.extend(_rows(child))
    return rows


def _repeat(element: etree._Element, attribute: str, namespace: str = TABLE) -> int:
    try:
        count = int(element.get(namespace + attribute) or 1)
    except ValueError:
        count = 1
    return max(1, min(count, _MAX_REPEAT))


def _big_enough(frame: etree._Element) -> bool:
    """Pictures under a centimetre are icons; a signature is bigger."""
    sizes = [_centimetres(frame.get(SVG + key)) for key in ("width", "height")]
    known = [s for s in sizes if s is not None]
    return not known or max(known) >= _MIN_IMAGE_CM


def _centimetres(length: str | None) -> float | None:
    found = re.fullmatch(r"\s*([\d.]+)\s*([a-z]+)\s*", length or "")
    if not found or found.group(2) not in _UNITS_CM:
        return None
    try:
        return float(found.group(1)) * _UNITS_CM[found.group(2)]
    except ValueError:
        return None
