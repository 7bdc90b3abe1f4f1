"""Are the quartiers priority neighbourhoods (QPV) of the list in force, and do the pieces agree?

The list follows the campaign (2015 list for the 2016 call); the territory sending the application
should be the commune of its quartiers; the letter and the bulletin should name the same ones.
"""

from __future__ import annotations

from pipeline.qpv import QpvIndex, QpvMatch
from schemas import ApplicationDraft, Campaign, CheckResult, CheckStatus, Evidence

_PARTIAL = (
    "La liste de référence intégrée est partielle et sans codes officiels : un quartier absent "
    "peut malgré tout être un QPV ; charger la liste officielle pour trancher."
)


def quartiers_qpv(draft: ApplicationDraft, campaign: Campaign, qpv: QpvIndex) -> CheckResult:
    """Each quartier matched against the QPV list of the campaign; warnings name the closest."""
    in_bulletin = draft.bulletin.quartiers if draft.bulletin else []
    in_letter = draft.letter.quartiers if draft.letter else []
    listed = list(dict.fromkeys(draft.fields.quartiers or in_bulletin or in_letter))
    evidence = _evidence(draft)
    if not listed:
        return CheckResult(
            status=CheckStatus.MISSING, message="Aucun quartier à vérifier dans la liste des QPV."
        )
    commune = qpv.commune_of_territory(draft.territory)
    year = campaign.qpv_list
    found, problems = [], []
    for name in listed:
        match = qpv.match(name, commune, year)
        if match.entry is not None:
            found.append(f"« {name} » : QPV {match.entry.label()}")
        else:
            problems.append(_problem(match, commune, draft.territory, year))
    problems += _letter_vs_bulletin(in_letter, in_bulletin, qpv)
    parts = found + problems
    message = f"Liste des QPV {year} ({qpv.source}) — " + " ; ".join(parts) + "."
    unmatched = len(found) < len(listed)
    if qpv.partial and unmatched:
        message += " " + _PARTIAL
    elif qpv.partial:
        message += " Codes officiels inconnus (liste intégrée partielle)."
    status = CheckStatus.WARNING if problems else CheckStatus.OK
    return CheckResult(status=status, message=message, evidence=evidence)


def _problem(match: QpvMatch, commune: str | None, territory: str | None, year: str) -> str:
    name = match.query
    if match.elsewhere is not None:
        other = match.elsewhere
        where = ", ".join(other.communes)
        code = other.code or "code officiel inconnu"
        return (
            f"« {name} » est le QPV {other.name} de {where} ({code}), pas un QPV de {commune}, "
            f"territoire de l'expéditeur ({territory})"
        )
    if match.other_list is not None:
        lists = ", ".join(match.other_list.lists)
        return (
            f"« {name} » n'est QPV que dans la liste {lists} ({match.other_list.label()}), "
            f"pas dans la liste {year} en vigueur pour cet appel"
        )
    closest = ", ".join(c.entry.label() for c in match.candidates) or "aucun"
    scope = f"de {commune}" if commune else "de la liste"
    return f"« {name} » n'est pas un QPV {scope} (liste {year}) ; QPV les plus proches : {closest}"


def _letter_vs_bulletin(in_letter: list[str], in_bulletin: list[str], qpv: QpvIndex) -> list[str]:
    """The quartiers one piece names and the other does not."""
    if not in_letter or not in_bulletin:
        return []
    only_letter = [q for q in in_letter if not any(qpv.same_quartier(q, b) for b in in_bulletin)]
    only_bulletin = [q for q in in_bulletin if not any(qpv.same_quartier(q, a) for a in in_letter)]
    problems = []
    if only_letter:
        problems.append(
            "la lettre cite des quartiers absents du bulletin : " + ", ".join(only_letter)
        )
    if only_bulletin:
        problems.append(
            "le bulletin cite des quartiers absents de la lettre : " + ", ".join(only_bulletin)
        )
    return problems


def _evidence(draft: ApplicationDraft) -> list[Evidence]:
    evidence: list[Evidence] = []
    for fields in (draft.bulletin, draft.letter):
        if fields is not None:
            evidence.extend(fields.evidence.get("quartiers", []))
    return evidence
