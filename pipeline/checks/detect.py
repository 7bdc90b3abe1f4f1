"""Find the statements a letter of intent must make, one unit (sentence, item, row) at a time.

Rules on the spaCy parse and lemmas, each finding naming the cue it rests on so a reviewer can
judge it: motivation (what the collectivity wants and why), objectives (aims with content), and
quartier justification (a reason tied to a named quartier). Refused candidates (negated, put off,
heading without content) are kept with the reason, for the "missing" message. When a model is
given, the sentence classifier then proposes what the rules missed, under the same guards.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.checks.classifier import Model
from pipeline.checks.finding import Finding, Statement
from pipeline.checks.justification import find_justification
from pipeline.checks.learned import learned_findings
from pipeline.checks.motivation import find_motivation
from pipeline.checks.names import Mention, NameFinder, resolve_anaphora
from pipeline.checks.objectives import find_objective, list_objectives, table_objectives
from pipeline.checks.segments import Unit, split_units

__all__ = ["Analysis", "Finding", "Statement", "analyse", "detect"]


@dataclass(frozen=True)
class Analysis:
    """A page cut into units, the quartiers each unit names, and what the rules found."""

    units: list[Unit]
    mentions: list[list[Mention]]
    findings: list[Finding]


def analyse(doc: Doc, original: str, names: NameFinder, caps: bool = False) -> Analysis:
    """Units, mentions and rule findings of one analysed page (same offsets as `original`)."""
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
    return Analysis(units, mentions, findings)


def detect(
    doc: Doc, original: str, names: NameFinder, caps: bool = False, model: Model | None = None
) -> list[Finding]:
    """All findings of one analysed page: the rules', then the classifier's if a model is given."""
    analysis = analyse(doc, original, names, caps)
    if model is None:
        return analysis.findings
    learned = learned_findings(analysis.units, analysis.mentions, analysis.findings, model)
    return analysis.findings + learned
