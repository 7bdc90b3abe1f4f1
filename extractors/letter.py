"""Fields of a lettre d'intention: who writes, to whom, what they say, and whether it is signed.

A French administrative letter has a fixed order — letterhead, place and date, addressee,
subject, salutation, body, closing formula, signatory — and this module reads it in that order.
"Signed" is decided from what can be seen: a mark (image or ink) on the signatory's page, or an
electronic-signature mention; an empty "Signature :" line or no signatory block means unsigned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from extractors.contacts import looks_like_name, split_name_title
from extractors.folding import fold, fold_text
from extractors.letter_quartiers import quartiers_named
from extractors.quoting import Quoter
from extractors.territory import find_territory
from schemas.document import ExtractedText
from schemas.evidence import Evidence
from schemas.fields import LetterFields, Person

_MONTHS = (
    r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)"
)
_PLACE_DATE = re.compile(
    rf"^\s*(?:fait\s+)?(?:a\s+)?(?P<place>[a-z][a-z' -]{{1,40}}?)?\s*,?\s*le\s+"
    rf"(?P<date>\d{{1,2}}(?:er)?\s+{_MONTHS}\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}})\b"
)
_SALUTATION = re.compile(
    r"^\s*(?:madame|monsieur|mesdames|messieurs|chere|cher)\b[^.:;]{0,60},\s*$"
)
_CLOSING = re.compile(
    r"(?:je vous prie|veuillez|nous vous prions|je vous remercie)[^.]{0,40}(?:agreer|recevoir"
    r"|croire|accepter|l expression|l assurance)"
    r"|salutations (?:les plus |tres |bien )?(?:distinguees|cordiales|respectueuses|sinceres"
    r"|les meilleures)|meilleures salutations"
    r"|sentiments (?:les )?"
    r"(?:meilleurs|distingues|respectueux)|l expression de (?:ma|mes|nos|notre) "
)
_SIGNATORY = re.compile(
    r"^\s*(?:pour )?(?:le|la|l) ?(?:1er |premier |premiere )?(?:maire|president|presidente"
    r"|adjoint|adjointe|vice ?-?presidente?|conseill\w+|senat\w+|depute\w*)\b"
    r"|^\s*(?:maire|president|presidente|adjointe?|vice ?-?presidente?) (?:de|du|d|au|delegue)\b"
)
_ADDRESSEE = re.compile(
    r"^\s*(?:a |a l attention de |a l intention de |attn )?(?:madame|monsieur|mesdames)"
    r" (?:la |le )?(?:directrice|directeur|presidente|president|responsable)"
    r"|^\s*a l attention|^\s*pays et quartiers d aquitaine\s*$|^\s*a (?:madame|monsieur)\b"
)
_LETTERHEAD = re.compile(
    r"^\W*(?:mairie|ville|commune|hotel de ville|communaute (?:d agglomeration|de communes|urbaine)"
    r"|agglomeration|[\w -]+ metropole$|metropole)\b"
)
_E_SIGNATURE = re.compile(
    r"sign[ée]e? (?:electroniquement|numeriquement)|signature (?:electronique|numerique)"
    r"|(?<!\S)/s/(?!\S)"
)
_COPY = re.compile(r"^\s*(?:copie|cc|p\.? ?j\.?|pj)\b")
_EMPTY_SIGNATURE = re.compile(r"^\s*signature\s*:?[\s._…-]*$")
_FOOTER = re.compile(
    r"(?:\b\d{5}\b|@|www\.|\btel\b|\btelephone\b|\bfax\b|^p\.? ?j\.?|^copie|^pj ?:|^\d+ ?/ ?\d+$)"
)


@dataclass(frozen=True)
class _Line:
    page: int
    start: int
    text: str

    @property
    def folded(self) -> str:
        return fold_text(self.text).strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class _Cited:
    """Evidence per letter field, quoted from runs of lines."""

    def __init__(self, quote: Quoter) -> None:
        self.quote = quote
        self.evidence: dict[str, list[Evidence]] = {}

    def add(self, key: str, lines: list[_Line], confidence: float = 0.85) -> list[Evidence]:
        kept = [x for x in lines if not x.blank]
        if not kept:
            return []
        first = kept[0]
        last = [x for x in kept if x.page == first.page][-1]
        text = self.quote.text_of(first.page)[first.start : last.start + len(last.text)]
        found = self.quote.at(
            first.page, first.start, last.start + len(last.text), text, confidence
        )
        self.evidence.setdefault(key, []).append(found)
        return [found]


def extract_letter(
    extracted: ExtractedText,
    document_name: str,
    document_sha256: str | None = None,
    known_quartiers: Collection[str] = (),
) -> LetterFields:
    """Read a letter of intent; ``known_quartiers`` are QPV names to look for in its text."""
    quote = Quoter(extracted, document_name, document_sha256)
    cited = _Cited(quote)
    lines = [
        _Line(p.number, start, text) for p in extracted.pages for start, text in _lines(p.text)
    ]
    salutation = _first(lines, lambda x: bool(_SALUTATION.match(x.folded)))
    header = lines[: salutation if salutation is not None else min(len(lines), 15)]
    collectivity = _collectivity(header, cited)
    place, date = _place_date(header + lines[len(header) :], cited)
    addressee = _addressee(header, cited)

    closing = _closing(lines, _first(lines, lambda x: bool(_CLOSING.search(x.folded)), salutation))
    body_start = salutation + 1 if salutation is not None else _after_subject(header)
    body_end = lines.index(closing[0]) if closing else _signatory_start(lines, body_start)
    paragraphs = _paragraphs(lines[body_start:body_end])
    for paragraph in paragraphs:
        cited.add("paragraphs", paragraph)
    cited.add("closing", closing)

    tail = lines[lines.index(closing[-1]) + 1 :] if closing else lines[body_end:]
    signatory, block = _signatory(tail)
    if signatory is not None:
        signatory = signatory.model_copy(update={"evidence": cited.add("signatory", block, 0.8)})
    signed, reason, mark = _signed(extracted, lines, block, closing, tail)
    if mark:
        cited.add("signed", mark, 0.8)
    body = "\n".join(_join(p) for p in paragraphs)
    quartiers = quartiers_named(body, known_quartiers, collectivity)
    if quartiers:
        cited.evidence["quartiers"] = [quote.find(q, 0.7) for q in quartiers]
    return LetterFields(
        collectivity=collectivity,
        place=place,
        date=date,
        addressee=addressee,
        paragraphs=[_join(p) for p in paragraphs],
        closing=_join(closing) if closing else None,
        signatory=signatory,
        signed=signed,
        signed_reason=reason,
        quartiers=quartiers,
        evidence=cited.evidence,
    )


def _lines(text: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _first(lines: list[_Line], test: Callable[[_Line], bool], start: int | None = 0) -> int | None:
    return next((i for i in range(start or 0, len(lines)) if test(lines[i])), None)


def _join(lines: list[_Line]) -> str:
    return re.sub(r"\s+", " ", " ".join(x.text.strip() for x in lines)).strip()


def _collectivity(header: list[_Line], cited: _Cited) -> str | None:
    """The letterhead line naming the collectivity ("Mairie de Cenon"), as written."""
    for line in header[:12]:
        if _LETTERHEAD.match(line.folded) and len(line.folded) <= 90:
            cited.add("collectivity", [line])
            return re.sub(r"\s+", " ", line.text).strip(" -–,")
    names = [x.text for x in header[:12]]
    name, _ = find_territory(["\n".join(names)], None) if names else (None, "")
    if name:
        holder = next((x for x in header if fold_text(name) in x.folded), None)
        if holder:
            cited.add("collectivity", [holder])
    return name


def _place_date(lines: list[_Line], cited: _Cited) -> tuple[str | None, str | None]:
    """ "Cenon, le 2 avril 2016" → ("Cenon", "2 avril 2016"), as written."""
    for line in lines:
        folded = fold(line.text)
        m = _PLACE_DATE.search(folded.text)
        if m is None:
            continue
        cited.add("date", [line])
        date = line.text[folded.original(m.start("date")) : folded.original(m.end("date"))]
        place = None
        if m.group("place"):
            raw = line.text[folded.original(m.start("place")) : folded.original(m.end("place"))]
            place = re.sub(r"^(?i:fait\s+)?(?:(?i:à|a)\s+)?", "", raw).strip(" ,") or None
        return place, date.strip()
    return None, None


def _addressee(header: list[_Line], cited: _Cited) -> str | None:
    """The addressee block: "à Madame la Directrice / de Pays et Quartiers d'Aquitaine"."""
    start = _first(header, lambda x: bool(_ADDRESSEE.match(x.folded)))
    if start is None:
        start = _first(header, _names_pqa)
        if start is None:
            return None
        if start > 0 and re.match(r"(?:a )?(?:madame|monsieur) \w", header[start - 1].folded):
            start -= 1
    block = [header[start]]
    for line in header[start + 1 : start + 4]:
        folded = line.folded
        if line.blank or folded.startswith("objet") or _PLACE_DATE.search(folded):
            break
        if re.search(r"\b\d{5}\b|^\d+,? (?:rue|avenue|bd|boulevard|place|cours|allee)", folded):
            break
        block.append(line)
    cited.add("addressee", block)
    return re.sub(r"^(?i:à|a)\s+", "", _join(block))


def _names_pqa(line: _Line) -> bool:
    folded = line.folded
    return not folded.startswith("objet") and len(folded) < 90 and "pays et quartiers" in folded


def _after_subject(header: list[_Line]) -> int:
    at = _first(header, lambda x: x.folded.startswith("objet"))
    if at is None:
        return len(header)
    while at + 1 < len(header) and not header[at + 1].blank:
        at += 1
    return at + 1


def _closing(lines: list[_Line], at: int | None) -> list[_Line]:
    """The paragraph holding the closing formula."""
    if at is None:
        return []
    start = at
    while start > 0 and not lines[start - 1].blank and not _ends_sentence(lines[start - 1]):
        start -= 1
    end = at
    while not lines[end].text.rstrip().endswith(".") and end + 1 < len(lines):
        if lines[end + 1].blank or _SIGNATORY.match(lines[end + 1].folded):
            break
        end += 1
    return lines[start : end + 1]


def _ends_sentence(line: _Line) -> bool:
    return line.text.rstrip().endswith((".", "!", "?", ":"))


def _signatory_start(lines: list[_Line], start: int) -> int:
    at = _first(lines, lambda x: bool(_SIGNATORY.match(x.folded)), max(start, len(lines) - 12))
    return at if at is not None else len(lines)


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Body paragraphs: split on blank lines, and on short lines ending a sentence."""
    blocks: list[list[_Line]] = [[]]
    for line in lines:
        if line.blank:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    paragraphs: list[list[_Line]] = []
    for block in blocks:
        if not block:
            continue
        width = max(len(x.text.strip()) for x in block)
        current: list[_Line] = []
        for line in block:
            current.append(line)
            if _ends_sentence(line) and len(line.text.strip()) < 0.8 * width:
                paragraphs.append(current)
                current = []
        if current:
            paragraphs.append(current)
    return paragraphs


def _signatory(tail: list[_Line]) -> tuple[Person | None, list[_Line]]:
    """Name and title in the lines after the closing formula ("Le Maire, / Alain David")."""
    kept: list[_Line] = []
    for at, line in enumerate(tail):
        folded = line.folded
        if folded.startswith("--") or (line.blank and all(split_name_title(_unwrap(kept)))):
            if (printed := _name_below(tail[at:])) is not None:
                kept = [x for x in kept if not looks_like_name(x.text.strip(" ,"))] + [printed]
            break  # the block is complete; what follows is a mail signature or a footer
        if line.blank or _EMPTY_SIGNATURE.match(folded) or _E_SIGNATURE.search(folded):
            continue
        if _PLACE_DATE.search(folded) or _CLOSING.search(folded):
            continue
        if not kept and _COPY.match(folded):
            continue  # « Copie : M. le Sous-préfet » set left of the block, before it
        if _FOOTER.search(line.folded) or len(kept) >= 5:
            break
        kept.append(line)
    text = _unwrap(kept)
    if not kept:
        return None, []
    name, title = split_name_title(text)
    if name is None and title is None:
        return None, []
    return Person(name=name, title=title), kept


def _name_below(rest: list[_Line]) -> _Line | None:
    """A name printed alone under the block, past a blank: the signatory's own, typed under
    the ink; the capitals read above it were a rubber stamp's (« LE / RAND PÉRIGUEU »)."""
    lines = [line for line in rest[:4] if not line.blank]
    if not lines or not looks_like_name(lines[0].text.strip(" ,")):
        return None
    following = rest[rest.index(lines[0]) + 1 :][:1]
    return lines[0] if not following or following[0].blank else None


def _unwrap(lines: list[_Line]) -> str:
    """Lines of a signature block, a title wrapped onto a lower-case line joined back."""
    joined: list[str] = []
    for line in lines:
        text = line.text.strip()
        if joined and text[:1].islower():
            joined[-1] = f"{joined[-1]} {text}"
        else:
            joined.append(text)
    return "\n".join(t.rstrip(" ,") for t in joined)


def _signed(
    extracted: ExtractedText,
    lines: list[_Line],
    block: list[_Line],
    closing: list[_Line],
    tail: list[_Line],
) -> tuple[bool, str, list[_Line]]:
    """Signed when a mark is on the signatory's page or an e-signature is mentioned."""
    for line in tail or lines[-15:]:
        if _E_SIGNATURE.search(line.folded):
            return True, f"Mention de signature électronique : « {line.text.strip()} ».", [line]
    if not block:
        return False, "Aucun bloc signataire (nom et qualité) trouvé à la fin de la lettre.", []
    pages = sorted({x.page for x in block + closing})
    marked = [p.number for p in extracted.pages if p.number in pages and p.has_signature_mark]
    who = _unwrap(block).replace("\n", ", ")
    if marked:
        return (
            True,
            f"Marque de signature vue page {marked[0]}, au bloc signataire « {who} ».",
            block,
        )
    empty = next((x for x in tail if _EMPTY_SIGNATURE.match(x.folded)), None)
    if empty is not None:
        return False, "La ligne « Signature : » est vide et aucune marque n'est visible.", [empty]
    return False, f"Bloc signataire « {who} » présent, mais aucune signature visible.", []
