"""Label matching for forms filled in by hand: find "Titre du projet" however it was typed.

Territories retype, renumber and reword the labels of the bulletin, lose its accents and case,
put the answer on the same line or on the next lines, and leave dot leaders where nothing was
written. Matching runs on a folded copy of each line (``extractors.folding``), so every value
found can still be quoted with its exact span in the page. Tables: ``extractors.label_tables``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractors.folding import fold, fold_name, fold_text
from schemas.base import Frozen

PageTexts = Sequence[tuple[int | None, str]]
Table = Sequence[Sequence[str]]


# Bullets, arrows and numbering before a label: "1.", "1)", "a -", "A ·", "II.", "I.2 –", "→", "☐";
# OCR reads a Roman « II. » as « IT. », « Il » or « 11 », and « 5. » as « à, ».
# Questionnaires number and phrase them: "Question 3 – Quel est l'intitulé du projet ?".
_PREFIX = re.compile(
    # OCR keeps a numbering's dot alone, reads a coloured bar before a heading as « I », and
    # a « ▸ » bullet as « + ».
    r"[\s\-+*•·▪◦○●■□☐☑☒►▶▸➢➤➔→⇒>=»|#\[]*(?:[.,]\s+|i\s+(?=[a-z]{3}))?"
    r"(?:(?:question|rubrique|item|q|cadre|partie|section|volet|bloc|etape|chapitre)"
    r"\s?(?:n\s?°?\s?)?(?:\d{1,2}|[ivx]{1,4}|[a-h])\s?[.):°/–—-]?\s*|q\s?[.):-]\s*"
    r"|\d{1,2}\s?/\s?\d{1,2}\s?[.):–—-]?\s+"  # « 2/6 Quartier(s) … »
    r"|(?:\d{1,2}|[ivx]{1,4})(?:\.\d{1,2})+\s?[.,):°/·–—-]?(?:\s*-)?\s*"  # « 1.2 », « I.2 – »
    r"|(?:\d{1,2}|[a-h]|[ivx]{1,4})\s?[.,):°/·–—-](?:\s*-)?\s*|\d{1,2}\s+"
    r"|(?:[ivx][ivxlt1]{1,3}|1{2,3})\s?[.)–—-]\s*)?"
    r"[\s\-*•·▪►▶➢➤→⇒>=»]*"
    r"(?:(?:(?:dans|sur|pour) )?(?:quel|quelle|quels|quelles|qui)(?: (?:est|sont))?"
    r"(?: (?:le|la|les|l|votre|vos|son|sa|ses))? )?"
)
_ARTICLE = re.compile(r"(?:le|la|les|l) ")
# What may follow a label: a short parenthetical hint, then separators (colon, dash, arrow...).
_HINT = re.compile(r" ?\([^)\n]{0,80}\)")
# A questionnaire's answer opens with « R : », « R. » or « Réponse : »; a mail's with « => ».
_ANSWER_MARK = re.compile(r"(?:(?:R|Rép\.?|Réponse)\s?(?::|[-–]|\.(?=\s))|=>|-{1,2}>|[→⇒➔➜])\s*")
_PAGE_FOOTER = re.compile(r"(?:^|\s[-–—|]\s)(?:page|p\.) ?\d{1,2}(?: ?(?:/|sur) ?\d{1,2})?$", re.I)
_HINT_LINE = re.compile(r"^\([^)\n]{0,120}\)\W{0,3}\w?$")
# A bar separates table cells written as text, but OCR also reads "l.mauriac@" as "|.mauriac@".
_BAR = r"(?:(?<=\S)\||\|(?![\w.%+'-]*@))"
# "*" closes a bold label in a mail's text part ("*Titre :* …") or marks it required.
_SEPARATOR = re.compile(rf"(?:\s*(?:[:：=>→⇒\-?!.…*\]]|{_BAR}))+\s*")
# Dot leaders need two marks: "8 Mai 45 -" at the end of a wrapped line keeps its dash.
_LEADER = re.compile(r"^\s*(?:[._…\-=*]\s*){2,}|(?:\s*[._…\-=*]){2,}\s*$")
_PLACEHOLDER = re.compile(
    r"^(?:[\s._…\-=*/xX]*"
    r"|[\[(]?\s*(?:a completer|a renseigner|a preciser|texte|nc)\s*[\])]?\.?"
    r"|cliquez (?:ou appuyez )?ici pour (?:taper|entrer|saisir) (?:du|le|votre) texte\.?"
    r"|click (?:or tap )?here to enter (?:a )?text\.?"
    r"|choisissez un element\.?|off|/off)$"
)


# A line cut by the layout stops on a word no answer ends on ("délégué au commerce et à")...
_DANGLING = re.compile(
    r"\b(?:et|ou|a|au|aux|de|du|des|la|le|les|l|d|en|pour|sur|par|chargee?|deleguee?)$"
)
# ...or on a title that asks for its domain ("Chargé de mission" + "Développement économique").
_COMPLEMENTED = re.compile(r"\b(?:mission|projet)$")


def ends_open(line: str) -> bool:
    """The line stops on a lower-case connector or a dash, so the phrase goes on below."""
    words = line.split()
    if len(words) > 1 and words[-1] in ("-", "–", "—"):
        return True  # « Chargé de développement territorial - » + « quartiers prioritaires »
    return (
        bool(words) and words[-1].islower() and bool(_DANGLING.search(fold_text(line).strip(" '")))
    )


def asks_complement(line: str) -> bool:
    """The line ends on "mission" or "projet", which a domain may complete on the next line
    (« Chef de projet » + « Politique de la ville »); a heading in capitals (« LE PROJET »)
    asks for nothing."""
    return not line.isupper() and bool(_COMPLEMENTED.search(fold_text(line).strip()))


def is_placeholder(value: str) -> bool:
    """True for an unanswered field: dot leaders, underscores, "[à compléter]", Word hints."""
    return bool(_PLACEHOLDER.match(fold_text(value).strip()))


def clean_value(value: str) -> str:
    """The answer without dot leaders or placeholder lines; "" when nothing was written."""
    lines: list[str] = []
    for line in value.splitlines():
        stripped = _LEADER.sub("", line.strip()).strip()
        if not lines and _HINT_LINE.match(stripped):
            continue  # the label's own hint, wrapped onto the next line: "(sur quoi … ?)"
        if not lines:
            stripped = re.sub(r"^[:：]\s*", "", stripped)  # the label's colon, in the answer's cell
        if stripped and not is_placeholder(stripped):
            lines.append(stripped)
        elif lines and lines[-1] != "":
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def _label_end(text: str, end: int) -> int:
    """Where a label worded at length ends: its colon, or the question mark of a question
    ("Quel quartier votre projet concerne-t-il ?"); -1 when neither comes soon."""
    colon = text.find(":", end, end + 80)
    bar = re.compile(_BAR).search(text, end, end + 80)  # a row as text: "Qualité de l'élu|…"
    if bar and (colon < 0 or bar.start() < colon):
        colon = bar.start()
    question = text.find("?", end, end + 100)
    if question >= 0 and (colon < 0 or question < colon):
        return question
    return colon


class Label(Frozen):
    """One way of writing a label. ``strict`` labels need a separator or nothing after them."""

    key: str
    pattern: str
    strict: bool = False


class LabelHit(Frozen):
    key: str
    label: str
    value_start: int
    value: str


class LabelledValue(Frozen):
    """A labelled answer and where it sits: offsets are in the text of ``page``."""

    key: str
    label: str
    value: str
    page: int | None = None
    start: int | None = None
    end: int | None = None


class LabelSet:
    """A vocabulary of labels, tried longest-match-first on folded text."""

    def __init__(self, labels: Iterable[Label]) -> None:
        self.labels = tuple(labels)
        self._compiled = [
            (label, re.compile(rf"(?:{label.pattern})(?![a-z0-9])")) for label in self.labels
        ]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(label.key for label in self.labels))

    def match(self, line: str) -> LabelHit | None:
        """The label that starts this line, with the value written after it on the same line."""
        folded = fold(line[:400])
        text = folded.text
        pos = _PREFIX.match(text)
        start = pos.end() if pos else 0
        best = self._longest(text, start)
        article = _ARTICLE.match(text, start)
        if best is None and article is not None:
            # "L'élu référent", "Les personnes-contacts": a heading with its article, taken
            # only when nothing else is written on the line, so prose is never cut.
            best = self._longest(text, article.end())
            if best is None or best[1].strict or text[best[0] :].strip(" :-?."):
                return None
        if best is None:
            return None
        end, label = best
        hint = _HINT.match(text, end)
        if hint and (_SEPARATOR.match(text, hint.end()) or not text[hint.end() :].strip()):
            end = hint.end()  # else the parenthesis opens the answer: "(chambres, banques) …"
        sep = _SEPARATOR.match(text, end)
        if sep is None and re.match(r" *\t", line[folded.original(end) :]):
            sep = re.compile(r" *").match(text, end)  # "Quartier(s)<tab>Montanou": a cell break
        rest = text[sep.end() if sep else end :].strip()
        if sep is None and rest:
            colon = _label_end(text, end)
            after = line[folded.original(end) :].lstrip()
            asked = colon >= 0 and text[colon] == "?" and not text[colon + 1 :].strip()
            if colon >= 0 and not (after[:1].islower() or asked or after.isupper()):
                colon = -1  # "Titre du projet Grand Dax : entreprendre": the colon is the value's
            if colon < 0 and (label.strict or not self._looks_like_label(line, text, pos, start)):
                return None
            tab = line.find("\t", folded.original(end), folded.original(end) + 80)
            if colon < 0 and tab >= 0 and not label.strict:
                # "Qualité de l'élu<tab>Présidente": the label's cell runs to the tab.
                sep = re.compile(r" *").match(text, bisect.bisect_left(folded.index, tab))
            elif colon >= 0:
                # "Description du projet et de ses objectifs : ..." — the label runs to the colon.
                sep = _SEPARATOR.match(text, colon)
        value_pos = sep.end() if sep else end
        value_start = folded.original(value_pos) if value_pos < len(text) else len(line)
        label_start = folded.original(start)
        label_text = line[label_start : folded.original(end)].strip(" :-–—→=>\t")
        return LabelHit(
            key=label.key,
            label=label_text,
            value_start=value_start,
            value=line[value_start:].strip(),
        )

    def _longest(self, text: str, start: int) -> tuple[int, Label] | None:
        best: tuple[int, Label] | None = None
        for label, regex in self._compiled:
            m = regex.match(text, start)
            if m and (best is None or m.end() > best[0]):
                best = (m.end(), label)
        return best

    @staticmethod
    def _looks_like_label(line: str, text: str, prefix: re.Match[str] | None, start: int) -> bool:
        """A label with its value run on needs a form's look: numbered or capitalised, no article.

        Without it, a wrapped line of prose ("quartiers prioritaires de la ville, ...") would
        cut the answer it belongs to.
        """
        if re.match(r"(?:le|la|les|l|un|une|des) ", text[start:]):
            return False
        numbered = prefix is not None and bool(prefix.group().strip())
        first = line.lstrip(" \t-*•→=>")[:1]
        return numbered or first.isupper()

    def match_name(self, name: str) -> str | None:
        """The key a form field name stands for (``titre_projet`` → title), anywhere in it."""
        text = fold_name(name)
        best: tuple[int, int, str] | None = None
        for order, (label, _regex) in enumerate(self._compiled):
            for m in re.finditer(rf"(?<![a-z0-9])(?:{label.pattern})(?![a-z0-9])", text):
                length = m.end() - m.start()
                if best is None or length > best[0]:
                    best = (length, -order, label.key)
        return best[2] if best else None


@dataclass
class _Block:
    key: str
    label: str
    parts: list[tuple[int | None, int, str]]


def _lines(page: int | None, text: str) -> Iterable[tuple[int | None, int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield page, offset, line
        offset += len(line) + 1


def _finish(block: _Block) -> LabelledValue:
    kept: list[tuple[int | None, int, int]] = []
    texts: list[str] = []
    answered = False
    for page, offset, fragment in block.parts:
        stripped = re.sub(rf"^{_BAR}\s*|\s*\|$", "", _LEADER.sub("", fragment.strip())).strip()
        if not texts and _HINT_LINE.match(stripped):
            continue  # the label's own hint, wrapped onto the next line (as in clean_value)
        if _PAGE_FOOTER.search(stripped):
            continue  # « PQA – AMI 2016 – bulletin – page 2 »: the answer may go on below it
        if (not texts or answered) and (answer := _ANSWER_MARK.match(stripped)):
            answered = True  # every line of the answer may open with it (one per person)
            cut = max(0, fragment.find(stripped)) + answer.end()
            offset, fragment, stripped = offset + cut, fragment[cut:], stripped[answer.end() :]
        if not stripped or is_placeholder(stripped):
            if texts and texts[-1] != "":
                texts.append("")
            continue
        begin = offset + fragment.find(stripped)
        kept.append((page, begin, begin + len(stripped)))
        texts.append(stripped)
    while texts and texts[-1] == "":
        texts.pop()
    if not kept:
        return LabelledValue(key=block.key, label=block.label, value="")
    page, start, _ = kept[0]
    end = max(e for p, _, e in kept if p == page)
    return LabelledValue(
        key=block.key, label=block.label, value="\n".join(texts), page=page, start=start, end=end
    )


def find_values(pages: PageTexts, labels: LabelSet) -> list[LabelledValue]:
    """Every labelled block in reading order: the value runs until the next label of the set."""
    lines = [item for number, text in pages for item in _lines(number, text)]
    blocks: list[_Block] = []
    skip_to = -1
    for i, (page, offset, line) in enumerate(lines):
        if i <= skip_to:
            continue
        hit = labels.match(line)
        if hit is not None and blocks and _wrapped_into_value(hit, line, blocks[-1]):
            hit = None
        if hit is not None and blocks and _persons_title(hit, blocks[-1]):
            hit = None
        if hit is None:
            if blocks:
                blocks[-1].parts.append((page, offset, line))
            continue
        blocks.append(_Block(hit.key, hit.label, []))
        start = hit.value_start
        if fold_text(hit.value).strip() == fold_text(hit.label).strip():
            start = len(line)  # a merged table cell repeats its label
        elif _two_empty_labels(hit, labels):
            start = len(line)  # « Nom et prénom   Qualité »: two labels, both left empty
        if i + 1 < len(lines) and (asked := _question_end(line, lines[i + 1][2])) is not None:
            npage, noffset, nline = lines[i + 1]
            blocks[-1].parts.append((npage, noffset + asked, nline[asked:]))
            skip_to = i + 1  # the question wraps: its answer starts after the « ? »
            continue
        if i + 1 < len(lines):
            continued = _continued_label(hit, line[start:], lines[i + 1][2], labels)
            if continued is not None:
                start = min(len(line), start + continued[0])
                npage, noffset, nline = lines[i + 1]
                blocks[-1].parts.append((page, offset + start, line[start:]))
                blocks[-1].parts.append((npage, noffset + continued[1], nline[continued[1] :]))
                skip_to = i + 1
                continue
        blocks[-1].parts.append((page, offset + start, line[start:]))
    return [_finish(block) for block in blocks]


_QUESTION = re.compile(r"\s*(?:q|question)\s?(?:n\s?°?\s?)?\d{1,2}\b", re.IGNORECASE)


def _question_end(line: str, next_line: str) -> int | None:
    """Where a numbered question wrapped onto the next line ends there (after its « ? »)."""
    if "?" in line or not _QUESTION.match(line):
        return None
    mark = next_line.find("?", 0, 80)
    return mark + 1 if mark >= 0 else None


def _wrapped_into_value(hit: LabelHit, line: str, block: _Block) -> bool:
    """A line holding only label words that ends the answer line above: "Chargé de mission"
    then "Développement économique", "… chargée de la" then "Politique de la ville"."""
    if hit.value or line.strip(" \t-*•→>") != hit.label or not block.parts:
        return False
    above = block.parts[-1][2].strip()
    return bool(above) and (ends_open(above) or asks_complement(above))


def _two_empty_labels(hit: LabelHit, labels: LabelSet) -> bool:
    """The answer is another label of the set, itself unanswered; a section's heading
    qualified by its service (« Personne-contact – Service Politique de la ville ») is one."""
    inner = labels.match(hit.value) if hit.value else None
    return inner is not None and not inner.value and inner.key not in _SECTION_KEYS


_SECTION_KEYS = {"contact_pv", "contact_eco"}


def _persons_title(hit: LabelHit, block: _Block) -> bool:
    """« Titre : Adjointe au Maire » under « Élu référent » / « Nom : … »: the person's title,
    not the project's."""
    people = {"elected_official", "contacts", "contact_pv", "contact_eco"}
    return block.key in people and fold_text(hit.label).strip() == "titre"


_CONNECTOR = re.compile(r"^\s*(?:et|ou|/|&|-)(?:\s+|$)", re.IGNORECASE)


def _continued_label(
    hit: LabelHit, value: str, next_line: str, labels: LabelSet
) -> tuple[int, int] | None:
    """A label wrapped onto the next line, as PDF table cells print: "Difficultés rencontrées et
    <value>" then "questions à traiter <value>". Returns where the values start on each line."""
    connector = _CONNECTOR.match(value)
    joint = connector.group().strip() + " " if connector else ""
    longer = labels.match(f"{hit.label} {joint}{next_line}")
    if longer is None or longer.key != hit.key:
        return None
    if len(fold_text(longer.label)) <= len(fold_text(hit.label + " " + joint)) + 1:
        return None
    tail = longer.value
    at = next_line.rfind(tail) if tail else len(next_line)
    return (connector.end() if connector else 0), (at if at >= 0 else len(next_line))


def find_value(text: str, key: str, labels: LabelSet) -> str | None:
    """The first non-empty answer for ``key`` in a plain text, or None."""
    for found in find_values([(1, text)], labels):
        if found.key == key and found.value:
            return found.value
    return None
