"""Contacts laid out as tables: a header row (Nom | Fonction | Courriel | Téléphone), one
column per person with the labels down the first column, or label | value pairs side by side
(Nom | X | Fonction | Y); merged rows name the service."""

from __future__ import annotations

from collections.abc import Sequence

from extractors.contact_details import find_emails, find_phones
from extractors.contact_grid import LINE_LABEL, header_key
from extractors.contact_services import heading_service
from extractors.contacts import contact_from_values
from extractors.folding import fold_text
from extractors.labels import Table
from extractors.quoting import Quoter
from schemas.fields import Contact, Service


def contacts_from_tables(tables: Sequence[Table], quote: Quoter) -> list[Contact]:
    """Contacts laid out as a table with a header row (Nom | Fonction | Courriel | Téléphone)."""
    contacts: list[Contact] = []
    for table in tables:
        if _is_pair_grid(table):
            contacts += _pair_contacts(table, quote)
            continue
        found = _row_contacts(table, quote) or _column_contacts(table, quote)
        if contacts and len(found) == 1 and found[0].name is None:
            # the table went on over the page: « Adresse électronique | … » alone on page 2
            contacts[-1] = _went_on(contacts[-1], found[0])
            continue
        contacts += found
    return contacts


def _went_on(person: Contact, rest: Contact) -> Contact:
    """``person`` with the details the rest of their table, cut by a page, gives."""
    missing = {
        name: getattr(rest, name)
        for name in ("function", "email", "phone", "address")
        if getattr(person, name) is None and getattr(rest, name) is not None
    }
    if not missing:
        return person
    return person.model_copy(update={**missing, "evidence": [*person.evidence, *rest.evidence]})


def _is_pair_grid(table: Table) -> bool:
    """Some row holds two label | value pairs: « Nom et prénom | X | Fonction | Y »."""
    return any(
        len(row) >= 4
        and header_key(row[0]) is not None
        and header_key(row[2]) is not None
        and header_key(row[1]) is None  # a header row (Nom | Fonction | …) is all labels
        and header_key(row[3]) is None
        for row in table
    )


def _pair_contacts(table: Table, quote: Quoter) -> list[Contact]:
    """One contact per service section (or per repeated name label) of a pair grid."""
    people: list[tuple[Service | None, list[str]]] = []
    service: Service | None = None
    for row in table:
        filled = list(dict.fromkeys(c.strip() for c in row if c and c.strip()))
        if len(filled) == 1 and header_key(filled[0]) is None:
            service = heading_service(filled[0])
            people.append((service, []))
            continue
        for j in range(0, len(row) - 1, 2):
            key = header_key(row[j])
            value = _joined(key, row[j + 1] or "") if key else ""
            if key is None or not value:
                continue
            if not people or (key == "name" and any(x.startswith("Nom :") for x in people[-1][1])):
                people.append((service, []))
            people[-1][1].append(f"{LINE_LABEL[key]} : {value}")
    contacts = []
    for section, lines in people:
        text = "\n".join(lines)
        if not (find_emails(text) or find_phones(text)):
            continue
        contact = contact_from_values(text, section, quote, None, 0)
        if contact is not None:
            contacts.append(contact)
    return contacts


def _column_contacts(table: Table, quote: Quoter) -> list[Contact]:
    """Contacts one per column, the labels in the first column ("Nom et prénom | A | B"), each
    column's service named by a row of service headings above. A heading row naming one
    service (« Personne-contact – Service Développement économique | ») or a name label seen
    again in a column starts the next people."""
    groups: list[tuple[dict[int, Service], dict[int, list[str]]]] = [({}, {})]
    for row in table:
        if len(row) < 2:
            continue
        services, columns = groups[-1]
        filled = [c for c in row if c and c.strip()]
        if len(filled) == 1 and (service := heading_service(filled[0])) is not None:
            groups.append(({j: service for j in range(1, len(row))}, {}))
            continue
        key = header_key(row[0])
        if key is None:
            headings = {j: heading_service(c or "") for j, c in enumerate(row) if j and c}
            if headings and all(headings.values()):
                services.update({j: s for j, s in headings.items() if s is not None})
            continue
        for j, cell in enumerate(row[1:], 1):
            if not (cell and cell.strip()):
                continue
            if key == "name" and any(
                x.startswith(f"{LINE_LABEL['name']} :") for x in columns.get(j, [])
            ):
                groups.append((dict(services), {}))
                services, columns = groups[-1]
            columns.setdefault(j, []).append(f"{LINE_LABEL[key]} : {' '.join(cell.split())}")
    contacts = []
    for services, columns in groups:
        for j, lines in sorted(columns.items()):
            text = "\n".join(lines)
            if not (find_emails(text) or find_phones(text)):
                continue  # a lone "Nom | X" row is an answer, not a contact
            contact = contact_from_values(text, services.get(j), quote, None, 0)
            if contact is not None:
                contacts.append(contact)
    return contacts


def _row_contacts(table: Table, quote: Quoter) -> list[Contact]:
    """Contacts one per row under a header row; merged rows above them name their service, and
    a « label | value » row under a person (« Adresse | 1 avenue de l'Adour… ») adds to it."""
    people: list[tuple[Service | None, list[str]]] = []
    header: list[str | None] | None = None
    section: Service | None = None
    for row in table:
        keys: list[str | None] = [header_key(cell) for cell in row]
        if sum(k is not None for k in keys) >= 2 and all(_header_only(c) for c in row):
            header, section = _roles_as_services(row, keys), None
            continue
        if header is None:
            continue
        filled = list(dict.fromkeys(c.strip() for c in row if c and c.strip()))
        if len(filled) == 1:
            # A merged row: a service heading for the people below, or the next part.
            section = heading_service(filled[0])
            header = header if section is not None else None
            continue
        if people and len(filled) == 2 and keys[0] is not None and keys[0] != header[0]:
            people[-1][1].append(f"{LINE_LABEL[keys[0]]} : {' '.join(filled[1].split())}")
            continue
        lines = [
            f"{LINE_LABEL[key]} : {_joined(key, cell)}"
            for key, cell in zip(header, row, strict=False)
            if key and cell and cell.strip()
        ]
        service = next((s for c in row if (s := heading_service(c))), None) or section
        people.append((service, lines))
    contacts: list[Contact] = []
    for service, lines in people:
        contact = contact_from_values("\n".join(lines), service, quote, None, 0)
        if contact is not None:
            contacts.append(contact)
    return contacts


def _roles_as_services(row: Sequence[str], keys: list[str | None]) -> list[str | None]:
    """A « Rôle » column beside a « Fonction » one names the person's part (« Référent
    politique de la ville »): their service, not their function."""
    if keys.count("function") < 2:
        return keys
    return [
        "service" if key == "function" and fold_text(cell).strip() in _ROLE_HEADS else key
        for key, cell in zip(keys, row, strict=False)
    ]


_ROLE_HEADS = {"role", "roles", "titre", "mandat"}


def _joined(key: str, cell: str) -> str:
    """A cell's lines as one value; an e-mail a narrow column cut (« mickael. / mauriac-brun /
    @merignac.com ») is joined without spaces."""
    return ("" if key == "email" else " ").join(cell.split())


def _header_only(cell: str) -> bool:
    return not (cell or "").strip() or header_key(cell) is not None
