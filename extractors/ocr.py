"""Tesseract OCR of one page image: deskew, orientation, French text with word boxes, ink marks.

Tesseract runs as a subprocess with ``OMP_THREAD_LIMIT=1`` (its OpenMP threads fight each other
and made it six times slower on the two-core server) and a timeout per page, so one bad scan
cannot stall a run. Pages of one document are read two at a time, one process per core.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image

from extractors.margin_labels import margin_tables
from extractors.ocr_banners import invert_banners
from extractors.ocr_cleanup import erase_marks
from extractors.ocr_layout import OcrWord, page_text, word_lines_of
from extractors.ocr_missed import missed_bands
from extractors.ocr_tables import Rules, erase_rules, find_rules, in_grid, page_tables
from extractors.page_columns import find_columns
from schemas import Method, Page, Word

LANG = "fra"
PAGE_TIMEOUT_S = 60.0
WORKERS = 2
# Below this mean confidence the page may be upside down or sideways: ask Tesseract's OSD.
LOW_CONFIDENCE = 60.0
MAX_DESKEW_DEGREES = 15.0
MIN_DESKEW_DEGREES = 0.3


@dataclass(frozen=True)
class OcrResult:
    """What Tesseract read on one page; word boxes in points, top-left origin."""

    text: str = ""
    words: list[Word] = field(default_factory=list)
    confidence: float | None = None
    has_signature_mark: bool = False
    tables: list[list[list[str]]] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    error: str | None = None

    def page(self, number: int) -> Page:
        """The page of a document this reading gives."""
        return Page(
            number=number,
            text=self.text,
            method=Method.OCR,
            ocr_confidence=self.confidence,
            words=self.words,
            has_signature_mark=self.has_signature_mark,
        )


def pixel_limit() -> int:
    """Pillow's decompression-bomb limit: larger images are refused, not decoded."""
    return Image.MAX_IMAGE_PIXELS or 89_478_485


@lru_cache(maxsize=1)
def available() -> bool:
    """Tesseract is on PATH and knows French."""
    if shutil.which("tesseract") is None:
        return False
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, env=_env()
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return LANG in listed.stdout.split()


def ocr_images(
    images: Sequence[tuple[Image.Image, float]],
    *,
    workers: int = WORKERS,
    timeout: float = PAGE_TIMEOUT_S,
) -> list[OcrResult]:
    """OCR several (image, dpi) pages, keeping their order."""
    if len(images) <= 1 or workers <= 1:
        return [ocr_image(image, dpi, timeout=timeout) for image, dpi in images]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda item: ocr_image(item[0], item[1], timeout=timeout), images))


def ocr_image(image: Image.Image, dpi: float, *, timeout: float = PAGE_TIMEOUT_S) -> OcrResult:
    """OCR one page image scanned at ``dpi``; failures come back as ``OcrResult.error``."""
    gray = to_gray(image)
    notes: list[str] = []
    turns: list[_Turn] = []
    angle = _skew_angle(gray)
    if angle is not None:
        gray = _turn(gray, angle, turns)
        notes.append(f"page redressée de {angle:.1f}°")
    gray = erase_marks(gray, dpi)
    try:
        rules, words = _read(gray, dpi, timeout)
        confidence = _mean_confidence(words)
        if confidence is None or confidence < LOW_CONFIDENCE:
            rotation = _osd_rotation(gray, timeout)
            if rotation:
                attempt: list[_Turn] = []
                turned = _turn(gray, rotation, attempt)
                turned_rules, turned_words = _read(turned, dpi, timeout)
                turned_conf = _mean_confidence(turned_words)
                if turned_conf is not None and turned_conf > (confidence or 0.0):
                    gray, rules, words, confidence = turned, turned_rules, turned_words, turned_conf
                    turns.extend(attempt)
                    notes.append("page retournée avant lecture")
    except subprocess.TimeoutExpired:
        return OcrResult(error=f"lecture OCR interrompue après {timeout:.0f} s", notes=tuple(notes))
    except _TesseractFailed as exc:
        return OcrResult(error=f"OCR impossible ({exc})", notes=tuple(notes))
    return OcrResult(
        text=page_text(words),
        words=[_word_on_page(w, turns, 72.0 / dpi) for w in words],
        confidence=confidence,
        has_signature_mark=_has_ink_mark(gray, words, dpi),
        tables=_tables(rules, words),
        notes=tuple(notes),
    )


def _tables(rules: Rules, words: list[OcrWord]) -> list[list[list[str]]]:
    """The ruled tables and field boxes of the page, then the labels set in a margin column
    paired with their answers (from the straightened page's lines as Tesseract found them)."""
    ruled = page_tables(rules, words)
    if find_columns(word_lines_of(words)) is not None:
        return ruled  # two columns side by side: no labels in a margin
    free = [w for w in words if not in_grid(rules, w)]  # a margin layout has no rules
    return ruled + margin_tables(word_lines_of(free), ruled)


def _read(gray: Image.Image, dpi: float, timeout: float) -> tuple[Rules, list[OcrWord]]:
    """The page's rules, and its words read with the rules erased (a box's side is not « [ »)
    and the headings of dark banners turned dark on white."""
    rules = find_rules(np.asarray(gray), dpi)
    page = erase_rules(invert_banners(gray, dpi), rules)
    words = _tesseract_words(page, dpi, timeout)
    return rules, words + _missed_words(page, words, dpi, timeout)


def _missed_words(
    page: Image.Image, words: list[OcrWord], dpi: float, timeout: float
) -> list[OcrWord]:
    """Words of the lines Tesseract's page layout left out, each band read on its own. A band
    is kept when it reads as sure words (a signature's scribble reads as unsure specks)."""
    found: list[OcrWord] = []
    bands = missed_bands(page, [w.box for w in words], dpi)
    for number, (left, top, right, bottom) in enumerate(bands):
        margin = max(4, (bottom - top) // 2)
        box = (max(0, left - margin), max(0, top - margin), right + margin, bottom + margin)
        read = _tesseract_words(page.crop(box), dpi, timeout, psm="6")
        sure = [w for w in read if sum(c.isalnum() for c in w.text) >= 2]
        if (_mean_confidence(sure) or 0.0) < _MISSED_CONFIDENCE:
            continue
        for word in read:
            x0, y0, x1, y1 = word.box
            found.append(
                OcrWord(
                    text=word.text,
                    conf=word.conf,
                    box=(x0 + box[0], y0 + box[1], x1 + box[0], y1 + box[1]),
                    line=(_MISSED_BLOCKS + number, *word.line[1:]),
                )
            )
    return found


def to_gray(image: Image.Image) -> Image.Image:
    """8-bit grayscale on white, whatever the mode (alpha, palette, 1-bit, 16-bit)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("L")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        array = np.asarray(image, dtype=np.float64)
        peak = float(array.max()) or 1.0
        return Image.fromarray((array * (255.0 / peak)).astype(np.uint8), mode="L")
    return image if image.mode == "L" else image.convert("L")


class _TesseractFailed(Exception):
    pass


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _run_tesseract(image: Image.Image, args: list[str], timeout: float) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # uncompressed: cheaper to write than PNG
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", *args],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=timeout,
            env=_env(),
        )
    except OSError as exc:
        raise _TesseractFailed(f"Tesseract introuvable : {exc}") from exc
    if done.returncode != 0:
        raise _TesseractFailed(done.stderr.decode("utf-8", "replace").strip()[-200:])
    return done.stdout.decode("utf-8", "replace")


def _tesseract_words(
    image: Image.Image, dpi: float, timeout: float, psm: str = "3"
) -> list[OcrWord]:
    tsv = _run_tesseract(
        image, ["-l", LANG, "--psm", psm, "--dpi", str(round(dpi)), "tsv"], timeout
    )
    words: list[OcrWord] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or _RULE_ONLY.match(cells[11]):
            continue  # no text, or a table rule read as "|"
        if _is_speck(cells[11].strip(), float(cells[10])):
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        words.append(
            OcrWord(
                text=cells[11].strip(),
                conf=float(cells[10]),
                box=(left, top, left + width, top + height),
                line=(int(cells[2]), int(cells[3]), int(cells[4])),
            )
        )
    return words


def _is_speck(text: str, conf: float) -> bool:
    """Dust or a stray dot read as a mark: no letter nor digit, or one lone character, and
    Tesseract itself unsure of it."""
    if not any(c.isalnum() for c in text):
        return conf < _SPECK_CONFIDENCE
    return len(text) == 1 and conf < _SPECK_CONFIDENCE / 2


def _mean_confidence(words: list[OcrWord]) -> float | None:
    scores = [w.conf for w in words if w.conf >= 0]
    return round(sum(scores) / len(scores), 1) if scores else None


_SPECK_CONFIDENCE = 50.0
_MISSED_CONFIDENCE = 70.0  # a word read in a left-out band is kept only this sure
_MISSED_BLOCKS = 10_000  # block numbers of the left-out bands, apart from Tesseract's own
_RULE_ONLY = re.compile(r"^\s*[|¦\[\]_]*\s*$")
_ROTATE = re.compile(r"Rotate:\s*(\d+)")


@dataclass(frozen=True)
class _Turn:
    """An anticlockwise turn of the page image, about its centre, canvas grown to fit."""

    degrees: float
    before: tuple[int, int]
    after: tuple[int, int]


def _turn(gray: Image.Image, degrees: float, turns: list[_Turn]) -> Image.Image:
    turned = gray.rotate(degrees, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    turns.append(_Turn(degrees, gray.size, turned.size))
    return turned


def _word_on_page(word: OcrWord, turns: list[_Turn], scale: float) -> Word:
    """A word box read on the straightened image, put back where it is on the page as given.

    The centre is turned back; the size is kept, so the box stays upright around the word.
    """
    left, top, right, bottom = word.box
    x, y = (left + right) / 2, (top + bottom) / 2
    for turn in reversed(turns):
        radians = math.radians(turn.degrees)
        dx, dy = x - turn.after[0] / 2, y - turn.after[1] / 2
        x = dx * math.cos(radians) - dy * math.sin(radians) + turn.before[0] / 2
        y = dx * math.sin(radians) + dy * math.cos(radians) + turn.before[1] / 2
    half_w, half_h = (right - left) / 2, (bottom - top) / 2
    return Word(
        text=word.text,
        x0=(x - half_w) * scale,
        top=(y - half_h) * scale,
        x1=(x + half_w) * scale,
        bottom=(y + half_h) * scale,
    )


def _osd_rotation(gray: Image.Image, timeout: float) -> int:
    """Anticlockwise degrees that set the page upright, from Tesseract's orientation check."""
    try:
        osd = _run_tesseract(gray, ["--psm", "0"], timeout)
    except _TesseractFailed:
        return 0  # too little text to tell the orientation
    found = _ROTATE.search(osd)
    # Tesseract gives the clockwise turn that fixes the page; Pillow turns anticlockwise.
    return -int(found.group(1)) % 360 if found else 0


def _skew_angle(gray: Image.Image) -> float | None:
    """Small rotation of a phone or feeder scan, estimated on a thumbnail to stay fast."""
    # Imported here: deskew pulls scikit-image in (half a second), needed only for scans.
    from deskew import determine_skew

    thumb = gray.copy()
    thumb.thumbnail((1000, 1000))
    found = determine_skew(np.asarray(thumb))
    if found is None or np.isnan(found):
        return None
    angle = float(found)
    if MIN_DESKEW_DEGREES <= abs(angle) <= MAX_DESKEW_DEGREES:
        return angle
    return None


def _has_ink_mark(gray: Image.Image, words: Sequence[OcrWord], dpi: float) -> bool:
    """A dark blob in the lower half that is not a line of text: a signature or a stamp.

    Words Tesseract found are blanked out when they are well read or of text height (badly read
    text is still text); strokes are then joined, and a blob counts when it is taller than a
    line of text and the size of a signature, neither a rule nor a frame nor a dark border.
    """
    import cv2  # only scans need it; keeps a poll that finds nothing new quick to start

    line_height = _median_height(words) or dpi * 0.14  # about a 10 pt line
    ink = np.asarray(gray) < 140
    for word in words:
        left, top, right, bottom = word.box
        if word.conf >= 60 or bottom - top <= 1.6 * line_height:
            ink[max(0, top - 2) : bottom + 2, max(0, left - 2) : right + 2] = False
    factor = max(1.0, dpi / 100.0)  # work at about 100 dpi
    small = cv2.resize(
        ink.astype(np.uint8) * 255,
        (max(1, int(ink.shape[1] / factor)), max(1, int(ink.shape[0] / factor))),
        interpolation=cv2.INTER_AREA,
    )
    mask = (small > 60).astype(np.uint8)
    height, width = mask.shape
    mask[: height // 2, :] = 0
    margin_y, margin_x = max(1, height // 50), max(1, width // 50)
    mask[:margin_y, :] = 0
    mask[-margin_y:, :] = 0
    mask[:, :margin_x] = 0
    mask[:, -margin_x:] = 0
    joined = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(joined)
    min_height = max(0.015 * height, 1.8 * line_height / factor)
    for index in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[index])
        if not (0.08 * width <= w <= 0.6 * width and min_height <= h <= 0.25 * height):
            continue
        box = mask[y : y + h, x : x + w]
        density = float(box.mean())
        inner = box[h // 5 : h - h // 5, w // 5 : w - w // 5]
        if 0.02 <= density <= 0.45 and inner.sum() >= 0.2 * box.sum():
            return True
    return False


def _median_height(words: Sequence[OcrWord]) -> float | None:
    heights = sorted(w.box[3] - w.box[1] for w in words if w.conf >= 60)
    return float(heights[len(heights) // 2]) if heights else None
