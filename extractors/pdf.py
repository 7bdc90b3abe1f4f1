"""PDF → pages of text: pdfium's text layer, pdfplumber's geometry, AcroForm answers, OCR.

pdfium reads every page fast and tells which pages carry a text layer. pdfplumber then gives
word boxes, reading order and tables on the first pages; pypdf gives the form answers. Pages
without text (scans) are rendered at 300 dpi and read by Tesseract. Limits on pages and pixels
keep a hostile or enormous file from stalling a run; each limit leaves a French note.
"""

from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from extractors import ocr
from extractors.pdf_form import AcroForm, Widget, read_acroform
from extractors.pdf_layout import Layout, page_layout
from extractors.sniff import PDF
from schemas import ExtractedText, Method, Page

MAX_PAGES = 200
GEOMETRY_PAGES = 20
GEOMETRY_MAX_CHARS = 8000
MAX_OCR_PAGES = 30
OCR_DPI = 300.0
# A page scanned at 200 dpi or more that reads poorly at OCR_DPI is read again as scanned:
# enlarging it enlarged the paper's grain too, and Tesseract lost light or small print.
MIN_NATIVE_DPI = 195.0
RETRY_CONFIDENCE = 90.0
MAX_RENDER_PIXELS = 25_000_000
MIN_TEXT_CHARS = 20
_MAX_OBJECTS = 5000  # a map or chart page can hold far more; the first ones tell enough

PASSWORD_ERROR = "PDF protégé par un mot de passe : demander une version sans mot de passe."
BROKEN_ERROR = "PDF illisible (fichier endommagé ou incomplet) : demander un nouvel envoi du PDF."


class PdfExtractor:
    name: str = "pdf"
    media_types: tuple[str, ...] = (PDF,)

    def available(self) -> bool:
        return True

    def extract(self, data: bytes, filename: str) -> ExtractedText:
        return read_pdf(data)


@dataclass(frozen=True)
class _ScanPlan:
    """How a scanned page is rendered for OCR: at ``scale``, and again at the scale it was
    scanned at (``native_scale``, when lower) if that first reading is poor."""

    scale: float
    native_scale: float | None = None


@dataclass(frozen=True)
class _Marks:
    """What pdfium sees on a page besides text."""

    image_share: float  # part of the page covered by images
    largest_image_pixels: int
    largest_image_dpi: float | None  # its pixels per inch as placed on the page
    signature_mark: bool


def read_pdf(data: bytes, *, use_ocr: bool | None = None) -> ExtractedText:
    """Read a PDF; ``use_ocr=None`` means OCR when Tesseract is installed."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            return ExtractedText(error=PASSWORD_ERROR)
        return ExtractedText(error=BROKEN_ERROR)
    try:
        return _read(document, data, ocr.available() if use_ocr is None else use_ocr)
    finally:
        document.close()


def _read(document: pdfium.PdfDocument, data: bytes, use_ocr: bool) -> ExtractedText:
    total = len(document)
    if total == 0:
        return ExtractedText(error="PDF sans aucune page : demander un nouvel envoi du PDF.")
    count = min(total, MAX_PAGES)
    notes: list[str] = []
    if total > count:
        notes.append(f"PDF de {total} pages : seules les {count} premières ont été lues.")
    form = read_acroform(data, count)
    notes.extend(form.notes)
    pages: dict[int, Page] = {}
    scans: list[tuple[int, _ScanPlan]] = []
    tables: list[list[list[str]]] = []
    geometry = _Geometry(data, form)
    try:
        for index in range(count):
            try:
                page = document[index]
            except pdfium.PdfiumError:
                notes.append(f"Page {index + 1} illisible (PDF endommagé) : ignorée.")
                continue
            try:
                found = _page(page, index + 1, form, geometry, use_ocr, len(scans), notes)
            finally:
                page.close()
            if isinstance(found, _ScanPlan):
                scans.append((index + 1, found))
            else:
                pages[index + 1] = found[0]
                tables.extend(found[1])
    finally:
        geometry.close()
    notes.extend(geometry.notes)
    pages.update(_ocr_pages(document, scans, notes, tables))
    return ExtractedText(
        pages=[pages[n] for n in sorted(pages)],
        form_fields=form.fields,
        tables=tables,
        notes=notes,
    )


def _page(
    page: pdfium.PdfPage,
    number: int,
    form: AcroForm,
    geometry: _Geometry,
    use_ocr: bool,
    queued: int,
    notes: list[str],
) -> tuple[Page, list[list[list[str]]]] | _ScanPlan:
    """A page read from its text layer, or how to render it when it must go to OCR."""
    text = _clean(page.get_textpage().get_text_range())
    marks = _marks(page)
    if _is_scan(text, marks):
        scale = _scan_scale(page, number, marks, use_ocr, queued, notes)
        if scale is not None:
            native = marks.largest_image_dpi
            lower = native is not None and MIN_NATIVE_DPI <= native < 0.95 * scale * 72
            second = native / 72.0 if lower and native else None
            return _ScanPlan(scale, second)
    layout = geometry.layout(number - 1, len(text)) if number <= GEOMETRY_PAGES else None
    read = Page(
        number=number,
        text=layout.text if layout else text,
        method=Method.PDF_TEXT,
        words=layout.words if layout else [],
        has_signature_mark=marks.signature_mark or number in form.signed_pages,
    )
    return read, layout.tables if layout else []


class _Geometry:
    """pdfplumber, opened on first use; a page it cannot parse falls back to pdfium's text."""

    def __init__(self, data: bytes, form: AcroForm) -> None:
        self._data = data
        self._form = form
        self._pdf: pdfplumber.PDF | None = None
        self._broken = False
        self.notes: list[str] = []

    def layout(self, index: int, text_length: int) -> Layout | None:
        if self._broken or text_length > GEOMETRY_MAX_CHARS:
            return None
        widgets: list[Widget] = [w for w in self._form.widgets if w.page == index + 1]
        # The one broad except of the page loop: pdfminer raises a zoo of errors on odd files,
        # and pdfium's text of the page is a fine fallback.
        try:
            if self._pdf is None:
                self._pdf = pdfplumber.open(io.BytesIO(self._data))
            plumber_page = self._pdf.pages[index]
            try:
                return page_layout(plumber_page, widgets)
            finally:
                plumber_page.close()
        except Exception as exc:  # noqa: BLE001 - see comment above
            self._broken = self._pdf is None
            self.notes.append(
                f"Page {index + 1} : positions des mots non lues ({type(exc).__name__}), "
                "texte lu sans mise en page."
            )
            return None

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def _clean(text: str) -> str:
    """pdfium's text with its CRLF, hyphenation marks and stray controls normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def _is_scan(text: str, marks: _Marks) -> bool:
    """No usable text layer and an image big enough to be a scanned page."""
    if marks.image_share < 0.25:
        return False
    return sum(ch.isalnum() for ch in text) < MIN_TEXT_CHARS or _garbled(text)


def _garbled(text: str) -> bool:
    """Text from fonts without a Unicode map: mostly private-use or replacement characters."""
    letters = [ch for ch in text if not ch.isspace()]
    if not letters:
        return False
    odd = sum(1 for ch in letters if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn"))
    return odd > 0.3 * len(letters)


def _scan_scale(
    page: pdfium.PdfPage, number: int, marks: _Marks, use_ocr: bool, queued: int, notes: list[str]
) -> float | None:
    """The scale to render a scanned page at for OCR, or None with a note saying why not."""
    if marks.largest_image_pixels > ocr.pixel_limit():
        notes.append(
            f"Page {number} non lue : image de {marks.largest_image_pixels / 1e6:.0f} millions "
            "de pixels, trop grande pour être lue sans risque ; demander un scan à 300 dpi."
        )
        return None
    if not use_ocr:
        notes.append(f"Page {number} scannée : OCR indisponible (Tesseract absent), non lue.")
        return None
    if queued >= MAX_OCR_PAGES:
        notes.append(f"Page {number} scannée non lue : limite de {MAX_OCR_PAGES} pages OCR.")
        return None
    width, height = page.get_size()
    scale = OCR_DPI / 72.0
    if width * height * scale * scale > MAX_RENDER_PIXELS:
        scale = math.sqrt(MAX_RENDER_PIXELS / (width * height))
        notes.append(f"Page {number} très grande : lue à {scale * 72:.0f} dpi.")
    return scale


def _ocr_pages(
    document: pdfium.PdfDocument,
    scans: list[tuple[int, _ScanPlan]],
    notes: list[str],
    tables: list[list[list[str]]],
) -> dict[int, Page]:
    """OCR scanned pages a few at a time, so only a few rendered images live at once."""
    pages: dict[int, Page] = {}
    for start in range(0, len(scans), ocr.WORKERS):
        batch = scans[start : start + ocr.WORKERS]
        images = [(_render(document, n, plan.scale), plan.scale * 72.0) for n, plan in batch]
        results = ocr.ocr_images(images)
        del images
        for (number, plan), result in zip(batch, results, strict=True):
            result = _at_scanned_resolution(document, number, plan, result)
            if result.error:
                notes.append(f"Page {number} : {result.error}.")
            pages[number] = result.page(number)
            tables.extend(result.tables)
    return pages


def _at_scanned_resolution(
    document: pdfium.PdfDocument, number: int, plan: _ScanPlan, first: ocr.OcrResult
) -> ocr.OcrResult:
    """The page read again at the resolution it was scanned at when Tesseract was unsure of
    it enlarged; the surer reading is kept."""
    if plan.native_scale is None or first.error or (first.confidence or 0.0) >= RETRY_CONFIDENCE:
        return first
    second = ocr.ocr_image(_render(document, number, plan.native_scale), plan.native_scale * 72)
    if second.error or (second.confidence or 0.0) <= (first.confidence or 0.0):
        return first
    return second


def _render(document: pdfium.PdfDocument, number: int, scale: float) -> Image.Image:
    page = document[number - 1]
    try:
        return page.render(scale=scale, grayscale=True).to_pil()
    finally:
        page.close()


def _marks(page: pdfium.PdfPage) -> _Marks:
    """Images and ink in the lower half of the page, as displayed (page rotation applied)."""
    box = _Box(page)
    image_area = 0.0
    largest = 0
    largest_dpi: float | None = None
    signature = False
    curves = 0
    ink: list[tuple[float, float, float, float]] = []
    kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)
    for seen, obj in enumerate(page.get_objects(filter=kinds, max_depth=4)):
        if seen >= _MAX_OBJECTS:
            break
        place = box.place(obj.get_bounds())
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            px_width, px_height = obj.get_px_size()
            if px_width * px_height > largest:
                left, _bottom, right, _top = obj.get_bounds()
                largest_dpi = px_width * 72.0 / (right - left) if right - left > 1 else None
            largest = max(largest, px_width * px_height)
            image_area += place.area
            signature = signature or place.could_be_signature()
        elif place.lower and place.width < 0.5 and place.height < 0.25 and curves < 400:
            beziers = _bezier_count(obj)
            if beziers:
                curves += beziers
                ink.append(place.bounds)
    if curves >= 40 and _compact(ink):
        signature = True
    return _Marks(
        image_share=min(1.0, image_area),
        largest_image_pixels=largest,
        largest_image_dpi=largest_dpi,
        signature_mark=signature or _ink_annotation(page, box),
    )


@dataclass(frozen=True)
class _Place:
    """An object's box in fractions of the displayed page, top-left origin."""

    bounds: tuple[float, float, float, float]  # left, top, right, bottom

    @property
    def width(self) -> float:
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[1]

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    @property
    def lower(self) -> bool:
        centre = (self.bounds[1] + self.bounds[3]) / 2
        return 0.5 < centre < 0.95

    def could_be_signature(self) -> bool:
        """Lower half, not a footer band, a banner, a full-page scan or a bullet."""
        return (
            self.lower
            and self.area < 0.5
            and self.width < 0.8
            and self.width > 0.05
            and self.height > 0.015
        )


class _Box:
    """Turns pdfium's page-space bounds into fractions of the page as it is displayed."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        left, bottom, right, top = page.get_cropbox()
        self.left, self.bottom = left, bottom
        self.width = (right - left) or 1.0
        self.height = (top - bottom) or 1.0
        self.rotation = page.get_rotation() % 360

    def place(self, bounds: tuple[float, float, float, float]) -> _Place:
        left, bottom, right, top = bounds
        x0, x1 = (left - self.left) / self.width, (right - self.left) / self.width
        y0, y1 = (bottom - self.bottom) / self.height, (top - self.bottom) / self.height
        # (x, y) with y up → displayed (left, top, right, bottom) with y down.
        if self.rotation == 90:
            return _Place((1 - y1, x0, 1 - y0, x1))
        if self.rotation == 180:
            return _Place((1 - x1, y0, 1 - x0, y1))
        if self.rotation == 270:
            return _Place((y0, 1 - x1, y1, 1 - x0))
        return _Place((x0, 1 - y1, x1, 1 - y0))


def _bezier_count(obj: pdfium.PdfObject) -> int:
    count = pdfium_c.FPDFPath_CountSegments(obj.raw)
    beziers = 0
    for index in range(min(count, 2000)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            beziers += 1
    return beziers


def _compact(boxes: list[tuple[float, float, float, float]]) -> bool:
    """Strokes gathered in a signature-sized area, not spread across the page."""
    if not boxes:
        return False
    width = max(b[2] for b in boxes) - min(b[0] for b in boxes)
    height = max(b[3] for b in boxes) - min(b[1] for b in boxes)
    return width < 0.6 and height < 0.3


def _ink_annotation(page: pdfium.PdfPage, box: _Box) -> bool:
    """A drawn (Ink) or stamped signature added with a PDF reader, in the lower half."""
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
            if subtype not in (pdfium_c.FPDF_ANNOT_INK, pdfium_c.FPDF_ANNOT_STAMP):
                continue
            rect = pdfium_c.FS_RECTF()
            if not pdfium_c.FPDFAnnot_GetRect(annot, rect):
                continue
            place = box.place((rect.left, rect.bottom, rect.right, rect.top))
            if place.lower:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False
