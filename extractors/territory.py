"""Which commune or EPCI an application comes from, and a key to group its documents by.

The territory is read from what the collectivity writes about itself: the letterhead ("Mairie
de Cenon", "Communauté d'agglomération du Grand Dax"), the signatory's title ("Maire de
Lormont"), the bulletin, and last the sender's mail domain (mairie-cenon.fr, agglo-pau.fr).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.epci import epci_mentions, epci_of_place, official_epci
from extractors.folding import fold_text

_WORD = r"[A-ZÀ-Ý][\w’'-]*"
_PARTICLE = r"(?:de|du|des|la|le|les|sur|en|et|d['’]|l['’])"
_NAME = rf"(?P<name>{_WORD}(?:[ -](?:{_PARTICLE}[ -]?)*{_WORD}){{0,5}})"
_OF = r"(?:(?i:de\s+la|de\s+l['’]|du|des|de|d['’])\s*)"
_EPCI_KIND = (
    r"(?P<kind>(?i:communaut[ée]\s+(?:d['’]\s*agglom[ée]ration|de\s+communes|urbaine)"
    r"|agglom[ée]ration))"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("epci", re.compile(rf"{_EPCI_KIND}\s+{_OF}?{_NAME}")),
    ("metropole", re.compile(rf"{_NAME}\s+(?i:m[ée]tropole)\b")),
    ("metropole", re.compile(rf"(?i:m[ée]tropole)\s+{_OF}{_NAME}")),
    (
        "commune",
        re.compile(
            rf"(?<![Ll][Aa] )(?<!-)(?i:mairie|ville|commune|h[ôo]tel\s+de\s+ville)\s+{_OF}"
            rf"{_NAME}"
        ),
    ),
    ("title", re.compile(rf"(?i:maire|adjointe?\s+au\s+maire)\s+{_OF}{_NAME}")),
]
_STOP = {
    "hotel",
    "service",
    "services",
    "direction",
    "place",
    "rue",
    "avenue",
    "tel",
    "tél",
    "cedex",
    "bp",
    "cs",
    "pole",
    "pôle",
    "le",
    "la",
    "les",
    "madame",
    "monsieur",
    "objet",
    "affaire",
    "dossier",
    "conseil",
    "mairie",
    "ville",
    "commune",
    "département",
    "departement",
    "gironde",
    "dordogne",
    "landes",
    "lot-et-garonne",
    "pyrénées-atlantiques",
    "et",
    "en",
    "ami",  # « Mairie de Bordeaux AMI PQA 2016 »: the call's name follows the commune's
    "pqa",
    "appel",
}
_SMALL = {"de", "du", "des", "la", "le", "les", "sur", "en", "et", "d", "l", "lès"}
# Addresses at these providers say nothing about which collectivity wrote.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "yahoo.fr",
        "yahoo.com",
        "hotmail.fr",
        "hotmail.com",
        "outlook.fr",
        "outlook.com",
        "live.fr",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "laposte.net",
        "aol.com",
        "icloud.com",
        "gmx.fr",
        "numericable.fr",
        "bbox.fr",
        "club-internet.fr",
        "googlemail.com",
    }
)
_DOMAIN_PREFIXES = [
    ("communaute-agglomeration-", "Communauté d'agglomération "),
    ("communaute-de-communes-", "Communauté de communes "),
    ("agglomeration-", "Agglomération "),
    ("agglo-", "Agglomération "),
    ("cda-", "Communauté d'agglomération "),
    ("ca-", "Communauté d'agglomération "),
    ("cdc-", "Communauté de communes "),
    ("cc-", "Communauté de communes "),
    ("mairie-de-", ""),
    ("ville-de-", ""),
    ("mairie-", ""),
    ("ville-", ""),
    ("commune-", ""),
    ("mairiede", ""),
    ("villede", ""),
]
_DOMAIN_SUFFIXES = [
    ("-mairie", ""),
    ("-ville", ""),
    ("-commune", ""),
    ("-agglomeration", "Agglomération "),
    ("-agglo", "Agglomération "),
]
_REASON = {
    "commune": "la mention « {match} »",
    "title": "le titre du signataire « {match} »",
    "epci": "la mention « {match} »",
    "metropole": "la mention « {match} »",
    "declared": "la collectivité déclarée « {match} »",
}


@dataclass(frozen=True)
class _Candidate:
    name: str
    kind: str
    match: str
    text_index: int
    position: int
    weight: int


def find_territory(texts: list[str], sender_domain: str | None) -> tuple[str | None, str]:
    """The commune or EPCI as a plain name, and a French sentence saying where it was read."""
    candidates = [c for i, text in enumerate(texts) for c in _candidates(i, text or "")]
    domain_name = _from_domain(sender_domain) if sender_domain else None
    if not candidates:
        if domain_name:
            return domain_name, f"Déduit du domaine de l'expéditeur « {sender_domain} »."
        return None, "Aucune commune ni EPCI trouvé dans l'en-tête, la signature ou le bulletin."
    scores: dict[str, int] = {}
    for candidate in candidates:
        key = territory_key(candidate.name)
        scores[key] = scores.get(key, 0) + candidate.weight
    if domain_name and territory_key(domain_name) in scores:
        scores[territory_key(domain_name)] += 2
    ranked = sorted(candidates, key=lambda c: (c.text_index, c.position))
    order = {territory_key(c.name): -i for i, c in reversed(list(enumerate(ranked)))}
    best_key = max(scores, key=lambda k: (scores[k], order[k]))
    best = next(c for c in ranked if territory_key(c.name) == best_key)
    reason = f"Lu dans {_REASON[best.kind].format(match=best.match)}"
    if best.weight == 4 and best.kind != "declared":
        reason += " (en-tête)"
    others = sum(1 for c in candidates if territory_key(c.name) == best_key) - 1
    if others:
        reason += f", confirmé {others} fois"
    if domain_name and territory_key(domain_name) == best_key:
        reason += f", et par le domaine « {sender_domain} »"
    return best.name, reason + "."


def _candidates(index: int, text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    # Known agglomerations first: « Le Marsan Agglomération » is not « Agglomération Service ».
    for mention in epci_mentions(text):
        taken.append((mention.start, mention.end))
        weight = 4 if _heads_line(text, mention.start) else 1
        match = text[mention.start : mention.end]
        found.append(_Candidate(mention.name, "epci", match, index, mention.start, weight))
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            name = _clean_name(m.group("name"))
            if len(name) < 2:
                continue  # « Communauté d'agglomération P »: a letter of a logo, not a name
            if kind == "epci":
                particle = _particle(m.group(0), m.group("name"))
                name = f"{_epci_prefix(m.group('kind'))} {particle}{name}"
            elif kind in {"commune", "title"}:
                name = _with_article(_particle(m.group(0), m.group("name")), name)
            elif kind == "metropole":
                name = f"{name} Métropole" if m.group(0).startswith(m.group("name")) else name
            taken.append((m.start(), m.end()))
            weight = 3 if kind == "title" else 4 if _heads_line(text, m.start()) else 1
            match = re.sub(r"\s+", " ", m.group(0)).strip()
            name = official_epci(name) or name
            found.append(_Candidate(name, kind, match, index, m.start(), weight))
    if not found and len(text) <= 80 and "\n" not in text.strip() and not _MANDATE.search(text):
        declared = re.fullmatch(rf"\s*{_NAME}\s*", text)
        if declared and _clean_name(declared.group("name")):
            name = _clean_name(declared.group("name"))
            found.append(_Candidate(name, "declared", text.strip(), index, 0, 4))
    return found


# An elected title alone (« Présidente », « Le Maire ») names no collectivity.
_MANDATE = re.compile(
    r"\b(?:maire|adjoint|adjointe|pr[ée]sidente?|vice|conseill[eè]re?|[ée]lue?|d[ée]l[ée]gu[ée]e?)\b",
    re.IGNORECASE,
)


def _heads_line(text: str, position: int) -> bool:
    """A letterhead: the mention opens a line near the top of the text."""
    line_start = text.rfind("\n", 0, position) + 1
    return position < 300 and not text[line_start:position].strip(" \t-–•*")


def _epci_prefix(kind: str) -> str:
    folded = fold_text(kind)
    if "communes" in folded:
        return "Communauté de communes"
    if "urbaine" in folded:
        return "Communauté urbaine"
    if folded.startswith("communaute"):
        return "Communauté d'agglomération"
    return "Agglomération"


def _particle(whole: str, name: str) -> str:
    """The "du" / "de la" / "d'" written between the EPCI kind and its name, lower-cased."""
    between = whole[: whole.rfind(name)]
    m = re.search(r"(?i:\s(de\s+la|de\s+l['’]|du|des|de|d['’])\s*)$", between)
    if not m:
        return ""
    particle = re.sub(r"\s+", " ", m.group(1).lower()).replace("’", "'")
    return particle if particle.endswith("'") else particle + " "


def _with_article(particle: str, name: str) -> str:
    """ "Maire du Bouscat" is the mayor of Le Bouscat: "du" and "des" hold the commune's
    article ("de le", "de les"), which its name keeps."""
    article = {"du ": "Le ", "des ": "Les "}.get(particle)
    if article is None or fold_text(name).startswith(("le ", "les ")):
        return name
    return article + name


def _clean_name(raw: str) -> str:
    tokens = re.split(r"(\s+)", raw.strip())
    kept: list[str] = []
    for i, token in enumerate(tokens):
        if i > 0 and not token.isspace() and token.lower() in _STOP:
            break
        kept.append(token)
    name = "".join(kept).strip()
    name = re.sub(rf"(?:[ -]{_PARTICLE})+$", "", name).strip(" -'’")
    name = name.replace("’", "'")
    if name.isupper() and len(name) > 1:
        name = _title_case(name)
    return name


def _title_case(text: str) -> str:
    parts = re.split(r"([ \-'])", text.lower())
    out = []
    for i, part in enumerate(parts):
        out.append(part if (i > 0 and part in _SMALL) or not part else part[0].upper() + part[1:])
    return "".join(out)


def _from_domain(domain: str) -> str | None:
    """A territory name guessed from a mail domain: mairie-cenon.fr → Cenon."""
    domain = domain.strip().lower().lstrip("@").removeprefix("www.")
    if domain in WEBMAIL_DOMAINS or domain.endswith("gouv.fr") or "." not in domain:
        return None
    label = domain.rsplit(".", 2)[-2]
    prefix_name = ""
    for prefix, replacement in _DOMAIN_PREFIXES:
        if label.startswith(prefix) and len(label) > len(prefix) + 1:
            prefix_name, label = replacement, label[len(prefix) :]
            break
    # Reversed forms: cenon-mairie.fr, merignac-ville.fr, villeneuve47-mairie.fr, pau-agglo.fr.
    for suffix, replacement in _DOMAIN_SUFFIXES:
        if not prefix_name and label.endswith(suffix) and len(label) > len(suffix) + 1:
            prefix_name, label = replacement, label.removesuffix(suffix)
            break
    label = re.sub(r"(?<=[a-z])\d{2,3}$", "", label)  # a département number: villeneuve47
    if "metropole" in label and not label.endswith("-metropole"):
        return "Bordeaux Métropole"  # bxmetropole.fr: the region's one métropole
    if label.endswith("-metropole"):
        return _title_case(label.removesuffix("-metropole").replace("-d-", "-d'")) + " Métropole"
    name = _title_case(label.replace("-d-", "-d'").replace("-l-", "-l'"))
    if prefix_name.startswith(("Agglomération", "Communauté d'agglomération")):
        return epci_of_place(label.replace("-", " ")) or prefix_name + name
    return prefix_name + name


_KEY_PREFIX = re.compile(r"^(?:hotel de ville de |(?:la )?(?:ville|mairie|commune) (?:de |d ))")


def territory_key(name: str) -> str:
    """A grouping key: lower case, no accents, hyphens as spaces, no "ville de" / "mairie de"."""
    key = fold_text(name).replace("-", " ")
    key = re.sub(r"[^\w ]", " ", key)
    key = re.sub(r"\s+", " ", key).strip()
    key = _KEY_PREFIX.sub("", key)
    key = re.sub(r"\bst\b", "saint", key)
    key = re.sub(r"\bste\b", "sainte", key)
    return re.sub(r"\s+", " ", key).strip()
