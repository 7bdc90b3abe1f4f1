"""Will and action: "souhaite développer…" says something; "souhaite participer à l'AMI" does not.

Shared by the motivation and objectives rules.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.checks import cues as c
from pipeline.checks.segments import Unit


def is_will(token: Token) -> bool:
    """A verb of will ("souhaitons", "voudrait", "tient à"), also when mis-tagged."""
    verb = c.verb_of(token)
    if verb not in c.WILL_VERBS:
        return False
    if verb == "tenir":
        after = {c.low(t) for t in c.window(token, 0, 3)}
        return bool(after & {"a", "au"})
    if verb == "attendre":  # "nous attendons de cet accompagnement qu'il nous aide…"
        return bool({c.low(t) for t in c.window(token, 0, 6)} & {"que", "qu'"})
    return True


def action_kind(verb: Token, span: Span) -> str:
    """'boiler' (writing the letter), 'apply' (only applying), 'content' or 'empty'."""
    word = c.verb_of(verb)
    if word in c.BOILER_VERBS or c.low(verb) in c.BOILER_VERBS:
        return "boiler"
    nouns = []
    for token in span:
        if token.i <= verb.i:
            continue
        if token.i > verb.i + 7 or token.text in {",", ".", ";", ":"} or _new_clause(token):
            break  # "participer à l'AMI car l'emploi…": what follows "car" is not the action
        if token.pos_ == "NOUN" and not token.text[:1].isupper():
            nouns.append(c.lem(token))  # a capitalised word is a name, not what is done
    if word in c.APPLY_VERBS or c.low(verb) in c.APPLY_VERBS:
        outside = [n for n in nouns if n not in c.CALL_NOUNS and n not in c.TOWN_NOUNS]
        return "content" if outside and word not in {"etre", "avoir"} else "apply"
    return "content" if c.has_content(verb, span) else "empty"


def _new_clause(token: Token) -> bool:
    return token.pos_ in {"SCONJ", "CCONJ"} or c.low(token) in {"car", "afin", "parce", "puisque"}


def will_action(unit: Unit) -> tuple[Token, Token | None, str] | None:
    """The first will cue of the unit, its action and the action's kind; 'negated' if denied."""
    span = unit.span
    for token in span:
        is_noun = c.lem(token) in c.WILL_NOUNS
        if not (is_will(token) or is_noun):
            continue
        if not is_noun and c.negated(token):
            return token, None, "negated"
        que = next(
            (t for t in span if token.i < t.i <= token.i + 4 and c.low(t) in {"que", "qu'"}), None
        )
        if que is not None:
            # "souhaitons que la démarche nous aide à construire…": the wish is a clause
            action = c.next_infinitive(token, span, 14) or clause_verb(que, span)
            if action is None:
                return token, que, _clause_kind(que, span)
            kind = action_kind(action, span)
            if kind == "empty":  # "que de nouveaux commerçants puissent s'y installer"
                kind = _clause_kind(que, span)
            return token, action, kind
        else:
            action = c.next_infinitive(token, span)
        if action is None:
            continue
        return token, action, action_kind(action, span)
    return None


def clause_verb(token: Token, span: Span) -> Token | None:
    return next((t for t in span if t.i > token.i + 1 and t.pos_ == "VERB"), None)


def _clause_kind(que: Token, span: Span) -> str:
    """A 'que' clause whose verb the model missed: content when it says something concrete."""
    rest = [t for t in span if t.i > que.i and t.is_alpha]
    has_noun = any(t.pos_ == "NOUN" for t in rest)
    return "content" if len(rest) >= 4 and has_noun else "empty"


def applies(unit: Unit) -> Token | None:
    """The word saying the collectivity applies ("se porte candidate", "candidature")."""
    for token in unit.span:
        if c.lem(token) in {"candidature", "candidat", "candidate"} or c.low(token) == "candidate":
            return token
        if c.verb_of(token) in {"candidater", "postuler", "repondre", "engager", "participer"}:
            return token
    return None
