"""Lines of print Tesseract's page layout left out, found from the ink no word covers.

Tesseract's page segmentation sometimes drops a whole line as if it were a picture: the last
« Qualité : … » of a form typed over dotted lines, the signatory's name printed under an ink
signature. The line's ink is still on the page. Ink that no read word covers, grouped into
bands of text height, is handed back so that those bands can be read on their own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

Box = tuple[int, int, int, int]  # left, top, right, bottom, in pixels

_CONTRAST = 80  # grey levels under the paper's that make a pixel print, not grain
_SMEAR_INCHES = 0.08  # letters of one line closer than this run together into a band
_HEIGHT = (0.6, 2.2)  # a band's height, in median word heights: a line of print
_MIN_WIDTH = 3.0  # a band's width, in its own heights: a few letters at least
_ROW_GAP_INCHES = 1.5  # white between two bands of one row, at most
_MAX_BANDS = 12  # bands read per page: a page full of ink no word covers is a picture


def missed_bands(gray: Image.Image, words: Sequence[Box], dpi: float) -> list[Box]:
    """Boxes of bands of ink, a line of print high, that none of ``words`` covers."""
    import cv2  # only scans need it; keeps a poll that finds nothing new quick to start

    if not words:
        return []
    array = np.asarray(gray)
    ink = (array < float(np.percentile(array, 90)) - _CONTRAST).astype(np.uint8)
    height = float(np.median([bottom - top for _l, top, _r, bottom in words]))
    pad = max(2, round(height * 0.3))
    for left, top, right, bottom in words:
        ink[max(0, top - pad) : bottom + pad, max(0, left - pad) : right + pad] = 0
    smear = max(3, round(dpi * _SMEAR_INCHES))
    bands = cv2.dilate(ink, np.ones((max(1, round(height * 0.2)), smear), np.uint8))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(bands, connectivity=8)
    found: list[Box] = []
    for index in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[index])
        if not _HEIGHT[0] * height <= h <= _HEIGHT[1] * height or w < _MIN_WIDTH * h:
            continue
        found.append((x, y, x + w, y + h))
    found = _rows(found, dpi)
    return found if len(found) <= _MAX_BANDS else []


def _rows(bands: list[Box], dpi: float) -> list[Box]:
    """Bands on one row, a label and its answer, joined: read apart, each loses the other."""
    joined: list[Box] = []
    for band in sorted(bands):
        for k, other in enumerate(joined):
            overlap = min(band[3], other[3]) - max(band[1], other[1])
            short = min(band[3] - band[1], other[3] - other[1])
            if overlap > short / 2 and band[0] - other[2] < dpi * _ROW_GAP_INCHES:
                joined[k] = (
                    min(band[0], other[0]),
                    min(band[1], other[1]),
                    max(band[2], other[2]),
                    max(band[3], other[3]),
                )
                break
        else:
            joined.append(band)
    return joined
