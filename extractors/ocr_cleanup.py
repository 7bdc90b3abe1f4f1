"""Marks on a scanned page that are not text and that Tesseract would read as words.

A form typed over dotted lines (« Titre : ........ ») keeps its dot leaders when printed and
scanned; Tesseract reads each run of dots as a string of junk letters glued to the answer
(« quartiers ..... ea ss ce »), and a filled square bullet as letters before its label. The
leaders are rows of small, evenly spaced specks, the bullets lone filled squares: both are found
among the page's blobs of ink in one pass and painted white before the page is read.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

_CONTRAST = 35  # grey levels under the paper's that make a pixel ink (dots are often light)
_DOT_INCHES = 0.03  # a leader dot is at most this wide and high (0.8 mm)
_GAP_INCHES = 0.12  # and the next dot of its row at most this far along
_MIN_RUN = 6  # dots in a row before it is a leader, not an ellipsis or an accent
_BULLET_INCHES = (0.04, 0.14)  # side of a filled square bullet (1 to 3.5 mm)


def erase_marks(gray: Image.Image, dpi: float) -> Image.Image:
    """The page with its runs of leader dots and its filled square bullets painted white;
    other ink is untouched (the page itself comes back when there is neither)."""
    import cv2  # only scans need it; keeps a poll that finds nothing new quick to start

    array = np.asarray(gray)
    ink = (array < float(np.median(array)) - _CONTRAST).astype(np.uint8)
    _count, labels, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    erase = _leader_dots(stats, centres, dpi) | _square_bullets(ink, stats, dpi)
    erase[0] = False  # label 0 is the background
    if not erase.any():
        return gray
    cleaned = array.copy()
    cleaned[erase[labels]] = 255
    return Image.fromarray(cleaned, mode="L")


def _square_bullets(ink: np.ndarray, stats: np.ndarray, dpi: float) -> np.ndarray:
    """Which components are filled square bullets (« ■ Titre du projet »).

    Tesseract reads such a bullet as letters (« EH », « HE ») glued before the label, which
    then no longer opens its line.
    """
    import cv2

    low, high = dpi * _BULLET_INCHES[0], dpi * _BULLET_INCHES[1]
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    fill = stats[:, cv2.CC_STAT_AREA] / np.maximum(1, widths * heights)
    square = (widths >= low) & (widths <= high) & (heights >= low) & (heights <= high)
    square &= (np.abs(widths - heights) <= 0.2 * np.maximum(widths, heights)) & (fill >= 0.9)
    for index in np.nonzero(square)[0]:
        square[index] = _stands_alone(ink, stats[index])
    return square


def _stands_alone(ink: np.ndarray, stat: np.ndarray) -> bool:
    """White before the mark for its width and after it for a third of it: a bullet before its
    label, not a letter in a word (a small bold letter scanned at low resolution can fill in
    to a square)."""
    x, y, w, h = (int(v) for v in stat[:4])
    left = ink[y : y + h, max(0, x - w) : x]
    right = ink[y : y + h, x + w : x + w + max(2, w // 3)]
    return left.size > 0 and right.size > 0 and not left.any() and not right.any()


def _leader_dots(stats: np.ndarray, centres: np.ndarray, dpi: float) -> np.ndarray:
    """Which components are dots of a row of at least ``_MIN_RUN`` evenly spaced dots.

    Each dot is linked to the nearest dot to its right on the same level (within a dot's
    height); a row is a chain of such links.
    """
    import cv2

    size = max(3.0, dpi * _DOT_INCHES)
    max_gap = dpi * _GAP_INCHES
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    small = (widths <= size) & (heights <= size) & (stats[:, cv2.CC_STAT_AREA] >= 2)
    leaders = np.zeros(len(stats), dtype=bool)
    dots = np.nonzero(small)[0]
    if len(dots) < _MIN_RUN:
        return leaders
    order = dots[np.argsort(centres[dots, 0], kind="stable")]
    xs, ys = centres[order, 0], centres[order, 1]
    following = np.full(len(order), -1)
    for i in range(len(order)):
        j = i + 1
        while j < len(order) and xs[j] - xs[i] <= max_gap:
            if xs[j] - xs[i] >= 2 and abs(ys[j] - ys[i]) <= size:
                following[i] = j
                break
            j += 1
    has_previous = np.zeros(len(order), dtype=bool)
    has_previous[following[following >= 0]] = True
    for start in np.nonzero(~has_previous)[0]:
        chain = [int(start)]
        while following[chain[-1]] >= 0 and len(chain) <= len(order):
            chain.append(int(following[chain[-1]]))
        if len(chain) >= _MIN_RUN:
            leaders[order[chain]] = True
    return leaders
