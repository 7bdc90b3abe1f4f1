"""Image attachments (phone photos, scans as JPEG, PNG, TIFF...) → OCR'd pages.

A photo is turned upright from its EXIF orientation, flattened to grey and shrunk to about
A4 at 300 dpi before Tesseract reads it; each frame of a multipage TIFF is a page.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extractors import ocr
from extractors.sniff import BMP, GIF, JPEG, PNG, TIFF, WEBP
from schemas import ExtractedText, Page

MAX_FRAMES = 30
MAX_SIDE = 3508  # A4 at 300 dpi
A4_HEIGHT_INCHES = 11.69

UNREADABLE = "Image illisible (fichier endommagé ou format inconnu) : demander un PDF ou un DOCX."
NO_OCR = "Image non lue : OCR indisponible (Tesseract absent) ; demander un PDF ou un DOCX."


class ImageExtractor:
    name: str = "image"
    media_types: tuple[str, ...] = (JPEG, PNG, TIFF, GIF, BMP, WEBP)

    def available(self) -> bool:
        return ocr.available()

    def extract(self, data: bytes, filename: str) -> ExtractedText:
        return read_image(data)


def read_image(data: bytes, *, use_ocr: bool | None = None) -> ExtractedText:
    """OCR every frame of an image file (up to ``MAX_FRAMES``)."""
    notes: list[str] = []
    try:
        frames = _frames(data, notes)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return ExtractedText(error=UNREADABLE)
    except Image.DecompressionBombError:
        return ExtractedText(error=_too_big())
    if frames is None:
        return ExtractedText(error=_too_big())
    if not (ocr.available() if use_ocr is None else use_ocr):
        return ExtractedText(error=NO_OCR)
    pages: list[Page] = []
    tables: list[list[list[str]]] = []
    for start in range(0, len(frames), ocr.WORKERS):
        batch = frames[start : start + ocr.WORKERS]
        for offset, result in enumerate(ocr.ocr_images(batch)):
            number = start + offset + 1
            if result.error:
                notes.append(f"Page {number} : {result.error}.")
            pages.append(result.page(number))
            tables.extend(result.tables)
    return ExtractedText(pages=pages, tables=tables, notes=notes)


def _too_big() -> str:
    return (
        "Image trop grande pour être lue sans risque (plus de "
        f"{ocr.pixel_limit() // 1_000_000} millions de pixels) : demander un scan à 300 dpi."
    )


def _frames(data: bytes, notes: list[str]) -> list[tuple[Image.Image, float]] | None:
    """Decoded frames ready for OCR, or None when the image is too large to decode safely."""
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombWarning:
            return None
        frames: list[tuple[Image.Image, float]] = []
        total = getattr(image, "n_frames", 1)
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= MAX_FRAMES:
                notes.append(f"Image de {total} pages : seules les {MAX_FRAMES} premières lues.")
                break
            if frame.width * frame.height > ocr.pixel_limit():
                return None
            frames.append(_prepared(frame))
            if image.format == "GIF":
                break  # later GIF frames are animation, not pages
    return frames


def _prepared(frame: Image.Image) -> tuple[Image.Image, float]:
    dpi = _dpi(frame)
    upright = ImageOps.exif_transpose(frame.copy())
    gray = ocr.to_gray(upright)
    longest = max(gray.size)
    if longest > MAX_SIDE:
        ratio = MAX_SIDE / longest
        gray = gray.resize(
            (max(1, round(gray.width * ratio)), max(1, round(gray.height * ratio))),
            Image.Resampling.LANCZOS,
        )
        dpi *= ratio
    return gray, dpi


def _dpi(frame: Image.Image) -> float:
    """The scanner's resolution when the file states one, else the page taken as A4 height.

    Cameras and screenshots write 72 or 96 dpi whatever they shot, so those are not believed.
    """
    found = frame.info.get("dpi")
    try:
        value = float(found[0]) if found else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    if 100.0 <= value <= 1200.0 and round(value) != 96:
        return value
    return max(50.0, max(frame.size) / A4_HEIGHT_INCHES)
