"""A contacts grid with one column per service, made one block of labelled lines per service.

    |                | Politique de la ville  | Développement économique |
    | Nom            | Ludovic Garrigou       | Solène Lapeyre           |
    | Fonction       | Responsable du service | Responsable de la mission |

A mail's HTML table, or a grid typed with tabs or bars, reads one row per line with its cells
split (« Nom : Ludovic Garrigou : Solène Lapeyre »): each line mixes both people. Read by its
header row of services, the grid becomes « Politique de la ville » then « Nom : Ludovic
Garrigou », « Fonction : … », then the other service's block, as a form would have it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractors.contact_grid import CONTACT_LABELS

_SEPARATORS = (
    re.compile(r"\t+"),
    re.compile(r"\s*\|\s*"),
    re.compile(r"\s+:\s+|\s+:$"),
)


def services_as_rows(text: str, heading: Callable[[str], object | None]) -> str:
    """``text`` with each services-as-columns grid rewritten as one block per service;
    ``heading`` tells which service a cell names (None for none)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        found = _header(lines[i], heading)
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        separator, services = found
        blocks = [[service] for service in services]
        j = i + 1
        while j < len(lines) and (row := _row(lines[j], separator, len(services))) is not None:
            label, values = row
            for block, value in zip(blocks, values, strict=False):
                if value:
                    block.append(f"{label} : {value}")
            j += 1
        if j == i + 1:
            out.append(lines[i])  # a heading line that happens to name two services
            i += 1
            continue
        out += [line for block in blocks for line in block]
        i = j
    return "\n".join(out)


def _header(
    line: str, heading: Callable[[str], object | None]
) -> tuple[re.Pattern[str], list[str]] | None:
    for separator in _SEPARATORS:
        cells = _cells(line, separator)
        if len(cells) >= 2 and heading(cells[0]) is None:
            cells = cells[1:]  # a corner cell (« Service », « Rubrique »)
        services = [heading(cell) for cell in cells]
        if len(cells) >= 2 and all(services) and len(set(services)) == len(services):
            return separator, cells
    return None


def _row(line: str, separator: re.Pattern[str], width: int) -> tuple[str, list[str]] | None:
    """A grid row: a contact label, then at most one value per service."""
    cells = _cells(line, separator)
    if not 2 <= len(cells) <= width + 1:
        return None
    hit = CONTACT_LABELS.match(cells[0])
    if hit is None or hit.value:
        return None
    return cells[0], cells[1:]


def _cells(line: str, separator: re.Pattern[str]) -> list[str]:
    cells = [cell.strip() for cell in separator.split(line.strip())]
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    return cells
