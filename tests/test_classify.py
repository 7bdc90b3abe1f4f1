"""Classification of documents and mail bodies from their content, the file name as tie-break."""

from __future__ import annotations

from format_samples import text_doc

from extractors.classify import classify, pages_in
from schemas import DocumentKind, FormField, Method

LETTER = """MAIRIE DE CENON
Hôtel de Ville - 1 avenue Carnot - 33150 Cenon

Cenon, le 2 avril 2016

à Madame la Directrice
de Pays et Quartiers d'Aquitaine

Objet : AMI « La création d'activités économiques dans les quartiers »

Madame, Monsieur,

Nous souhaitons développer l'activité économique dans le quartier Palmer.

Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.

Le Maire,
Alain David
"""
BULLETIN = """BULLETIN D'INSCRIPTION
1. Titre du projet : Boutique à l'essai
2. Quartier(s) prioritaire(s) concerné(s) : Palmer
3. Description : Ouverture d'un local.
4. Difficultés rencontrées et questions à traiter : vacance commerciale
"""
BULLETIN_2 = """5. Personnes-contacts
Service Politique de la ville : Sophie Martin
6. Élu référent : M. Alain David, Maire de Cenon
"""
DELIBERATION = """EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL
Séance du 29 mars 2016
Le Conseil municipal, après en avoir délibéré, décide de candidater.
Le Maire,
Alain David
"""


def test_bulletin_is_recognised_from_its_labels() -> None:
    [found] = classify(text_doc(BULLETIN, BULLETIN_2), "document.pdf")
    assert found.kind == DocumentKind.BULLETIN
    assert found.page_range is None
    assert "titre du projet" in found.reason and "élu référent" in found.reason


def test_letter_is_recognised_from_salutation_closing_and_signatory() -> None:
    [found] = classify(text_doc(LETTER), "scan0001.pdf")
    assert found.kind == DocumentKind.LETTER
    assert "Je vous prie d'agréer" in found.reason
    assert "bloc signataire" in found.reason


def test_content_wins_over_a_misleading_file_name() -> None:
    [found] = classify(text_doc(LETTER), "bulletin_inscription.pdf")
    assert found.kind == DocumentKind.LETTER


def test_pdf_with_letter_then_bulletin_is_split_by_page_range() -> None:
    found = classify(text_doc(LETTER, BULLETIN, BULLETIN_2), "candidature_cenon.pdf")
    assert [(c.kind, c.page_range) for c in found] == [
        (DocumentKind.LETTER, (1, 1)),
        (DocumentKind.BULLETIN, (2, 3)),
    ]
    assert "page 1" in found[0].reason


def test_unmarked_page_follows_the_page_before_it() -> None:
    found = classify(text_doc(BULLETIN, "suite de la description du projet", LETTER), "x.pdf")
    assert [(c.kind, c.page_range) for c in found] == [
        (DocumentKind.BULLETIN, (1, 2)),
        (DocumentKind.LETTER, (3, 3)),
    ]


def test_council_deliberation_is_other_despite_le_maire() -> None:
    [found] = classify(text_doc(DELIBERATION), "piece.pdf")
    assert found.kind == DocumentKind.OTHER
    assert "délibération" in found.reason


def test_cv_and_budget_are_other() -> None:
    cv = "CURRICULUM VITAE\nSophie Martin\nExpériences professionnelles\n2010-2016\nFormation"
    budget = "Budget prévisionnel 2016\nTotal des charges : 40 000 €"
    assert classify(text_doc(cv), "a.pdf")[0].kind == DocumentKind.OTHER
    assert classify(text_doc(budget), "b.pdf")[0].kind == DocumentKind.OTHER


def test_mail_body_with_bulletin_answers_is_a_bulletin() -> None:
    body = "Bonjour,\nci-joint nos réponses :\n" + BULLETIN + "Cordialement"
    [found] = classify(text_doc(body, method=Method.MAIL_BODY), "corps du message")
    assert found.kind == DocumentKind.BULLETIN


def test_mail_body_with_pasted_letter_is_a_letter() -> None:
    [found] = classify(text_doc(LETTER, method=Method.MAIL_BODY), "corps du message")
    assert found.kind == DocumentKind.LETTER


def test_short_cover_note_is_other() -> None:
    body = (
        "Madame, Monsieur,\n\nVeuillez trouver ci-joint le dossier de candidature de la ville "
        "de Lormont.\n\nCordialement,\nSophie Martin\nService Politique de la ville"
    )
    [found] = classify(text_doc(body, method=Method.MAIL_BODY), "corps du message")
    assert found.kind == DocumentKind.OTHER
    assert "accompagnement" in found.reason


def test_letter_announced_ci_dessous_by_a_secretariat_is_still_a_letter() -> None:
    body = (
        "Madame la Directrice,\n\nÀ la demande du Maire, je vous prie de trouver ci-dessous sa "
        "lettre d'intention.\n\nCordialement,\nLe secrétariat\n\n"
        "Agglomération d'Agen\nAgen, le 7 avril 2016\n\nObjet : Appel à manifestation "
        "d'intérêt\n\nMadame la Directrice,\n\nPar la présente, j'ai l'honneur de vous faire "
        "part de la candidature de l'Agglomération d'Agen. Dans les quartiers Montanou et Le Pin, "
        "le chômage dépasse le double de la moyenne.\n\nJe vous prie d'agréer, Madame, mes "
        "salutations les meilleures.\n\nLa Présidente de l'Agglomération d'Agen,\n"
        "Françoise Darrigrand"
    )
    [found] = classify(text_doc(body, method=Method.MAIL_BODY), "corps du message")
    assert found.kind == DocumentKind.LETTER


def test_letter_on_letterhead_announcing_the_bulletin_ci_joint_is_a_letter() -> None:
    text = (
        "Mairie de Floirac\n\nFloirac, le 13 avril 2016\n\nObjet : candidature à l'appel à "
        "manifestation d'intérêt 2016\n\nMadame la Directrice,\nVous trouverez ci-joint le "
        "bulletin d'inscription de la ville de Floirac. Notre projet répond à un besoin exprimé "
        "par les habitants du quartier Jean-Jaurès.\nVeuillez agréer, Madame la Directrice, "
        "l'assurance de ma considération distinguée.\n\nLe Maire\n\nHervé BROUSTE"
    )
    [found] = classify(text_doc(text), "scan_0412.pdf")
    assert found.kind == DocumentKind.LETTER


def test_file_name_speaks_when_content_is_empty() -> None:
    [found] = classify(text_doc(""), "Lettre_intention_Cenon.pdf")
    assert found.kind == DocumentKind.LETTER
    assert found.confidence < 0.5
    assert "nom du fichier" in found.reason


def test_nothing_to_go_on_gives_other() -> None:
    [found] = classify(text_doc("Photo du quartier"), "IMG_2034.jpg")
    assert found.kind == DocumentKind.OTHER
    assert found.confidence < 0.5


def test_acroform_field_names_count_as_bulletin_labels() -> None:
    fields = [
        FormField(name="titre_projet", value="x", page=1),
        FormField(name="quartiers", value="y", page=1),
        FormField(name="elu_referent", value="z", page=1),
    ]
    [found] = classify(text_doc("", form_fields=fields), "formulaire_rempli.pdf")
    assert found.kind == DocumentKind.BULLETIN


def test_pages_in_keeps_only_the_range() -> None:
    extracted = text_doc(LETTER, BULLETIN, BULLETIN_2)
    part = pages_in(extracted, (2, 3))
    assert [p.number for p in part.pages] == [2, 3]
    assert pages_in(extracted, None) is extracted
