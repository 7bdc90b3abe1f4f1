"""Statements the rules missed, proposed by the sentence classifier under the rules' guards.

A unit the rules accepted keeps the rules' cue; a unit they refused (negated, put off, a heading
without content) stays refused. Otherwise the classifier's probability decides, and the guards
below still veto: politeness formulas, negated or deferred aims, a reason that is denied, a
justification without a named quartier or without anything that looks like a reason. The finding
quotes the unit and names the words that weighed most, so a reviewer can judge it at a glance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pipeline.checks import cues as c
from pipeline.checks.actions import will_action
from pipeline.checks.classifier import Model
from pipeline.checks.features import surface_words, unit_features, word_features
from pipeline.checks.finding import Finding, Statement
from pipeline.checks.names import Mention
from pipeline.checks.objectives import DEFERRED
from pipeline.checks.segments import Unit

MIN_WORDS = 3
BOILERPLATE = re.compile(
    r"\b(?:veuillez|agreer|salutations|ci-joint|ci-jointe|ci-dessous|cordialement|je vous prie|"
    r"bonne reception|recevez|vous trouverez|nous vous remercions|je vous remercie|"
    r"reste a votre disposition|restons a votre disposition|se tiennent a votre disposition)\b"
)
_ELSEWHERE = re.compile(r"(?:^|:)\s*(?:cf\b|voir\b|se reporter\b|confer\b)")
_DENIED_VERBS = {"souffrir", "connaitre", "rencontrer", "presenter", "subir"}
_DENIED_PHRASES = ("pas de probleme", "pas de difficulte", "aucune difficulte", "aucun probleme")
_AIM_HEADS = ("objectif", "resultat", "cible", "escompte", "attendu")
# A justification says something about the quartier: a figure, a lack, a reason word, a fact
# already there; a quartier named beside a project ("ouverture d'un local à Saragosse") is not.
REASON_EVIDENCE = {"j:reason", "j:connector", "num", "pct", "neg", "past", "w:deja", "w:depuis"}
REASON_EVIDENCE |= {"lex:reason", "lex:facility"}
REASON_EVIDENCE |= {f"w:{w}" for w in ("plus", "moins", "peu", "seul", "faible", "fort", "eleve")}
REASON_EVIDENCE |= {"w:important", "w:disponible", "w:principal"}


def scorable(statement: Statement, unit: Unit, mentions: Sequence[Mention]) -> bool:
    """Whether the classifier is asked about this unit at all (the same test in training)."""
    if not _long_enough(unit):
        return False
    if statement == Statement.QUARTIER_JUSTIFICATION:
        return bool(mentions)
    if statement == Statement.MOTIVATION:
        return not unit.is_heading
    return True


def _long_enough(unit: Unit) -> bool:
    count = 0
    for token in unit.span:
        count += token.is_alpha
        if count >= MIN_WORDS:
            return True
    return False


def vetoed(statement: Statement, unit: Unit, features: Iterable[str] = ()) -> str | None:
    """Why a unit the classifier likes still cannot count, in French; None when nothing vetoes."""
    text = c.fold(unit.text)
    if BOILERPLATE.search(text):
        return "formule de politesse ou de transmission"
    if statement == Statement.QUARTIER_JUSTIFICATION:
        if not REASON_EVIDENCE.intersection(features):
            return "rien qui ressemble à une raison (chiffre, manque, fait établi)"
        return _denied(unit, text)
    if DEFERRED.search(text) or _ELSEWHERE.search(text):
        return "renvoyé à plus tard ou à un autre document"
    root = unit.span.root
    if c.negated(root) and root.pos_ in {"VERB", "AUX"}:
        return f"verbe nié : « {root.text} »"
    will = will_action(unit)
    if will is not None and will[2] == "negated":
        return f"volonté niée : « {will[0].text} »"
    return None


def _denied(unit: Unit, text: str) -> str | None:
    head = text.split(":", 1)[0] if ":" in text else ""
    if any(w in head for w in _AIM_HEADS):
        return "cibles à atteindre, pas une raison"
    if any(p in text for p in _DENIED_PHRASES):
        return "problème nié"
    for token in unit.span:
        if c.verb_of(token) in _DENIED_VERBS and c.negated(token):
            return f"problème nié : « {token.text} »"
        if c.low(token) == "ni" and c.negated(token.head):
            return "problème nié : « ni … ni »"
    return None


def learned_findings(
    units: Sequence[Unit],
    mentions: Sequence[Sequence[Mention]],
    rule_findings: Sequence[Finding],
    model: Model,
) -> list[Finding]:
    """Findings for the units and statements the rules neither accepted nor refused."""
    found = []
    for k, unit in enumerate(units):
        todo = [
            s
            for s in Statement
            if scorable(s, unit, mentions[k]) and not _ruled(s, unit, rule_findings)
        ]
        if not todo:
            continue
        previous = units[k - 1] if k else None
        features = unit_features(unit, mentions[k], previous, mentions[k - 1] if k else ())
        written: dict[str, str] = {}
        for statement in todo:
            label = model[statement]
            probability = label.probability(features)
            if probability < label.threshold or vetoed(statement, unit, features) is not None:
                continue
            written = written or surface_words(unit)
            clues = label.reasons({w: word_features(w) for w in written})
            words = ", ".join(f"« {written[w]} »" for w in clues)
            cue = f"modèle statistique, probabilité {probability:.2f}".replace(".", ",")
            names = tuple(dict.fromkeys(m.name for m in mentions[k]))
            found.append(
                Finding(
                    statement=statement,
                    start=unit.start,
                    end=unit.end,
                    cue=cue + (f", indices {words}" if words else ""),
                    quartiers=names if statement == Statement.QUARTIER_JUSTIFICATION else (),
                    learned=True,
                    confidence=round(probability, 3),
                )
            )
    return found


def _ruled(statement: Statement, unit: Unit, findings: Sequence[Finding]) -> bool:
    """A rule already spoke about this unit for this statement (accepted or refused)."""
    return any(
        f.statement == statement and f.start < unit.end and unit.start < f.end for f in findings
    )
