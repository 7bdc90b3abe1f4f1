"""Names of people as the checks show and compare them (élu référent, signatory, contacts)."""

from __future__ import annotations

from pipeline.qpv import normalize
from schemas import Contact

_CIVILITIES = {"m", "mme", "mlle", "mr", "monsieur", "madame", "mademoiselle", "dr", "docteur"}
_CIVILITIES |= {"le", "la", "maire", "adjoint", "adjointe", "president", "presidente", "de", "du"}


def name_tokens(name: str) -> set[str]:
    """The words of a name that identify the person: no civility, no title, no initials."""
    return {t for t in normalize(name).split() if t not in _CIVILITIES and len(t) >= 3}


def same_person(a: str, b: str) -> bool:
    """Two written names of one person ("M. Benoît", "J.-J. Benoît"); unknown names never differ."""
    ta, tb = name_tokens(a), name_tokens(b)
    return bool(ta & tb) or not ta or not tb


def format_contact(contact: Contact) -> str:
    """One line for a reviewer: name, function, email, phone, address."""
    who = contact.name or "nom non indiqué"
    if contact.function:
        who += f" ({contact.function})"
    means = [m for m in (contact.email, contact.phone, contact.address) if m]
    return who + (", " + ", ".join(means) if means else "")
