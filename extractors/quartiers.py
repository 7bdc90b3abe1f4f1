"""Quartiers prioritaires named in an answer: one name per item, however the list is written.

Territories separate names with commas, semicolons, "et", bullets or line breaks, while some
QPV names hold those themselves ("Barleté et Rodrigues", "Palmer - Saraillère - 8 Mai 45 -
Dravemont" wrapped at the end of a line): the names of the QPV list are protected first.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from extractors.folding import fold_text
from extractors.labels import is_placeholder

# « : » between spaces is OCR's « ; » (« Beaudesert : Yser / Pont-de-Madame »).
_SPLIT_QUARTIERS = re.compile(r"\n|;|,|\s:\s|\s+(?i:et)\s+|\s+&\s+|\s+\+\s+|\s•\s")
_SPLIT_NO_COMMA = re.compile(r"\n|;|\s:\s|\s+(?i:et)\s+|\s+&\s+|\s+\+\s+|\s•\s")
# « / » between spaces separates names (« Sablar / Cuyès ») unless both sides are parts of one
# known name (« Citadelle / Maubec », « Palmer / Saraillère / 8 mai 45 / Dravemont »).
_SLASH = re.compile(r"\s/\s")
_MINOR_WORDS = {"le", "la", "les", "l", "de", "du", "des", "d", "quartier", "quartiers", "cite"}
_MINOR_WORDS |= {"residence", "secteur", "ilot"}
_SLOT = re.compile(r"\x00(\d+)\x00")
_ITEM_PREFIX = re.compile(
    r"^(?:[\s\-*•·▪►→>–—]+|\d{1,2}\s?[.)]\s*|(?i:qpv|quartiers?\s+prioritaires?)\s*(?::|-|–)?\s*)+"
)


def split_quartiers(
    text: str, known: Collection[str] = (), communes: Collection[str] = ()
) -> list[str]:
    """Names of the quartiers in one answer, split on , ; "et" newlines and bullets; a commune
    heading a name (« Coutras, quartier du Centre ») is put aside after it, in brackets."""
    slots: list[str] = []
    protected = _communes_aside(text, communes, known)
    for name in sorted(known, key=len, reverse=True):
        if re.search(r"[\s\-–—]", name.strip()):
            pattern = _known_pattern(name)
            protected = pattern.sub(lambda m: _slot(slots, m.group()), protected)
    protected = re.sub(r"\([^()]*\)", lambda m: _slot(slots, m.group()), protected)
    items: list[str] = []
    # « Peyrouat, Mont-de-Marsan ; Moustey, Saint-Pierre-du-Mont »: with semicolons between
    # the names, a comma only adds the commune
    splitter = _SPLIT_NO_COMMA if ";" in protected else _SPLIT_QUARTIERS
    for part in splitter.split(protected):
        for piece in _slashed(_restore(part, slots), known):
            item = _ITEM_PREFIX.sub("", piece).strip(" .:«»\"'\t")
            item = re.sub(r"\s+", " ", item).strip()
            if item and not is_placeholder(item) and item not in items:
                items.append(item)
    return items


def _communes_aside(text: str, communes: Collection[str], known: Collection[str]) -> str:
    """« Coutras, quartier du Centre » → « quartier du Centre (Coutras) »: at the start of the
    answer, of a line or after a semicolon, a commune and a comma say where the name is (an
    agglomeration's bulletin); when what follows names a commune too, it is a list of
    communes, left alone."""
    places = {_place_key(name) for name in communes} - {_place_key(name) for name in known}
    if not places:
        return text

    def aside(match: re.Match[str]) -> str:
        commune, rest = match.group("commune"), match.group("rest")
        words = _place_key(rest)
        if _place_key(commune) not in places or any(place in words for place in places):
            return match.group()
        return f"{match.group('lead')}{rest.rstrip()} ({commune})"

    return _COMMUNE_FIRST.sub(aside, text)


def _place_key(text: str) -> str:
    """A name's words, folded and space-framed: « Saint-Pierre-du-Mont » is found within
    « Moustey, saint pierre du mont » and « Cenon » is not within « Cenonnais »."""
    return f" {' '.join(re.findall(r'[a-z0-9]+', fold_text(text)))} "


# A capitalised place (« Coutras », « Saint-Pierre-du-Mont ») then a comma, then the name.
_COMMUNE_FIRST = re.compile(
    r"(?P<lead>(?:^|(?<=[\n;]))[ \t\-•*]*)"
    r"(?P<commune>[A-ZÀ-Ý][\w'’]*(?:[ \-][\w'’]+){0,4}?)\s*,\s*(?P<rest>[^,;\n]+)"
)


def _slashed(part: str, known: Collection[str]) -> list[str]:
    """A part split on its spaced slashes, the pieces of one known name kept together."""
    pieces = _SLASH.split(part)
    merged = pieces[:1]
    for piece in pieces[1:]:
        if _one_name(f"{merged[-1]} {piece}", known):
            merged[-1] = f"{merged[-1]} / {piece}"
        else:
            merged.append(piece)
    return merged


def _one_name(text: str, known: Collection[str]) -> bool:
    words = _words(re.sub(r"\([^()]*\)", " ", text))  # « Toulon (Périgueux) »: the commune aside
    return bool(words) and any(words <= _words(name) for name in known)


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    words = {"45" if w == "1945" else w for w in re.findall(r"[a-z0-9]+", fold_text(text))}
    return frozenset(words) - _MINOR_WORDS  # « 8 mai 1945 » is the « 8 Mai 45 » of a name


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
