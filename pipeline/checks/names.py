"""Where a text names a quartier: known QPV names, "quartier X", "cité X", and "ce quartier".

A justification must be tied to a named quartier, so the rules need to know where names are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from pipeline.checks.cues import NAME_STOP, QUARTIER_WORDS, low
from pipeline.checks.segments import Unit
from pipeline.qpv import GENERIC_NAMES, WEAK_WORDS, name_variants, normalize

_SKIP_AFTER_QUARTIER = {"de", "du", "des", "d'", "d", "la", "le", "les", "l'", "l", "dit"}
_SKIP_AFTER_QUARTIER |= {"prioritaire", "prioritaires", "concerne", "nomme"}
_DEMONSTRATIVES = {"ce", "cet", "cette", "ces"}
_POSSESSIVES = {"ses", "son", "sa"}
_SUBJECT_PRONOUNS = {"il", "elle", "ils", "elles", "celui-ci", "celle-ci"}


@dataclass(frozen=True)
class Mention:
    """A quartier named (or referred back to) in a unit; `token` is a doc token index."""

    token: int
    name: str
    anaphora: bool = False


class NameFinder:
    """Finds quartier names in units; built once per run from the QPV list and the drafts."""

    def __init__(self, names: Iterable[str]) -> None:
        self._by_first: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for name in names:
            for words in _variants(name, 4):
                self._by_first[words[0]].add(words)

    def with_names(self, names: Iterable[str]) -> NameFinder:
        """A copy that also knows the quartiers a draft declares."""
        other = NameFinder([])
        other._by_first = defaultdict(set, {k: set(v) for k, v in self._by_first.items()})
        for name in names:
            for words in _variants(name, 3):
                other._by_first[words[0]].add(words)
        return other

    def mentions(self, unit: Unit, original: str, caps: bool) -> list[Mention]:
        """Quartiers named in the unit, by known name or by a "quartier X" pattern."""
        found = self._known(unit, original, caps) + self._patterned(unit, original, caps)
        seen: set[int] = set()
        result = []
        # The longest name first where two start at one word ("Génicart Est", "Génicart"): sets
        # of candidate names iterate in a hash-dependent order, the answer must not.
        for mention in sorted(found, key=lambda m: (m.token, -len(m.name), m.name)):
            if mention.token not in seen:
                seen.add(mention.token)
                result.append(mention)
        return result

    def _known(self, unit: Unit, original: str, caps: bool) -> list[Mention]:
        words: list[tuple[str, Token]] = []
        for token in unit.span:
            words.extend((w, token) for w in _normalized_words(token.text))
        found = []
        for i, (word, token) in enumerate(words):
            for seq in self._by_first.get(word, ()):
                if tuple(w for w, _ in words[i : i + len(seq)]) != seq:
                    continue
                if caps or _capitalised(token, original):
                    last = words[i + len(seq) - 1][1]
                    name = original[token.idx : last.idx + len(last.text)]
                    found.append(Mention(token=token.i, name=name))
        return found

    def _patterned(self, unit: Unit, original: str, caps: bool) -> list[Mention]:
        found = []
        tokens = list(unit.span)
        for k, token in enumerate(tokens):
            if low(token) not in QUARTIER_WORDS:
                continue
            j = k + 1
            while j < len(tokens) and j <= k + 4 and low(tokens[j]) in _SKIP_AFTER_QUARTIER:
                j += 1
            if j >= len(tokens) or j > k + 4:
                continue
            first = tokens[j]
            if not first.is_alpha or low(first) in NAME_STOP:
                continue
            if not (caps or _capitalised(first, original)):
                continue
            last = first
            for nxt in tokens[j + 1 : j + 5]:
                if _capitalised(nxt, original) and nxt.is_alpha or nxt.text in {"-", "–"}:
                    last = nxt
                else:
                    break
            name = original[first.idx : last.idx + len(last.text)]
            found.append(Mention(token=first.i, name=name))
        return found


@lru_cache(maxsize=65536)  # every token of every unit is looked up; the vocabulary is small
def _normalized_words(text: str) -> tuple[str, ...]:
    return tuple(normalize(text).split())


def _variants(name: str, shortest: int) -> list[tuple[str, ...]]:
    """Word sequences that name the quartier; a long first word alone too ("Génicart")."""
    result = []
    for variant in name_variants(name):
        words = tuple(variant.split())
        if variant in GENERIC_NAMES or max(len(w) for w in words) < shortest:
            continue
        result.append(words)
        if len(words) > 1 and len(words[0]) >= 6 and words[0] not in WEAK_WORDS:
            result.append(words[:1])
    return result


def resolve_anaphora(units: list[Unit], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """Add "ce quartier" / "il" mentions that refer to a quartier named just before."""
    resolved = [list(m) for m in mentions]
    for k, unit in enumerate(units):
        if mentions[k]:
            continue
        antecedent = next((mentions[j] for j in (k - 1, k - 2) if j >= 0 and mentions[j]), None)
        if antecedent is None:
            continue
        anaphor = _anaphor(unit, units[k - 1] if mentions[k - 1] else None, mentions[k - 1])
        if anaphor is not None:
            names = ", ".join(dict.fromkeys(m.name for m in antecedent))
            resolved[k].append(Mention(token=anaphor, name=names, anaphora=True))
    return resolved


def _anaphor(unit: Unit, previous: Unit | None, previous_mentions: list[Mention]) -> int | None:
    tokens = list(unit.span)
    for k, token in enumerate(tokens):
        word = low(token)
        if word not in QUARTIER_WORDS:
            continue
        before = [low(t) for t in tokens[max(0, k - 2) : k]]
        if set(before) & _DEMONSTRATIVES:
            return token.i
        if not word.endswith("s"):
            return token.i  # "le quartier", just after one was named, is that one
    for k, token in enumerate(tokens):
        if low(token) == "y" and token.pos_ == "PRON":
            return token.i  # "un local sur quatre y est vide": there, in the quartier just named
        previous_word = low(tokens[k - 1]) if k else ""
        if previous_word in _POSSESSIVES and token.pos_ == "NOUN":
            return token.i  # "ses habitants", "sa population"
    if previous is not None and previous_mentions:
        opening = previous_mentions[0].token - previous.span.start <= 4
        for token in tokens[:3]:
            if low(token) in _SUBJECT_PRONOUNS and token.dep_.startswith("nsubj") and opening:
                return token.i
    return None


def _capitalised(token: Token, original: str) -> bool:
    char = original[token.idx : token.idx + 1]
    return char.isupper()
