"""Motivation: the collectivity says what it wants and why, with content, not a formula."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.checks import cues as c
from pipeline.checks.actions import applies, will_action
from pipeline.checks.finding import Finding, Statement, finding
from pipeline.checks.objectives import purpose
from pipeline.checks.segments import Unit


def find_motivation(unit: Unit) -> Finding | None:
    if unit.is_heading:
        return None
    span = unit.span
    opener = c.text_has(span, c.CAUSE_OPENERS)
    will = will_action(unit)
    if will is not None:
        token, action, kind = will
        shown = f"« {token.text} … {action.text} »" if action is not None else f"« {token.text} »"
        if kind == "content":
            return finding(Statement.MOTIVATION, unit, f"volonté avec un contenu : {shown}")
        because = f"« {opener} »" if opener else purpose(unit)
        if kind == "apply" and because:
            cue = f"candidature motivée : {shown}, {because}"
            return finding(Statement.MOTIVATION, unit, cue)
        if kind == "negated":
            return finding(Statement.MOTIVATION, unit, f"volonté niée : {shown}", accepted=False)
    applying = applies(unit)
    if applying is not None and opener and not c.negated(applying):
        cue = f"candidature motivée : « {applying.text} », « {opener} »"
        return finding(Statement.MOTIVATION, unit, cue)
    stake = _stake(unit)
    if stake is not None:
        return finding(Statement.MOTIVATION, unit, stake)
    return None


def _stake(unit: Unit) -> str | None:
    """Priority, stake, stance: 'est une priorité', 'nous sommes convaincus que', 'attachée à'."""
    span = unit.span
    if sum(t.is_alpha for t in span) < 6:
        return None
    explained = c.text_has(span, c.EXPLAINED) or c.text_has(span, c.STANCE_PHRASES)
    if explained:
        return f"raison donnée : « {explained} »"
    for token in span:
        word = c.lem(token)
        previous = c.low(token.doc[token.i - 1]) if token.i else ""
        if word in c.PRIORITY_NOUNS and previous != "en" and _affirmed(token):
            return f"enjeu ou priorité : « {token.text} »"
        if c.low(token) in c.STANCE_WORDS and not c.negated(token):
            after = {c.low(t) for t in span if token.i < t.i <= token.i + 3}
            if after & {"que", "qu'", "a", "au", "aux", "dans", "combien", "les", "la", "l'"}:
                return f"position de la collectivité : « {token.text} »"
        if word in c.WEIGHTED_NOUNS:
            near = {c.low(t) for t in c.window(token, 2, 2)}
            if near & c.WEIGHT_ADJ and not c.negated(token):
                return f"enjeu ou priorité : « {token.text} »"
        if c.low(token) in c.PRIORITY_WORDS or word == "croire" and previous != "de":
            after = {c.low(t) for t in span if token.i < t.i <= token.i + 2}
            if after & {"que", "qu'", "a", "au", "aux", "en"}:
                return f"conviction : « {token.text} »"
        stated = {"semble", "est", "paraît", "parait"} & {t.text for t in c.window(token, 3, 0)}
        if word in c.ESSENTIAL_ADJ and stated and c.next_infinitive(token, span, 3) is not None:
            return f"nécessité affirmée : « {token.text} »"
    return None


def _affirmed(noun: Token) -> bool:
    """A stake stated, not denied nor still pondered ("réfléchissons à nos priorités")."""
    return not c.negated(noun) and c.verb_of(noun.head) not in c.REFLECT_VERBS
