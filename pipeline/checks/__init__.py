"""The checks of an application: completeness, the letter's statements, the QPV list.

`run_checks` gives one result per check code for each draft; spaCy is loaded (once per process)
only when some draft has text to read, and all texts go through `nlp.pipe` together.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language

from pipeline.checks.completeness import completeness_checks
from pipeline.checks.nlp import get_nlp
from pipeline.checks.qpv_check import quartiers_qpv
from pipeline.checks.statements import statement_checks
from pipeline.qpv import QpvIndex
from schemas import ApplicationDraft, Campaign, CheckCode, CheckResult

__all__ = ["get_nlp", "run_checks"]


def run_checks(
    drafts: Sequence[ApplicationDraft],
    campaign: Campaign,
    qpv: QpvIndex,
    nlp: Language | None = None,
) -> list[dict[CheckCode, CheckResult]]:
    """One dict per draft, in order, with every CheckCode present."""
    statements = statement_checks(drafts, qpv, nlp)
    results = []
    for draft, said in zip(drafts, statements, strict=True):
        found = {
            **completeness_checks(draft, campaign),
            CheckCode.QUARTIERS_QPV: quartiers_qpv(draft, campaign, qpv),
            **said,
        }
        results.append({code: found[code] for code in CheckCode})
    return results
