"""Quartiers prioritaires named in an answer: one name per item, however the list is written.

Territories separate names with commas, semicolons, "et", bullets or line breaks, while some
QPV names hold those themselves ("Barleté et Rodrigues", "Palmer - Saraillère - 8 Mai 45 -
Dravemont" wrapped at the end of a line): the names of the QPV list are protected first.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from extractors.labels import is_placeholder

# « : » between spaces is OCR's « ; » (« Beaudesert : Yser / Pont-de-Madame »).
# « / » between spaces too (« Sablar / Cuyès »), a known name's own « Yser / Pont-de-Madame »
# being protected first.
_SPLIT_QUARTIERS = re.compile(r"\n|;|,|\s:\s|\s+(?i:et)\s+|\s+&\s+|\s+\+\s+|\s•\s|\s/\s")
_SLOT = re.compile(r"\x00(\d+)\x00")
_ITEM_PREFIX = re.compile(
    r"^(?:[\s\-*•·▪►→>–—]+|\d{1,2}\s?[.)]\s*|(?i:qpv|quartiers?\s+prioritaires?)\s*(?::|-|–)?\s*)+"
)


def split_quartiers(text: str, known: Collection[str] = ()) -> list[str]:
    """Names of the quartiers in one answer, split on , ; "et" newlines and bullets."""
    protected = text
    slots: list[str] = []
    for name in sorted(known, key=len, reverse=True):
        if re.search(r"[\s\-–—]", name.strip()):
            pattern = _known_pattern(name)
            protected = pattern.sub(lambda m: _slot(slots, m.group()), protected)
    protected = re.sub(r"\([^()]*\)", lambda m: _slot(slots, m.group()), protected)
    items: list[str] = []
    for part in _SPLIT_QUARTIERS.split(protected):
        item = _ITEM_PREFIX.sub("", part).strip(" .:«»\"'\t")
        item = _restore(item, slots)
        item = re.sub(r"\s+", " ", item).strip()
        if item and not is_placeholder(item) and item not in items:
            items.append(item)
    return items


@lru_cache(maxsize=4096)
def _known_pattern(name: str) -> re.Pattern[str]:
    """A known name however it is spaced or wrapped: "8 Mai 45 -\nDravemont", "Génicart–Est"."""
    words = re.split(r"\s*[-–—]\s*|\s+", name.strip())
    joint = r"(?:\s*[-–—/]\s*|\s+)"
    body = joint.join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _restore(item: str, slots: list[str]) -> str:
    """Put protected names back; a slot can hold another (a known name inside brackets)."""
    for _ in range(len(slots) + 1):
        restored = _SLOT.sub(lambda m: slots[int(m.group(1))], item)
        if restored == item:
            break
        item = restored
    return item


def _slot(slots: list[str], text: str) -> str:
    slots.append(text)
    return f"\x00{len(slots) - 1}\x00"
