"""What the sentence classifier sees of a unit: words, structure, tense, figures, quartiers.

Features are plain strings ("w:souhaiter", "b:afin_de", "rc:xcomp:viser", "q:named") so the model
file stays readable and a finding can name the words it rests on. Quartier and place names are
masked ("<qpv>", "<nom>"): the model must learn why a quartier is chosen, not which one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from spacy.tokens import Token

from pipeline.checks import cues as c
from pipeline.checks.actions import will_action
from pipeline.checks.justification import reason_signals
from pipeline.checks.names import Mention
from pipeline.checks.segments import Unit

QPV_MASK = "<qpv>"
NAME_MASK = "<nom>"
NUMBER_MASK = "<num>"
# Verbs of will, aim and plan, whatever the tense ("souhaiterait", "visera", "entend").
MODAL_VERBS = {
    "souhaiter", "vouloir", "permettre", "viser", "entendre", "ambitionner", "compter",
    "prevoir", "envisager", "projeter", "esperer", "aimer", "tenir", "devoir", "pouvoir",
    "s'agir", "engager", "proposer", "chercher", "aspirer", "decider", "choisir",
}  # fmt: skip
_NEGATORS = {"pas", "plus", "jamais", "guere", "nullement", "ni", "aucun", "aucune", "rien"}
_CAUSES = c.REASON_CONNECTORS + c.CAUSE_OPENERS
_CONTEXT_OBJECTIVE = c.OBJECTIVE_NOUNS | {"priorite", "chantier", "action", "attendu", "escompte"}
_SUBJECTS = c.TOWN_NOUNS | c.COLLECTIVITY
# Word classes of the rules' lists: a lemma never seen in training still counts through its class.
LEXICON = {
    "will": c.WILL_VERBS | c.WILL_NOUNS,
    "goal": c.GOAL_VERBS | c.PLAN_VERBS | c.OBJECTIVE_NOUNS,
    "stake": c.PRIORITY_NOUNS | c.WEIGHTED_NOUNS | c.ESSENTIAL_ADJ | {"convaincre", "croire"},
    "reason": c.REASON_LEMMAS,
    "facility": c.FACILITY_LEMMAS,
    "stat": c.STAT_NOUNS,
    "boiler": c.BOILER_VERBS,
    "apply": c.APPLY_VERBS - {"etre", "avoir", "porter", "prendre"},
    "call": c.CALL_NOUNS,
    "town": c.TOWN_NOUNS,
    "defer": c.DEFER_VERBS | c.REFLECT_VERBS,
    "external": c.EXTERNAL_NOUNS,
    "people": c.PEOPLE_NOUNS,
}
_CLASSES: dict[str, tuple[str, ...]] = {}
for _class, _members in LEXICON.items():
    for _member in _members:
        _CLASSES[_member] = (*_CLASSES.get(_member, ()), f"lex:{_class}")


def unit_features(
    unit: Unit,
    mentions: Sequence[Mention],
    previous: Unit | None = None,
    previous_mentions: Sequence[Mention] = (),
) -> list[str]:
    """The features of one unit, given the quartiers named in it and the unit before it."""
    tokens = [t for t in unit.span if not t.is_space]
    texts = [t.text for t in tokens]
    lows = [c.fold(t) for t in texts]
    numbers = {t.i for t, text in zip(tokens, texts, strict=True) if _numberish(text)}
    masked = _masked_tokens(tokens, mentions)
    words = _words(tokens, texts, masked, numbers)
    folded = " " + c.fold(unit.text).replace("’", "'") + " "
    features = {f"w:{w}" for w in words.values()}
    features.update(k for w in words.values() for k in _CLASSES.get(w, ()))
    sequence = list(words.values())
    features.update(f"b:{a}_{b}" for a, b in zip(sequence, sequence[1:], strict=False))
    features.update(_structure(unit, tokens, previous))
    features.update(_verbs(tokens, words, lows))
    features.update(_quartiers(tokens, texts, lows, numbers, mentions, previous_mentions, masked))
    if mentions:
        features.update(reason_signals(unit))
    will = will_action(unit)
    if will is not None:
        features.add(f"will:{will[2]}")
    if _has(folded, _CAUSES):
        features.add("cause")
    if _has(folded, c.TARGET_MARKERS):
        features.add("target")
    return sorted(features)


def word_features(word: str) -> tuple[str, ...]:
    """The features a word of a unit brings by itself: the word and its classes."""
    return (f"w:{word}", *_CLASSES.get(word, ()))


def surface_words(unit: Unit) -> dict[str, str]:
    """Each feature word of the unit and how it is written there ("souhaiter" → "souhaitons")."""
    tokens = [t for t in unit.span if not t.is_space]
    if not tokens:
        return {}
    words = _words(tokens, [t.text for t in tokens], set(), set())
    surface: dict[str, str] = {}
    for token in tokens:
        if token.i in words:
            surface.setdefault(words[token.i], token.text)
    return surface


def _has(folded: str, phrases: Iterable[str]) -> bool:
    """A phrase of the list in the folded text, with a word boundary on its left (`text_has`)."""
    return any(f" {p}" in folded or f"'{p}" in folded or f"({p}" in folded for p in phrases)


def _masked_tokens(tokens: list[Token], mentions: Sequence[Mention]) -> set[int]:
    """Token indices inside a quartier name (not the anaphora: "ce quartier" keeps its words)."""
    masked: set[int] = set()
    for mention in mentions:
        if mention.anaphora or not tokens:
            continue
        start = tokens[0].doc[mention.token].idx
        end = start + len(mention.name)
        masked.update(t.i for t in tokens if start <= t.idx < end)
    return masked


def _words(
    tokens: list[Token], texts: list[str], masked: set[int], numbers: set[int]
) -> dict[int, str]:
    """Each word token's lemma, folded; names and figures replaced by a mask."""
    words: dict[int, str] = {}
    doc = tokens[0].doc if tokens else None
    previous = doc[tokens[0].i - 1] if doc is not None and tokens[0].i else None
    first = previous is None or previous.is_punct or "\n" in previous.text
    for token, text in zip(tokens, texts, strict=True):
        punct = token.is_punct
        if punct:
            pass
        elif token.i in masked:
            words[token.i] = QPV_MASK
        elif token.i in numbers:
            words[token.i] = NUMBER_MASK
        elif text.isupper() and len(text) >= 2:
            words[token.i] = c.fold(text)  # acronyms are jargon: ANRU, NPNRU, ADIE, BGE, ZFU
        else:
            pos = token.pos_
            if pos == "PROPN" or (text[:1].isupper() and not first):
                words[token.i] = NAME_MASK
            elif pos in {"VERB", "AUX"}:
                words[token.i] = c.verb_of(token)
            else:
                words[token.i] = c.lem(token)
        first = punct or "\n" in text
    return words


@lru_cache(maxsize=65536)
def _numberish(text: str) -> bool:
    """A figure or a number word, not a year (`cues.is_number` on the text alone)."""
    if text.isdigit() and len(text) == 4 and text[:2] in {"19", "20"}:
        return False
    return any(ch.isdigit() for ch in text) or c.fold(text) in c.NUMBER_WORDS


def _structure(unit: Unit, tokens: list[Token], previous: Unit | None) -> set[str]:
    alpha = [t for t in tokens if t.is_alpha]
    found = {f"len:{_bucket(len(alpha))}"}
    text = unit.text.rstrip()
    for flag, name in ((unit.is_item, "item"), (unit.is_table_row, "table")):
        if flag:
            found.add(name)
    if unit.is_heading:
        found.add("heading")
    if text.endswith(":"):
        found.add("ends:colon")
    elif ":" in text:
        found.add("colon")
    if alpha:
        if c.is_inf(alpha[0]):
            found.add("first:inf")
        elif alpha[0].pos_ == "NOUN":
            found.add("first:noun")
    if previous is not None:
        before = previous.text.rstrip()
        if before.endswith(":"):
            found.add("prev:colon")
        if (before.endswith(":") or previous.is_heading) and {
            c.lem(t) for t in previous.span
        } & _CONTEXT_OBJECTIVE:
            found.add("prev:aims")
        if previous.is_item and unit.is_item:
            found.add("prev:item")
    return found


def _bucket(count: int) -> str:
    for limit, name in ((3, "xs"), (7, "s"), (15, "m"), (30, "l")):
        if count <= limit:
            return name
    return "xl"


def _verbs(tokens: list[Token], words: dict[int, str], lows: list[str]) -> set[str]:
    """Root, its dependents, tense and mood, will or aim verbs, subject, negation."""
    found: set[str] = set()
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is not None:
        word = words.get(root.i, c.lem(root))
        found.update((f"root:{word}", f"rootpos:{root.pos_}"))
        for child in root.children:
            if child.is_punct:
                continue
            dep = child.dep_.split(":")[0]
            found.add(f"rd:{dep}")
            found.add(f"rc:{dep}:{words.get(child.i, c.lem(child))}")
            if dep == "nsubj" and c.lem(child) in _SUBJECTS:
                found.add("subj:collectivity")
        if c.negated(root):
            found.add("neg:root")
    lowered = set(lows)
    if lowered & {"ne", "n'", "n"} and lowered & _NEGATORS or lowered & {"sans", "aucun", "aucune"}:
        found.add("neg")
    for token in tokens:
        verb = c.verb_of(token)
        if token.pos_ not in {"VERB", "AUX"} and verb not in MODAL_VERBS:
            continue
        if verb in MODAL_VERBS:
            found.update(("modal", f"modal:{verb}"))
        if c.is_future(token):
            found.add("fut")
        morph = token.morph
        if morph.get("Mood", []) == ["Cnd"]:
            found.add("cond")
        if morph.get("Person", []) == ["1"]:
            found.add("first_person")
        if _past(token):
            found.add("past")
            if token.dep_ == "ROOT":
                found.add("root:past")
    return found


def _past(token: Token) -> bool:
    """A compound past ("a organisé", "ont été fermés") or an imperfect ("réunissait")."""
    tense, form = token.morph.get("Tense", []), token.morph.get("VerbForm", [])
    if form == ["Fin"]:
        return tense in (["Past"], ["Imp"])
    if form == ["Part"] and tense == ["Past"]:
        return any(
            ch.dep_.startswith("aux") and ch.morph.get("Tense", []) != ["Fut"]
            for ch in token.children
        )
    return False


def _quartiers(
    tokens: list[Token],
    texts: list[str],
    lows: list[str],
    numbers: set[int],
    mentions: Sequence[Mention],
    before: Sequence[Mention],
    masked: set[int],
) -> set[str]:
    """Whether a quartier is named here or just before, and figures near it."""
    found: set[str] = set()
    named = [m for m in mentions if not m.anaphora]
    if named:
        found.add("q:named")
        if len({m.name for m in named}) > 1:
            found.add("q:several")
    elif mentions:
        found.add("q:anaphora")
    if before:
        found.add("q:previous")
    if "%" in texts:
        found.add("pct")
    if numbers:
        found.add("num")
        anchors = [t.i for t, w in zip(tokens, lows, strict=True) if w in c.QUARTIER_WORDS]
        anchors += [*masked, *(m.token for m in mentions)]
        if any(abs(i - a) <= 8 for i in numbers for a in anchors):
            found.add("num:near_q")
    for mention in named:
        head = tokens[0].doc[mention.token]
        for _ in range(4):
            if head.dep_.startswith("nsubj"):
                found.add("q:subject")
                break
            if head.head is head:
                break
            head = head.head
    return found
