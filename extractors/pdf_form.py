"""AcroForm answers of a PDF, read with pypdf since pdfplumber and pdfium's text layer miss them.

A filled PDF form keeps its answers in widget annotations, outside the page content, so the page
text alone shows the labels and empty boxes. Each widget is returned with its rectangle and the
text to show in its place (the answer, or ☒/☐ for a check box), so the page text can be
rebuilt with answers beside their labels.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import cast

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from schemas import FormField

CHECKED = "☒"
UNCHECKED = "☐"

_PUSH_BUTTON = 1 << 16
_RADIO = 1 << 15
_MULTILINE = 1 << 12
_HIDDEN = 1 << 1
_MAX_PARENTS = 32
# pypdf's own errors plus what broken object trees raise from inside it.
_BROKEN = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)

RectKey = tuple[float, float, float, float]


@dataclass(frozen=True)
class Widget:
    """One visible box of a form field on a page."""

    page: int
    rect: RectKey
    shown: str
    multiline: bool = False


@dataclass(frozen=True)
class AcroForm:
    fields: list[FormField]
    widgets: list[Widget]
    signed_pages: set[int]
    notes: list[str]


def rect_key(raw: object) -> RectKey | None:
    """A widget rectangle normalised and rounded, to match the same box seen by pdfplumber."""
    try:
        x0, y0, x1, y1 = (float(v) for v in raw)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    return (
        round(min(x0, x1), 1),
        round(min(y0, y1), 1),
        round(max(x0, x1), 1),
        round(max(y0, y1), 1),
    )


def read_acroform(data: bytes, max_pages: int) -> AcroForm:
    """Fields with their values and pages; an unreadable form gives a French note, not an error."""
    try:
        return _read(data, max_pages)
    except _BROKEN:
        return AcroForm([], [], set(), ["Champs de formulaire non lus : structure du PDF abîmée."])


def _read(data: bytes, max_pages: int) -> AcroForm:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        return AcroForm([], [], set(), [])
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    acroform = root.get("/AcroForm")
    acroform = acroform.get_object() if acroform is not None else DictionaryObject()
    xfa = "/XFA" in acroform or bool(root.get("/NeedsRendering"))
    if "/Fields" not in acroform and not xfa:
        return AcroForm([], [], set(), [])
    fields: dict[str, FormField] = {}
    widgets: list[Widget] = []
    signed: set[int] = set()
    notes: list[str] = []
    for index, page in enumerate(reader.pages):
        if index >= max_pages:
            break
        annots = page.get("/Annots")
        for ref in annots.get_object() if annots is not None else []:
            annot = ref.get_object()
            if not isinstance(annot, DictionaryObject) or annot.get("/Subtype") != "/Widget":
                continue
            found = _widget(annot, index + 1)
            if found is None:
                continue
            field, widget, is_signature = found
            fields.setdefault(field.name, field)
            if widget is not None:
                widgets.append(widget)
            if is_signature and field.value:
                signed.add(index + 1)
    for name, value in _unplaced(reader, set(fields)).items():
        fields[name] = FormField(name=name, value=value, page=None)
    if xfa and not any(field.value for field in fields.values()):
        notes.append(
            "Formulaire dynamique XFA (Adobe LiveCycle) : ses réponses ne sont pas lisibles, "
            "demander le formulaire imprimé en PDF."
        )
    return AcroForm(list(fields.values()), widgets, signed, notes)


def _widget(annot: DictionaryObject, page: int) -> tuple[FormField, Widget | None, bool] | None:
    name = _full_name(annot)
    if not name:
        return None
    kind = _inherited(annot, "/FT")
    flags = _int(_inherited(annot, "/Ff"))
    value = _inherited(annot, "/V")
    if kind == "/Btn":
        if flags & _PUSH_BUTTON:
            return None
        shown, answer = _button(annot, value, radio=bool(flags & _RADIO))
    elif kind == "/Sig":
        answer = "signature électronique" if value is not None else ""
        shown = ""
    else:
        answer = _text(value)
        shown = answer
    rect = rect_key(annot.get("/Rect"))
    hidden = int(annot.get("/F") or 0) & _HIDDEN
    widget = None
    if rect is not None and shown and not hidden:
        widget = Widget(page=page, rect=rect, shown=shown, multiline=bool(flags & _MULTILINE))
    return FormField(name=name, value=answer, page=page), widget, kind == "/Sig"


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def _button(annot: DictionaryObject, value: object, *, radio: bool) -> tuple[str, str]:
    """Check box: ☒/☐ and oui/non. Radio button: ☒ on the chosen one, the group's choice."""
    state = annot.get("/AS")
    if radio:
        on_state = _on_state(annot)
        chosen = value if value not in (None, "/Off") else None
        shown = CHECKED if chosen is not None and on_state == chosen else UNCHECKED
        return shown, _name(chosen) if chosen is not None else ""
    current = value if value is not None else state
    checked = current not in (None, "/Off", "")
    return (CHECKED, "oui") if checked else (UNCHECKED, "non")


def _on_state(annot: DictionaryObject) -> str | None:
    appearance = annot.get("/AP")
    if appearance is None:
        return None
    normal = appearance.get_object().get("/N")
    if normal is None:
        return None
    normal = normal.get_object()
    if not isinstance(normal, DictionaryObject):
        return None
    states = [key for key in normal if key != "/Off"]
    return states[0] if states else None


def _name(value: object) -> str:
    text = str(value)
    return text[1:] if isinstance(value, NameObject) else text


def _text(value: object) -> str:
    if value is None:
        return ""
    value = getattr(value, "get_object", lambda: value)()
    if isinstance(value, ArrayObject | list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, bytes):
        return value.decode("latin-1").strip()
    if isinstance(value, NameObject):
        return _name(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _full_name(annot: DictionaryObject) -> str:
    parts: list[str] = []
    node: object = annot
    for _ in range(_MAX_PARENTS):
        if not isinstance(node, DictionaryObject):
            break
        title = node.get("/T")
        if title is not None:
            parts.append(str(title))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


def _inherited(annot: DictionaryObject, key: str) -> object:
    node: object = annot
    for _ in range(_MAX_PARENTS):
        if not isinstance(node, DictionaryObject):
            return None
        if key in node:
            return node[key].get_object()
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _unplaced(reader: PdfReader, seen: set[str]) -> dict[str, str]:
    """Fields with a value but no widget on a page (hidden or orphaned answers)."""
    found: dict[str, str] = {}
    for name, field in (reader.get_fields() or {}).items():
        if name in seen or field.get("/FT") in ("/Sig", None):
            continue
        value = field.get("/V")
        if value is None or value == "/Off":
            continue
        if field.get("/FT") == "/Btn":
            text = _name(value) if int(field.get("/Ff") or 0) & _RADIO else "oui"
        else:
            text = _text(value)
        if text:
            found[name] = text
    return found
