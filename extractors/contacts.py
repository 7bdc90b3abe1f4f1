"""Contacts of a bulletin made structured: name, function, service, e-mail, phone, address.

The bulletin asks for two people (service Politique de la ville, service développement
économique). Territories write them as labelled lines, as free lines ("Jean Dupont, chargé de
mission"), or as tables; this module turns any of these into ``Contact`` models, each field
quoted by its evidence.
"""

from __future__ import annotations

import re
from itertools import takewhile

from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.contact_details import POSTCODE, find_emails, find_phones
from extractors.contact_grid import CONTACT_LABELS, ungrid
from extractors.contact_services import heading_service, service_of
from extractors.folding import fold, fold_text
from extractors.labels import asks_complement, clean_value, ends_open, find_values
from extractors.quoting import Quoter
from extractors.service_columns import services_as_rows
from schemas.evidence import Evidence
from schemas.fields import Contact, Person, Service

_POSTCODE = POSTCODE
_STREET = re.compile(
    r"\b(?:rue|avenue|av|bd|boulevard|place|allee|allees|chemin|cours|quai|impasse|route|esplanade"
    r"|square|rond point|parvis|hotel de ville|mairie|bp|cs|residence|lieu dit|immeuble|batiment"
    r"|espace|centre|maison)\b"
)
_CIVILITY = re.compile(
    r"^(?:m\.|mr\.?|mme\.?|mlle\.?|monsieur|madame|mademoiselle|dr\.?)\s+", re.IGNORECASE
)
_TITLE = re.compile(
    r"\b(?:(?:le|la|l) )?(?:(?:1er|1ere|premier|premiere|\d+e|\d+eme|deuxieme) )?"
    r"(?:vice ?-?presidente?|presidente?|maire|adjointe?|conseill(?:ere|er)|deleguee?"
    r"|senat(?:eur|rice)|deputee?|elue?)\b"
)
_FUNCTION = re.compile(
    r"\b(?:charge|chargee|chef|directeur|directrice|responsable|coordinat\w*|coordonnat\w*|agent|assistante?"
    r"|animat\w*|manager|referente?|conseill\w*|technicien\w*|delegue\w*|developpeu\w*|dga|dgs"
    r"|mission|secretaire|attache\w*|instructeu\w*|gestionnaire|cheffe)\b"
)
_NAME_WORD = r"(?:[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'’][A-ZÀ-Ýa-zà-ÿ]+)*|[A-ZÀ-Ý]{2,}(?:[-'’][A-ZÀ-Ý]+)*)"
_PERSON = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}$")
_SECTION = re.compile(r"(?:contact|personne|referent|service|direction|pole)\b")
# A comma before « à », « au », « aux » or « et » continues a delegation (« Adjoint délégué à
# l'emploi, à l'insertion et au développement économique »): it does not separate two parts.
_SPLIT = re.compile(
    r"\s*(?:,(?!\s*(?:à|a|au|aux|et|de la|des|du)\s)|;|:\s|\s[-–—/|]\s|\t)\s*", re.IGNORECASE
)


_SPLIT_KEEP = re.compile(f"({_SPLIT.pattern})", re.IGNORECASE)
_DASHES = {"-", "–", "—"}
# What a dash may add to a function: a few words, no digits or e-mail.
_QUALIFIES = re.compile(r"[^\d@]{3,60}")


def find_address(text: str) -> str | None:
    """A postal address: the line with a 5-digit postcode, with the street line above it; or
    the parentheses holding a postcode at the end of a sentence (« …, courriel : … (27 allée
    Jean Moulin, 24660 Coulounieix-Chamiers). »)."""
    for bracket in _BRACKETED.finditer(text):
        if _POSTCODE.search(bracket.group(1)):
            inside = re.sub(r"(?<!,)\s*\n\s*(?=\d{5}\b)", ", ", bracket.group(1))
            return re.sub(r"\s*\n\s*", " ", inside).strip(" ,;")
    raw = text.splitlines()
    lines = [_after_details(line).strip(" ,;") for line in raw]
    for i, line in enumerate(lines):
        if "@" in line or not _POSTCODE.search(line):
            continue
        start = i
        while start > 0 and i - start < 2 and _is_street(lines[start - 1]):
            start -= 1
        picked = [_strip_label(part) for part in lines[start : i + 1]]
        if start == i and i > 0 and (street := _street_after_details(raw[i - 1])):
            # « …, x@y.fr, 59 quai Saint-Pierre, » + « 24000 Périgueux »; « …, 73 rue » +
            # « Sainte-Catherine, 24000 … »: the address began after the details above
            joint = ", " if _POSTCODE.match(line) else " "
            picked = [f"{street}{joint}{picked[0]}"]
        address = _without_person(", ".join(part for part in picked if part))
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if re.search(r"\b\d{5}$", line) and _is_commune(following):
            address += f" {following}"  # « …, 40100 » + « Dax »: the cell wrapped the commune
        return address
    return None


_BRACKETED = re.compile(r"\(([^()@]{6,160})\)")


def _after_details(line: str) -> str:
    """What follows a line's e-mail or phone (« …, x@y.fr ; 6 avenue Pasteur, 33270 Floirac »,
    « … (tél. …, courriel …), Centre administratif, … »): the address on the person's line."""
    details = find_emails(line) + find_phones(line)
    if not details:
        return line
    rest = line[max(end for _start, end, _ in details) :]
    cut = rest.find(";")
    rest = rest[cut + 1 :] if cut >= 0 else rest.lstrip(" )").lstrip(",.")
    return rest.rstrip(" .") if _POSTCODE.search(rest) else line


def _before_details(line: str) -> str:
    """Who a line names before its details (« M. Loïc BOISSONNADE, responsable du pôle (tél.
    05 …, courriel …), 575 avenue … »): the text before the first phone or e-mail, without
    the parenthesis or the label that opens them. Nothing when the line gives none."""
    details = find_emails(line) + find_phones(line)
    if not details:
        return ""
    head = line[: min(start for start, _end, _ in details)]
    if (bracket := head.rfind("(")) >= 0 and ")" not in head[bracket:]:
        head = head[:bracket]  # the details are in the parenthesis: « (tél. …, courriel …) »
    return _TRAILING_DETAIL.sub("", head)


# Words that open a contact detail without a colon (« tél. 05 … », « courriel x@y.fr »).
_DETAIL_WORD = r"(?:t[ée]l(?:[ée]phone)?|courriel|m[ée]l|e-?mail|mail|adresse|fax|port|mobile)"
_DETAIL = re.compile(rf"{_DETAIL_WORD}\b", re.IGNORECASE)
_TRAILING_DETAIL = re.compile(rf"[\s,;:–—-]*(?:{_DETAIL_WORD}\b)?[\s,;:.–—-]*$", re.IGNORECASE)


def _is_commune(line: str) -> bool:
    """A commune's name alone on its line (« Dax », « Saint-Pierre-du-Mont »)."""
    return bool(_COMMUNE.fullmatch(line)) and CONTACT_LABELS.match(line) is None


_COMMUNE = re.compile(r"[A-ZÀ-Ý][\w'’-]*(?: [\w'’-]+){0,3}")


def _is_street(line: str) -> bool:
    folded = fold_text(line)
    if "@" in line or not folded.strip() or find_phones(line):
        return False
    return bool(_STREET.search(folded) or re.match(r"\s*\d{1,4}\s*(?:bis|ter)?\b", folded))


def _street_after_details(line: str) -> str | None:
    """The start of a street written after a line's e-mail or phone, if it is one."""
    details = find_emails(line) + find_phones(line)
    if not details:
        return None
    rest = line[max(end for _start, end, _ in details) :].strip(" ,;.")
    if not rest or len(rest.split()) > 6:
        return None
    return rest if re.match(r"\d", rest) or _is_street(rest) else None


def _without_person(address: str) -> str:
    """« Élodie Lafargue, Coordinatrice du contrat de ville, 24 rue …, 47300 … »: the address
    starts after the person's name and function written on its line."""
    parts = address.split(", ")
    cut = 0
    while cut < len(parts) - 1 and not re.search(r"\d", parts[cut]) and not _is_street(parts[cut]):
        folded = fold_text(parts[cut])
        if not (looks_like_name(parts[cut]) or _FUNCTION.search(folded) or _TITLE.search(folded)):
            break
        cut += 1
    return ", ".join(parts[cut:])


def _strip_label(line: str) -> str:
    """The address without its label (« Adresse : ») or pictogram (« ⌂ », « 📍 »)."""
    hit = CONTACT_LABELS.match(line)
    if hit and hit.key == "address":
        return hit.value
    return _PICTOGRAM.sub("", line)


_PICTOGRAM = re.compile(r"^(?:[^\w\s(«\"']\s*)+")


def unwrap(text: str) -> str:
    """Lines cut by the layout joined again: "… Développement" + "économique", "… et à" +
    "l'artisanat". A continuation starts in lower case or follows a dangling word; labels,
    headings, e-mails and phones always start their own line."""
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and _continues(lines[-1], line):
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            lines.append(line)
    return "\n".join(lines)


_TOWN_AFTER_POSTCODE = re.compile(r"(?:^|[\s,])\d{5}$")
_TOWN_LINE = re.compile(r"^[A-ZÀ-Ý][\w'’-]*(?:[ -][\w'’-]+){0,4}[.;,]?$")


def _continues(previous: str, line: str) -> bool:
    before, after = previous.strip(), line.strip()
    if before and after and before.count("(") > before.count(")"):
        return True  # « …, chargée de mission (tél. » + « 05 53 …, courriel …), 12 rue … »
    if not before or not after or before[-1] in ":.;?!" or CONTACT_LABELS.match(line):
        return False
    label = CONTACT_LABELS.match(previous)
    if label is not None and not label.value:
        return False  # the line is the answer of a label written alone
    first = after.split()[0]
    if (
        first[0].islower()
        and "@" not in first
        and before[-1] not in ",;"
        and not _DETAIL.match(fold_text(first))
    ):
        # « …, Développeuse » + « économique, tél. … »: a sentence naming a person runs on.
        return True
    if ends_open(before) and not (find_emails(after) or find_phones(after)):
        return True  # « …, 12 Boulevard de la » + « République, 47300 … »
    if _TOWN_AFTER_POSTCODE.search(before) and _TOWN_LINE.match(after):
        return True  # « …, 15 cours Gambetta, 40000 » + « Mont-de-Marsan. »
    if any(find(text) for text in (before, after) for find in (find_emails, find_phones)):
        return False
    if _POSTCODE.search(before):
        return False
    if heading_service(line) is not None:
        # A bare domain completes a title that asks for one; "Service …" or "… :" opens the
        # next section.
        bare = not _SECTION.match(fold_text(after).strip(" -*•→>")) and ":" not in after
        return ends_open(before) or (bare and asks_complement(before))
    return ends_open(before) or after[0].islower()


# « Pour le Maire et par délégation », « P/O le Maire », « Par délégation du Président ».
_DELEGATION = re.compile(r"^\s*(?:pour |p ?/ ?(?:[o0]{1,2}|l[ea])\b|par delegation|par ordre)")


# « Isabelle TASTET (Coordonnatrice de l'équipe projet) », « Mme Lescure (Adjointe …) »
# What may trail: punctuation, the bar before a detail taken out, a cut detail word (« él. »).
_NAME_BRACKETS = re.compile(
    r"^\s*([^()\n,]+?)\s*\(([^()]{3,200})\)[\s.,;|]*(?:\w{1,3}[\s.,;:|]*)?$"
)


def split_name_title(text: str) -> tuple[str | None, str | None]:
    """Name and title of a person: "M. Jean Dupont, Maire de Cenon", "Le Maire, Jean Dupont"."""
    # « – Christophe Mouton, Conseiller … »: a list's dash or bullet is not the name's
    joined = re.sub(r"^[\s\-–—•·*>→]+", "", unwrap(text).replace("\n", ", "))
    bracketed = _NAME_BRACKETS.match(joined)
    if bracketed and looks_like_name(bracketed.group(1)):
        return clean_name(bracketed.group(1)), bracketed.group(2).strip()
    pieces = _SPLIT_KEEP.split(joined)
    name: str | None = None
    titles: list[str] = []
    for part, separator in zip(pieces[::2], ["", *pieces[1::2]], strict=True):
        part = part.strip(" .:")
        if not part:
            continue
        if titles and _qualifies(part, separator, titles[-1]):
            titles[-1] = f"{titles[-1]} - {part}"
            continue
        folded = fold(part)
        title = _TITLE.search(folded.text) or _FUNCTION.search(folded.text)
        if title and title.start() > 0 and name is None:
            head = part[: folded.original(title.start())].strip(" ,")
            if looks_like_name(head):
                name = clean_name(head)
                titles.append(part[folded.original(title.start()) :])
                continue
        if title:
            titles.append(part)
        elif name is None and looks_like_name(part):
            name = clean_name(part)
    title_text = _pick_title(titles)
    return name, title_text


def _qualifies(part: str, separator: str, function: str) -> bool:
    """A few words after a dash, neither a name nor a title of their own, go on the staff
    function before: « Chargée de développement territorial - quartiers prioritaires » (an
    elected official's title is not qualified so: « Le Président - parapheur iXBus »)."""
    if separator.strip() not in _DASHES or not _QUALIFIES.fullmatch(part):
        return False
    if _TITLE.search(fold_text(function)) or not _FUNCTION.search(fold_text(function)):
        return False
    return not (_TITLE.search(fold_text(part)) or looks_like_name(part))


def _pick_title(titles: list[str]) -> str | None:
    useful = [t.strip() for t in titles if not _DELEGATION.match(fold_text(t))] or titles
    kept: list[str] = []
    for title in (t for t in useful if t):
        words = fold_text(title).split()
        # "Le Maire," then an e-signature stamp's "Qualité : Maire": one title, said twice.
        if not any(_words_within(words, fold_text(k).split()) for k in kept):
            kept.append(title)
    return ", ".join(kept) or None


def _words_within(words: list[str], other: list[str]) -> bool:
    n = len(words)
    return any(other[i : i + n] == words for i in range(len(other) - n + 1))


def is_elected_title(text: str) -> bool:
    """« Maire de Bassens », « Conseillère municipale déléguée… », « Élu référent »: a
    mandate, not a staff function."""
    return bool(_ELECTED.match(fold_text(text).strip()))


# The mandate opens the title: « Adjoint au maire chargé de … » is elected, « Directeur
# délégué » is not.
_ELECTED = re.compile(
    r"(?:(?:le|la|l) )?(?:(?:1er|1ere|premier|premiere|\d+e|\d+eme) )?"
    r"(?:maire|adjointe?|conseill(?:ere|er) (?:municipale?|communautaire|delegue)"
    r"|vice ?-?presidente?|presidente?|elue?s?)\b"
)


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words, with or without civility, and no digits or @."""
    stripped = _CIVILITY.sub("", text.strip())
    if not stripped or re.search(r"[\d@]", stripped):
        return False
    if _TITLE.search(fold_text(stripped)) or _FUNCTION.search(fold_text(stripped)):
        return False
    if _LABEL_WORD.search(fold_text(stripped)):
        return False  # « Maëlle Sallenave Qualité »: a form's next label, not a name
    return bool(_PERSON.match(stripped))


_LABEL_WORD = re.compile(r"\b(?:qualite|fonction|courriel|telephone|adresse|service|prenom)\b")


_SURNAME_FIRST = re.compile(
    r"^((?:[A-ZÀ-Ý][A-ZÀ-Ý'’-]+ )+)([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)$"
)


def clean_name(text: str) -> str:
    """The name without civility, « Prénom Nom », capitals-only words written normally.

    Forms asking « Nom et prénom » get « BEN AMARA Frédéric »: the surname in capitals first.
    """
    name = re.sub(r"\s+", " ", _CIVILITY.sub("", text.strip())).strip()
    if surname_first := _SURNAME_FIRST.match(name):
        name = f"{surname_first.group(2)} {surname_first.group(1).strip()}"
    name = _OCR_CAPITAL_I.sub("I", name)
    return re.sub(r"\b[A-ZÀ-Ý]{2,}\b", lambda m: m.group().capitalize(), name)


# OCR reads a capital I as « l »: a name word cannot start with a lower-case l and a consonant
# (« lthurbide », « lsabelle »); particles (« le », « la ») start with l and a vowel.
_OCR_CAPITAL_I = re.compile(r"(?<![\w'’])l(?=[b-df-hj-np-tv-xzç][a-zà-ÿ])")


def person_from_text(text: str, quote: Quoter, page: int | None, near: int) -> Person | None:
    """The elected official of a bulletin answer, labelled ("Nom :", "Qualité :") or not."""
    labelled = {v.key: v.value for v in find_values([(None, text)], CONTACT_LABELS) if v.value}
    if "name" in labelled or "function" in labelled:
        name_text = " ".join(labelled[k] for k in ("first_name", "name") if k in labelled)
        name, title = split_name_title(name_text) if name_text else (None, None)
        name = name or (clean_name(name_text) if name_text else None)
        title = labelled.get("function") or title
        if name is None:
            # "Élu référent : Jean Dupont" then "Qualité : Maire": the name line has no label.
            free = list(takewhile(lambda line: not CONTACT_LABELS.match(line), text.splitlines()))
            name = split_name_title("\n".join(free))[0] if free else None
    else:
        name, title = split_name_title(text)
    if not name and not title:
        return None
    evidence = [quote.find(text, 0.9, page, near)]
    return Person(name=name, title=title, evidence=evidence)


def contacts_from_text(
    text: str, quote: Quoter, page: int | None, near: int, service: Service | None = None
) -> list[Contact]:
    """Every contact in an answer, split on service headings and on repeated names."""
    contacts = []
    grid = ungrid(services_as_rows(text, heading_service))
    grid = _INLINE_LABEL.sub("\n", grid)
    for chunk_service, chunk in _service_chunks(unwrap(grid)):
        for person in _people(chunk):
            contact = contact_from_values(person, chunk_service or service, quote, page, near)
            if contact is not None:
                contacts.append(contact)
    return contacts


# A second label on a line (« Nom : X   Fonction : Y », its bar lost by OCR) opens a line.
_INLINE_LABEL = re.compile(
    r"(?<=\S)[ \t]+(?=(?:Fonction|Qualité|Courriel|E-mail|Mail|Mél|Messagerie|Tél\.?|Téléphone"
    r"|Portable|Mobile|Ligne|Adresse|Emploi occupé|Poste)\s?:)"
)


# A bar opening an e-mail is OCR's "l" ("|.mauriac@"), not a cell border.
def _service_chunks(text: str) -> list[tuple[Service | None, str]]:
    chunks: list[tuple[Service | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        heading = heading_service(line)
        if heading is not None:
            rest = line.split(":", 1)[1] if ":" in line else ""
            carried = card_head(chunks[-1][1], chunks[-1][0] is not None)
            chunks.append((heading, carried + ([rest] if rest.strip() else [])))
        else:
            chunks[-1][1].append(line)
    return [(s, "\n".join(lines)) for s, lines in chunks if any(x.strip() for x in lines)]


def card_head(lines: list[str], serviced: bool = True) -> list[str]:
    """The name and function printed above their service line, as a card puts them (« Armelle
    Dartigues / Chargée de mission / Service politique de la ville – Ville de Lormont / T. … »):
    taken out of ``lines`` (the section above) for the service below. Only a name with no
    detail after the section's last e-mail or phone goes; in a section of a service
    (``serviced``) with no e-mail or phone at all, its people are its own."""
    last = max((i for i, x in enumerate(lines) if find_emails(x) or find_phones(x)), default=-1)
    if last < 0 and serviced:
        return []
    trailing = [x for x in lines[last + 1 :] if x.strip()]
    if not trailing or not _line_name(trailing[0]) or len(trailing) > 3:
        return []
    del lines[last + 1 :]
    return trailing


def _people(chunk: str) -> list[str]:
    """Split a chunk holding several people where a new person starts: a name, first name or
    e-mail label seen twice, or a line opening with a name once the current person has one.

    A blank line alone splits nothing: OCR of a table and HTML paragraphs put blank lines
    between a label and its answer ("Nom et prénom", "", "Karima Labat")."""
    people: list[list[str]] = [[]]
    seen: set[str] = set()
    gap = False
    for line in chunk.splitlines():
        if not line.strip():
            gap = True
            continue
        hit = CONTACT_LABELS.match(line)
        key = hit.key if hit else None
        if (key in seen and key in {"name", "first_name", "email"}) or (
            key is None and _starts_person(line, people[-1], gap)
        ):
            people.append([])
            seen = set()
        if key:
            seen.add(key)
        people[-1].append(line)
        gap = False
    return ["\n".join(p) for p in people if _has_person(p)]


def _starts_person(line: str, current: list[str], gap: bool) -> bool:
    """A free line opening with a name after a person that already has one: after a blank
    line, or, when the line also says who ("Paul Lefèvre, chargé de mission") or how to reach
    them, right after a person with an e-mail or a phone."""
    parts = _SPLIT.split(line.strip(" -*•→>"), maxsplit=1)
    if _POSTCODE.search(line) or _STREET.search(fold_text(parts[0])):
        return False
    if not looks_like_name(parts[0]):
        return False
    if not any(_line_name(x) and not _is_address(x) for x in current):
        return False
    if gap:
        return True
    says_more = len(parts) > 1 and (
        split_name_title(line)[1] or find_emails(line) or find_phones(line)
    )
    text = "\n".join(current)
    return bool(says_more) and bool(find_emails(text) or find_phones(text))


def _is_address(line: str) -> bool:
    hit = CONTACT_LABELS.match(line)
    return (hit is not None and hit.key == "address") or bool(_POSTCODE.search(line))


def _has_person(lines: list[str]) -> bool:
    text = "\n".join(lines)
    return bool(text.strip()) and (
        bool(find_emails(text)) or bool(find_phones(text)) or any(_line_name(x) for x in lines)
    )


def _line_name(line: str) -> bool:
    hit = CONTACT_LABELS.match(line)
    if hit and hit.key in {"name", "first_name"}:
        return bool(hit.value)
    return any(looks_like_name(p) for p in _SPLIT.split(line))


def contact_from_values(
    text: str, service: Service | None, quote: Quoter, page: int | None, near: int
) -> Contact | None:
    values: dict[str, str] = {}
    for found in find_values([(None, text)], CONTACT_LABELS):
        if found.value and found.key not in values:
            values[found.key] = found.value
    email_source = values.get("email", text)
    phone_source = values.get("phone", text)
    emails = find_emails(email_source)
    phones = find_phones(phone_source)
    email = emails[0][2] if emails else None
    phone = phones[0][2] if phones else (values.get("phone") or None)
    address = None
    if "address" in values:
        # The address ends where the form's next part begins (« Élu(e) référent(e) »).
        lines = takewhile(lambda line: not _opens_part(line), values["address"].splitlines())
        address = re.sub(r",?\s*\n\s*", ", ", clean_value("\n".join(lines))) or None
    if address and not (re.search(r"\d", address) or _is_street(address)):
        address = None  # « du service »: the rest of a wrapped « Adresse postale » label
    address = address or find_address(text)
    name, function = _name_and_function(text, values)
    if name and re.search(r"[@\d]", name):
        name = None  # a grid's cells read in the wrong order: an e-mail is no name
    if function and not re.search(r"[^\W\d_]{3}", function):
        function = None  # « 0557072043 »: a phone is no function
    if not any((name, email, phone)):
        return None
    resolved = service_of(values.get("service", "")) or service
    resolved = resolved or service_of(function or "") or Service.AUTRE
    quoted = [name, function, address]
    quoted.append(email_source[emails[0][0] : emails[0][1]] if emails else None)
    quoted.append(phone_source[phones[0][0] : phones[0][1]] if phones else phone)
    evidence: list[Evidence] = [quote.find(q, 0.9, page, near) for q in quoted if q]
    return Contact(
        name=name,
        function=function,
        service=resolved,
        email=email,
        phone=phone,
        address=address,
        evidence=evidence,
    )


def _opens_part(line: str) -> bool:
    return heading_service(line) is not None or BULLETIN_LABELS.match(line) is not None


def _name_and_function(text: str, values: dict[str, str]) -> tuple[str | None, str | None]:
    name = " ".join(values[k] for k in ("first_name", "name") if k in values) or None
    function = values.get("function")
    if name:
        split_name, split_title = split_name_title(name)
        name = split_name or clean_name(name)
        function = function or split_title
    if name and function:
        return name, function
    for line in text.splitlines():
        if CONTACT_LABELS.match(line):
            continue
        if postcode := _POSTCODE.search(line):
            # « Mme X (fonction), 05 …, x@y.fr ; 6 avenue Pasteur, 33270 Floirac »: who, then where
            semicolon = line.rfind(";", 0, postcode.start())
            line = line[:semicolon] if semicolon >= 0 else _before_details(line)
        elif (head := _before_details(line)).strip(" -,;:"):
            line = head  # « Nom (fonction), tél. …, x@y.fr, 73 rue »: who, before the details
        for start, end, _ in find_emails(line)[::-1] + find_phones(line)[::-1]:
            line = line[:start] + " " * (end - start) + line[end:]
        stripped = line.strip(" -,;:")
        if not stripped:
            continue
        line_name, line_title = split_name_title(stripped)
        name = name or line_name
        if function is None and line_title:
            function = line_title
        elif function is None and not line_name and _FUNCTION.search(fold_text(stripped)):
            function = stripped
    return name, function
