"""The labels of the bulletin d'inscription, as the official form words them and as territories
reword them: one ``Label`` per answer, with the words that must not be taken for it.
"""

from __future__ import annotations

from extractors.labels import Label, LabelSet

_PROJECT = r"(?:projet|action|operation|initiative)s?"
# What a service heading may add: « / contrat de ville », « - emploi »,
# « (développement économique) ».
_HEADING_TAIL = r"(?: ?[/–—-] ?(?:contrat de ville|emploi|insertion))*(?: ?\([^()]{0,40}\))?"
BULLETIN_LABELS = LabelSet(
    [
        Label(
            key="project_title",
            pattern=r"nom (?:de la demarche|du dispositif)"
            rf"|(?:titre|intitule|nom|libelle|denomination|appellation|objet)"
            rf"(?: (?:du|de la|de l|de|d|des))?(?: (?:votre|vos|notre|nos))? {_PROJECT}"
            rf"(?: (?:ou|/|et) (?:de l |de la |du |de |d )?(?:votre |notre )?{_PROJECT})?"
            rf"(?: (?:envisagee?s?|proposee?s?|prevue?s?))?(?: a l accompagnement)?",
        ),
        Label(
            key="project_title",
            pattern=r"(?:titre|intitule|projet)(?: ?(?:/|ou) ?action)?"
            r"|objet de (?:la|notre) candidature|actions? (?:proposee|envisagee)s?",
            strict=True,
        ),
        Label(
            key="quartiers",
            pattern=r"(?:le |les |nom (?:du|des) )?"
            r"(?:quartiers?|qpv|territoires?(?= (?:prioritaires?|qpv)))"
            r"(?: (?:prioritaires?"
            r"|concernes?|vises?|cibles?|de la politique de la ville|politique de la ville|qpv"
            r"|d intervention|d implantation|de la geographie prioritaire))+",
        ),
        Label(key="quartiers", pattern=r"(?:quartiers?|qpv)", strict=True),
        Label(
            key="quartiers",
            pattern=r"(?:secteurs? geographiques?|sites? (?:concernes?|vises?)"
            r"|zones? (?:concernees?|d intervention)|perimetres?(?: d intervention| concernes?)?"
            r"|lieux? d intervention|secteurs?|localisation(?: du projet)?)",
            strict=True,
        ),
        Label(
            key="quartiers",
            pattern=r"territoires? (?:concernes?|cibles?|vises?|d intervention|beneficiaires?)"
            r"(?: par (?:le|l) (?:projet|action))?",
        ),
        Label(
            key="description",
            pattern=rf"(?:breve |courte )?(?:description|descriptif|presentation|resume)(?: "
            rf"(?:succincte|sommaire|synthetique|detaillee|generale|rapide|breve))?(?: (?:du|de la"
            rf"|de l|des|de) (?:{_PROJECT}|demarche))?(?: (?:ou|et|/) (?:de l |de la |du )?"
            rf"{_PROJECT})?"
            rf"|decri(?:vez|re)(?: brievement)? (?:votre |le |en quelques mots (?:votre |le )?)?"
            rf"{_PROJECT}(?: (?:brievement|en quelques (?:lignes|mots)))?"
            rf"|(?:(?:pouvez|pourriez)[ -]vous )?(?:le |la |nous )*decrire"
            rf" (?:brievement|en quelques (?:lignes|mots))"
            rf"|(?:(?:pouvez|pourriez)[ -]vous )?(?:nous )?decrire (?:le |la |l |votre )?{_PROJECT}"
            rf"|(?:(?:le |la |l |votre )?{_PROJECT} )?(?:en (?:quelques|deux|trois) (?:lignes|mots)"
            rf"|en bref)"
            # « - Titre : … » then « - Le projet : … »; « LE PROJET » alone heads a part
            rf"|(?:le|votre) projet(?= ?:)",
        ),
        Label(
            # A contrat de ville « fiche action » reused as the bulletin.
            key="description",
            pattern=r"(?:contexte et |enjeux et )?objectifs(?: (?:de l action|du projet))?"
            rf"|contenu (?:de l |du |de la |des )?{_PROJECT}"
            r"|contenu|synthese(?: du projet| de l action)?|enjeux(?: et objectifs)?"
            rf"|(?:nature|detail|expose|explication)s? (?:du|de l|de la|des) {_PROJECT}",
            strict=True,
        ),
        Label(
            key="difficulties",
            pattern=r"(?:quelles sont les |les |principales? |principaux )?(?:difficultes"
            r"|problematiques|problemes|freins|obstacles|blocages|interrogations|questionnements?"
            r"|points? de (?:blocage|vigilance)|points? durs?)"
            r"(?: (?:(?:rencontre|identifie|constate|observe|repere|pressenti)e?s?"
            r"|eventuel(?:le)?s?|principa(?:les?|l|ux)))*"
            r"(?: ?(?:,|et|/|ou) (?:les )?(?:questions?|interrogations?|questionnements?|attentes"
            r"|points?(?= a approfondir| de vigilance| a eclairer| a travailler)(?: de vigilance)?)"
            r"(?: (?:a traiter|a aborder"
            r"|a approfondir|a eclairer|a travailler"
            r"|a lever|a resoudre|en suspens|posees?|soulevees?"
            r"|que vous souhaitez (?:voir )?(?:traiter|traitees?|aborder|abordees?|poser)))?)?"
            r"(?: (?:dans|pendant|lors de|pour) (?:l |le cadre de l )?accompagnement)?"
            r"|(?:les )?questions? (?:a traiter|a aborder|a approfondir|en suspens|posees"
            r"|soulevees)"
            r"|(?:les )?questions? ?(?:/|et|,|ou) ?(?:les )?(?:difficultes|problemes|freins"
            r"|obstacles)(?: rencontre(?:e|es|s)?)?",
        ),
        Label(
            key="difficulties",
            pattern=r"(?:vos |nos )?attentes(?: (?:vis a vis de|envers|pour) l accompagnement)?"
            r"|(?:vos |nos )?besoins(?: d (?:accompagnement|appui))?|(?:vos )?questions(?: posees)?"
            r"|points? a travailler|ecueils|limites rencontrees|(?:sujets|thematiques) a traiter"
            r"|ce qui bloque|(?:enjeux|contraintes) et (?:difficultes|freins|questions)",
            strict=True,
        ),
        Label(
            key="contacts",
            pattern=r"personnes?[ -]?(?:a )?(?:contacter|joindre)"
            r"|personnes?[ -]?(?:ressources?[ -]?)?contacts?"
            r"|personnes? ressources?"
            r"|coordonnees(?! (?:postales?|telephoniques?|electroniques?|bancaires?))"
            r"(?: des?(?: la)? (?:personnes?|contacts?|referents?|interlocuteurs?))?"
            r"|(?:vos |nos )(?:interlocuteurs?|contacts)(?: techniques?)?"
            r"|interlocuteurs(?: techniques?)?"
            r"|interlocuteur technique|referents? techniques?",
        ),
        # « Qui contacter ? »: the question word is read as the label's lead.
        Label(
            key="contacts",
            pattern=r"contacts?(?: techniques?)?|contacter|correspondants?(?: techniques?)?"
            r"|referents|personnes? referentes?|agents? referents?|equipe projet",
            strict=True,
        ),
        Label(
            key="contact_pv",
            pattern=r"(?:fiche )?(?:contact |referent )?"
            r"(?:service|direction|pole|mission|contact|referent)s?(?: ?[-–—] ?| )"
            r"(?:de la |du |de l )?"
            r"(?:politique de la ville|cohesion sociale(?: et (?:de la )?politique de la ville)?)"
            rf"{_HEADING_TAIL}",
        ),
        Label(key="contact_pv", pattern=r"politique de la ville", strict=True),
        Label(key="contact_pv", pattern=r"(?:contact|referent|service)s? (?:pv|pdv|p\.d\.v\.?)"),
        Label(
            key="contact_eco",
            pattern=r"(?:fiche )?(?:contact |referent )?"
            r"(?:service|direction|pole|mission|contact|referent)s?(?: ?[-–—] ?| )"
            r"(?:du |de l |de la )?"
            r"(?:developpement economique(?: et (?:de l )?emploi)?|dev(?:eloppement)?\.? ?eco\.?"
            r"|economie"
            r"|action economique|economique|emploi et (?:du )?developpement economique)"
            rf"{_HEADING_TAIL}",
        ),
        Label(key="contact_eco", pattern=r"developpement economique|dev\.? eco", strict=True),
        Label(
            key="elected_official",
            pattern=r"(?:nom (?:et (?:qualite|fonction) )?(?:de l |du |de la )?)?elus?(?: "
            r"(?:referents?|en charge|charges?|delegues?|responsables?|porteurs?|pilotes?"
            r"|referente?s?))(?: (?:du|de la|de l|des) (?:dossier|projet|politique de la ville"
            r"|action|suivi))?"
            r"|referente?s? (?:politiques?|elue?s?)",
        ),
        Label(
            key="elected_official",
            pattern=r"elus?|portage politique|pilotage politique|(?:elue? )?signataire"
            r"|nom (?:et (?:qualite|fonction) )?(?:de l |du |de la )?elue?s?|representante? elue?",
            strict=True,
        ),
        Label(
            key="territory",
            pattern=r"(?:nom de la )?collectivite(?: (?:territoriale|porteuse|candidate))?"
            r"|structure porteuse|maitre d ouvrage",
        ),
        Label(
            key="territory",
            pattern=r"(?:structure|porteur|commune|epci|territoire)(?: (?:porteuse|candidate"
            r"|concernee|du projet))?",
            strict=True,
        ),
        Label(
            key="_stop",
            pattern=r"fait a|(?:bulletin|document|formulaire|fiche) a (?:retourner|renvoyer)"
            r"|merci de r\w+|(?:bien |tres )?"
            r"cordialement|bien a vous|vous trouverez|veuillez trouver|-- ?$",
        ),
        Label(
            key="_stop",
            pattern=r"date(?: et signature)?|signature|cachet|a (?:retourner|renvoyer)"
            r"|lettre d intention|pieces? jointes?",
            strict=True,
        ),
    ]
)
