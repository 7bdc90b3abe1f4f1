"""Find the statements a letter of intent must make, one unit (sentence, item, row) at a time.

Rules on the spaCy parse and lemmas, each finding naming the cue it rests on so a reviewer can
judge it: motivation (what the collectivity wants and why), objectives (aims with content), and
quartier justification (a reason tied to a named quartier). Refused candidates (negated, put off,
heading without content) are kept with the reason, for the "missing" message.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.checks.finding import Finding, Statement
from pipeline.checks.justification import find_justification
from pipeline.checks.motivation import find_motivation
from pipeline.checks.names import NameFinder, resolve_anaphora
from pipeline.checks.objectives import find_objective, list_objectives, table_objectives
from pipeline.checks.segments import split_units

__all__ = ["Finding", "Statement", "detect"]


def detect(doc: Doc, original: str, names: NameFinder, caps: bool = False) -> list[Finding]:
    """All findings of one analysed page; `original` is the page text as read (same offsets)."""
    units = split_units(doc)
    mentions = resolve_anaphora(units, [names.mentions(u, original, caps) for u in units])
    findings: list[Finding] = []
    for unit, unit_mentions in zip(units, mentions, strict=True):
        for found in (
            find_motivation(unit),
            find_objective(unit),
            find_justification(unit, unit_mentions),
        ):
            if found is not None:
                findings.append(found)
    findings.extend(list_objectives(units))
    findings.extend(table_objectives(units))
    return findings
