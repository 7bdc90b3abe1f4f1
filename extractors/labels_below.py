"""Forms that print each label under its answer line, as a caption, put back label first.

    Service Politique de la ville
    Laetitia BÉGUÉ                 Cheffe de projet contrat de ville
    Nom et prénom                  Fonction
    laetitia.begue@dax-mairie.fr   05 58 95 39 36
    Courriel                       Téléphone

Read line by line, every label would take the next person's answer. A section whose first
line is an answer and whose second is only labels is laid out so: each caption line is moved
above the answer line it is under, and the labels are read as anywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.contact_grid import CONTACT_LABELS

_PAGE_FOOTER = re.compile(r"\bpage \d+(?: ?/ ?\d+)?$", re.IGNORECASE)  # « … – page 2 »


def captions_first(text: str, heading: Callable[[str], object | None]) -> str:
    """``text`` with caption lines moved above the answers they are printed under;
    ``heading`` tells a service heading (« Service Politique de la ville »)."""
    out: list[str] = []
    below: bool | None = None  # the section's layout, known at its first label
    run: list[str] = []  # answer lines since the last label or section heading
    for line in text.split("\n"):
        if _opens_section(line, heading):
            out += [*run, line]
            # « Contact : » alone then « Rachid Pouyanne »: the rubric is a label over its
            # answer, and so are the section's next labels
            label_over = line.rstrip().endswith(":") and heading(line.strip()) is None
            run, below = [], False if label_over else None
        elif _captions(line):
            if below is None:
                below = bool(run)  # an answer before the section's first label: captions
            out += [line, *run] if below else [*run, line]
            run = []
        elif _labelled(line):
            out += [*run, line]
            run = []
            below = False if below is None else below
        else:
            run.append(line)
    return "\n".join(out + run)


def _labelled(line: str) -> bool:
    """A label and its answer on one line (« Nom : Dupont »): labels are above or beside."""
    hit = CONTACT_LABELS.match(line)
    return hit is not None and bool(hit.value) and hit.key != "service"


def _captions(line: str) -> bool:
    """Only contact labels on the line (« Nom et prénom Fonction », « Courriel Téléphone »)."""
    rest = line.strip()
    found = 0
    while rest:
        hit = CONTACT_LABELS.match(rest)
        if hit is None or hit.value == rest:
            return False
        rest, found = hit.value.strip(), found + 1
    return found > 0


def _opens_section(line: str, heading: Callable[[str], object | None]) -> bool:
    """A blank line, a service heading, a page's footer, or a rubric of the bulletin left
    unanswered on its line (« Élu(e) référent(e) », « Personnes-contacts »)."""
    stripped = line.strip()
    if not stripped or heading(stripped) is not None or _PAGE_FOOTER.search(stripped):
        return True
    hit = BULLETIN_LABELS.match(stripped)
    return hit is not None and not hit.value
