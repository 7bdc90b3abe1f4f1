"""Quartiers a letter of intent names: after « quartier(s) » or « QPV », or a known QPV name.

The letter must say which priority neighbourhoods are concerned; this finds the names it gives,
as written, for the checks to match against the QPV list.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from extractors.folding import fold_text
from extractors.quartiers import split_quartiers
from extractors.territory import territory_key

_QUARTIER_MENTION = re.compile(
    r"(?<!pays et )\b(?:quartiers?|qpv)\s+(?:prioritaires?\s+)?"
    r"(?:de la politique de la ville\s+|politique de la ville\s+)?(?:(?:de |du |des |d'|d’|:)\s*)?",
    re.IGNORECASE,
)
_PARTICLES = {"de", "du", "des", "la", "le", "les", "l'", "d'", "l’", "d’", "-", "–", "et"}


def quartiers_named(body: str, known: Collection[str], collectivity: str | None) -> list[str]:
    """Quartiers named after "quartier(s)" or "QPV", plus known QPV names found in the text."""
    found: list[str] = []
    own = territory_key(collectivity) if collectivity else None
    body = re.sub(r"(?i)pays\s+et\s+quartiers\s+d['’]\s*aquitaine", "PQA", body)
    for m in _QUARTIER_MENTION.finditer(body):
        rest = re.split(
            r"[.;:!?()«»\n]| qui | où | afin | pour | avec | dont | situ", body[m.end() :]
        )[0]
        for item in split_quartiers(rest[:200]):
            name = _proper_name(item)
            if name and re.match(r"Quartier\s", m.group()) and body[m.end() :].startswith(item):
                # "Quartier Nord", "Quartier de l'Avenir": the word belongs to the name.
                name = _proper_name(body[m.start() : m.end()] + item) or name
            if not name or fold_text(name) in _NOT_QUARTIERS or territory_key(name) == own:
                continue
            if name not in found:
                found.append(name)
    folded = fold_text(body)
    for name in known:
        if fold_text(name) in folded and name not in found:
            found.append(name)
    return found


_NOT_QUARTIERS = {
    "quartier",
    "quartiers",
    "qpv",
    "ville",
    "commune",
    "agglomeration",
    "metropole",
    "politique de la ville",
    "prioritaires",
    "quartiers prioritaires",
}


def _proper_name(item: str) -> str | None:
    """The leading capitalised words of an item: "Carriet situé au nord" → "Carriet"."""
    item = re.sub(r"^(?:(?i:les|le|la|de|du|des)\s+|(?i:l|d)['’])+", "", item.strip(" «»\"'"))
    tokens = item.split()
    kept: list[str] = []
    for token in tokens:
        elided = re.match(r"^[ldLD]['’][A-ZÀ-Ý]", token)
        if token[0].isupper() or token[0].isdigit() or token.lower() in _PARTICLES or elided:
            kept.append(token)
        else:
            break
    while kept and kept[-1].lower() in _PARTICLES:
        kept.pop()
    name = " ".join(kept)
    return name if name and name[0].isupper() and len(name) <= 80 else None
