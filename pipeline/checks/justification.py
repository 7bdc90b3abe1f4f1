"""Quartier justification: a reason tied to a named quartier, not to the town as a whole.

Reasons are facts about the quartier (population, unemployment, vacancy, urban renewal, an
existing project, a lack); a problem the text denies, or a target to reach, is not a reason.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.checks import cues as c
from pipeline.checks.finding import Finding, Statement
from pipeline.checks.names import Mention
from pipeline.checks.segments import Unit

_PHRASE_REASONS = (
    "logement social", "logements sociaux", "habitat social", "a proximite d", "a deux pas",
    "aux portes", "au carrefour", "bas revenus", "sous le seuil", "zone franche",
    "projet urbain", "pieds d'immeubles", "pied d'immeuble", "rez-de-chaussee", "mal relie",
    "peu relie", "mal desservi", "a l'ecart",
)  # fmt: skip
_LACK_WORDS = {"fermer", "fermeture", "perdre", "disparaitre", "manquer", "manque", "vacant"}
_LACK_WORDS |= {"vide", "seul", "seule", "absence", "aucun", "aucune", "plus", "depourvu"}
_ACTIONS_ON_TARGETS = {"etre", "avoir", "compter", "rester", "connaitre", "devoir", "pouvoir"}


def find_justification(unit: Unit, mentions: list[Mention]) -> Finding | None:
    if not mentions or _states_aims(unit):
        return None  # "Résultats escomptés : 3 locaux vacants réoccupés" are targets
    span = unit.span
    phrase = c.text_has(span, c.REASON_CONNECTORS) or c.text_has(span, _PHRASE_REASONS)
    targets = bool(c.text_has(span, c.TARGET_MARKERS))
    for mention in mentions:
        cue = phrase or _reason_tied_to(span, span.doc[mention.token], targets)
        if cue:
            names = tuple(dict.fromkeys(m.name for m in mentions))
            return Finding(
                statement=Statement.QUARTIER_JUSTIFICATION,
                start=unit.start,
                end=unit.end,
                cue=f"raison liée au quartier ({', '.join(names)}) : « {cue.strip()} »",
                quartiers=names,
            )
    return None


def reason_signals(unit: Unit) -> set[str]:
    """What the rules see of a reason, for the classifier: reason words, aimed at or not."""
    span = unit.span
    targets = bool(c.text_has(span, c.TARGET_MARKERS))
    found = set()
    if c.text_has(span, c.REASON_CONNECTORS) or c.text_has(span, _PHRASE_REASONS):
        found.add("j:connector")
    if _states_aims(unit):
        found.add("j:aims_heading")
    for token in span:
        if _is_reason(token, span, targets):
            found.add("j:aimed" if _aimed_at(token, span) else "j:reason")
    return found


def _states_aims(unit: Unit) -> bool:
    """'Résultats escomptés : 3 locaux vacants réoccupés': figures there are targets."""
    head = c.fold(unit.text.split(":", 1)[0]) if ":" in unit.text else ""
    return any(w in head for w in ("objectif", "resultat", "cible", "escompte", "attendu"))


def _reason_tied_to(span: Span, mention: Token, targets: bool) -> str | None:
    for token in span:
        if not _is_reason(token, span, targets) or _aimed_at(token, span):
            continue
        clause = token
        for _ in range(6):
            if clause.pos_ in {"VERB", "AUX"} or clause.dep_ == "ROOT" or clause.head is clause:
                break
            clause = clause.head
        town = next(
            (
                s
                for s in clause.children
                if s.dep_.startswith("nsubj") and c.lem(s) in c.TOWN_NOUNS and s.i != mention.i
            ),
            None,
        )
        if town is not None:
            inside_town = town.left_edge.i <= mention.i <= town.right_edge.i
            inside_clause = clause.left_edge.i <= mention.i <= clause.right_edge.i
            if inside_town or not inside_clause:
                continue  # the reason is said of the town, not of the quartier
        return token.text
    return None


def _is_reason(token: Token, span: Span, targets: bool) -> bool:
    word = c.lem(token)
    if word in c.REASON_LEMMAS or c.low(token) in c.REASON_LEMMAS:
        denied = c.negated(token) or "ni" in {c.low(t) for t in c.window(token, 2, 0)}
        return not denied  # "ne souffre ni de vacance ni d'enclavement" is no reason
    if c.is_number(token):
        if targets:
            return False  # "d'ici 2017 : 10 porteurs accompagnés" are targets
        following = [t for t in span if token.i < t.i <= token.i + 3]
        return any(t.text == "%" or c.lem(t) in c.STAT_NOUNS for t in following)
    if word in c.FACILITY_LEMMAS:
        near = {c.lem(t) for t in c.window(token, 4, 4)} | {c.low(t) for t in c.window(token, 4, 4)}
        return bool(near & _LACK_WORDS) or c.negated(token)
    if c.verb_of(token) in c.EXISTING_VERBS and token.morph.get("VerbForm", []) != ["Inf"]:
        near = {c.low(t) for t in c.window(token, 3, 3)}
        return "deja" in near or "depuis" in near
    return False


def _aimed_at(token: Token, span: Span) -> bool:
    """The word is what an action aims at ("réduire la vacance", "ouvrir une couveuse").

    The search stops at a conjugated verb: "où la supérette a fermé" is a fact in its own clause.
    """
    if _finite(token):
        return False
    head = token.head
    for _ in range(4):
        if head.i < span.start:
            return False
        if _planned(head):
            return True  # "la commune ouvrira une pépinière": a plan, not an existing one
        if _finite(head):
            return False
        if c.is_inf(head) and head.i < token.i and c.verb_of(head) not in _ACTIONS_ON_TARGETS:
            return True
        if head is head.head:
            return False
        head = head.head
    return False


def _planned(verb: Token) -> bool:
    if not c.is_future(verb):
        return False
    subject = next((s for s in verb.children if s.dep_.startswith("nsubj")), None)
    return subject is not None and (
        c.lem(subject) in c.COLLECTIVITY or c.low(subject) in {"elle", "il", "elles", "ils"}
    )


def _finite(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.morph.get("VerbForm", []) in (["Fin"], ["Part"])
