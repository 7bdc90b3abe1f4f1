"""The words the statement rules look for, and the token tests they share (negation, content).

Words are compared without accents and in lower case, on lemmas and on surface forms, because
OCR drops accents and the small French model sometimes mis-tags a verb ("tient" as ADV).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Span, Token


@lru_cache(maxsize=65536)  # called for every token many times; the vocabulary is small
def fold(text: str) -> str:
    """Lower case without accents: 'Préoccupation' → 'preoccupation'."""
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def lem(token: Token) -> str:
    return fold(token.lemma_)


def words(token: Token) -> set[str]:
    """Lemma, surface form and singular surface form: what the word lists are matched against."""
    surface = low(token)
    return {lem(token), surface, surface[:-1] if surface.endswith(("s", "x")) else surface}


# Surface stems for verbs the small model mis-lemmatises ("ambitionne" → ADJ "ambitionn").
_VERB_STEMS = (
    ("souhait", "souhaiter"), ("ambitionn", "ambitionner"), ("voudr", "vouloir"),
    ("voul", "vouloir"), ("veu", "vouloir"), ("esper", "esperer"), ("aimerions", "aimer"),
    ("aimerait", "aimer"), ("aimerais", "aimer"), ("tien", "tenir"), ("tenon", "tenir"),
    ("entend", "entendre"), ("permet", "permettre"), ("permis", "permettre"),
    ("prevoi", "prevoir"), ("prevu", "prevoir"), ("envisag", "envisager"),
    ("projette", "projeter"), ("projetons", "projeter"),
)  # fmt: skip


def verb_of(token: Token) -> str:
    """The infinitive a token is a form of, trusting the lemma only when it looks like a verb."""
    return _verb_of(token.pos_, token.lemma_, token.text)


@lru_cache(maxsize=65536)
def _verb_of(pos: str, lemma_text: str, text: str) -> str:
    lemma = fold(lemma_text)
    if pos in {"VERB", "AUX"} and lemma.endswith(("er", "ir", "re", "oir")):
        return lemma
    surface = fold(text)
    for stem, verb in _VERB_STEMS:
        if surface.startswith(stem):
            return verb
    return lemma


def low(token: Token) -> str:
    return fold(token.text)


# Will: the collectivity wants something (motivation; with a concrete action, also an objective).
WILL_VERBS = {
    "souhaiter", "vouloir", "desirer", "entendre", "ambitionner", "decider", "esperer", "aimer",
    "tenir", "aspirer", "attendre",
}  # fmt: skip
WILL_NOUNS = {"volonte", "souhait", "desir", "determination", "envie"}
# Stakes and convictions: why it matters to the collectivity.
PRIORITY_NOUNS = {"priorite", "enjeu", "preoccupation", "conviction", "defi", "pilier"}
PRIORITY_NOUNS |= {"pari", "occasion", "opportunite", "chance", "urgence"}
# Stances of the collectivity: "attachée à ce que…", "persuadés que…".
STANCE_WORDS = {"attache", "attachee", "attaches", "attachees", "persuade", "persuadee"}
STANCE_WORDS |= {"persuades", "persuadees", "reconnaissons", "partageons", "mesure", "mesurons"}
STANCE_PHRASES = (
    "il est temps de", "il est temps d'", "il y a urgence", "il est urgent",
    "au coeur de notre", "au coeur de son", "au coeur de sa", "au coeur de nos", "au coeur de ses",
    "au centre de notre", "au centre de son", "au centre du projet",
)  # fmt: skip
# Thinking about priorities is not stating one.
REFLECT_VERBS = {"reflechir", "definir", "preciser", "travailler", "discuter", "identifier"}
# Nouns that are a stake only with a word of weight ("orientation majeure", "première attente").
WEIGHTED_NOUNS = {"orientation", "axe", "attente", "besoin", "ambition", "engagement"}
WEIGHT_ADJ = {"majeur", "majeure", "majeurs", "majeures", "prioritaire", "prioritaires", "fort"}
WEIGHT_ADJ |= {"forte", "central", "centrale", "essentiel", "principal", "principale", "premier"}
WEIGHT_ADJ |= {"premiere", "structurant", "fondamental", "constant", "constante"}
EXPLAINED = ("motivee par", "motive par", "motivees par", "a coeur")
PRIORITY_WORDS = {"convaincu", "convaincus", "convaincue", "convaincues", "croit", "croyons"}
ESSENTIAL_ADJ = {"essentiel", "important", "indispensable", "primordial", "necessaire", "crucial"}
# Causes linking an application to the context ("souhaite participer car...").
CAUSE_OPENERS = (
    "car", "parce que", "parce qu'", "puisque", "c'est pourquoi", "c'est la raison",
    "c'est dans ce", "dans ce contexte", "dans ce cadre", "face a", "au regard de",
    "compte tenu de", "en raison de", "conscient", "consciente", "conscients", "fort de",
    "forte de", "des lors", "c'est pour",
)  # fmt: skip

# Verbs that only say the collectivity applies, or write the letter.
APPLY_VERBS = {
    "candidater", "participer", "repondre", "postuler", "inscrire", "engager", "integrer",
    "rejoindre", "beneficier", "porter", "associer", "entrer", "etre", "avoir", "proposer",
    "presenter", "s'inscrire", "figurer", "prendre", "retenir", "examiner", "accepter", "etudier",
    "decouvrir", "candidate",
}  # fmt: skip
CALL_NOUNS = {
    "demarche", "ami", "appel", "dispositif", "candidature", "accompagnement", "dossier",
    "experimentation", "programme", "initiative", "reseau", "quartier", "candidat", "commune",
    "ville", "territoire", "manifestation", "pqa", "part", "projet", "agglomeration", "votre",
    "interet",
}  # fmt: skip
BOILER_VERBS = {
    "presenter", "transmettre", "adresser", "remercier", "informer", "confirmer", "contacter",
    "renseigner", "joindre", "cacher", "signaler", "rappeler", "indiquer", "communiquer",
    "soumettre", "solliciter", "trouver", "prier", "agreer", "recevoir", "accuser", "croire",
    "faire part", "envoyer", "retourner", "discuter", "exposer", "preciser", "saluer", "feliciter",
}  # fmt: skip
# Objectives: nouns and verbs of aims, and what only puts them off.
OBJECTIVE_NOUNS = {"objectif", "but", "ambition", "finalite", "resultat", "enjeu", "axe"}
OBJECTIVE_NOUNS |= {"idee", "mission", "vocation", "cible", "visee", "role"}
GOAL_VERBS = {"viser", "ambitionner", "chercher", "tendre", "contribuer", "permettre"}
# Plans: what the collectivity intends to do ("prévoit d'ouvrir", "comptons installer").
PLAN_VERBS = {"prevoir", "envisager", "projeter", "compter", "proposer", "engager", "aspirer"}
# Who commits in a future-tense sentence ("la ville installera…").
COLLECTIVITY = {"nous", "on", "ville", "commune", "municipalite", "agglomeration", "metropole"}
COLLECTIVITY |= {"collectivite", "communaute", "projet", "demarche", "action", "dispositif"}
TARGET_MARKERS = ("d'ici", "a l'horizon", "a l'echeance", "d'ici a")
DEFER_VERBS = {"definir", "preciser", "fixer", "arreter", "determiner", "completer", "formaliser"}
EXTERNAL_NOUNS = {"contrat", "ami", "appel", "programme", "pqa", "convention", "cahier", "etat"}
PEOPLE_NOUNS = {"habitant", "public", "jeune", "personne", "femme", "famille", "population"}
NEG_DETS = {"aucun", "aucune", "nul", "nulle"}

# Justification: what makes a named quartier the right place.
REASON_LEMMAS = {
    "chomage", "chomeur", "pauvrete", "pauvre", "precarite", "precaire", "revenu", "seuil",
    "minima", "rsa", "vacance", "vacant", "vide", "fermeture", "fermer", "renouvellement",
    "renovation", "rehabilitation", "restructuration", "demolition", "demolir", "anru", "npnru",
    "pnru", "nprnu", "enclavement", "enclave", "isolement", "isole", "coupe", "eloigne",
    "deficit", "difficulte", "fragilite", "fragile", "fragiliser", "crise", "exclusion",
    "insecurite", "monoparental", "monoparentale", "diplome", "qualification", "pepiniere",
    "couveuse", "incubateur", "tiers", "souffrir", "absence", "manque", "manquer", "depourvu",
    "perdre", "disparaitre", "rotation", "travaux", "friche", "justification", "justifier",
    "potentiel", "carrefour", "desert", "degradation", "degrade",
    "bailleur", "hlm", "demandeur", "taux", "proportion", "concentrer", "inoccupe", "libere",
    "tramway", "tram", "desserte", "excentre", "vetuste",
}  # fmt: skip
# Something already there: "intervient depuis trois ans", "a déjà accompagné 25 créateurs".
EXISTING_VERBS = {"intervenir", "accueillir", "porter", "mener", "fonctionner", "exister"}
EXISTING_VERBS |= {"animer", "accompagner", "heberger", "organiser", "recevoir", "attirer"}
FACILITY_LEMMAS = {
    "commerce", "local", "superette", "boulangerie", "lieu", "equipement", "service", "poste",
    "banque", "agence", "offre", "polarite", "cellule", "galerie", "marche", "activite",
}  # fmt: skip
STAT_NOUNS = {
    "habitant", "menage", "logement", "demandeur", "jeune", "commerce", "famille", "porteur",
    "m2", "m²", "emploi", "chomeur", "actif", "entreprise", "local", "personne", "foyer",
    "createur", "commercant", "salarie", "beneficiaire", "euro", "€", "point",
}  # fmt: skip
REASON_CONNECTORS = (
    "en raison de", "en raison d'", "compte tenu de", "compte tenu d'", "au regard de",
    "au regard d'", "du fait de", "du fait d'", "etant donne", "parce que", "parce qu'",
    "puisque", "car ",
)  # fmt: skip
TOWN_NOUNS = {
    "ville", "commune", "municipalite", "agglomeration", "metropole", "territoire",
    "collectivite", "departement", "communaute", "region", "elle", "cite",
}  # fmt: skip
QUARTIER_WORDS = {"quartier", "quartiers", "cite", "residence", "secteur", "qpv", "ilot"}
NAME_STOP = {
    "politique", "prioritaire", "prioritaires", "ville", "quartier", "quartiers", "qpv", "etat",
    "contrat", "concerne", "concernes", "de", "du", "des", "la", "le", "les", "l'", "d'",
}  # fmt: skip


def is_future(token: Token) -> bool:
    """A verb in the future; the small model often tags "ouvrira" as present."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    if token.morph.get("Tense", []) == ["Fut"]:
        return True
    # The future is the infinitive plus an ending: "recenser-ons", "ouvrir-a", "prendr-ont";
    # "considérons" is a present ("considér-ons"), so accents are kept for this test.
    word = token.text.lower()
    for ending in ("ons", "ont", "ez", "a"):
        if word.endswith(ending) and len(word) > len(ending) + 3:
            stem = word[: -len(ending)]
            return stem.endswith(("er", "ir", "r")) and not stem.endswith(("ér", "èr"))
    return False


_CLITIC_OBJECTS = {"les", "le", "y", "en", "se", "s'", "leur", "lui"}


def is_inf(token: Token) -> bool:
    """An infinitive, also when the small model tagged it as something else."""
    if token.morph.get("VerbForm", []) == ["Inf"]:
        return True
    word = low(token)
    if not word.endswith(("er", "ir", "re", "oir")):
        return False
    if token.pos_ in {"VERB", "AUX"}:
        return True
    # "de les reconstruire": "de les", "de le" are never articles (they contract to des, du)
    if token.i < 2:
        return False
    clitic, before = low(token.doc[token.i - 1]), low(token.doc[token.i - 2])
    return clitic in _CLITIC_OBJECTS and before in {"de", "d'", "a"}


NUMBER_WORDS = {"deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "vingt"}
NUMBER_WORDS |= {"trente", "quarante", "cinquante", "cent", "cents", "mille", "moitie", "tiers"}


def is_number(token: Token) -> bool:
    """A figure or a number word; not the article "un", not a year."""
    if token.text.isdigit() and len(token.text) == 4 and token.text[:2] in {"19", "20"}:
        return False
    return any(ch.isdigit() for ch in token.text) or low(token) in NUMBER_WORDS


def window(token: Token, before: int, after: int) -> Iterable[Token]:
    doc = token.doc
    return (doc[i] for i in range(max(0, token.i - before), min(len(doc), token.i + after + 1)))


def negated(token: Token) -> bool:
    """The token or the verb governing it is negated ("n'avons pas défini", "aucun objectif")."""
    if any(lem(c) in NEG_DETS or low(c) in NEG_DETS for c in token.children):
        return True
    head = token
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX"} or head.dep_ == "ROOT":
            break
        head = head.head
    near = [*window(head, 5, 2), *head.children]  # "n'avons pas encore défini"
    words = {low(t) for t in near}
    if "que" in words and not words & {"pas", "jamais"}:
        return False  # "ne compte plus que deux commerces" restricts, it does not deny
    if words & {"ne", "n'", "n"} and words & {"pas", "jamais", "plus", "guere", "nullement", "ni"}:
        return True
    prev = token.doc[token.i - 1] if token.i else None
    return prev is not None and low(prev) in {"sans", "aucun", "aucune", "nul", "nulle"}


def has_content(verb: Token, span: Span) -> bool:
    """The verb acts on something: a noun, a name, another verb or a clause, not a bare pronoun."""
    for child in verb.children:
        if child.dep_ in {"obj", "obl:arg", "xcomp", "ccomp"} and child.pos_ in {"NOUN", "VERB"}:
            return True
    before = [t for t in window(verb, 5, 0) if t.i >= span.start]
    for k, token in enumerate(before[1:], start=1):
        if low(token) in {"que", "qu'"} and before[k - 1].pos_ == "NOUN":
            return True  # "c'est ce cercle que nous voulons briser": the object comes first
    for token in span:
        if token.i <= verb.i or token.i > verb.i + 12:
            continue
        if token.is_punct and token.text in ".;" or low(token) in {"car", "parce", "puisque"}:
            return False
        if token.pos_ in {"NOUN", "PROPN", "NUM"} and not token.is_stop:
            return True
        if token.pos_ == "VERB" and token.i > verb.i + 1:
            return True
    return False


def next_infinitive(token: Token, span: Span, limit: int = 8) -> Token | None:
    """The first infinitive after the token, within the span, before a full stop or a colon."""
    for candidate in span:
        if candidate.i <= token.i:
            continue
        if candidate.i > token.i + limit or candidate.text in {".", ";", "?", "!"}:
            return None
        if is_inf(candidate):
            if lem(candidate) == "faire" or low(candidate) == "faire":
                nxt = next_infinitive(candidate, span, 2)
                return nxt or candidate
            return candidate
    return None


def text_has(span: Span, phrases: Iterable[str]) -> str | None:
    """The first phrase (folded) found in the span's text, with word boundaries on the left."""
    text = " " + fold(span.text).replace("’", "'") + " "
    for phrase in phrases:
        if f" {phrase}" in text or f"'{phrase}" in text or f"({phrase}" in text:
            return phrase
    return None
