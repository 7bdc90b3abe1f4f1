"""The structured fields of an application, as in the export contract, each with evidence."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from schemas.base import Frozen
from schemas.evidence import Evidence


class Service(StrEnum):
    POLITIQUE_DE_LA_VILLE = "politique_de_la_ville"
    DEVELOPPEMENT_ECONOMIQUE = "developpement_economique"
    AUTRE = "autre"


class Contact(Frozen):
    name: str | None = None
    function: str | None = None
    service: Service = Service.AUTRE
    email: str | None = None
    phone: str | None = Field(default=None, description="E.164 when parsed, else as written.")
    address: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Person(Frozen):
    name: str | None = None
    title: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class BulletinFields(Frozen):
    """What a bulletin d'inscription holds; None means not found (the reason is in notes)."""

    project_title: str | None = None
    quartiers: list[str] = Field(default_factory=list)
    description: str | None = None
    difficulties: str | None = None
    contacts: list[Contact] = Field(default_factory=list)
    elected_official: Person | None = None
    territory: str | None = None
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)


class LetterFields(Frozen):
    """What a lettre d'intention holds."""

    collectivity: str | None = None
    place: str | None = None
    date: str | None = None
    addressee: str | None = None
    paragraphs: list[str] = Field(default_factory=list)
    closing: str | None = None
    signatory: Person | None = None
    signed: bool = False
    signed_reason: str = ""
    quartiers: list[str] = Field(default_factory=list)
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict)


class ApplicationFields(Frozen):
    """The merged fields of an application, exactly the contract's `fields` object."""

    project_title: str | None = None
    quartiers: list[str] = Field(default_factory=list)
    description: str | None = None
    difficulties: str | None = None
    contacts: list[Contact] = Field(default_factory=list)
    elected_official: Person | None = None
    letter_signatory: Person | None = None
    letter_signed: bool = False
