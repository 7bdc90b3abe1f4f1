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
        if token.i > verb.i + 7 or token.text in {",", ".", ";", ":"}:
            break
        if token.pos_ == "NOUN" and not token.text[:1].isupper():
            nouns.append(c.lem(token))  # a capitalised word is a name, not what is done
    if word in c.APPLY_VERBS or c.low(verb) in c.APPLY_VERBS:
        outside = [n for n in nouns if n not in c.CALL_NOUNS and n not in c.TOWN_NOUNS]
        return "content" if outside and word not in {"etre", "avoir"} else "apply"
    return "content" if c.has_content(verb, span) else "empty"


def will_action(unit: Unit) -> tuple[Token, Token | None, str] | None:
    """The first will cue of the unit, its action and the action's kind; 'negated' if denied."""
    span = unit.span
    for token in span:
        is_noun = c.lem(token) in c.WILL_NOUNS
        if not (is_will(token) or is_noun):
            continue
        if not is_noun and c.negated(token):
            return token, None, "negated"
        following = [c.low(t) for t in span if token.i < t.i <= token.i + 4]
        if "que" in following or "qu'" in following:
            # "souhaitons que la démarche nous aide à construire…": the wish is a clause
            action = c.next_infinitive(token, span, 14) or clause_verb(token, span)
        else:
            action = c.next_infinitive(token, span)
        if action is None:
            continue
        return token, action, action_kind(action, span)
    return None


def clause_verb(token: Token, span: Span) -> Token | None:
    return next((t for t in span if t.i > token.i + 1 and t.pos_ == "VERB"), None)


def applies(unit: Unit) -> Token | None:
    """The word saying the collectivity applies ("se porte candidate", "candidature")."""
    for token in unit.span:
        if c.lem(token) in {"candidature", "candidat", "candidate"} or c.low(token) == "candidate":
            return token
        if c.verb_of(token) in {"candidater", "postuler", "repondre", "engager", "participer"}:
            return token
    return None
