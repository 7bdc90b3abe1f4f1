"""Fields of a bulletin d'inscription: form fields first, then tables, then the page text.

Each answer keeps the evidence it was read from. A label found with nothing after it is told
apart from a label never found, so the reviewer knows whether to look for a missing page or
for an unanswered question.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.contact_cards import card_contacts
from extractors.contact_details import find_emails, find_phones
from extractors.contact_grid import header_key
from extractors.contact_services import heading_service, service_of
from extractors.contact_tables import contacts_from_tables
from extractors.contacts import (
    CONTACT_LABELS,
    card_head,
    clean_name,
    contacts_from_text,
    is_elected_title,
    looks_like_name,
    person_from_text,
)
from extractors.folding import fold_name, fold_text
from extractors.label_tables import table_values
from extractors.labels import (
    LabelledValue,
    Table,
    clean_value,
    find_values,
    is_placeholder,
)
from extractors.labels_below import captions_first
from extractors.quartiers import split_quartiers
from extractors.quoting import Quoter
from extractors.service_columns import services_as_rows
from extractors.territory import find_territory
from schemas.document import ExtractedText, FormField
from schemas.evidence import Evidence
from schemas.fields import BulletinFields, Contact, Person, Service

TEXT_FIELDS = ("project_title", "description", "difficulties", "territory")
_NAMES_FR = {
    "project_title": "titre du projet",
    "quartiers": "quartier(s) prioritaire(s)",
    "description": "description",
    "difficulties": "difficultés rencontrées et questions à traiter",
    "contacts": "personnes-contacts",
    "elected_official": "élu référent",
}
_CONFIDENCE = {"form": 1.0, "table": 0.9, "text": 0.85}
_CHECKED = {"on", "yes", "oui", "true", "x", "1", "/on", "/yes", "coche"}
_CONTACT_KEYS = {"contacts", "contact_pv", "contact_eco"}
_SERVICE_KEYS = {
    "contact_pv": Service.POLITIQUE_DE_LA_VILLE,
    "contact_eco": Service.DEVELOPPEMENT_ECONOMIQUE,
}


class _Answers:
    """Answers per field in priority order: form fields, then tables, then text."""

    def __init__(self) -> None:
        self.values: dict[str, list[tuple[str, LabelledValue, Evidence]]] = {}
        self.labels_seen: set[str] = set()
        self.table_labels: dict[str, str] = {}

    def add(self, source: str, found: LabelledValue, evidence: Evidence) -> None:
        self.labels_seen.add(found.key)
        if source == "table":
            self.table_labels.setdefault(found.key, fold_text(found.label))
        elif source == "text" and self._label_piece(found):
            return
        if found.value:
            self.values.setdefault(found.key, []).append((source, found, evidence))

    def _label_piece(self, found: LabelledValue) -> bool:
        """A text answer that is only a piece of the label as a table cell wraps it: on a scan,
        « Difficultés | rencontrées et | questions… » beside an empty answer cell."""
        label = self.table_labels.get(found.key)
        value = fold_text(found.value or "").strip()
        return bool(label and value and value in label)

    def first(self, key: str) -> tuple[LabelledValue, Evidence] | None:
        found = self.values.get(key)
        return (found[0][1], found[0][2]) if found else None


def extract_bulletin(
    extracted: ExtractedText,
    document_name: str,
    document_sha256: str | None = None,
    known_quartiers: Collection[str] = (),
    known_communes: Collection[str] = (),
) -> BulletinFields:
    """Read the bulletin; ``known_quartiers`` keeps names such as "Barleté et Rodrigues" whole,
    ``known_communes`` tells a commune heading a quartier (« Coutras, quartier du Centre »)."""
    quote = Quoter(extracted, document_name, document_sha256)
    answers = _Answers()
    form_contacts = _read_form(extracted.form_fields, quote, answers)
    for found in table_values(extracted.tables, BULLETIN_LABELS):
        answers.add("table", found, quote.find(found.value, _CONFIDENCE["table"]))
    pages, regridded = _label_pages(quote)
    for found in find_values(pages, BULLETIN_LABELS):
        if found.page in regridded:
            answers.add("text", found, quote.find(found.value, _CONFIDENCE["text"], found.page))
        else:
            answers.add("text", found, quote.value(found, _CONFIDENCE["text"]))

    evidence: dict[str, list[Evidence]] = {}
    values: dict[str, str | None] = {}
    for key in TEXT_FIELDS:
        first = answers.first(key)
        values[key] = first[0].value if first else None
        if first:
            evidence[key] = [first[1]]
    quartiers: list[str] = []
    if first_q := answers.first("quartiers"):
        quartiers = split_quartiers(first_q[0].value, known_quartiers, known_communes)
        evidence["quartiers"] = [first_q[1]]
    if not any(c.name or c.email or c.phone for c in form_contacts):
        form_contacts = []  # fields that held only an address: the page says who
    contacts = form_contacts or _contacts(extracted, answers, quote)
    elected = [c for c in contacts if _is_elected(c)]
    contacts = [c for c in contacts if not _is_elected(c)]
    if contacts:
        evidence["contacts"] = [e for c in contacts for e in c.evidence]
    official = _official(answers, quote)
    if official is None or not (official.name and looks_like_name(official.name)):
        official = _table_official(extracted.tables, quote) or official
    elif official.title is None and (table := _table_official(extracted.tables, quote)):
        # « Élu – Nom | X » then « Titre | Y »: the text's label took the name alone
        official = official.model_copy(
            update={"title": table.title if table.name == official.name else None}
        )
    if official is None and elected:
        official = Person(
            name=elected[0].name, title=elected[0].function, evidence=elected[0].evidence
        )
    if official:
        evidence["elected_official"] = list(official.evidence)
    territory = _territory(values.get("territory"), official, contacts, quote)
    fields = BulletinFields(
        project_title=_one_line(values["project_title"]),
        quartiers=quartiers,
        description=values["description"],
        difficulties=values["difficulties"],
        contacts=contacts,
        elected_official=official,
        territory=territory,
        evidence=evidence,
        notes=[],
    )
    return fields.model_copy(update={"notes": _notes(fields, answers, extracted)})


def _one_line(value: str | None) -> str | None:
    return re.sub(r"\s*\n\s*", " ", value).strip() if value else None


def _read_form(fields: list[FormField], quote: Quoter, answers: _Answers) -> list[Contact]:
    """Form answers by field name; contact fields grouped per service into contacts."""
    groups: dict[Service, list[tuple[str, FormField]]] = {}
    official: list[tuple[str, FormField]] = []
    loose: list[tuple[str, FormField]] = []
    for field in fields:
        key = _field_key(field.name)
        sub = CONTACT_LABELS.match_name(_in_french(field.name))
        service = _name_service(field.name) or _SERVICE_KEYS.get(key or "")
        value = field.value.strip()
        if key == "quartiers" and fold_text(value).strip() in _CHECKED:
            value = _checkbox_quartier(field.name)
        empty = not value or is_placeholder(value)
        if key == "elected_official":
            if not empty:
                official.append((sub or "name", field))
            answers.labels_seen.add(key)
        elif sub and service is None and key in _CONTACT_KEYS:
            # « contact1_nom », « contact2_nom »: whose service the page's sections say
            loose.append((sub, field))
            answers.labels_seen.add("contacts")
        elif (sub and service is not None) or key in _SERVICE_KEYS:
            # « politique_de_la_ville_1 »: a part of the person the name does not say, read
            # from its value (a phone, an e-mail, a name over a function)
            if not empty:
                groups.setdefault(service or Service.AUTRE, []).append((sub or "", field))
            answers.labels_seen.add("contacts")
        elif key is not None:
            found = LabelledValue(
                key=key, label=field.name, value="" if empty else clean_value(value)
            )
            answers.add("form", found, quote.form(field, _CONFIDENCE["form"]))
        elif sub is not None:
            loose.append((sub, field))
    sections = _sections(quote)
    if official:  # the élu has fields of its own: the loose people are the contacts
        sections = [s for s in sections if s != "elected_official"]
    _place_loose(loose, sections, groups, official)
    if official:
        text = "\n".join(
            f"{_FORM_LABEL.get(sub, 'Nom')} : {f.value.strip()}" for sub, f in official
        )
        found = LabelledValue(key="elected_official", label=official[0][1].name, value=text)
        answers.add("form", found, quote.form(official[0][1], _CONFIDENCE["form"]))
    return [_form_contact(service, group, quote) for service, group in groups.items()]


def _label_pages(quote: Quoter) -> tuple[list[tuple[int | None, str]], set[int | None]]:
    """The page texts the labels are read in, and the pages among them that were rewritten (a
    contacts grid with one column per service made one block per service, labels printed
    under their answers put above them): their values are quoted by search, their offsets
    being those of the rewritten text)."""
    pages: list[tuple[int | None, str]] = []
    regridded: set[int | None] = set()
    for number, text in quote.pages:
        grid = captions_first(services_as_rows(text, heading_service), heading_service)
        pages.append((number, grid))
        if grid != text:
            regridded.add(number)
    return pages, regridded


def _sections(quote: Quoter) -> list[str]:
    """Order of the contact and elected-official sections in the page text."""
    order: list[str] = []
    by_service = {v: k for k, v in _SERVICE_KEYS.items()}
    for found in find_values(_label_pages(quote)[0], BULLETIN_LABELS):
        keys = [found.key]
        if found.key == "contacts":
            service = service_of(f"{found.label} {found.value.split(chr(10))[0]}")
            keys = [by_service.get(service, "contacts")] if service else []
            # « Vos contacts » over « Contrat de ville (…) », « Développement économique et
            # commerce »: headings no bulletin label knows still open a section each
            headed = [heading_service(line) for line in found.value.splitlines()[1:]]
            keys += [by_service.get(h, "contact_other") for h in headed if h is not None]
        for key in keys:
            sectional = key in {"contact_pv", "contact_eco", "contact_other", "elected_official"}
            if sectional and (not order or order[-1] != key):
                order.append(key)
    return order or ["contact_pv", "contact_eco", "elected_official"]


def _place_loose(
    loose: list[tuple[str, FormField]],
    sections: list[str],
    groups: dict[Service, list[tuple[str, FormField]]],
    official: list[tuple[str, FormField]],
) -> None:
    """Fields named only "Nom", "Fonction"... (Word content controls repeated per section):
    a new person starts when a sub-field repeats, and takes the next section of the page."""
    people: list[list[tuple[str, FormField]]] = []
    for sub, field in loose:
        if not people or sub in {s for s, _ in people[-1]}:
            people.append([])
        people[-1].append((sub, field))
    for i, person in enumerate(people):
        section = sections[i] if i < len(sections) else ""  # more people than sections
        person = [(s, f) for s, f in person if f.value.strip() and not is_placeholder(f.value)]
        if section == "elected_official":
            official.extend(person if not official else [])
        elif person:
            service = _SERVICE_KEYS.get(section, Service.AUTRE)
            groups.setdefault(service, []).extend(person)


_FORM_LABEL = {
    "name": "Nom",
    "first_name": "Prénom",
    "function": "Fonction",
    "email": "Courriel",
    "phone": "Téléphone",
    "address": "Adresse",
    "service": "Service",
    "fax": "Fax",
}


# Field names a form tool wrote in English (« contact1_name », « contact2_function »).
_ENGLISH = {"name": "nom", "firstname": "prenom", "function": "fonction", "position": "fonction"}
_ENGLISH |= {"phone": "telephone", "address": "adresse", "quality": "qualite", "title": "qualite"}


_ENGLISH_KEYS = {"title": "titre", "difficulties": "difficultes", "districts": "quartiers"}
_ELECTED_WORDS = {"elu", "elue", "elus", "official", "elected", "mayor"}


def _in_french(name: str) -> str:
    return " ".join(_ENGLISH.get(word, word) for word in fold_name(name).split())


def _field_key(name: str) -> str | None:
    """The bulletin key of a form field: « official_0_title » and « elu_titre » are the
    élu's (its title is not the project's), « difficulties » is the difficulties'."""
    words = fold_name(name).split()
    if _ELECTED_WORDS & set(words):
        return "elected_official"
    return BULLETIN_LABELS.match_name(" ".join(_ENGLISH_KEYS.get(w, w) for w in words))


def _name_service(name: str) -> Service | None:
    folded = fold_name(name).split()
    words = set(folded)
    if words & {"pv", "pdv", "politique", "cohesion"}:
        return Service.POLITIQUE_DE_LA_VILLE
    # "de_nom": a leading "de" is the service's initials, not the preposition of "nom_de_l_elu"
    if words & {"eco", "deveco", "economique", "economie"} or folded[:1] in (["de"], ["dev"]):
        return Service.DEVELOPPEMENT_ECONOMIQUE
    return service_of(fold_name(name))


def _checkbox_quartier(name: str) -> str:
    words = [w for w in fold_name(name).split() if w not in {"quartier", "quartiers", "qpv"}]
    return " ".join(words).title()


def _form_contact(service: Service, group: list[tuple[str, FormField]], quote: Quoter) -> Contact:
    text = "\n".join(
        f"{_FORM_LABEL[sub]} : {field.value.strip()}" if sub else field.value.strip()
        for sub, field in group
    )
    parsed = contacts_from_text(text, quote, None, 0, service)
    base = parsed[0] if parsed else Contact(service=service)
    return base.model_copy(
        update={"evidence": [quote.form(field, _CONFIDENCE["form"]) for _, field in group]}
    )


def _contacts(extracted: ExtractedText, answers: _Answers, quote: Quoter) -> list[Contact]:
    """Contacts from the contact sections, split by service, best source first."""
    for source in ("table", "text"):
        contacts: list[Contact] = []
        blocks = [
            (key, found, text)
            for key in ("contacts", "contact_pv", "contact_eco")
            for found, text in _contact_texts(
                [f for src, f, _e in answers.values.get(key, []) if src == source]
            )
        ]
        blocks.sort(key=lambda b: (b[1].page or 0, b[1].start or 0))
        carried: list[str] = []
        heading: Service | None = None
        for i, (key, found, text) in enumerate(blocks):
            lines = carried + text.split("\n")
            following = blocks[i + 1][0] if i + 1 < len(blocks) else None
            # a card's name and function above its service line go with that service
            carried = card_head(lines, key in _SERVICE_KEYS) if following in _SERVICE_KEYS else []
            # « Contrat de ville (…) » then « Contact : X » (itself a label, so a block of its
            # own): the heading of the block above is that person's service
            hint = _SERVICE_KEYS.get(key) or heading
            contacts += contacts_from_text(
                "\n".join(lines), quote, found.page, found.start or 0, hint
            )
            headed = [h for h in map(heading_service, lines) if h is not None]
            heading = headed[-1] if headed else (heading if key == "contacts" else None)
        if source == "table":
            tabled = contacts_from_tables(extracted.tables, quote)
            contacts += tabled
            contacts = _beyond_tables(card_contacts(extracted, quote), tabled) + contacts
        if contacts:
            return _dedupe(contacts)
    return []


def _beyond_tables(cards: list[Contact], tabled: list[Contact]) -> list[Contact]:
    """Contact cards read from word positions, less those a table already gives: a grid with
    its labels down a column also reads as cards, badly (« Interlocuteur Fabien … »)."""
    if not tabled:
        return cards
    known = {d for c in tabled for d in (c.email, c.phone) if d}
    return [c for c in cards if {c.email, c.phone} - {None} - known]


def _contact_texts(found: list[LabelledValue]) -> list[tuple[LabelledValue, str]]:
    """Each answer's text, except that a run of answers each opening with a contact label
    (an online form's « Contact politique de la ville – nom et prénom » then the value) is
    one person, written « label : value » line by line."""
    groups: list[tuple[LabelledValue, list[str]]] = []
    in_run = False
    for item in found:
        head, _, rest = item.value.strip().partition("\n")
        pair = header_key(head) is not None and bool(rest.strip()) and "\n" not in rest.strip()
        line = f"{head.strip()} : {rest.strip()}" if pair else item.value
        if not rest.strip() and (hit := CONTACT_LABELS.match(head)) is not None and hit.value:
            pair, line = True, head.strip()  # « Contact PV – nom <tab> LALANNE Rozenn »
        if pair and in_run:
            groups[-1][1].append(line)
        else:
            groups.append((item, [line]))
        in_run = pair
    return [(item, "\n".join(lines)) for item, lines in groups]


def _dedupe(contacts: list[Contact]) -> list[Contact]:
    """One contact per person: the same name, or the same e-mail read twice (a grid read as
    text and as a table), keeps the first reading unless a later one says more of who it is;
    a detail only the other reading has (often the address) is added to the one kept. A merge
    can make two kept readings alike (one gained the e-mail the other has): a second pass
    joins them."""
    unique = _dedupe_pass(contacts)
    return unique if len(unique) == len(contacts) else _dedupe_pass(unique)


def _dedupe_pass(contacts: list[Contact]) -> list[Contact]:
    unique: list[Contact] = []
    for contact in contacts:
        same = next((i for i, c in enumerate(unique) if _same_person(c, contact)), None)
        if same is None:
            unique.append(contact)
        elif _filled(contact) > _filled(unique[same]):
            unique[same] = _completed(contact, unique[same])
        else:
            unique[same] = _completed(unique[same], contact)
    return unique


def _completed(kept: Contact, other: Contact) -> Contact:
    missing = {
        name: getattr(other, name)
        for name in ("function", "email", "phone", "address")
        if getattr(kept, name) is None and getattr(other, name) is not None
    }
    if kept.service == Service.AUTRE and other.service != Service.AUTRE:
        missing["service"] = other.service
    return kept.model_copy(update=missing) if missing else kept


def _same_person(a: Contact, b: Contact) -> bool:
    """The same e-mail; or the same phone, or the same name, when one reading has no e-mail
    (an address cut after its « @ » by a narrow cell is lost in the page's text, not in its
    table)."""
    if a.email and b.email:
        # two readings of one scan may spell the e-mail differently; the same name and
        # phone are still one person
        same_name = bool(a.name) and (a.name or "").lower() == (b.name or "").lower()
        return a.email == b.email or (same_name and bool(a.phone) and a.phone == b.phone)
    if a.phone and a.phone == b.phone and not (a.name and b.name and a.name != b.name):
        return True  # one reading lost the name or the e-mail a narrow cell cut
    return (a.name or "").lower() == (b.name or "").lower() and bool(a.name or a.email == b.email)


def _filled(contact: Contact) -> int:
    return sum(1 for v in (contact.name, contact.function) if v)


def _official(answers: _Answers, quote: Quoter) -> Person | None:
    """The elected official from the best answer; a part it lacks is taken from the next
    answers (a table cell holding the name alone, the page text holding the title too)."""
    found_all = answers.values.get("elected_official", [])
    if not found_all:
        return None
    official: Person | None = None
    for _source, found, evidence in found_all:
        text = _official_paragraphs(found.value)
        person = person_from_text(text, quote, found.page, found.start or 0)
        if official is None:
            official = (person or Person(name=None, title=None)).model_copy(
                update={"evidence": [evidence]}
            )
        elif person is not None and (person.name in (None, official.name) or not official.name):
            official = official.model_copy(
                update={
                    "name": official.name or person.name,
                    "title": official.title or person.title,
                }
            )
        if official.name and official.title:
            break
    return official


def _is_elected(contact: Contact) -> bool:
    """A person read among the contacts whose title is an elected one and who gives no e-mail
    or phone: the elected official, set in the contacts' table or under their heading."""
    return (
        contact.email is None
        and contact.phone is None
        and contact.function is not None
        and is_elected_title(contact.function)
    )


def _table_official(tables: Sequence[Table], quote: Quoter) -> Person | None:
    """The elected official as a table without e-mail or phone gives them: « Nom et prénom |
    X | Qualité | Y » on one row, those two labels down a column, or heading two columns with
    the answers under them; read when the page's text, where such a row is glued to its
    labels, gave no name or no title."""
    for table in tables:
        cells = [" ".join((c or "").split()) for row in table for c in row]
        if not table or len(table) > 3 or any(find_emails(c) or find_phones(c) for c in cells):
            continue
        pairs = [
            (_person_key(row[j] or ""), " ".join((row[j + 1] or "").split()))
            for row in table
            for j in range(0, len(row) - 1, 2)
        ]
        # « Nom et prénom | Titre » heading the columns, the answers in the row under them
        pairs += [
            (_person_key(head or ""), " ".join((value or "").split()))
            for head, value in zip(table[0], table[1] if len(table) > 1 else [], strict=False)
        ]
        found: dict[str, str] = {}
        for key, value in pairs:
            if key and value and key not in found:
                found[key] = value
        if "name" in found and "function" in found and looks_like_name(found["name"]):
            return Person(
                name=clean_name(found["name"]),
                title=found["function"],
                evidence=[quote.find(found["name"], _CONFIDENCE["table"])],
            )
    return None


def _person_key(cell: str) -> str | None:
    """The detail a label cell names; OCR's « Nomet prénom » is still the name."""
    key = header_key(cell) or header_key(re.split(r"\s[-–—:]\s", cell)[-1])  # « Élu – Nom »
    return key or ("name" if fold_text(cell).startswith("nom") else None)


def _official_paragraphs(value: str) -> str:
    """The answer about the elected official, up to the first paragraph that is not about them.

    In a mail body the answer is followed by the rest of the message; but OCR of a table and
    HTML paragraphs also put blank lines between "Qualité" and its answer, so a paragraph that
    is a name or title label, or the answer of a label written alone, still belongs."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    kept = paragraphs[:1]
    for paragraph in paragraphs[1:]:
        answers_label = _official_label(kept[-1].splitlines()[-1]) == ""
        # OCR lost the light « Titre : » between the name and the title
        titles_name = len(kept) == 1 and looks_like_name(kept[0]) and is_elected_title(paragraph)
        if _official_label(paragraph) is None and not (answers_label or titles_name):
            break
        kept.append(paragraph)
    return "\n".join(kept)


def _official_label(line: str) -> str | None:
    """The answer after a name or title label opening the line ("" for the label alone), or
    None when the line opens with no such label."""
    hit = CONTACT_LABELS.match(line)
    return hit.value if hit is not None and hit.key in {"name", "first_name", "function"} else None


def _territory(
    declared: str | None, official: Person | None, contacts: list[Contact], quote: Quoter
) -> str | None:
    # The collectivity is one line; what follows it is the form's next block (the call's name).
    first_line = next((line.strip() for line in (declared or "").splitlines() if line.strip()), "")
    texts = [first_line, official.title or "" if official else ""]
    texts += [c.address or "" for c in contacts]
    texts += [text for _, text in quote.pages]
    domains = [c.email.split("@", 1)[1] for c in contacts if c.email]
    name, _reason = find_territory(texts, domains[0] if domains else None)
    return name


def _notes(fields: BulletinFields, answers: _Answers, extracted: ExtractedText) -> list[str]:
    notes: list[str] = []
    present = {
        "project_title": fields.project_title,
        "quartiers": fields.quartiers,
        "description": fields.description,
        "difficulties": fields.difficulties,
        "contacts": fields.contacts,
        "elected_official": fields.elected_official,
    }
    for key, value in present.items():
        if value:
            continue
        label_keys = {key} | ({"contact_pv", "contact_eco"} if key == "contacts" else set())
        name = _NAMES_FR[key]
        if label_keys & answers.labels_seen:
            notes.append(f"Rubrique « {name} » trouvée mais laissée vide.")
        else:
            notes.append(f"Rubrique « {name} » introuvable dans le document.")
    services = {c.service for c in fields.contacts}
    for service, name in (
        (Service.POLITIQUE_DE_LA_VILLE, "service Politique de la ville"),
        (Service.DEVELOPPEMENT_ECONOMIQUE, "service développement économique"),
    ):
        if fields.contacts and service not in services:
            notes.append(f"Aucun contact identifié pour le {name}.")
    if extracted.error:
        notes.append(f"Lecture du document incomplète : {extracted.error}")
    return notes
