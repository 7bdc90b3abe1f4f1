"""Which service a contact belongs to: the headings that open a service's section
(« Service Politique de la ville : », « — Contact dév. éco — », « Autre partenaire ») and the
words of a function that name one (« Chargée de mission cohésion urbaine »).
"""

from __future__ import annotations

import re

from extractors.contact_details import POSTCODE
from extractors.contact_grid import CONTACT_LABELS
from extractors.folding import fold_text
from schemas.fields import Service

_PV = re.compile(
    r"politique (?:de la )?ville|contrat de ville|cohesion (?:sociale|urbaine)"
    r"|renouvellement urbain"
    r"|\bdsu\b|developpement social|\bp\.?d?v\b"
)
_ECO = re.compile(
    r"developpement econom|dev(?:\.|eloppement)? ?eco\b|\bdeveco\b|action economique|\beconomi"
    r"|entreprises?\b|attractivite|commerce|artisanat|emploi"
)
# Whole words only: "Développeur économique" is a function, not the "dév. éco" heading.
_HEADING = re.compile(
    r"(?:pour (?:la |le |l )?|cote |au |aupres d[ue] |(?:contact|personnes?[ -]contacts?|referent)"
    r"(?: n ?°? ?\d{1,2}| \d{1,2})?(?: ?[-–—:] ?| )?\(?)?"  # « Contact n° 2 (développement… »
    r"(?:(?:service|direction|pole|mission)s? )?"
    r"(?:du |de la |de l |des )?(?:politique|developpement|dev|eco|deveco|action|cohesion|emploi"
    r"|economie|contrat de ville)\b"
)
# « Autre partenaire », « Autres contacts »: a section for people of neither service.
_OTHER_HEADING = re.compile(
    r"(?:contact |personne )?autres? (?:partenaires?|contacts?|services?|structures?"
    r"|interlocuteurs?|personnes?(?:[ -]contacts?)?)(?: (?:associee?s?|a contacter))?"
    # « Emploi - insertion », « Insertion professionnelle »: the PLIE's people, not the
    # économie service's
    r"|(?:(?:service |pole |mission )?emploi ?(?:[-–—/]|et) ?)?insertion(?: professionnelle)?"
    r"|partenaires?(?: associes?| [a-z]+)?(?: \([^()]{1,30}\))?"  # « Partenaire emploi (PLIE) »
)


def service_of(text: str) -> Service | None:
    """Which service a heading or a function names, accents and case aside."""
    folded = fold_text(text)
    pv, eco = _PV.search(folded), _ECO.search(folded)
    if pv and (eco is None or pv.start() < eco.start()):
        return Service.POLITIQUE_DE_LA_VILLE
    if eco:
        return Service.DEVELOPPEMENT_ECONOMIQUE
    return None


def heading_service(line: str) -> Service | None:
    """A line that opens a service section: "Service Politique de la ville :", "- Dév. éco",
    "— Contact développement économique —"."""
    # OCR reads « Personne- -contact », and a coloured bar before the heading as « I ».
    folded = re.sub(r"-\s+-", "-", fold_text(line)).strip(" -–—*•·→>›»▸►▪■●◦")
    folded = re.sub(r"^[il|]\s+", "", folded)
    # « 2.1 Au service … », « A) Service … »
    folded = re.sub(r"^(?:\d{1,2}(?:\.\d{1,2})*|[a-h]|[ivx]{1,4})\s?[.)/-]?\s+", "", folded)
    head = folded.split(":", 1)[0].strip()
    if not head or len(head) > 70 or POSTCODE.search(head) or "@" in head:
        return None  # « Direction de la cohésion sociale, Rue …, 40100 Dax »: an address
    if _OTHER_HEADING.fullmatch(head):
        return Service.AUTRE
    label = CONTACT_LABELS.match(line)
    if label is not None and label.key != "service":
        return None  # « Emploi occupé », « Fonction : chargée de l'emploi »: a detail
    if not _HEADING.match(head):
        return None
    return service_of(head)
