"""Bulletin fields from form fields, tables and text, each with its evidence."""

from __future__ import annotations

from format_samples import text_doc

from extractors.bulletin import extract_bulletin
from schemas import ExtractedText, FormField, Method, Service

PAGE_1 = """Pays et Quartiers d'Aquitaine
APPEL À MANIFESTATION D'INTÉRÊT
« La création d'activités économiques dans les quartiers politique de la ville »
BULLETIN D'INSCRIPTION

1. Titre du projet ou de l'action : Boutique à l'essai
rue Camille Pelletan

2. Quartier(s) prioritaire(s) concerné(s) :
- Palmer - Saraillère - 8 Mai 45 - Dravemont
- Benauge - Henri Sellier - Léo Lagrange

3. Description :
La ville souhaite ouvrir une boutique à l'essai pour tester
des activités commerciales en pied d'immeuble.

Un accompagnement par la CCI est prévu.

4. Difficultés rencontrées et questions à traiter
Vacance commerciale importante, loyers, sécurité.
"""
PAGE_2 = """5. Personnes-contacts
Service Politique de la ville :
Mme Sophie Martin, cheffe de projet contrat de ville
Tél : 05 56 12 34 56
Courriel : Sophie.Martin@Mairie-Cenon.fr
Service développement économique :
Nom : Paul Lefèvre
Fonction : chargé de mission développement économique
Téléphone : +33 (0)5 57 80 70 60
E-mail : p.lefevre@ville-cenon.fr

6. Élu référent : M. Alain David, Maire de Cenon

Date et signature : ....................
"""


def test_text_bulletin_gives_every_field() -> None:
    fields = extract_bulletin(text_doc(PAGE_1, PAGE_2), "bulletin.pdf", "abc")
    assert fields.project_title == "Boutique à l'essai rue Camille Pelletan"
    assert fields.quartiers == [
        "Palmer - Saraillère - 8 Mai 45 - Dravemont",
        "Benauge - Henri Sellier - Léo Lagrange",
    ]
    assert fields.description is not None and fields.description.startswith("La ville souhaite")
    assert fields.description.endswith("Un accompagnement par la CCI est prévu.")
    assert fields.difficulties == "Vacance commerciale importante, loyers, sécurité."
    assert fields.elected_official is not None
    assert (fields.elected_official.name, fields.elected_official.title) == (
        "Alain David",
        "Maire de Cenon",
    )
    assert [c.service for c in fields.contacts] == [
        Service.POLITIQUE_DE_LA_VILLE,
        Service.DEVELOPPEMENT_ECONOMIQUE,
    ]
    assert fields.territory == "Cenon"
    assert fields.notes == []


def test_text_evidence_quotes_page_and_span() -> None:
    fields = extract_bulletin(text_doc(PAGE_1, PAGE_2), "bulletin.pdf", "abc")
    title = fields.evidence["project_title"][0]
    assert (title.document, title.document_sha256, title.page, title.method) == (
        "bulletin.pdf",
        "abc",
        1,
        Method.PDF_TEXT,
    )
    assert title.start is not None and title.end is not None
    assert PAGE_1[title.start : title.end] == "Boutique à l'essai\nrue Camille Pelletan"
    official = fields.evidence["elected_official"][0]
    assert official.page == 2 and official.text == "M. Alain David, Maire de Cenon"


def test_empty_answers_are_told_apart_from_missing_labels() -> None:
    text = (
        "BULLETIN D'INSCRIPTION\nTitre du projet : ........................\nDescription : Un lieu"
    )
    fields = extract_bulletin(text_doc(text), "bulletin.docx")
    assert fields.project_title is None
    assert "Rubrique « titre du projet » trouvée mais laissée vide." in fields.notes
    assert "Rubrique « élu référent » introuvable dans le document." in fields.notes


def test_acroform_fields_win_over_text_and_carry_form_method() -> None:
    form = [
        FormField(name="titre_projet", value="Ma boutique", page=1),
        FormField(name="QuartiersConcernes", value="Carriet ; Génicart Est", page=1),
        FormField(name="description_projet", value="Un local commercial partagé.", page=1),
        FormField(name="difficultes", value="Cliquez ici pour taper du texte.", page=1),
        FormField(name="pv_nom", value="Sophie Martin", page=2),
        FormField(name="pv_courriel", value="S.Martin@ville-lormont.fr", page=2),
        FormField(name="pv_tel", value="05.56.74.00.00", page=2),
        FormField(name="eco_nom", value="Paul Lefèvre", page=2),
        FormField(name="eco_fonction", value="Chargé de mission", page=2),
        FormField(name="elu_referent_nom", value="Jean Touzeau", page=2),
        FormField(name="elu_referent_qualite", value="Maire de Lormont", page=2),
    ]
    text = "Titre du projet : texte imprimé du modèle"
    fields = extract_bulletin(text_doc(text, form_fields=form), "bulletin.pdf", "h")
    assert fields.project_title == "Ma boutique"
    assert fields.evidence["project_title"][0].method == Method.FORM_FIELD
    assert fields.evidence["project_title"][0].text == "titre_projet : Ma boutique"
    assert fields.quartiers == ["Carriet", "Génicart Est"]
    assert fields.difficulties is None
    by_service = {c.service: c for c in fields.contacts}
    pv = by_service[Service.POLITIQUE_DE_LA_VILLE]
    assert (pv.name, pv.email, pv.phone) == (
        "Sophie Martin",
        "s.martin@ville-lormont.fr",
        "+33556740000",
    )
    assert all(e.method == Method.FORM_FIELD for e in pv.evidence)
    assert by_service[Service.DEVELOPPEMENT_ECONOMIQUE].function == "Chargé de mission"
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Jean Touzeau"
    assert fields.elected_official.title == "Maire de Lormont"
    assert fields.territory == "Lormont"


def test_word_content_control_aliases_are_matched_like_labels() -> None:
    form = [
        FormField(name="Intitulé du projet", value="Couveuse d'entreprises"),
        FormField(name="Quartier(s) prioritaire(s)", value="Le Sablar"),
    ]
    fields = extract_bulletin(text_doc("", method=Method.DOCX, form_fields=form), "b.docx")
    assert fields.project_title == "Couveuse d'entreprises"
    assert fields.quartiers == ["Le Sablar"]


def test_table_bulletin_reads_values_from_next_cells() -> None:
    table = [
        ["Titre du projet", "Pépinière commerciale"],
        ["Quartier(s) prioritaire(s) concerné(s)", "Saragosse\nOusse des Bois"],
        ["Description", "Création d'une pépinière."],
        ["Difficultés rencontrées / questions à traiter", "Foncier"],
        [
            "Personnes-contacts",
            "Service Politique de la ville : Anne Roux, cheffe de projet, a.roux@agglo-pau.fr\n"
            "Service développement économique : Luc Blanc, chargé de mission, l.blanc@agglo-pau.fr",
        ],
        [
            "Élu(e) référent(e)",
            "Mme Claire Petit, Vice-présidente déléguée à la politique de la ville",
        ],
    ]
    page_text = "\n".join(" ".join(row) for row in table)
    fields = extract_bulletin(text_doc(page_text, method=Method.DOCX, tables=[table]), "b.docx")
    assert fields.project_title == "Pépinière commerciale"
    assert fields.quartiers == ["Saragosse", "Ousse des Bois"]
    assert fields.difficulties == "Foncier"
    assert [(c.name, c.service) for c in fields.contacts] == [
        ("Anne Roux", Service.POLITIQUE_DE_LA_VILLE),
        ("Luc Blanc", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]
    assert fields.elected_official is not None and fields.elected_official.name == "Claire Petit"
    assert fields.evidence["project_title"][0].page == 1
    assert fields.evidence["project_title"][0].method == Method.DOCX


def test_ocr_text_without_accents_or_case() -> None:
    text = (
        "BULLETIN D INSCRIPTION\n"
        "TITRE DU PROJET : BOUTIQUE EPHEMERE\n"
        "QUARTIERS CONCERNES : CARRIET ET GENICART EST\n"
        "ELU REFERENT : MME FLORENCE ROUX ADJOINTE AU MAIRE"
    )
    fields = extract_bulletin(text_doc(text, method=Method.OCR), "scan.pdf")
    assert fields.project_title == "BOUTIQUE EPHEMERE"
    assert fields.quartiers == ["CARRIET", "GENICART EST"]
    assert fields.evidence["quartiers"][0].method == Method.OCR
    assert fields.elected_official is not None
    assert fields.elected_official.title == "ADJOINTE AU MAIRE"


def test_mail_body_bulletin_keeps_mail_body_method() -> None:
    body = (
        "Bonjour,\nVoici nos réponses au bulletin :\n"
        "Titre du projet : Tiers-lieu économique\n"
        "QPV concerné : Le Peyrouat\n"
        "Elu en charge : M. Paul Durand, adjoint au maire de Mont-de-Marsan\n"
    )
    fields = extract_bulletin(text_doc(body, method=Method.MAIL_BODY), "corps du message")
    assert fields.project_title == "Tiers-lieu économique"
    assert fields.quartiers == ["Le Peyrouat"]
    assert fields.evidence["quartiers"][0].method == Method.MAIL_BODY
    assert fields.territory == "Mont-de-Marsan"


def test_territory_falls_back_on_contact_mail_domain() -> None:
    text = "Titre du projet : Atelier\nPersonnes-contacts :\nAnne Roux\na.roux@mairie-lormont.fr"
    assert extract_bulletin(text_doc(text), "b.pdf").territory == "Lormont"


def test_unreadable_document_gives_empty_fields_and_a_note() -> None:
    extracted = ExtractedText(error="Le PDF est protégé par un mot de passe.")
    fields = extract_bulletin(extracted, "b.pdf")
    assert fields.project_title is None and fields.contacts == []
    assert any("protégé par un mot de passe" in note for note in fields.notes)


def test_content_controls_named_per_section_are_assigned_by_order() -> None:
    """Word content controls titled only "Nom et prénom", "Fonction"... in each section."""
    text = (
        "BULLETIN D'INSCRIPTION\nTitre du projet : \n"
        "Personne-contact – Service Politique de la ville\nNom et prénom : \nCourriel : \n"
        "Personne-contact – Service Développement économique\nNom et prénom : \nCourriel : \n"
        "Élu référent\nNom et prénom : \nQualité : "
    )
    form = [
        FormField(name="Titre du projet ou de l'action", value="Terres d'entreprendre"),
        FormField(name="Nom et prénom", value="Nadia Benali"),
        FormField(name="Courriel", value="n.benali@ville-lormont.fr"),
        FormField(name="Nom et prénom", value="Sébastien Laffargue"),
        FormField(name="Courriel", value="s.laffargue@ville-lormont.fr"),
        FormField(name="Nom et prénom", value="Jean-Noël Espagnet"),
        FormField(name="Qualité", value="Adjoint au maire chargé de l'emploi"),
    ]
    fields = extract_bulletin(text_doc(text, method=Method.DOCX, form_fields=form), "b.docx")
    assert [(c.name, c.service) for c in fields.contacts] == [
        ("Nadia Benali", Service.POLITIQUE_DE_LA_VILLE),
        ("Sébastien Laffargue", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Jean-Noël Espagnet"
    assert fields.elected_official.title == "Adjoint au maire chargé de l'emploi"


def test_pdf_table_text_without_colons() -> None:
    text = (
        "BULLETIN D'INSCRIPTION\nTitre du projet ou de l'action Grand Dax : entreprendre\n"
        "Personne-contact – Service Politique de la ville\n"
        "Nom et prénom Émilie Darrigrand\nFonction Chargée de mission Politique de la ville\n"
        "Courriel e.darrigrand@grand-dax.fr\n"
        "Adresse Communauté d'agglomération du Grand Dax, 20 avenue de la Gare,\n40100 Dax\n"
        "Téléphone 05 58 56 39 40\n"
        "Élu référent\nNom et prénom Jean-Marc Castaing\n"
        "Qualité Vice-président chargé de la politique de la ville"
    )
    fields = extract_bulletin(text_doc(text), "b.pdf")
    assert fields.project_title == "Grand Dax : entreprendre"
    [contact] = fields.contacts
    assert contact.name == "Émilie Darrigrand"
    assert contact.function == "Chargée de mission Politique de la ville"
    assert (
        contact.address
        == "Communauté d'agglomération du Grand Dax, 20 avenue de la Gare, 40100 Dax"
    )
    assert contact.phone == "+33558563940"
    assert fields.elected_official is not None
    assert fields.elected_official.title == "Vice-président chargé de la politique de la ville"


def test_elected_official_in_mail_body_stops_at_the_paragraph() -> None:
    body = (
        "Titre du projet : Atelier\nÉlu référent : Brigitte Mérillon, Adjointe au maire\n\n"
        "Vous trouverez la lettre signée en pièce jointe.\n\nBien cordialement,\nC. Roumégoux"
    )
    fields = extract_bulletin(text_doc(body, method=Method.MAIL_BODY), "corps du message")
    assert fields.elected_official is not None
    assert fields.elected_official.title == "Adjointe au maire"


def test_postal_details_do_not_open_a_contacts_section() -> None:
    """ "Coordonnées postales" reads like "Coordonnées des personnes": it is an address."""
    text = (
        "Titre du projet : Atelier\n"
        "Référent Politique de la ville\n"
        "Prénom et nom : Frédéric Marsan\n"
        "Adresse électronique : f.marsan@eysines.fr\n"
        "Coordonnées postales : Hôtel de ville, Rue de l'Hôtel de Ville, 33320 Eysines\n"
        "N° de téléphone : 06 50 77 37 68 (ligne directe)\n"
        "Élu référent du projet\n"
        "Prénom et nom : Fatoumata Séguinaud"
    )
    [contact] = extract_bulletin(text_doc(text), "b.odt").contacts
    assert (contact.name, contact.phone) == ("Frédéric Marsan", "+33650773768")
    assert contact.address == "Hôtel de ville, Rue de l'Hôtel de Ville, 33320 Eysines"
    assert contact.service == Service.POLITIQUE_DE_LA_VILLE


def test_scanned_table_with_blank_lines_keeps_each_answer_with_its_person() -> None:
    """Tesseract on a table scan: blank lines between each label and its answer."""
    text = (
        "Titre du projet ou de l'action\n\nAtelier relais\n\n"
        "Personne-contact — Service Politique de la ville\n\nNom et prénom\n\nKarima Labat\n\n"
        "Fonction Cheffe de projet Contrat de ville\n"
        "Courriel karima.labat@ coulounieix-chamiers.fr\n"
        "Téléphone 05 53 35 78 81 (ligne directe)\n\n"
        "Élu référent\n\nNom et prénom\n\nMélanie Benhamou\n\nQualité\n\n"
        "Adjointe au maire chargée du développement économique et de l'emploi"
    )
    fields = extract_bulletin(text_doc(text, method=Method.OCR), "scan.pdf")
    [contact] = fields.contacts
    assert (contact.name, contact.function) == ("Karima Labat", "Cheffe de projet Contrat de ville")
    assert contact.email == "karima.labat@coulounieix-chamiers.fr"
    assert contact.phone == "+33553357881"
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Mélanie Benhamou"
    assert fields.elected_official.title == (
        "Adjointe au maire chargée du développement économique et de l'emploi"
    )


def test_elected_official_written_in_html_paragraphs_keeps_the_title() -> None:
    body = (
        "Titre du projet : Atelier\n8. Élu référent\n\n- Nom et prénom : Stéphane Le Gall\n\n"
        "- Qualité : Conseiller municipal délégué au commerce et à l'artisanat\n\n"
        "Cordialement,\n\nJérôme Tauzin"
    )
    fields = extract_bulletin(text_doc(body, method=Method.MAIL_BODY), "corps du message")
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Stéphane Le Gall"
    assert fields.elected_official.title == (
        "Conseiller municipal délégué au commerce et à l'artisanat"
    )


def test_elected_official_title_wrapped_at_the_end_of_a_line() -> None:
    text = (
        "Titre du projet : Atelier\nÉlu(e) en charge du dossier : Marc-Antoine Darrigrand, "
        "Conseiller municipal délégué au commerce et à\nl'artisanat"
    )
    official = extract_bulletin(text_doc(text), "b.pdf").elected_official
    assert official is not None
    assert official.title == "Conseiller municipal délégué au commerce et à l'artisanat"


def test_wrapped_quartier_name_of_the_qpv_list_stays_whole() -> None:
    text = (
        "Titre du projet : Atelier\nQuartiers concernés : Benauge - Henri Sellier - Léo Lagrange"
        " ; Palmer - Saraillère - 8 Mai 45 -\nDravemont\nDescription : x"
    )
    known = ["Palmer - Saraillère - 8 Mai 45 - Dravemont"]
    fields = extract_bulletin(text_doc(text), "b.pdf", known_quartiers=known)
    assert fields.quartiers == [
        "Benauge - Henri Sellier - Léo Lagrange",
        "Palmer - Saraillère - 8 Mai 45 - Dravemont",
    ]


def test_elected_official_title_in_the_next_table_row_is_taken_from_the_text() -> None:
    table = [
        ["Élu référent", "Maëlle Hourcade"],
        ["Qualité de l'élu", "Présidente de la Communauté d'agglomération Pau-Pyrénées"],
    ]
    text = "\n".join("\t".join(row) for row in table)
    fields = extract_bulletin(text_doc(text, method=Method.ODT, tables=[table]), "b.odt")
    official = fields.elected_official
    assert official is not None
    assert (official.name, official.title) == (
        "Maëlle Hourcade",
        "Présidente de la Communauté d'agglomération Pau-Pyrénées",
    )


ONLINE_FORM = """Titre du projet ou action *
Halle des producteurs
Contact politique de la ville – nom et prénom
Élodie Nguyen
Contact politique de la ville – adresse e-mail
elodie.nguyen@agglo-cotebasque.fr
Contact politique de la ville – téléphone
+33 (0)5 59 41 68 62
Contact développement économique – nom et prénom
Laurence Boudjema
Contact développement économique – adresse e-mail
laurence.boudjema@agglo-cotebasque.fr
"""


def test_online_form_with_one_label_per_contact_field_gives_one_contact_per_service() -> None:
    fields = extract_bulletin(text_doc(ONLINE_FORM), "formulaire.pdf")
    assert [(c.name, c.service, c.email) for c in fields.contacts] == [
        ("Élodie Nguyen", Service.POLITIQUE_DE_LA_VILLE, "elodie.nguyen@agglo-cotebasque.fr"),
        ("Laurence Boudjema", Service.DEVELOPPEMENT_ECONOMIQUE,
         "laurence.boudjema@agglo-cotebasque.fr"),
    ]  # fmt: skip
    assert fields.contacts[0].phone == "+33559416862"


def test_form_fields_prefixed_de_belong_to_developpement_economique() -> None:
    form = [
        FormField(name="pv_nom", value="Antoine Cazaubon"),
        FormField(name="pv_courriel", value="cazaubon.antoine@dax.fr"),
        FormField(name="de_nom", value="Benoît Nguyen"),
        FormField(name="de_courriel", value="benoit.nguyen@dax.fr"),
        FormField(name="nom_de_l_elu", value="Solène Laborde"),
    ]
    fields = extract_bulletin(text_doc("Bulletin d'inscription", form_fields=form), "b.pdf")
    assert [(c.name, c.service) for c in fields.contacts] == [
        ("Antoine Cazaubon", Service.POLITIQUE_DE_LA_VILLE),
        ("Benoît Nguyen", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]


def test_a_narrow_label_column_wrapping_its_labels_over_many_lines() -> None:
    """A scanned grid whose label column is 3 cm wide: each label wraps over up to five lines,
    and the page text interleaves those pieces with the answers."""
    rows = [
        ["Titre du projet\nou de l'action", "Couveuse d'activités"],
        ["Quartier(s)\nprioritaire(s)\nde la politique\nde la ville\nconcerné(s)",
         "Le Sablar ; Cuyès"],
        ["Difficultés\nrencontrées et\nquestions à\ntraiter", ""],
        ["Élu(e) référent(e)"],
        ["Nom et\nprénom", "Pascale Soubiran"],
        ["Qualité\n(fonction au\nsein de\nl'exécutif)", "Vice-présidente déléguée à l'emploi"],
    ]  # fmt: skip
    text = (
        "Titre du projet Couveuse d'activités\nou de l'action\n\n"
        "Quartier(s) Le Sablar ; Cuyès\nprioritaire(s)\nde la politique\nde la ville\n"
        "concerné(s)\n\nDifficultés\nrencontrées et\nquestions à\ntraiter\n\n"
        "Élu(e) référent(e)\nNom et Pascale Soubiran\nprénom\n"
        "Qualité Vice-présidente déléguée à l'emploi\n(fonction au\nsein de\nl'exécutif)"
    )
    fields = extract_bulletin(text_doc(text, method=Method.OCR, tables=[rows]), "scan.pdf")
    assert fields.project_title == "Couveuse d'activités"
    assert fields.quartiers == ["Le Sablar", "Cuyès"]
    assert fields.difficulties is None  # the label's pieces in the text are not an answer
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Pascale Soubiran"
    assert fields.elected_official.title == "Vice-présidente déléguée à l'emploi"


def test_a_person_read_in_the_text_and_in_a_table_keeps_what_each_reading_found() -> None:
    """A scanned field-box grid: the page text loses the address row, the table keeps it."""
    text = (
        "Personnes-contacts\nService Développement économique\n"
        "Nom et prénom : Julien Brouste\nFonction : Développeur économique\n"
        "Courriel : jbrouste@ville-pau.fr\n"
    )
    table = [
        ["Service Développement économique"],
        ["Nom et prénom", "Julien Brouste", "Fonction", "Développeur économique"],
        ["Courriel", "jbrouste@ville-pau.fr", "Téléphone", "05 59 38 53 89"],
        ["Adresse postale", "Pôle économie, 16, avenue de l'Europe, 64000 Pau"],
    ]
    fields = extract_bulletin(text_doc(text, method=Method.OCR, tables=[table]), "scan.pdf")
    [contact] = fields.contacts
    assert contact.function == "Développeur économique"
    assert contact.phone == "+33559385389"
    assert contact.address == "Pôle économie, 16, avenue de l'Europe, 64000 Pau"


def test_a_people_table_with_name_and_function_in_one_cell_and_an_address_row_below() -> None:
    """« Service | Nom et prénom / fonction | Téléphone | Courriel », one row per person, the
    person's address on the row under it; the elected official on one « Nom | X | Qualité |
    Y » row, glued to its labels in the page's text."""
    people = [
        ["Service", "Nom et prénom /\nfonction", "Téléphone", "Courriel"],
        ["Politique de\nla ville", "M. Gaëtan PEYRICHOU\nChargé de développement territorial",
         "05 56 11 17 23", "gaetan.peyrichou\n@mairie-bordeaux.fr"],
        ["Adresse", "Hôtel de ville, 8 Place Pey-Berland, 33077 Bordeaux"],
        ["Développement\néconomique", "Mme Solène LAPEYRE\nDéveloppeuse économique",
         "05 56 33 24 89", "solene.lapeyre@mairie-bordeaux.fr"],
        ["Adresse", ""],
    ]  # fmt: skip
    official = [["Nom et\nprénom", "Maëlle Sallenave", "Qualité", "Conseillère municipale"]]
    text = (
        "II – PERSONNES-CONTACTS\nService Nom et prénom / Téléphone Courriel\n"
        "III – ÉLU(E) RÉFÉRENT(E)\nNom et Maëlle Sallenave Qualité Conseillère municipale\nprénom"
    )
    fields = extract_bulletin(text_doc(text, tables=[people, official]), "b.pdf")
    assert [(c.name, c.function, c.service, c.address) for c in fields.contacts] == [
        ("Gaëtan Peyrichou", "Chargé de développement territorial",
         Service.POLITIQUE_DE_LA_VILLE, "Hôtel de ville, 8 Place Pey-Berland, 33077 Bordeaux"),
        ("Solène Lapeyre", "Développeuse économique", Service.DEVELOPPEMENT_ECONOMIQUE, None),
    ]  # fmt: skip
    assert fields.contacts[0].email == "gaetan.peyrichou@mairie-bordeaux.fr"
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Maëlle Sallenave"
    assert fields.elected_official.title == "Conseillère municipale"


def test_content_controls_named_by_service_only_are_read_from_their_values() -> None:
    form = [
        FormField(name="politique_de_la_ville_0", value="Jérôme Pouget\nChargé de mission"),
        FormField(name="politique_de_la_ville_1", value="+33 (0)5 57 70 95 52"),
        FormField(name="politique_de_la_ville_2", value="j.pouget@mairie-le-bouscat.fr"),
        FormField(
            name="politique_de_la_ville_adresse", value="10 Place Gambetta, 33110 Le Bouscat"
        ),
    ]
    fields = extract_bulletin(text_doc("", method=Method.DOCX, form_fields=form), "b.docx")
    (contact,) = fields.contacts
    assert (contact.name, contact.function, contact.phone, contact.email) == (
        "Jérôme Pouget",
        "Chargé de mission",
        "+33557709552",
        "j.pouget@mairie-le-bouscat.fr",
    )
    assert contact.address == "10 Place Gambetta, 33110 Le Bouscat"


def test_the_declared_collectivity_is_its_answer_s_first_line() -> None:
    text = (
        "Collectivité candidate :\nMont-de-Marsan\nAppel à manifestation d'intérêt « La "
        "création d'activités économiques » – 2016\nI.1 – Intitulé du projet ou de l'action\n"
        "Boutique à l'essai"
    )
    fields = extract_bulletin(text_doc(text), "b.pdf")
    assert fields.territory == "Mont-de-Marsan"
    assert fields.project_title == "Boutique à l'essai"


def test_the_elected_official_set_among_the_contacts_is_the_official_not_a_contact() -> None:
    table = [
        ["Rôle", "Nom", "Fonction", "Téléphone", "Mél"],
        ["Référent politique\nde la ville", "Coralie Nogaret", "Chargée de mission",
         "05 56 12 39 67", "coralie.nogaret\n@merignac.com"],
        ["Référent\ndéveloppement\néconomique", "Mickaël\nMauriac-Brun",
         "Responsable du\nservice économie", "05 56 25 28 37",
         "mickael.\nmauriac-brun\n@merignac.com"],
        ["Élu référent", "Didier Boissonnade", "Adjoint au maire\nchargé de l'emploi", "", ""],
    ]  # fmt: skip
    fields = extract_bulletin(text_doc("5. Personnes ressources", tables=[table]), "b.pdf")
    assert [(c.name, c.function, c.service, c.email) for c in fields.contacts] == [
        ("Coralie Nogaret", "Chargée de mission", Service.POLITIQUE_DE_LA_VILLE,
         "coralie.nogaret@merignac.com"),
        ("Mickaël Mauriac-Brun", "Responsable du service économie",
         Service.DEVELOPPEMENT_ECONOMIQUE, "mickael.mauriac-brun@merignac.com"),
    ]  # fmt: skip
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Didier Boissonnade"
    assert fields.elected_official.title == "Adjoint au maire chargé de l'emploi"


def test_a_contact_s_address_stops_where_the_next_part_of_the_form_begins() -> None:
    text = (
        "Service Développement économique\nNom : Sandrine Castaing\nTél. : 05 58 88 61 01\n"
        "Adresse : Centre administratif, 30 Avenue Kennedy, 40280 Saint-Pierre-du-Mont\n"
        "Élu(e) référent(e)\nNom : Karima Tastet\nQualité : Maire de Saint-Pierre-du-Mont"
    )
    fields = extract_bulletin(text_doc(text, tables=[[[text]]]), "b.pdf")
    (contact,) = fields.contacts
    assert contact.address == "Centre administratif, 30 Avenue Kennedy, 40280 Saint-Pierre-du-Mont"
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Karima Tastet"
