"""What a statement rule reports: which statement, where in the page text, and on which cue."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pipeline.checks.segments import Unit


class Statement(StrEnum):
    MOTIVATION = "motivation"
    OBJECTIVES = "objectives"
    QUARTIER_JUSTIFICATION = "quartier_justification"


@dataclass(frozen=True)
class Finding:
    """A unit that states (accepted) or seemed to state but does not (refused) something.

    `learned` findings come from the sentence classifier, with its probability as `confidence`;
    rule findings have no confidence of their own.
    """

    statement: Statement
    start: int
    end: int
    cue: str
    accepted: bool = True
    quartiers: tuple[str, ...] = ()
    learned: bool = False
    confidence: float | None = None


def finding(statement: Statement, unit: Unit, cue: str, accepted: bool = True) -> Finding:
    return Finding(statement=statement, start=unit.start, end=unit.end, cue=cue, accepted=accepted)
