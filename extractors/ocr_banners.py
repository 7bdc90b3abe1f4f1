"""Headings printed in light letters on a dark band, turned dark on light for Tesseract.

Forms print their section headings (« 3. ÉLU(E) RÉFÉRENT(E) », « 2. PERSONNES-CONTACTS ») in
white capitals on a dark banner. Tesseract finds no text line in such a band and reads nothing,
or a few junk letters, so the section that heading opens loses its name. Each dark band that
holds light letters is inverted, and its edge painted white, before the page is read.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

_BLOCK_INCHES = 0.1  # neighbourhood over which a pixel's share of ink is measured
_SOLID = 0.55  # share of dark pixels above which a pixel lies in a filled band
_MIN_HEIGHT_INCHES, _MIN_WIDTH_INCHES = 0.12, 0.8  # a band that can hold a heading
_MAX_HEIGHT_INCHES = 1.5  # and no taller: a band of a few lines, not a dark photo or page
_LETTER_INCHES = (0.06, 0.35)  # height of a light letter inside the band (not a counter)
_MIN_LETTERS = 3  # light blobs of a letter's size before a band is a heading, not a shadow
_EDGE_INCHES = 0.02  # the band's rim, painted white so it does not print as a frame
_MIN_DARK_SHARE = 0.7  # a band is mostly dark; bold black letters run together are not


def invert_banners(gray: Image.Image, dpi: float) -> Image.Image:
    """The page with each dark band holding light letters turned dark-on-white; the page itself
    comes back when it has no such band."""
    import cv2  # only scans need it; keeps a poll that finds nothing new quick to start

    array = np.asarray(gray)
    paper = float(np.percentile(array, 90))
    dark = (array < paper * 0.55).astype(np.uint8)
    if not dark.any():
        return gray
    block = max(5, round(dpi * _BLOCK_INCHES)) | 1
    density = cv2.blur(dark.astype(np.float32), (block, block))
    solid = cv2.morphologyEx(
        (density > _SOLID).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((block, block), np.uint8)
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    out: np.ndarray | None = None
    for index in range(1, count):
        x, y, w, h = (int(v) for v in stats[index, :4])
        if h < dpi * _MIN_HEIGHT_INCHES or w < dpi * _MIN_WIDTH_INCHES:
            continue
        if h > dpi * _MAX_HEIGHT_INCHES or _touches_edge(x, y, w, h, array.shape):
            continue  # the desk around a photo, a copier's shadow: not a heading
        pad = 2 * max(1, round(dpi * _EDGE_INCHES))  # room for the rim around the band
        area = np.s_[max(0, y - pad) : y + h + pad, max(0, x - pad) : x + w + pad]
        band, region = labels[area] == index, array[area]
        if dark[area][band].mean() < _MIN_DARK_SHARE:
            continue
        if _light_letters(region, band, dpi) < _MIN_LETTERS:
            continue
        out = array.copy() if out is None else out
        out[area] = _inverted(region, band, dpi)
    return gray if out is None else Image.fromarray(out, mode="L")


def _touches_edge(x: int, y: int, w: int, h: int, shape: tuple[int, ...]) -> bool:
    return x == 0 or y == 0 or x + w >= shape[1] or y + h >= shape[0]


def _light_letters(region: np.ndarray, band: np.ndarray, dpi: float) -> int:
    """How many light blobs of a letter's height lie wholly inside the band: the paper between
    bold letters run together reaches the band's edge, a white letter on a banner does not."""
    import cv2

    level = float(np.median(region[band]))
    light = (region > level + 60).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(light, connectivity=8)
    outside = np.unique(labels[~band])
    inside = np.ones(count, dtype=bool)
    inside[outside] = False
    inside[0] = False
    heights = stats[:, cv2.CC_STAT_HEIGHT]
    low, high = dpi * _LETTER_INCHES[0], dpi * _LETTER_INCHES[1]
    return int((inside & (heights >= low) & (heights <= high)).sum())


def _inverted(region: np.ndarray, band: np.ndarray, dpi: float) -> np.ndarray:
    """The band's pixels stretched from its own level (white) to the paper's (black), and its
    rim, a little beyond the band found, painted white so it does not print as a frame."""
    import cv2

    level = float(np.median(region[band]))
    top = float(np.percentile(region[band], 99))
    span = max(1.0, top - level)
    stretched = np.clip((region.astype(np.float32) - level) / span, 0.0, 1.0)
    inverted = (255.0 * (1.0 - stretched)).astype(np.uint8)
    rim = np.ones((2 * max(1, round(dpi * _EDGE_INCHES)) + 1,) * 2, np.uint8)
    mask = band.astype(np.uint8)
    inner = cv2.erode(mask, rim) > 0
    outer = cv2.dilate(mask, rim) > 0
    result = region.copy()
    result[outer & (region <= level + 60)] = 255
    result[band] = 255
    result[inner] = inverted[inner]
    return result
