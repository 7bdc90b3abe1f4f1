"""Field-level scoring of an extraction against its labels: what counts as right, wrong,
missed or made up, value by value.

Found right is a true positive; found wrong is a false positive *and* a false negative; not
found is a false negative; found where the truth has nothing is a false positive. Text compares
without case, accents or punctuation, and matches at a similarity of 95 % or more (one OCR slip
in twenty letters). Quartiers compare as sets, after looking each found name up in the QPV list
(a name split in two counts one extra); contacts are paired (e-mail, name, phone, service) and
each sub-field counts on its own; phones compare in E.164; "signed" is a value of the letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import phonenumbers
from pydantic import computed_field
from rapidfuzz import fuzz

from extractors.epci import official_epci
from pipeline.qpv import QpvIndex
from schemas import BulletinFields, DocumentKind, LetterFields, MessageResult, Person
from schemas.base import Frozen

TEXT_SIMILARITY = 95.0
CONTACT_FIELDS = ("name", "function", "service", "email", "phone", "address")
FIELDS = (
    "project_title", "quartiers", "description", "difficulties", "territory",
    *(f"contacts.{sub}" for sub in CONTACT_FIELDS),
    "elected_official.name", "elected_official.title",
    "letter_signatory.name", "letter_signatory.title", "letter_signed",
)  # fmt: skip


class Counts(Frozen):
    """True positives, false positives, false negatives, and the rates they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Mismatch(Frozen):
    """One value the extraction got wrong, missed, or made up."""

    document: str
    format: str
    field: str
    expected: str | None
    got: str | None


# --- normalisation -------------------------------------------------------------------------


def normalize(text: str | None) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    if not text:
        return ""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9@.+]+", " ", text.casefold()).split())


def same_text(expected: str, got: str) -> bool:
    a, b = normalize(expected), normalize(got)
    return a == b or fuzz.ratio(a, b) >= TEXT_SIMILARITY


def same_title(expected: str, got: str) -> bool:
    """Titles without their article: "L'Adjointe au maire" is "Adjointe au maire"."""
    strip = re.compile(r"^(?:le|la|les|l)\s+")
    return same_text(strip.sub("", normalize(expected)), strip.sub("", normalize(got)))


def same_territory(expected: str, got: str) -> bool:
    """The same collectivity: « Ville de Pessac » is Pessac, and two writings of one
    agglomeration (« Communauté d'agglomération d'Agen », « Agglomération d'Agen ») are one."""
    prefix = re.compile(r"^(?:ville|mairie|commune|hotel de ville) (?:de |d )?")
    epci = official_epci(expected)
    if epci is not None and epci == official_epci(got):
        return True
    return same_text(prefix.sub("", normalize(expected)), prefix.sub("", normalize(got)))


def e164(phone: str | None) -> str | None:
    if not phone:
        return None
    try:
        number = phonenumbers.parse(phone, "FR")
    except phonenumbers.NumberParseException:
        return phone.strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _exact(expected: str, got: str) -> bool:
    return expected.strip().lower() == got.strip().lower()


# --- counting ------------------------------------------------------------------------------


class Tally:
    """Counts per field for one document, and the mismatches behind them."""

    def __init__(self, document: str, fmt: str) -> None:
        self.document, self.format = document, fmt
        self.counts: dict[str, Counts] = {}
        self.mismatches: list[Mismatch] = []

    def add(self, name: str, counts: Counts, expected: str | None, got: str | None) -> None:
        self.counts[name] = self.counts.get(name, Counts()) + counts
        if counts.fp or counts.fn:
            self.mismatches.append(Mismatch(document=self.document, format=self.format,
                                            field=name, expected=expected, got=got))  # fmt: skip

    def value(
        self, name: str, expected: str | None, got: str | None, same: Callable[[str, str], bool]
    ) -> None:
        """One value: right (TP), wrong (FP+FN), missed (FN), made up (FP)."""
        expected, got = expected or None, got or None
        if expected is None and got is None:
            return
        if expected is None:
            counts = Counts(fp=1)
        elif got is None:
            counts = Counts(fn=1)
        else:
            counts = Counts(tp=1) if same(expected, got) else Counts(fp=1, fn=1)
        self.add(name, counts, expected, got)

    def quartiers(
        self, expected: list[str], got: list[str], qpv: QpvIndex, commune: str | None = None
    ) -> None:
        """A set: each labelled quartier found is a TP; extra or duplicate names are FPs.

        Names are looked up as the QPV check does: within the commune the application comes
        from (« quartiers Nord » in Bergerac's), then anywhere."""
        wanted = {normalize(q): q for q in expected}
        found: list[str] = []
        for name in got:
            key = normalize(name)
            if key not in wanted:
                entry = (commune and qpv.match(name, commune, year_list="any").entry) or qpv.match(
                    name, year_list="any"
                ).entry
                key = normalize(entry.name) if entry else key
            found.append(key)
        tp = len(set(found) & set(wanted))
        counts = Counts(tp=tp, fp=len(found) - tp, fn=len(wanted) - tp)
        if counts.tp or counts.fp or counts.fn:
            self.add("quartiers", counts, " ; ".join(expected) or None, " ; ".join(got) or None)

    def contacts(self, expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> None:
        """Contacts paired one to one, then each sub-field counted as a value."""
        for want, have in pair_contacts(expected, got):
            for sub in CONTACT_FIELDS:
                same = {"email": _exact, "phone": _exact, "service": _exact}.get(sub, same_text)
                found = (have or {}).get(sub)
                if sub == "service" and found == "autre" and not (want or {}).get(sub):
                    found = None  # « autre » is the default, no claim, when none was written
                self.value(f"contacts.{sub}", (want or {}).get(sub), found, same)


def _contact_score(want: dict[str, Any], have: dict[str, Any]) -> int:
    score = 0
    if want.get("email") and have.get("email") and _exact(want["email"], have["email"]):
        score += 4
    if want.get("name") and have.get("name") and same_text(want["name"], have["name"]):
        score += 3
    if want.get("phone") and want.get("phone") == have.get("phone"):
        score += 2
    if want.get("service") and want.get("service") == have.get("service"):
        score += 1
    return score


def pair_contacts(
    expected: list[dict[str, Any]], got: list[dict[str, Any]]
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Best pairs first (greedy on a small matrix); leftovers paired with None."""
    scored = sorted(
        ((_contact_score(w, h), i, j) for i, w in enumerate(expected) for j, h in enumerate(got)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_w: set[int] = set()
    used_h: set[int] = set()
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    for score, i, j in scored:
        if score > 0 and i not in used_w and j not in used_h:
            used_w.add(i)
            used_h.add(j)
            pairs.append((expected[i], got[j]))
    pairs += [(w, None) for i, w in enumerate(expected) if i not in used_w]
    pairs += [(None, h) for j, h in enumerate(got) if j not in used_h]
    return pairs


def _found_contacts(bulletin: BulletinFields | None) -> list[dict[str, Any]]:
    found = []
    for contact in bulletin.contacts if bulletin else []:
        service = contact.service.value
        found.append({"name": contact.name, "function": contact.function, "service": service,
                      "email": contact.email, "phone": e164(contact.phone),
                      "address": contact.address})  # fmt: skip
    return found


def score_document(label: dict[str, Any], result: MessageResult | None, qpv: QpvIndex) -> Tally:
    """Compare one labelled document with what the pipeline extracted from it."""
    tally = Tally(label["id"], label["format"])
    documents = result.documents if result else []
    bulletin = next((d.bulletin for d in documents if d.kind == DocumentKind.BULLETIN), None)
    letter = next((d.letter for d in documents if d.kind == DocumentKind.LETTER), None)
    tally.value("territory", label["territory"], result.territory if result else None,
                same_territory)  # fmt: skip
    commune = qpv.commune_of_territory(result.territory) if result else None
    _score_bulletin(tally, label.get("bulletin") or {}, bulletin, qpv, commune)
    _score_letter(tally, label.get("letter"), letter)
    return tally


def _score_bulletin(
    tally: Tally,
    want: dict[str, Any],
    got: BulletinFields | None,
    qpv: QpvIndex,
    commune: str | None = None,
) -> None:
    for name in ("project_title", "description", "difficulties"):
        tally.value(name, want.get(name), getattr(got, name) if got else None, same_text)
    tally.quartiers(want.get("quartiers") or [], list(got.quartiers) if got else [], qpv, commune)
    tally.contacts(want.get("contacts") or [], _found_contacts(got))
    official = want.get("elected_official") or {}
    person = (got.elected_official if got else None) or Person()
    tally.value("elected_official.name", official.get("name"), person.name, same_text)
    tally.value("elected_official.title", official.get("title"), person.title, same_title)


def _score_letter(tally: Tally, want: dict[str, Any] | None, got: LetterFields | None) -> None:
    signatory = (want or {}).get("signatory") or {}
    person = (got.signatory if got else None) or Person()
    tally.value("letter_signatory.name", signatory.get("name"), person.name, same_text)
    tally.value("letter_signatory.title", signatory.get("title"), person.title, same_title)
    expected = None if want is None else ("signée" if want["signed"] else "non signée")
    found = None if got is None else ("signée" if got.signed else "non signée")
    tally.value("letter_signed", expected, found, _exact)
