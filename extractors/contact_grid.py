"""Contact blocks written as a grid of text (cells split by tabs, "|" or " : "), read by their
header row; and the labels of a contact's lines, shared with the table reader."""

from __future__ import annotations

import re

from extractors.labels import Label, LabelSet

# Not strict: in PDF tables the answer follows the label after spaces only ("Nom et prénom
# Émilie Darrigrand"); a wrapped prose line starting in lower case is still refused.
CONTACT_LABELS = LabelSet(
    [
        Label(
            key="name",
            # « Nom et prénom / fonction »: one cell holds both, the name first.
            pattern=r"(?:(?:civilite,? )?nom(?: et | |/|-| - |, ?)prenom"
            r"|prenom(?: et | |/|-| - |, ?)nom"
            r"|nom du contact|nom de la personne|identite|nom)(?: ?(?:/|,|et) ?fonction)?",
        ),
        Label(
            key="name",
            pattern=r"agent|interlocut(?:eur|rice)|m\.? ?/ ?mme\.?",
            strict=True,
        ),
        Label(key="first_name", pattern=r"prenom"),
        Label(
            key="function",
            pattern=r"(?:fonction(?: (?:occupee|exercee|elective))?|qualite|poste(?: occupe)?"
            r"|emploi occupe|intitule du poste|fonctions|grade|metier)",
        ),
        Label(key="function", pattern=r"(?:titre|role|mandat|delegation)", strict=True),
        Label(
            key="function",
            pattern=r"(?:titre|qualite|fonction|mandat) (?:de l |du |de la )?elue?",
        ),
        Label(
            key="service",
            pattern=r"(?:service|direction|pole)(?: ?/ ?(?:service|direction|pole))?"
            r"(?: de rattachement)?",
        ),
        Label(
            key="email",
            pattern=r"(?:adresse )?(?:e ?-?mail|courriel|mel|mail|adresse electronique|email)"
            r"|coordonnees electroniques|(?:adresse de )?messagerie",
        ),
        Label(
            key="phone",
            pattern=r"(?:n ?° ?(?:de )?|numero (?:de )?)?(?:telephone|tel\.?|phone|portable|mobile"
            r"|ligne directe|fixe)|coordonnees telephoniques",
        ),
        Label(key="phone", pattern=r"ligne|numero|contact telephonique", strict=True),
        Label(key="fax", pattern=r"(?:telecopie|fax)"),
        Label(key="address", pattern=r"(?:adresse(?: postale)?|coordonnees postales)"),
    ]
)

LINE_LABEL = {
    "name": "Nom",
    "first_name": "Prénom",
    "function": "Fonction",
    "service": "Service",
    "email": "Courriel",
    "phone": "Téléphone",
    "fax": "Fax",
    "address": "Adresse",
}


def header_key(cell: str) -> str | None:
    """The contact detail a header cell names (« Courriel », « Nom et prénom / fonction »),
    its lines joined (a narrow cell wraps « Nom et prénom / » onto « fonction »)."""
    hit = CONTACT_LABELS.match(re.sub(r"\s*/(?:\s*/)+\s*", " / ", " ".join((cell or "").split())))
    return hit.key if hit and not hit.value else None


_CELL_SEPARATORS = (
    re.compile(r"\t+"),
    re.compile(r"\s*(?:(?<=\S)\||\|(?![\w.%+'-]*@))\s*"),
    re.compile(r"\s+:\s+"),
)


def ungrid(text: str) -> str:
    """A contacts grid written as text ("Nom | Fonction | Courriel" then one row per person,
    cells split by tabs, bars or " : ") made labelled lines, one per cell, read by the header.

    A header is a row whose cells are all contact labels; a row of one cell (a service
    heading) is kept as it is; any other row is mapped cell by cell onto the header."""
    out: list[str] = []
    header: list[str | None] | None = None
    separator: re.Pattern[str] | None = None
    for line in text.split("\n"):
        if header is None or separator is None:
            found = _grid_header(line)
            if found is not None:
                header, separator = found
            elif not _label_words(line):
                out += _loose_cells(line)
            continue
        cells = _cells(line, separator)
        if len(cells) < 2:
            out.append(cells[0] if cells else line)
            continue
        out += [
            f"{LINE_LABEL[key]} : {cell}"
            for key, cell in zip(header, cells, strict=False)
            if key and cell
        ]
    return "\n".join(out)


def _loose_cells(line: str) -> list[str]:
    """A row of a grid without header ("Solène Barrère|Directrice …|s@x.fr|05 …"): one cell a
    line, read as free lines; a row opening with a label keeps its "label, value" shape."""
    for separator in _CELL_SEPARATORS[:2]:
        cells = _cells(line, separator)
        if len(cells) == 1 and cells[0] != line.strip():
            return cells
        if len(cells) >= 2 and not CONTACT_LABELS.match(cells[0]):
            return cells
    return [line]


def _label_words(line: str) -> bool:
    """A header row whose cell borders were lost ("Nom Fonction Courriel Téléphone", as OCR
    reads a grid): every word a different contact label. It names no one, so it is dropped."""
    words = line.split()
    keys = [header_key(word) for word in words]
    return len(words) >= 3 and all(keys) and len(set(keys)) == len(keys)


def _grid_header(line: str) -> tuple[list[str | None], re.Pattern[str]] | None:
    for separator in _CELL_SEPARATORS:
        cells = _cells(line, separator)
        keys = [header_key(cell) for cell in cells]
        if len(cells) >= 2 and all(keys) and len(set(keys)) == len(keys):
            return keys, separator
    return None


def _cells(line: str, separator: re.Pattern[str]) -> list[str]:
    cells = [cell.strip() for cell in separator.split(line.strip())]
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    return cells
