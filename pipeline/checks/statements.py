"""The letter's statements: motivation, objectives, quartier justification, quoted for the reviewer.

The letter of intent is the first source; the bulletin's project description is a second one
(a statement found only there is a warning). All texts of all drafts go through `nlp.pipe` once.
The rules speak first; the sentence classifier proposes what they missed, and a statement only
it found, with a middling probability, is a warning to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language

from pipeline.checks.classifier import Model, get_model
from pipeline.checks.detect import Finding, Statement, detect
from pipeline.checks.names import NameFinder
from pipeline.checks.nlp import get_nlp
from pipeline.qpv import QpvIndex
from schemas import (
    ApplicationDraft,
    CheckCode,
    CheckResult,
    CheckStatus,
    DocumentKind,
    Evidence,
    Method,
)

BATCH_SIZE = 32
MAX_EVIDENCE = 5
CONFIDENCE = 0.8

# Title, "found" and "absent" agreed in gender and number, and the "none" phrase.
_WHAT = {
    Statement.MOTIVATION: ("Motivation", "trouvée", "absente", "aucune motivation"),
    Statement.OBJECTIVES: ("Objectifs", "trouvés", "absents", "aucun objectif"),
    Statement.QUARTIER_JUSTIFICATION: (
        "Justification du choix des quartiers",
        "trouvée",
        "absente",
        "aucune justification du choix des quartiers",
    ),
}
LOOKED_FOR = {
    Statement.MOTIVATION: (
        "une phrase où la collectivité dit ce qu'elle veut et pourquoi (« souhaite … », "
        "« volonté de … », « priorité », « enjeu », « convaincus que … », « candidature … car … »)"
    ),
    Statement.OBJECTIVES: (
        "un objectif formulé (« l'objectif est de … », « vise à … », « afin de … », "
        "« permettre de … », liste ou tableau d'objectifs), ni nié ni renvoyé à plus tard"
    ),
    Statement.QUARTIER_JUSTIFICATION: (
        "une raison rattachée à un quartier nommé (population, chômage, revenus, vacance "
        "commerciale, renouvellement urbain ANRU/NPNRU, projet ou équipement existant…), "
        "pas une raison valable pour toute la ville"
    ),
}


@dataclass(frozen=True)
class TextSource:
    """A text to analyse and where its offsets point: a letter page or the bulletin description."""

    draft: int
    role: str  # "letter" or "description"
    document: str
    sha256: str | None
    page: int | None
    text: str
    offset: int | None = 0


@dataclass(frozen=True)
class Located:
    source: TextSource
    finding: Finding


def statement_checks(
    drafts: Sequence[ApplicationDraft],
    qpv: QpvIndex,
    nlp: Language | None = None,
    model: Model | None = None,
) -> list[dict[CheckCode, CheckResult]]:
    """The three statement checks for each draft; loads spaCy only if there is text to read.

    `model` is the sentence classifier (the shipped one when None) that proposes what the
    rules missed.
    """
    sources = [s for i, d in enumerate(drafts) for s in text_sources(d, i)]
    found: list[list[Located]] = [[] for _ in drafts]
    if sources:
        nlp = nlp or get_nlp()
        model = model or get_model()
        base = NameFinder(e.name for e in qpv.entries)
        finders = [base.with_names([*d.fields.quartiers, *_letter_quartiers(d)]) for d in drafts]
        prepared = [prepare_text(s.text) for s in sources]
        docs = nlp.pipe((text for text, _ in prepared), batch_size=BATCH_SIZE)
        for source, (_, caps), doc in zip(sources, prepared, docs, strict=True):
            for finding in detect(doc, source.text, finders[source.draft], caps, model):
                found[source.draft].append(Located(source, finding))
    return [
        {
            CheckCode(statement.value): _result(statement, draft, found[i], qpv, model)
            for statement in Statement
        }
        for i, draft in enumerate(drafts)
    ]


def text_sources(draft: ApplicationDraft, index: int) -> Iterator[TextSource]:
    """Letter pages first, then the bulletin's description."""
    letters = [d for d in draft.documents if d.kind == DocumentKind.LETTER]
    for document in letters:
        for page in document.extracted.pages:
            if page.text.strip():
                yield TextSource(
                    index, "letter", document.filename, document.sha256, page.number, page.text
                )
    if not letters and draft.letter is not None and draft.letter.paragraphs:
        yield TextSource(
            index, "letter", "lettre d'intention", None, None, "\n\n".join(draft.letter.paragraphs),
            offset=None,
        )  # fmt: skip
    description = draft.fields.description or (
        draft.bulletin.description if draft.bulletin else None
    )
    if description and description.strip():
        yield _description_source(draft, index, description)


def _description_source(draft: ApplicationDraft, index: int, text: str) -> TextSource:
    """Locate the description in its page when the extractor recorded where it was."""
    evidence = draft.bulletin.evidence.get("description", []) if draft.bulletin else []
    bulletins = [d for d in draft.documents if d.kind == DocumentKind.BULLETIN]
    where = evidence[0] if evidence else None
    document = where.document if where else (bulletins[0].filename if bulletins else "bulletin")
    sha = where.document_sha256 if where else (bulletins[0].sha256 if bulletins else None)
    offset = None
    if where is not None and where.start is not None:
        for doc in draft.documents:
            for page in doc.extracted.pages:
                same_doc = doc.sha256 == where.document_sha256 or doc.filename == where.document
                here = page.text[where.start : where.start + len(text)] == text
                if same_doc and page.number == where.page and here:
                    offset = where.start
    return TextSource(
        index, "description", document, sha, where.page if where else None, text, offset
    )


def prepare_text(text: str) -> tuple[str, bool]:
    """Text for the parser; a letter typed in capitals is put in sentence case (same offsets)."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 20 or sum(ch.isupper() for ch in letters) / len(letters) < 0.8:
        return text, False
    cased = re.sub(
        r"(^|[.!?]\s+|\n\s*)(\w)", lambda m: m.group(1) + m.group(2).upper(), text.lower()
    )
    return (cased, True) if len(cased) == len(text) else (text, False)


def _letter_quartiers(draft: ApplicationDraft) -> list[str]:
    return list(draft.letter.quartiers) if draft.letter else []


def _result(
    statement: Statement,
    draft: ApplicationDraft,
    found: list[Located],
    qpv: QpvIndex,
    model: Model | None,
) -> CheckResult:
    title, verb, absent, none = _WHAT[statement]
    # The rules' findings first: their cue says exactly what was read.
    mine = sorted(
        (x for x in found if x.finding.statement == statement), key=lambda x: x.finding.learned
    )
    in_letter = [x for x in mine if x.finding.accepted and x.source.role == "letter"]
    in_description = [x for x in mine if x.finding.accepted and x.source.role == "description"]
    has_letter = any(d.kind == DocumentKind.LETTER for d in draft.documents) or bool(
        draft.letter and draft.letter.paragraphs
    )
    if in_letter:
        gap = _uncovered(statement, draft, in_letter, qpv)
        first = in_letter[0]
        message = (
            f"{title} {verb} dans la lettre d'intention ({first.finding.cue}) : {_quote(first)}"
        )
        if len(in_letter) > 1:
            message += f" (et {len(in_letter) - 1} autre(s) passage(s))"
        weak = _weak(statement, in_letter, model)
        status = CheckStatus.WARNING if gap or weak else CheckStatus.OK
        return CheckResult(
            status=status, message=message + "." + gap + weak, evidence=_evidence(in_letter)
        )
    if in_description:
        where = "dans la lettre d'intention" if has_letter else "(pas de lettre d'intention)"
        message = (
            f"{title} {absent} {where} ; {verb} seulement dans la description du bulletin : "
            f"{_quote(in_description[0])}."
        )
        gap = _uncovered(statement, draft, in_description, qpv)
        return CheckResult(
            status=CheckStatus.WARNING, message=message + gap, evidence=_evidence(in_description)
        )
    return CheckResult(status=CheckStatus.MISSING, message=_missing(statement, draft, mine, none))


def _weak(statement: Statement, found: list[Located], model: Model | None) -> str:
    """A statement only the classifier found, and with a middling probability, is to confirm."""
    if model is None or any(not x.finding.learned for x in found):
        return ""
    best = max(x.finding.confidence or 0.0 for x in found)
    if best >= model[statement].strong:
        return ""
    return (
        " Repéré par le modèle statistique seulement, avec une probabilité moyenne : "
        "à confirmer en lisant le passage."
    )


def _missing(statement: Statement, draft: ApplicationDraft, mine: list[Located], none: str) -> str:
    letters = [d.filename for d in draft.documents if d.kind == DocumentKind.LETTER]
    has_description = bool(
        draft.fields.description or (draft.bulletin and draft.bulletin.description)
    )
    if not letters and not has_description:
        return (
            f"Ni lettre d'intention ni description de projet à lire : {none} ne peut être trouvée."
        )
    read = []
    if letters:
        read.append(f"la lettre d'intention ({', '.join(letters)})")
    if has_description:
        read.append("la description du bulletin")
    message = (
        f"{none.capitalize()} dans {' ni dans '.join(read)}. Recherché : {LOOKED_FOR[statement]}."
    )
    refused = [x for x in mine if not x.finding.accepted]
    if refused:
        message += f" Passage écarté ({refused[0].finding.cue}) : {_quote(refused[0])}."
    return message


def _uncovered(
    statement: Statement, draft: ApplicationDraft, found: list[Located], qpv: QpvIndex
) -> str:
    """For the justification: the declared quartiers no reason was given for."""
    if statement != Statement.QUARTIER_JUSTIFICATION or not draft.fields.quartiers:
        return ""
    named = [n.strip() for x in found for q in x.finding.quartiers for n in q.split(",")]
    missing = [q for q in draft.fields.quartiers if not any(qpv.same_quartier(q, n) for n in named)]
    if not missing:
        return ""
    return " Aucune raison donnée pour : " + ", ".join(missing) + "."


def _evidence(found: list[Located]) -> list[Evidence]:
    evidence = []
    for x in found[:MAX_EVIDENCE]:
        source, finding = x.source, x.finding
        shift = source.offset
        evidence.append(
            Evidence(
                document=source.document,
                document_sha256=source.sha256,
                page=source.page,
                text=source.text[finding.start : finding.end],
                start=finding.start + shift if shift is not None else None,
                end=finding.end + shift if shift is not None else None,
                method=Method.NLP,
                confidence=finding.confidence if finding.confidence is not None else CONFIDENCE,
            )
        )
    return evidence


def _quote(x: Located, limit: int = 200) -> str:
    text = " ".join(x.source.text[x.finding.start : x.finding.end].split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    where = x.source.document + (f", p. {x.source.page}" if x.source.page else "")
    return f"« {text} » ({where})"
