"""Objectives: aims with content ("l'objectif est de…", "vise à…", "afin de…", lists, tables).

Refused: negated or put-off aims, headings without content, someone else's objectives.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from pipeline.checks import cues as c
from pipeline.checks.actions import action_kind, will_action
from pipeline.checks.finding import Finding, Statement, finding
from pipeline.checks.segments import Unit, table_cells

DEFERRED = re.compile(
    r"\b(?:a|seront|sera|restent|reste|sont|est|en cours de|non|pas)\s+"
    r"(?:definir|preciser|completer|determiner|definis|precises|determines|definition)\b"
    r"|\bulterieurement\b|\bprochainement\b"
)
_ELSEWHERE = re.compile(r"^\W*(?:cf|voir|se reporter)\b")
# Nouns whose "est de + action" states an aim: "notre priorité est de créer…".
_AIM_SUBJECTS = c.PRIORITY_NOUNS | c.WILL_NOUNS | {"role", "ambition", "volonte"}
_CLITICS = {"de", "d'", "a", "se", "s'", "y", "en", "le", "la", "les", "l'", "leur", "lui", "nous"}
_CLITICS |= {"vous", "ne", "n'", "mieux", "davantage", "enfin", "ainsi"}


def find_objective(unit: Unit) -> Finding | None:
    span = unit.span
    refused: Finding | None = None
    for token in span:
        if c.words(token) & c.OBJECTIVE_NOUNS:
            verdict = _objective_noun(token, unit)
            if verdict is True:
                return finding(Statement.OBJECTIVES, unit, f"objectif énoncé : « {token.text} »")
            if isinstance(verdict, str) and refused is None:
                refused = finding(Statement.OBJECTIVES, unit, verdict, accepted=False)
    goal = (
        _goal_verb(unit)
        or purpose(unit)
        or _commitment(unit)
        or _target(unit)
        or _aim_is(unit)
        or _actions_listed(unit)
    )
    if goal is not None:
        return finding(Statement.OBJECTIVES, unit, goal)
    will = will_action(unit)
    # A wish counts as an aim when it names an action ("souhaite ouvrir…"), not a hope
    # about others ("souhaitons que les habitants profitent…").
    if will is not None and will[2] == "content" and will[1] is not None and c.is_inf(will[1]):
        cue = f"action voulue : « {will[0].text} … {will[1].text} »"
        return finding(Statement.OBJECTIVES, unit, cue)
    return refused


def _objective_noun(noun: Token, unit: Unit) -> bool | str | None:
    """True when the aim has content; a French reason when refused; None when not an aim."""
    span = unit.span
    after = c.fold(unit.text[noun.idx - unit.start :])
    if c.negated(noun):
        return f"objectif nié : « {noun.text} »"
    head_defers = noun.dep_.startswith("nsubj") and c.verb_of(noun.head) in c.DEFER_VERBS
    if DEFERRED.search(after[:80]) or head_defers:
        return "objectifs renvoyés à plus tard ou à un autre document"
    tokens = [t for t in span if t.i > noun.i]
    colon = next((t for t in tokens[:4] if t.text == ":"), None)
    if colon is not None:
        rest = [t for t in tokens if t.i > colon.i and t.is_alpha]
        if _ELSEWHERE.match(c.fold(unit.text[colon.idx + 1 - unit.start :])):
            return "objectifs renvoyés à un autre document"
        if len(rest) >= 3 and any(t.pos_ in {"NOUN", "VERB"} for t in rest):
            return True
        return "intitulé d'objectifs sans contenu"
    action = c.next_infinitive(noun, span, 8)
    if (
        action is not None
        and c.verb_of(action) not in c.DEFER_VERBS | {"venir"}
        and action_kind(action, span) in {"content", "apply"}
    ):
        return True
    if any(c.lem(ch) in c.EXTERNAL_NOUNS for ch in noun.subtree if ch.i != noun.i):
        return None  # "les objectifs du contrat de ville": someone else's aims
    if unit.is_heading:
        return "intitulé d'objectifs sans contenu"
    return None


def _goal_verb(unit: Unit) -> str | None:
    """Verbs of aim and plan: 'vise à', 'permettra de', 'il s'agit de', 'prévoit d'ouvrir'."""
    span = unit.span
    for token in span:
        verb = c.verb_of(token)
        reflexive = token.i and c.low(token.doc[token.i - 1]) in {"s'", "s", "se"}
        if verb == "agir" and reflexive:
            verb = "s'agir"  # "il s'agit de", "il s'agira de"
        aims = verb in c.GOAL_VERBS or verb in c.PLAN_VERBS or verb == "s'agir"
        if not aims or c.negated(token):
            continue
        if verb == "permettre" and _past(token) or _participle_of_noun(token):
            continue  # "a permis", "le diagnostic prévu": no aim of the collectivity
        limit = 12 if verb == "permettre" else 6
        action = c.next_infinitive(token, span, limit)
        if action is not None and action_kind(action, span) == "content":
            return f"but exprimé : « {token.text} … {action.text} »"
        if verb in {"viser", "permettre", "prevoir"} and _object_noun(token, span):
            return f"but exprimé : « {token.text} »"
    return None


def _participle_of_noun(token: Token) -> bool:
    ending = c.low(token).endswith(("u", "ue", "us", "ues", "e", "ee", "es", "ees", "is", "ise"))
    return token.dep_ in {"acl", "amod"} and ending and not c.low(token).endswith("oit")


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


def purpose(unit: Unit) -> str | None:
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
        if action_kind(action, span) == "content":
            return f"finalité : « {token.text} … {action.text} »"
    return None


def _commitment(unit: Unit) -> str | None:
    """A future the collectivity commits to: 'la ville installera une boutique à l'essai'."""
    for token in unit.span:
        if not c.is_future(token) or token.pos_ != "VERB":
            continue
        relative = any(c.low(t) in {"que", "qu'", "qui", "dont"} for t in c.window(token, 3, 0))
        if token.dep_ == "acl:relcl" or relative or c.negated(token):
            continue  # a relative clause describes a noun; it commits to nothing
        subject = next((s for s in token.children if s.dep_ == "nsubj"), None)
        if subject is None or c.lem(subject) not in c.COLLECTIVITY:
            continue
        if action_kind(token, unit.span) == "content":
            return f"engagement au futur : « {token.text} »"
    return None


def _aim_is(unit: Unit) -> str | None:
    """'Notre priorité est de…', 'notre rôle est de lever les freins…'."""
    span = unit.span
    for token in span:
        if c.lem(token) not in _AIM_SUBJECTS or c.negated(token):
            continue
        after = [c.low(t) for t in span if token.i < t.i <= token.i + 3]
        if {"est", "sera", "consiste", "reste"} & set(after) and {"de", "d'", "a"} & set(after):
            action = c.next_infinitive(token, span, 5)
            if action is not None and action_kind(action, span) == "content":
                return f"but énoncé : « {token.text} … {action.text} »"
    return None


def _actions_listed(unit: Unit) -> str | None:
    """A colon followed by actions: 'tient en deux points : maintenir… et faire venir…'."""
    tokens = list(unit.span)
    for k, token in enumerate(tokens[:-1]):
        if token.text != ":":
            continue
        rest = c.fold(unit.text[token.idx + 1 - unit.start :])
        if DEFERRED.search(rest[:60]) or _ELSEWHERE.match(rest) or rest.lstrip().startswith("a "):
            continue  # "Objectifs : à définir", "voir la lettre"
        action = next((t for t in tokens[k + 1 : k + 4] if c.is_inf(t)), None)
        if action is None or c.verb_of(action) in c.DEFER_VERBS | {"voir"}:
            continue
        if action_kind(action, unit.span) == "content":
            return f"actions énumérées : « {action.text} … »"
    return None


def _target(unit: Unit) -> str | None:
    """Dated, counted targets: 'd'ici fin 2017 : 10 porteurs accompagnés'."""
    marker = c.text_has(unit.span, c.TARGET_MARKERS)
    if marker and any(c.is_number(t) for t in unit.span):
        return f"cible chiffrée et datée : « {marker} »"
    return None


def list_objectives(units: list[Unit]) -> list[Finding]:
    """Items of a list under an objectives heading ("Nos objectifs :", "Résultats attendus")."""
    findings = []
    for k, intro in enumerate(units):
        intro_words = set().union(*(c.words(t) for t in intro.span))
        named = bool(intro_words & c.OBJECTIVE_NOUNS or "attendus" in intro_words)
        if not (intro.text.rstrip().endswith(":") or named and intro.is_heading):
            continue
        for item in units[k + 1 :]:
            if intro.is_item and item.is_item:
                break  # "2. Objectifs" then "3. Quartiers": siblings, not content
            first = next((t for t in item.span if t.is_alpha), None)
            starts_with_action = first is not None and c.is_inf(first)
            if not (item.is_item or starts_with_action) or item.is_table_row:
                break
            if not named and not starts_with_action:
                break  # under "Nos priorités :", items that are actions are aims
            alpha = [t for t in item.span if t.is_alpha]
            label_only = re.match(r"^[^:]{1,30}:\s*\S", item.text) and len(alpha) < 5
            if len(alpha) >= 3 and not label_only and not DEFERRED.search(c.fold(item.text)):
                cue = "élément d'une liste d'objectifs"
                findings.append(finding(Statement.OBJECTIVES, item, cue))
    return findings


def table_objectives(units: list[Unit]) -> list[Finding]:
    """Cells of an "Objectif" column in a table written as rows of "a | b | c"."""
    findings = []
    columns: list[int] = []
    text = units[0].span.doc.text if units else ""
    for k, unit in enumerate(units):
        if not unit.is_table_row:
            columns = []
            continue
        cells = table_cells(unit)
        if not columns or (k and not units[k - 1].is_table_row):
            heads = [c.fold(text[s:e]) for s, e in cells]
            columns = [i for i, h in enumerate(heads) if re.search(r"objectif|resultat|\bbut", h)]
            if columns:
                continue
        for i in columns:
            if i < len(cells) and len(text[cells[i][0] : cells[i][1]].split()) >= 2:
                start, end = cells[i]
                cue = "colonne « Objectif » d'un tableau"
                findings.append(Finding(Statement.OBJECTIVES, start, end, cue))
    return findings
