"""The QPV reference: which quartiers are priority neighbourhoods, in which list, and fuzzy lookup.

The shipped list is partial and has no official codes (see data/QPV_SOURCE.md); staff can load the
official open-data file (CSV or GeoJSON) with `load_official` without any code change.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import Field
from rapidfuzz import fuzz

from pipeline.errors import ConfigError
from schemas.base import Frozen

BUILTIN_PATH = Path(__file__).parent / "data" / "qpv_aquitaine.csv"
MATCH_THRESHOLD = 85.0

_ABBREVIATIONS = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "bd": "boulevard",
    "av": "avenue",
    "ave": "avenue",
    "res": "residence",
    "qpv": "quartier",
    "qp": "quartier",
}
# Words that introduce a quartier's name without being part of it.
_PREFIXES = {"quartier", "quartiers", "cite", "residence", "secteur", "prioritaire", "ilot"}
_ARTICLES = {"le", "la", "les", "l", "du", "de", "des", "d", "au", "aux"}
# Names too common to identify a QPV unless the commune is known too.
GENERIC_NAMES = {"centre", "centre ville", "nord", "sud", "est", "ouest", "gare", "bourg", "toulon"}
WEAK_WORDS = GENERIC_NAMES | {"saint", "sainte", "grand", "haut", "hauts", "bas", "rive", "parc"}
_EPCI_WORDS = ("agglomeration", "communaute", "metropole", "agglo", "pays ", "syndicat")
_TERRITORY_PREFIX = re.compile(
    r"^(?:ville|mairie|commune|municipalite|cabinet du maire)\s+(?:de\s+la\s+|de\s+|d\s+|du\s+)?"
)


def normalize(text: str) -> str:
    """Lower case, no accents, no punctuation, abbreviations expanded: the form names compare in."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(_ABBREVIATIONS.get(t, t) for t in text.split())


def core_name(text: str) -> str:
    """The distinctive part of a quartier name: without "quartier du", "cité", leading articles."""
    # « 8 mai 1945 » is written « 8 Mai 45 » in the lists
    tokens = [t[2:] if re.fullmatch(r"19\d\d", t) else t for t in normalize(text).split()]
    while tokens and (tokens[0] in _PREFIXES or tokens[0] in _ARTICLES) and len(tokens) > 1:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _ARTICLES:
        tokens = tokens[:-1]  # « centre-ville de » once « Coutras » is taken off
    if tokens[:2] in (["centre", "ville"], ["centre", "ancien"]):
        tokens = ["centre", *tokens[2:]]  # the « Quartier du Centre » of its commune
    return " ".join(tokens)


class QpvEntry(Frozen):
    """One quartier prioritaire as the reference lists it."""

    code: str | None = Field(
        default=None, description="Official code (QP033001, QN03301M); None in the partial list."
    )
    name: str
    communes: list[str] = Field(default_factory=list)
    departement: str | None = None
    lists: list[str] = Field(description="QPV lists it belongs to: '2015', '2024'.")
    source: str = ""

    def label(self) -> str:
        """French label for messages: name, communes, and the code or why there is none."""
        code = self.code or "code officiel inconnu"
        return f"{self.name} ({', '.join(self.communes)} ; {code})"


class QpvCandidate(Frozen):
    entry: QpvEntry
    score: float


class QpvMatch(Frozen):
    """Result of looking a quartier name up: the QPV it is, or why not, and the closest ones."""

    query: str
    commune: str | None = None
    year_list: str
    entry: QpvEntry | None = Field(default=None, description="Matched QPV of the list in force.")
    score: float = 0.0
    candidates: list[QpvCandidate] = Field(default_factory=list, description="Closest, best first.")
    elsewhere: QpvEntry | None = Field(
        default=None, description="A QPV of the list in force with that name, in another commune."
    )
    other_list: QpvEntry | None = Field(
        default=None, description="A QPV with that name, but only in another list (e.g. 2024)."
    )


def name_variants(name: str) -> list[str]:
    """Every way a QPV may be named: whole name, its parts ("A - B"), what is in parentheses."""
    names = [name]
    outer = re.sub(r"\([^)]*\)", " ", name)
    names.append(outer)
    names.extend(re.findall(r"\(([^)]*)\)", name))
    parts: list[str] = []
    for n in names:
        parts.extend(re.split(r"\s[-–]\s|;", n))
    result: list[str] = []
    for candidate in [*names, *parts]:
        core = core_name(candidate)
        if core and core not in result:
            result.append(core)
    return result


def _score(query: str, alias: str) -> float:
    """Similarity 0-100; each distinctive word of the query must be in the alias (not Garonne)."""
    score = fuzz.ratio(query, alias)
    shorter = query if len(query) <= len(alias) else alias
    strong = [t for t in shorter.split() if len(t) >= 4 and t not in WEAK_WORDS]
    if strong:
        score = max(score, 0.92 * fuzz.token_set_ratio(query, alias))
    alias_tokens = alias.split()
    for token in query.split():
        distinctive = len(token) >= 4 and token not in WEAK_WORDS
        if distinctive and max(fuzz.ratio(token, a) for a in alias_tokens) < 75:
            score = min(score, 70.0)
    return float(score)


class QpvIndex:
    """The QPV reference in memory, with fuzzy lookup by name and commune."""

    def __init__(self, entries: Iterable[QpvEntry], source: str, partial: bool = False) -> None:
        self.entries = list(entries)
        self.source = source
        self.partial = partial
        self._aliases = [name_variants(e.name) for e in self.entries]
        self._communes = {normalize(c) for e in self.entries for c in e.communes}
        # « Chamiers (Coulounieix) »: the first word of a compound commune names it too.
        self._commune_words_set = self._communes | {
            c.split()[0]
            for c in self._communes
            if len(c.split()) > 1 and len(c.split()[0]) >= 6 and c.split()[0] not in WEAK_WORDS
        }

    @classmethod
    def builtin(cls) -> QpvIndex:
        """The partial list shipped in pipeline/data (no official codes)."""
        return cls(_read_shipped(BUILTIN_PATH), source="liste partielle intégrée", partial=True)

    @classmethod
    def from_file(cls, path: str | Path) -> QpvIndex:
        """A list in the shipped format, or an official open-data CSV/GeoJSON file."""
        path = Path(path)
        rows = _read_rows(path)
        if rows and {"nom_qp", "communes", "listes"} <= set(rows[0]):
            return cls(_entries_from_shipped(rows), source=path.name)
        return cls(load_official(path), source=path.name)

    def with_official(self, official: QpvIndex) -> QpvIndex:
        """This index with the lists the official one covers replaced by it; other lists kept."""
        covered = {y for e in official.entries for y in e.lists}
        kept = []
        for e in self.entries:
            lists = [y for y in e.lists if y not in covered]
            if lists:
                kept.append(e.model_copy(update={"lists": lists}))
        return QpvIndex([*kept, *official.entries], source=official.source, partial=False)

    def names(self) -> tuple[str, ...]:
        """QPV names, so the extractors keep a name such as "Barleté et Rodrigues" whole."""
        return tuple(sorted({entry.name for entry in self.entries}))

    def communes(self) -> tuple[str, ...]:
        """Their communes, so « Coutras, quartier du Centre » is one quartier of Coutras."""
        return tuple(sorted({c for entry in self.entries for c in entry.communes}))

    def commune_known(self, commune: str) -> bool:
        return normalize(commune) in self._communes

    def commune_of_territory(self, territory: str | None) -> str | None:
        """The commune a sender territory names ("Ville de Pessac" → Pessac), None for an EPCI."""
        if not territory:
            return None
        norm = normalize(territory)
        if any(w in norm + " " for w in _EPCI_WORDS):
            return None
        norm = _TERRITORY_PREFIX.sub("", norm).strip()
        for e in self.entries:
            for c in e.communes:
                if normalize(c) == norm:
                    return c
        return territory if norm else None

    def match(self, name: str, commune: str | None = None, year_list: str = "2015") -> QpvMatch:
        """Look a quartier up in the list in force ("any": all), within the commune if given."""
        stripped, named = self._strip_communes(core_name(name))
        # « Bergerac - Quartier Nord »: once the commune is gone, « Quartier » leads again.
        queries = {core_name(name), core_name(stripped)} - {""}
        commune_norm = normalize(commune) if commune else None
        scored = []
        for entry, aliases in zip(self.entries, self._aliases, strict=True):
            in_commune = commune_norm is not None and any(
                fuzz.ratio(commune_norm, normalize(c)) >= 90 for c in entry.communes
            )
            # "Bergerac Nord": the commune written with it makes a generic name specific.
            named_here = any(normalize(c) in named for c in entry.communes)
            usable = [a for a in aliases if a not in GENERIC_NAMES or in_commune or named_here]
            score = max((_score(q, a) for q in queries for a in usable), default=0.0)
            scored.append((score, in_commune, entry))
        scored.sort(key=lambda t: t[0], reverse=True)
        in_list = [(s, c, e) for s, c, e in scored if year_list in e.lists or year_list == "any"]
        scope = [t for t in in_list if t[1]] if commune_norm else in_list
        best = scope[0] if scope and scope[0][0] >= MATCH_THRESHOLD else None
        closest = scope[:3] if scope else in_list[:3]
        elsewhere = other = None
        if best is None:
            elsewhere = next((e for s, _, e in in_list if s >= MATCH_THRESHOLD), None)
            other = next(
                (e for s, _, e in scored if s >= MATCH_THRESHOLD and year_list not in e.lists),
                None,
            )
        return QpvMatch(
            query=name,
            commune=commune,
            year_list=year_list,
            entry=best[2] if best else None,
            score=round(best[0] if best else (scope[0][0] if scope else 0.0), 1),
            candidates=[QpvCandidate(entry=e, score=round(s, 1)) for s, _, e in closest],
            elsewhere=elsewhere,
            other_list=other,
        )

    def same_quartier(self, a: str, b: str) -> bool:
        """Two ways of naming the same quartier ("Les Aubiers" / "Le Lac (Les Aubiers)")."""
        core_a, core_b = core_name(a), core_name(b)
        if not core_a or not core_b:
            return False
        if core_a in core_b or core_b in core_a or fuzz.ratio(core_a, core_b) >= 85:
            return True
        match_a, match_b = self.match(a, year_list="any"), self.match(b, year_list="any")
        return match_a.entry is not None and match_a.entry == match_b.entry

    def _strip_communes(self, query: str) -> tuple[str, set[str]]:
        """Drop communes written around the quartier ("Saige Pessac", "Saige a Pessac",
        "Carle Vernet Terres Neuves Bordeaux Begles", "Bergerac Nord"); say which."""
        tokens, named = query.split(), set[str]()
        while (tail := self._commune_words(tokens, at_end=True)) is not None:
            named.add(" ".join(tokens[-tail:]))
            tokens = tokens[:-tail]
            if len(tokens) > 1 and tokens[-1] in {"a", "de", "sur", "et"}:
                tokens = tokens[:-1]
        if (head := self._commune_words(tokens)) is not None:
            named.add(" ".join(tokens[:head]))
            tokens = tokens[head:]
        return " ".join(tokens), named

    def _commune_words(self, tokens: list[str], *, at_end: bool = False) -> int | None:
        """How many tokens (up to four) at the start, or the end, name a commune, leaving at
        least one."""
        for size in range(min(4, len(tokens) - 1), 0, -1):
            words = tokens[-size:] if at_end else tokens[:size]
            if " ".join(words) in self._commune_words_set:
                return size
        return None


def _read_shipped(path: Path) -> list[QpvEntry]:
    return _entries_from_shipped(_read_rows(path))


def _entries_from_shipped(rows: list[dict[str, str]]) -> list[QpvEntry]:
    return [
        QpvEntry(
            name=row["nom_qp"].strip(),
            communes=_split_communes(row["communes"]),
            departement=(row.get("departement") or "").strip() or None,
            lists=[y.strip() for y in row["listes"].split(";") if y.strip()],
            source=(row.get("source") or "").strip(),
        )
        for row in rows
        if (row.get("nom_qp") or "").strip()
    ]


def _split_communes(value: str) -> list[str]:
    return [c.strip() for c in re.split(r"[;,/]", value or "") if c.strip()]


_CODE_KEYS = ("code_qp_2024", "code_qp", "code_quartier", "codeqp")
_NAME_KEYS = ("nom_qp_2024", "nom_qp", "lib_qp", "nom_quartier", "libelle_qp")
_COMMUNE_KEYS = (
    "commune_qp",
    "noms_des_communes_concernees",
    "communes_qp_2024",
    "lib_com",
    "nom_commune",
    "commune",
)


def load_official(path: str | Path, year_list: str | None = None) -> list[QpvEntry]:
    """QPV of an official open-data CSV or GeoJSON file; the list year is read from its fields.

    Raises ConfigError (French) when the file cannot be read or has no recognisable QPV fields.
    """
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise ConfigError(f"Le fichier des QPV « {path.name} » ne contient aucune ligne.")
    keys = {k.lower() for k in rows[0]}
    if not any(k in keys for k in _NAME_KEYS):
        raise ConfigError(
            f"Le fichier des QPV « {path.name} » n'a pas de colonne de nom de quartier "
            f"(attendu : {', '.join(_NAME_KEYS)}). Colonnes trouvées : {', '.join(sorted(keys))}."
        )
    entries = []
    for raw in rows:
        row = {k.lower(): ("" if v is None else str(v)).strip() for k, v in raw.items()}
        name = _first(row, _NAME_KEYS)
        if not name:
            continue
        code = _first(row, _CODE_KEYS) or None
        entries.append(
            QpvEntry(
                code=code,
                name=name,
                communes=_split_communes(_first(row, _COMMUNE_KEYS)),
                departement=_departement(row, code),
                lists=[year_list or _year_of(row, code)],
                source=path.name,
            )
        )
    return entries


def _first(row: Mapping[str, str], keys: tuple[str, ...]) -> str:
    return next((row[k] for k in keys if row.get(k)), "")


def _year_of(row: Mapping[str, str], code: str | None) -> str:
    if any(k.endswith("2024") or "qp24" in k for k in row) or (code or "").upper().startswith("QN"):
        return "2024"
    return "2015"


def _departement(row: Mapping[str, str], code: str | None) -> str | None:
    for key in ("code_dep", "code_departement", "dep", "departement", "insee_dep"):
        if row.get(key):
            return row[key]
    if row.get("code_insee"):
        return row["code_insee"][:2]
    # Codes carry the department on three characters: QP033006, QN03312M, QP02A001.
    match = re.match(r"Q[PN](\d{3}|02A|02B)", (code or "").upper())
    if match:
        dep = match.group(1)
        return dep[1:] if dep.startswith("0") else dep
    return row.get("nom_dep") or None


def _read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV (usual delimiters and encodings) or the properties of GeoJSON features."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"Impossible de lire le fichier des QPV « {path} » : {exc}.") from exc
    text = _decode(raw)
    if path.suffix.lower() in {".geojson", ".json"} or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"Le fichier des QPV « {path.name} » n'est pas un GeoJSON valide : {exc}."
            ) from exc
        return [dict(f.get("properties") or {}) for f in data.get("features", [])]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
