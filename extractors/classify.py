"""What a document is — bulletin, letter of intent, or something else — read from its content.

Each page is scored on the marks of each kind (the bulletin's labels, a letter's salutation,
closing formula and signatory, a deliberation's or a CV's headings); runs of pages of the same
kind become one classification, so a PDF holding the letter and the bulletin is split by page
range. The file name only breaks ties, or speaks when the content says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.folding import fold_text
from schemas.base import Frozen
from schemas.document import DocumentKind, ExtractedText

_BULLETIN_KEYS = {
    "project_title": "titre du projet",
    "quartiers": "quartiers prioritaires",
    "description": "description",
    "difficulties": "difficultés et questions à traiter",
    "contacts": "personnes-contacts",
    "elected_official": "élu référent",
}
_SERVICE_KEYS = {"contact_pv": "contacts", "contact_eco": "contacts"}
_THRESHOLD = 3
_LABELS_WHY = "libellés du bulletin"

# (kind, weight, description in French, pattern on one folded line or on the folded page)
_LINE_MARKS: list[tuple[DocumentKind, int, str, re.Pattern[str]]] = [
    (
        DocumentKind.BULLETIN,
        4,
        "titre « bulletin d'inscription »",
        re.compile(
            r"^\W*(?:bulletin|fiche|formulaire) (?:d )?(?:inscription|candidature|projet)"
            r"|^\W*fiche projet"
        ),
    ),
    (
        DocumentKind.LETTER,
        3,
        "titre « lettre d'intention »",
        re.compile(
            r"^\W*(?:objet ?: ?)?"
            r"lettre d intention"
        ),
    ),
    (
        DocumentKind.LETTER,
        2,
        "formule d'appel « Madame, Monsieur »",
        re.compile(r"^\s*(?:madame|monsieur|mesdames|messieurs|chere|cher)\b[^.:;]{0,60},\s*$"),
    ),
    (
        DocumentKind.LETTER,
        2,
        "bloc signataire",
        re.compile(
            r"^\s*(?:pour )?(?:le|la|l) (?:1er |premier |premiere )?(?:maire|president|presidente"
            r"|adjoint|adjointe|vice ?-?presidente?)\b[^.]{0,60}$"
        ),
    ),
    (DocumentKind.LETTER, 1, "objet du courrier", re.compile(r"^\s*objet ?:")),
    (
        DocumentKind.LETTER,
        1,
        "lieu et date",
        re.compile(r"^\s*(?:fait )?(?:a )?[a-z][\w -]{1,40},? le \d{1,2}(?:er)? \w+ \d{4}\s*$"),
    ),
    (
        DocumentKind.OTHER,
        5,
        "délibération",
        re.compile(
            r"^\W*(?:extrait du registre des deliberations|deliberation (?:du|n)"
            r"|seance du conseil|compte rendu du conseil)"
        ),
    ),
    (DocumentKind.OTHER, 5, "curriculum vitae", re.compile(r"^\W*(?:curriculum vitae|cv)\W*$")),
    (DocumentKind.OTHER, 3, "annexe", re.compile(r"^\W*annexe\b")),
]
_TEXT_MARKS: list[tuple[DocumentKind, int, str, re.Pattern[str]]] = [
    (
        DocumentKind.LETTER,
        3,
        "formule de politesse « Je vous prie d'agréer »",
        re.compile(
            r"(?:je vous prie|veuillez|nous vous prions) (?:d agreer|de (?:bien vouloir )?"
            r"(?:recevoir|croire|agreer))|l expression de (?:ma|mes|nos|notre) (?:\w+ )?"
            r"(?:consideration|salutations|sentiments)|salutations distinguees"
        ),
    ),
    (
        DocumentKind.LETTER,
        2,
        "motivation à la première personne",
        re.compile(
            r"\b(?:nous souhaitons|je souhaite|notre (?:commune|ville|collectivite|territoire"
            r"|agglomeration|candidature|volonte)|j ai l honneur|nous avons l honneur"
            r"|je tiens a|nous tenons a|je vous fais part|nous sommes convaincus)"
        ),
    ),
    (
        DocumentKind.OTHER,
        4,
        "délibération du conseil",
        re.compile(
            r"deliberation du conseil|apres en avoir delibere|le conseil (?:municipal"
            r"|communautaire),? (?:apres|entendu|decide)"
        ),
    ),
    (
        DocumentKind.OTHER,
        3,
        "budget ou plan de financement",
        re.compile(r"budget previsionnel|plan de financement|total des (?:charges|depenses)"),
    ),
    (
        DocumentKind.OTHER,
        2,
        "expérience professionnelle (CV)",
        re.compile(r"experiences? professionnelles?.{0,400}\bformations?\b", re.DOTALL),
    ),
    (DocumentKind.OTHER, 2, "carte ou plan", re.compile(r"plan de situation|echelle ?: ?1 ?/")),
]
_COVER = re.compile(
    r"veuillez trouver ci ?-?joint|vous trouverez ci ?-?joint|ci ?-?joint|en pieces? jointes?"
    r"|cordialement"
)
_BELOW = re.compile(r"ci ?-?dessous|ci ?-?apres")
_MOTIVE = re.compile(r"souhait|objectif|motiv|ambition|enjeu|volonte|convaincu|\bvis(?:e|ons)\b")
# A letter on letterhead: a subject line and a formal closing (« Veuillez agréer … »), which a
# cover mail (« Cordialement ») does not have.
_FORMAL = re.compile(r"\bobjet ?:.*?(?:agreer|l'expression de|l'assurance de)")
_FILENAME_MARKS: list[tuple[DocumentKind, re.Pattern[str]]] = [
    (DocumentKind.BULLETIN, re.compile(r"bulletin|inscription|formulaire|fiche|candidature")),
    (DocumentKind.LETTER, re.compile(r"lettre|intention|courrier|\bli\b|motivation")),
    (DocumentKind.OTHER, re.compile(r"deliberation|\bcv\b|budget|annexe|carte|plan|delib")),
]


class Classification(Frozen):
    """The kind of a document, or of a range of its pages, and why."""

    kind: DocumentKind
    reason: str = Field(description="French, for staff.")
    page_range: tuple[int, int] | None = Field(
        default=None, description="Pages of this kind when the file holds several documents."
    )
    confidence: float = Field(ge=0.0, le=1.0)


@dataclass
class _Score:
    points: dict[DocumentKind, int] = field(default_factory=dict)
    why: dict[DocumentKind, list[str]] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)

    def add(self, kind: DocumentKind, weight: int, why: str) -> None:
        self.points[kind] = self.points.get(kind, 0) + weight
        if why not in self.why.setdefault(kind, []):
            self.why[kind].append(why)

    def best(self, tie_breaker: DocumentKind | None = None) -> DocumentKind | None:
        """The leading kind above the threshold; a tie goes to ``tie_breaker`` if it is in it."""
        if not self.points:
            return None
        top = max(self.points.values())
        leaders = [kind for kind, points in self.points.items() if points == top]
        if top < _THRESHOLD:
            return None
        if len(leaders) == 1:
            return leaders[0]
        return tie_breaker if tie_breaker in leaders else None


def score_text(text: str, form_keys: set[str] | None = None) -> _Score:
    """Points for each kind from the marks found in one page (or one mail body)."""
    score = _Score()
    keys = set(form_keys or ())
    for line in text.splitlines():
        hit = BULLETIN_LABELS.match(line)
        if hit:
            keys.add(_SERVICE_KEYS.get(hit.key, hit.key))
        folded = fold_text(line)
        for kind, weight, why, pattern in _LINE_MARKS:
            if pattern.search(folded):
                score.add(kind, weight, why)
    score.labels = [k for k in _BULLETIN_KEYS if k in keys]
    if score.labels:
        score.add(DocumentKind.BULLETIN, 2 * len(score.labels), _LABELS_WHY)
    folded_text = fold_text(text)
    for kind, weight, why, pattern in _TEXT_MARKS:
        if pattern.search(folded_text):
            score.add(kind, weight, why)
    _cover_note(folded_text, score)
    return score


def _cover_note(folded: str, score: _Score) -> None:
    """A short mail "veuillez trouver ci-joint" is a cover note, not a letter of intent."""
    if len(folded) > 1500 or not _COVER.search(folded) or _MOTIVE.search(folded):
        return
    if _BELOW.search(folded):
        return  # « trouver ci-dessous sa lettre d'intention »: the letter is in the mail
    if _FORMAL.search(folded):
        return  # a letter announcing the bulletin « ci-joint » is still a letter
    if score.points.get(DocumentKind.BULLETIN, 0) >= 4:
        return
    letter = score.points.get(DocumentKind.LETTER, 0)
    score.add(DocumentKind.OTHER, letter + 3, "message d'accompagnement (« ci-joint »)")


def classify(extracted: ExtractedText, filename: str) -> list[Classification]:
    """Kinds found in a document, one per run of pages; the mail body is a one-page document."""
    form_keys = _form_keys(extracted)
    pages = [(p.number, p.text) for p in extracted.pages]
    by_name = _filename_kind(filename)
    labelled: list[tuple[int, DocumentKind | None, _Score]] = []
    for number, text in pages:
        score = score_text(text, form_keys.get(number, set()) | form_keys.get(0, set()))
        labelled.append((number, score.best(by_name), score))
    if not any(kind for _, kind, _ in labelled):
        return [_fallback(pages, filename)]
    runs = _runs(labelled)
    if len(runs) == 1:
        kind, _first, _last, scores = runs[0]
        return [_classification(kind, None, scores, filename)]
    return [_classification(k, (a, b), scores, filename) for k, a, b, scores in runs]


def _form_keys(extracted: ExtractedText) -> dict[int, set[str]]:
    """Bulletin keys named by form fields, per page (0 when the page is unknown)."""
    keys: dict[int, set[str]] = {}
    for form_field in extracted.form_fields:
        key = BULLETIN_LABELS.match_name(form_field.name)
        if key and not key.startswith("_"):
            keys.setdefault(form_field.page or 0, set()).add(_SERVICE_KEYS.get(key, key))
    return keys


Run = tuple[DocumentKind, int, int, list[_Score]]


def _runs(labelled: list[tuple[int, DocumentKind | None, _Score]]) -> list[Run]:
    """Consecutive pages of one kind; pages without marks follow the page before them."""
    runs: list[list[Any]] = []
    for number, kind, score in labelled:
        if kind is None and runs:
            runs[-1][2] = number
            runs[-1][3].append(score)
        elif runs and runs[-1][0] in (kind, None):
            runs[-1][0] = kind
            runs[-1][2] = number
            runs[-1][3].append(score)
        else:
            runs.append([kind, number, number, [score]])
    return [(r[0], r[1], r[2], r[3]) for r in runs]


def _classification(
    kind: DocumentKind, page_range: tuple[int, int] | None, scores: list[_Score], filename: str
) -> Classification:
    why: list[str] = []
    points = 0
    labels: list[str] = []
    for score in scores:
        points += score.points.get(kind, 0)
        why += [w for w in score.why.get(kind, []) if w not in why]
        labels += [k for k in score.labels if k not in labels]
    if _LABELS_WHY in why:
        names = ", ".join(_BULLETIN_KEYS[k] for k in _BULLETIN_KEYS if k in labels)
        why[why.index(_LABELS_WHY)] = f"{_LABELS_WHY} ({names})"
    label = {
        DocumentKind.BULLETIN: "Bulletin d'inscription",
        DocumentKind.LETTER: "Lettre d'intention",
        DocumentKind.OTHER: "Autre document",
    }[kind]
    where = f" (pages {page_range[0]} à {page_range[1]})" if page_range else ""
    if page_range and page_range[0] == page_range[1]:
        where = f" (page {page_range[0]})"
    reason = f"{label}{where} : {', '.join(why)}."
    if _filename_kind(filename) == kind:
        reason += f" Le nom du fichier « {filename} » va dans le même sens."
    return Classification(
        kind=kind,
        reason=reason,
        page_range=page_range,
        confidence=round(min(1.0, 0.4 + points / 15), 2),
    )


def _fallback(pages: list[tuple[int, str]], filename: str) -> Classification:
    """No clear mark in the content: the file name decides, with a low confidence."""
    by_name = _filename_kind(filename)
    empty = not any(text.strip() for _, text in pages)
    content = "Aucun texte lisible" if empty else "Contenu sans indice net de bulletin ou de lettre"
    if by_name is not None:
        return Classification(
            kind=by_name,
            reason=f"{content} ; classé d'après le nom du fichier « {filename} ».",
            confidence=0.35,
        )
    return Classification(kind=DocumentKind.OTHER, reason=f"{content}.", confidence=0.3)


def _filename_kind(filename: str) -> DocumentKind | None:
    folded = re.sub(r"[_\W\d]+", " ", fold_text(filename))
    for kind, pattern in _FILENAME_MARKS:
        if pattern.search(folded):
            return kind
    return None


def pages_in(extracted: ExtractedText, page_range: tuple[int, int] | None) -> ExtractedText:
    """The part of a split document that one classification covers."""
    if page_range is None:
        return extracted
    first, last = page_range
    pages = [p for p in extracted.pages if first <= p.number <= last]
    fields = [f for f in extracted.form_fields if f.page is None or first <= f.page <= last]
    return extracted.model_copy(update={"pages": pages, "form_fields": fields})
