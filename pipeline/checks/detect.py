"""Find the statements a letter of intent must make, one unit (sentence, item, row) at a time.

Rules on the spaCy parse and lemmas, each finding naming the cue it rests on so a reviewer can
judge it: motivation (what the collectivity wants and why), objectives (aims with content), and
quartier justification (a reason tied to a named quartier). Refused candidates (negated, put off,
heading without content) are kept with the reason, for the "missing" message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from spacy.tokens import Doc, Span, Token

from pipeline.checks import cues as c
from pipeline.checks.names import Mention, NameFinder, resolve_anaphora
from pipeline.checks.segments import Unit, split_units, table_cells


class Statement(StrEnum):
    MOTIVATION = "motivation"
    OBJECTIVES = "objectives"
    QUARTIER_JUSTIFICATION = "quartier_justification"


@dataclass(frozen=True)
class Finding:
    """A unit that states (accepted) or seemed to state but does not (refused) something."""

    statement: Statement
    start: int
    end: int
    cue: str
    accepted: bool = True
    quartiers: tuple[str, ...] = ()


_DEFERRED = re.compile(
    r"\b(?:a|seront|sera|restent|reste|sont|est|en cours de)\s+"
    r"(?:definir|preciser|completer|determiner|definis|precises|determines|definition)\b"
    r"|\bulterieurement\b|\bprochainement\b"
)
_PHRASE_REASONS = (
    "logement social", "logements sociaux", "habitat social", "a proximite d", "a deux pas",
    "aux portes", "au carrefour", "bas revenus", "sous le seuil", "zone franche",
    "projet urbain", "pieds d'immeubles", "pied d'immeuble", "rez-de-chaussee",
)  # fmt: skip
_CLITICS = {"de", "d'", "a", "se", "s'", "y", "en", "le", "la", "les", "l'", "leur", "lui", "nous"}
_CLITICS |= {"vous", "ne", "n'", "mieux", "davantage", "enfin", "ainsi"}
_LACK_WORDS = {"fermer", "fermeture", "perdre", "disparaitre", "manquer", "manque", "vacant"}
_LACK_WORDS |= {"vide", "seul", "seule", "absence", "aucun", "aucune", "plus", "depourvu"}


def detect(doc: Doc, original: str, names: NameFinder, caps: bool = False) -> list[Finding]:
    """All findings of one analysed page; `original` is the page text as read (same offsets)."""
    units = split_units(doc)
    mentions = resolve_anaphora(units, [names.mentions(u, original, caps) for u in units])
    findings: list[Finding] = []
    for unit, unit_mentions in zip(units, mentions, strict=True):
        for finder in (_motivation, _objective):
            found = finder(unit)
            if found is not None:
                findings.append(found)
        justified = _justification(unit, unit_mentions)
        if justified is not None:
            findings.append(justified)
    findings.extend(_list_objectives(units))
    findings.extend(_table_objectives(units))
    return findings


def _finding(statement: Statement, unit: Unit, cue: str, accepted: bool = True) -> Finding:
    return Finding(statement=statement, start=unit.start, end=unit.end, cue=cue, accepted=accepted)


# --- will and actions -------------------------------------------------------------------------


def _is_will(token: Token) -> bool:
    if c.low(token) in c.WILL_FORMS:
        return True
    if c.lem(token) not in c.WILL_LEMMAS:
        return False
    return token.pos_ in {"VERB", "AUX"} or c.lem(token) == "souhaiter"


def _action_kind(verb: Token, span: Span) -> str:
    """'boiler' (writing the letter), 'apply' (only applying), 'content' or 'empty'."""
    word = c.lem(verb)
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


def _will_action(unit: Unit) -> tuple[Token, Token | None, str] | None:
    """The first will cue of the unit, its action and the action's kind; 'negated' if denied."""
    span = unit.span
    for token in span:
        is_noun = c.lem(token) in c.WILL_NOUNS
        if not (_is_will(token) or is_noun):
            continue
        if not is_noun and c.negated(token):
            return token, None, "negated"
        following = [c.low(t) for t in span if token.i < t.i <= token.i + 2]
        if "que" in following or "qu'" in following:
            # "souhaitons que la démarche nous aide à construire…": the wish is a clause
            action = c.next_infinitive(token, span, 14) or _clause_verb(token, span)
        else:
            action = c.next_infinitive(token, span)
        if action is None:
            continue
        return token, action, _action_kind(action, span)
    return None


def _clause_verb(token: Token, span: Span) -> Token | None:
    return next((t for t in span if t.i > token.i + 2 and t.pos_ == "VERB"), None)


# --- motivation -------------------------------------------------------------------------------


def _motivation(unit: Unit) -> Finding | None:
    if unit.is_heading:
        return None
    span = unit.span
    will = _will_action(unit)
    if will is not None:
        token, action, kind = will
        shown = f"« {token.text} … {action.text} »" if action is not None else f"« {token.text} »"
        if kind == "content":
            return _finding(Statement.MOTIVATION, unit, f"volonté avec un contenu : {shown}")
        if kind == "apply":
            opener = c.text_has(span, c.REASON_OPENERS)
            if opener:
                return _finding(
                    Statement.MOTIVATION, unit, f"candidature motivée : {shown} + « {opener} »"
                )
        if kind == "negated":
            return _finding(Statement.MOTIVATION, unit, f"volonté niée : {shown}", False)
    stake = _stake(unit)
    if stake is not None:
        return _finding(Statement.MOTIVATION, unit, stake)
    return None


def _stake(unit: Unit) -> str | None:
    """Priority, stake, conviction: 'est une priorité', 'nous sommes convaincus que'."""
    span = unit.span
    if sum(t.is_alpha for t in span) < 6:
        return None
    for token in span:
        word = c.lem(token)
        previous = c.low(token.doc[token.i - 1]) if token.i else ""
        if word in c.PRIORITY_NOUNS and previous != "en" and not c.negated(token):
            return f"enjeu ou priorité : « {token.text} »"
        if c.low(token) in c.PRIORITY_WORDS or word == "croire" and previous != "de":
            after = {c.low(t) for t in span if token.i < t.i <= token.i + 2}
            if after & {"que", "qu'", "a", "au", "aux", "en"}:
                return f"conviction : « {token.text} »"
        stated = {"semble", "est", "paraît"} & {t.text for t in c.window(token, 3, 0)}
        if word in c.ESSENTIAL_ADJ and stated and c.next_infinitive(token, span, 3) is not None:
            return f"nécessité affirmée : « {token.text} »"
    return None


# --- objectives -------------------------------------------------------------------------------


def _objective(unit: Unit) -> Finding | None:
    span = unit.span
    refused: Finding | None = None
    for token in span:
        word = c.lem(token)
        if word in c.OBJECTIVE_NOUNS or c.low(token) in c.OBJECTIVE_NOUNS:
            verdict = _objective_noun(token, unit)
            if verdict is True:
                return _finding(Statement.OBJECTIVES, unit, f"objectif énoncé : « {token.text} »")
            if isinstance(verdict, str) and refused is None:
                refused = _finding(Statement.OBJECTIVES, unit, verdict, accepted=False)
    goal = _goal_verb(unit) or _purpose(unit)
    if goal is not None:
        return _finding(Statement.OBJECTIVES, unit, goal)
    will = _will_action(unit)
    if will is not None and will[2] == "content" and will[1] is not None:
        return _finding(
            Statement.OBJECTIVES, unit, f"action voulue : « {will[0].text} … {will[1].text} »"
        )
    return refused


def _objective_noun(noun: Token, unit: Unit) -> bool | str | None:
    """True when the aim has content; a French reason when refused; None when not an aim."""
    span = unit.span
    after = c.fold(unit.text[noun.idx - unit.start :])
    if c.negated(noun):
        return f"objectif nié : « {noun.text} »"
    if _DEFERRED.search(after[:80]) or (
        noun.dep_.startswith("nsubj") and c.lem(noun.head) in c.DEFER_VERBS
    ):
        return "objectifs renvoyés à plus tard"
    tokens = [t for t in span if t.i > noun.i]
    colon = next((t for t in tokens[:4] if t.text == ":"), None)
    if colon is not None:
        rest = [t for t in tokens if t.i > colon.i and t.is_alpha]
        if len(rest) >= 3 and any(t.pos_ in {"NOUN", "VERB"} for t in rest):
            return True
        return "intitulé d'objectifs sans contenu"
    action = c.next_infinitive(noun, span, 8)
    if (
        action is not None
        and c.lem(action) not in c.DEFER_VERBS | {"venir"}
        and _action_kind(action, span) in {"content", "apply"}
    ):
        return True
    if any(c.lem(ch) in c.EXTERNAL_NOUNS for ch in noun.subtree if ch.i != noun.i):
        return None  # "les objectifs du contrat de ville": someone else's aims
    if unit.is_heading:
        return "intitulé d'objectifs sans contenu"
    return None


def _goal_verb(unit: Unit) -> str | None:
    span = unit.span
    for token in span:
        word = c.lem(token)
        text = c.low(token)
        if text.startswith(("permet", "permis")):
            word = "permettre"
        if text == "agit" and token.i and c.low(token.doc[token.i - 1]) in {"s'", "s"}:
            word = "s'agir"
        if word not in c.GOAL_VERBS and word != "s'agir" or c.negated(token):
            continue
        if word == "permettre" and _past(token):
            continue
        action = c.next_infinitive(token, span, 12 if word == "permettre" else 6)
        if action is not None and _action_kind(action, span) == "content":
            return f"but exprimé : « {token.text} … {action.text} »"
        if word in {"viser", "permettre"} and _object_noun(token, span):
            return f"but exprimé : « {token.text} »"
    return None


def _past(token: Token) -> bool:
    return token.morph.get("Tense", []) == ["Past"] and token.morph.get("VerbForm", []) == ["Part"]


def _object_noun(verb: Token, span: Span) -> bool:
    for token in span:
        if token.i <= verb.i:
            continue
        if token.i > verb.i + 4 or token.is_punct:
            return False
        if token.pos_ == "NOUN":
            return c.lem(token) not in c.PEOPLE_NOUNS
    return False


def _purpose(unit: Unit) -> str | None:
    """'afin de + action', 'pour + action', 'en vue de', 'de manière à'."""
    span = unit.span
    tokens = list(span)
    for k, token in enumerate(tokens):
        word = c.low(token)
        nxt = c.low(tokens[k + 1]) if k + 1 < len(tokens) else ""
        clause = word in {"afin", "pour"} and nxt in {"que", "qu'"}
        if clause and sum(t.is_alpha for t in tokens[k + 2 :]) >= 4:
            return f"finalité : « {token.text} {tokens[k + 1].text} »"
        if word not in {"afin", "pour", "vue", "maniere", "facon"}:
            continue
        action = c.next_infinitive(token, span, 4)
        if action is None:
            continue
        between = {c.low(t) for t in tokens[k + 1 : action.i - span.start]}
        if between - _CLITICS:
            continue  # "pour cela mobiliser": the action belongs to another verb
        if _action_kind(action, span) == "content":
            return f"finalité : « {token.text} … {action.text} »"
    return None


def _list_objectives(units: list[Unit]) -> list[Finding]:
    """Items of a list under an objectives heading ("Nos objectifs :", "Résultats attendus")."""
    findings = []
    for k, intro in enumerate(units):
        words = {c.lem(t) for t in intro.span} | {c.low(t) for t in intro.span}
        if not (words & c.OBJECTIVE_NOUNS or "attendus" in words):
            continue
        if not (intro.text.rstrip().endswith(":") or intro.is_heading):
            continue
        for item in units[k + 1 :]:
            if intro.is_item and item.is_item:
                break  # "2. Objectifs" then "3. Quartiers": siblings, not content
            starts_with_action = c.is_inf(item.span[0]) if len(item.span) else False
            if not (item.is_item or starts_with_action) or item.is_table_row:
                break
            alpha = [t for t in item.span if t.is_alpha]
            label_only = re.match(r"^[^:]{1,30}:\s*\S", item.text) and len(alpha) < 5
            if len(alpha) >= 3 and not label_only and not _DEFERRED.search(c.fold(item.text)):
                findings.append(
                    _finding(Statement.OBJECTIVES, item, "élément d'une liste d'objectifs")
                )
    return findings


def _table_objectives(units: list[Unit]) -> list[Finding]:
    """Cells of an "Objectif" column in a table written as rows of "a | b | c"."""
    findings = []
    columns: list[int] = []
    for k, unit in enumerate(units):
        if not unit.is_table_row:
            columns = []
            continue
        cells = table_cells(unit)
        if not columns or (k and not units[k - 1].is_table_row):
            heads = [c.fold(unit.span.doc.text[s:e]) for s, e in cells]
            columns = [i for i, h in enumerate(heads) if re.search(r"objectif|resultat|\bbut", h)]
            if columns:
                continue
        for i in columns:
            if i < len(cells):
                start, end = cells[i]
                if len(unit.span.doc.text[start:end].split()) >= 2:
                    findings.append(
                        Finding(
                            Statement.OBJECTIVES, start, end, "colonne « Objectif » d'un tableau"
                        )
                    )
    return findings


# --- quartier justification -------------------------------------------------------------------


def _justification(unit: Unit, mentions: list[Mention]) -> Finding | None:
    if not mentions:
        return None
    span = unit.span
    phrase = c.text_has(span, c.REASON_CONNECTORS) or c.text_has(span, _PHRASE_REASONS)
    for mention in mentions:
        cue = phrase if phrase else _reason_tied_to(span, span.doc[mention.token])
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


def _reason_tied_to(span: Span, mention: Token) -> str | None:
    for token in span:
        if not _is_reason(token, span):
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


def _is_reason(token: Token, span: Span) -> bool:
    word = c.lem(token)
    if word in c.REASON_LEMMAS or c.low(token) in c.REASON_LEMMAS:
        return True
    if c.is_number(token):
        following = [t for t in span if token.i < t.i <= token.i + 3]
        return any(t.text == "%" or c.lem(t) in c.STAT_NOUNS for t in following)
    if word in c.FACILITY_LEMMAS:
        near = {c.lem(t) for t in c.window(token, 4, 4)} | {c.low(t) for t in c.window(token, 4, 4)}
        return bool(near & _LACK_WORDS) or c.negated(token)
    return False
