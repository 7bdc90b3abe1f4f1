"""Letter of intent: letterhead, place and date, addressee, body, closing, signatory, signature."""

from __future__ import annotations

from extractors.letter import extract_letter
from schemas import ExtractedText, Method, Page

LETTER = """MAIRIE DE CENON
Hôtel de Ville - 1 avenue Carnot - 33150 Cenon

Cenon, le 2 avril 2016

à Madame la Directrice
de Pays et Quartiers d'Aquitaine
9 rue Jean-Baptiste Pérès
33000 Bordeaux

Objet : Lettre d'intention - AMI « La création d'activités économiques »

Madame la Directrice,

Par la présente, j'ai l'honneur de vous faire part de la candidature de la Ville de Cenon
à l'appel à manifestation d'intérêt lancé par Pays et Quartiers d'Aquitaine.

Nous souhaitons développer l'activité économique dans les quartiers Palmer et
Saraillère, qui concentrent une vacance commerciale importante.

Nos objectifs sont de tester de nouvelles activités et d'accompagner les porteurs de projet.

Je vous prie d'agréer, Madame la Directrice, l'expression de mes salutations distinguées.

Le Maire,
Alain David
"""


def _doc(
    *texts: str, marks: tuple[int, ...] = (), method: Method = Method.PDF_TEXT
) -> ExtractedText:
    pages = [
        Page(number=i + 1, text=t, method=method, has_signature_mark=(i + 1) in marks)
        for i, t in enumerate(texts)
    ]
    return ExtractedText(pages=pages)


def test_letter_parts_are_read_in_order() -> None:
    letter = extract_letter(_doc(LETTER, marks=(1,)), "lettre.pdf", "abc")
    assert letter.collectivity == "MAIRIE DE CENON"
    assert (letter.place, letter.date) == ("Cenon", "2 avril 2016")
    assert letter.addressee == "Madame la Directrice de Pays et Quartiers d'Aquitaine"
    assert len(letter.paragraphs) == 3
    assert letter.paragraphs[1].startswith("Nous souhaitons développer")
    assert letter.closing is not None and letter.closing.startswith("Je vous prie d'agréer")
    assert letter.signatory is not None
    assert (letter.signatory.name, letter.signatory.title) == ("Alain David", "Le Maire")


def test_signature_mark_on_signatory_page_means_signed() -> None:
    letter = extract_letter(_doc(LETTER, marks=(1,)), "lettre.pdf")
    assert letter.signed is True
    assert "page 1" in letter.signed_reason and "Alain David" in letter.signed_reason


def test_signatory_without_mark_is_not_signed() -> None:
    letter = extract_letter(_doc(LETTER), "lettre.pdf")
    assert letter.signed is False
    assert "aucune signature visible" in letter.signed_reason


def test_mark_on_another_page_than_the_signatory_does_not_count() -> None:
    first, second = LETTER.split("Nos objectifs")
    letter = extract_letter(_doc(first, "Nos objectifs" + second, marks=(1,)), "lettre.pdf")
    assert letter.signed is False
    letter = extract_letter(_doc(first, "Nos objectifs" + second, marks=(2,)), "lettre.pdf")
    assert letter.signed is True and "page 2" in letter.signed_reason


def test_electronic_signature_mention_means_signed() -> None:
    text = LETTER + "Signé électroniquement par Alain David le 02/04/2016\n"
    letter = extract_letter(_doc(text), "lettre.pdf")
    assert letter.signed is True
    assert "électronique" in letter.signed_reason
    assert "signed" in letter.evidence


def test_slash_s_signature_means_signed() -> None:
    text = LETTER.replace("Le Maire,\nAlain David", "/s/ Alain David\nLe Maire")
    assert extract_letter(_doc(text), "lettre.docx").signed is True


def test_empty_signature_line_is_not_signed() -> None:
    text = LETTER.replace(
        "Le Maire,\nAlain David", "Le Maire,\nAlain David\nSignature : .........."
    )
    letter = extract_letter(_doc(text), "lettre.docx")
    assert letter.signed is False
    assert "« Signature : » est vide" in letter.signed_reason


def test_missing_signatory_block_is_not_signed() -> None:
    text = LETTER.replace("Le Maire,\nAlain David\n", "")
    letter = extract_letter(_doc(text, marks=(1,)), "lettre.pdf")
    assert letter.signatory is None
    assert letter.signed is False
    assert "Aucun bloc signataire" in letter.signed_reason


def test_signatory_by_delegation_keeps_name_and_title() -> None:
    text = LETTER.replace(
        "Le Maire,\nAlain David",
        "Pour le Maire et par délégation,\nMarie Durand\nAdjointe au maire déléguée à l'économie",
    )
    letter = extract_letter(_doc(text, marks=(1,)), "lettre.pdf")
    assert letter.signatory is not None
    assert letter.signatory.name == "Marie Durand"
    assert letter.signatory.title == "Adjointe au maire déléguée à l'économie"


def test_epci_letterhead_and_president() -> None:
    text = (
        "Communauté d'Agglomération du Grand Dax\n20 avenue de la Gare\n40100 Dax\n\n"
        "Dax, le 5 avril 2016\n\nMadame, Monsieur,\n\nNous souhaitons agir sur le quartier du "
        "Sablar.\n\nVeuillez agréer, Madame, Monsieur, nos salutations distinguées.\n\n"
        "Élisabeth Bonjean\nPrésidente de la Communauté d'Agglomération\n"
    )
    letter = extract_letter(_doc(text), "courrier.pdf")
    assert letter.collectivity == "Communauté d'Agglomération du Grand Dax"
    assert letter.place == "Dax"
    assert letter.signatory is not None
    assert letter.signatory.name == "Élisabeth Bonjean"
    assert letter.signatory.title == "Présidente de la Communauté d'Agglomération"
    assert letter.quartiers == ["Sablar"]


def test_quartiers_named_in_the_letter() -> None:
    letter = extract_letter(_doc(LETTER), "lettre.pdf")
    assert letter.quartiers == ["Palmer", "Saraillère"]


def test_known_quartier_names_are_found_in_the_text() -> None:
    text = LETTER.replace("Palmer et\nSaraillère", "Palmer - Saraillère - 8 Mai 45 - Dravemont\net")
    known = ["Palmer - Saraillère - 8 Mai 45 - Dravemont", "Carriet"]
    letter = extract_letter(_doc(text), "lettre.pdf", known_quartiers=known)
    assert "Palmer - Saraillère - 8 Mai 45 - Dravemont" in letter.quartiers
    assert "Carriet" not in letter.quartiers


def test_evidence_quotes_the_page_text() -> None:
    letter = extract_letter(_doc(LETTER), "lettre.pdf", "abc")
    date = letter.evidence["date"][0]
    assert date.start is not None and date.end is not None
    assert LETTER[date.start : date.end] == "Cenon, le 2 avril 2016"
    assert letter.signatory is not None
    assert letter.signatory.evidence[0].text == "Le Maire,\nAlain David"
    assert date.document_sha256 == "abc" and date.method == Method.PDF_TEXT


def test_pasted_letter_in_mail_body_without_salutation_comma() -> None:
    body = (
        "Objet : lettre d'intention\n\nNous souhaitons porter un projet de tiers-lieu dans le "
        "QPV Saragosse.\nJe vous prie de recevoir mes salutations distinguées.\n\n"
        "François Bayrou\nMaire de Pau"
    )
    letter = extract_letter(_doc(body, method=Method.MAIL_BODY), "corps du message")
    assert letter.paragraphs == [
        "Nous souhaitons porter un projet de tiers-lieu dans le QPV Saragosse."
    ]
    assert letter.signatory is not None and letter.signatory.title == "Maire de Pau"
    assert letter.quartiers == ["Saragosse"]
    assert letter.signed is False


def test_empty_document_gives_empty_letter() -> None:
    letter = extract_letter(ExtractedText(), "vide.pdf")
    assert letter.paragraphs == [] and letter.signatory is None and letter.signed is False


def test_title_wrapped_on_two_lines_is_joined() -> None:
    text = LETTER.replace(
        "Le Maire,\nAlain David",
        "L'Adjointe au maire déléguée à la politique de\nla ville et à l'emploi,\nJosiane Béraud",
    )
    letter = extract_letter(_doc(text), "lettre.pdf")
    assert letter.signatory is not None
    assert letter.signatory.title == (
        "L'Adjointe au maire déléguée à la politique de la ville et à l'emploi"
    )


def test_mail_signature_after_the_letter_is_not_the_signatory() -> None:
    text = LETTER + "\n--\nChristelle Roumégoux\nChargée de mission Politique de la ville\n"
    letter = extract_letter(_doc(text, method=Method.MAIL_BODY), "corps du message")
    assert letter.signatory is not None
    assert letter.signatory.title == "Le Maire"


def test_pays_et_quartiers_d_aquitaine_is_not_a_quartier() -> None:
    letter = extract_letter(_doc(LETTER), "lettre.pdf")
    assert all("Aquitaine" not in q for q in letter.quartiers)


def test_cordial_salutations_close_the_letter_before_a_name_first_signatory() -> None:
    text = LETTER.replace(
        "Je vous prie d'agréer, Madame la Directrice, l'expression de mes salutations distinguées."
        "\n\nLe Maire,\nAlain David",
        "Restant à votre disposition, je vous adresse, Mesdames, mes salutations les plus "
        "cordiales.\n\nYasmina Lagière\nMaire de Mont-de-Marsan",
    )
    letter = extract_letter(_doc(text, marks=(1,)), "lettre.pdf")
    assert letter.signatory is not None
    assert (letter.signatory.name, letter.signatory.title) == (
        "Yasmina Lagière",
        "Maire de Mont-de-Marsan",
    )


def test_title_repeated_by_an_electronic_signature_stamp_is_given_once() -> None:
    text = LETTER.replace(
        "Le Maire,\nAlain David",
        "Le Maire,\nSigné électroniquement par : Alain David\nQualité : Maire\nAlain David",
    )
    letter = extract_letter(_doc(text), "lettre.pdf")
    assert letter.signatory is not None
    assert (letter.signatory.name, letter.signatory.title) == ("Alain David", "Le Maire")


def test_a_rubber_stamp_read_between_title_and_name_is_not_the_signatory() -> None:
    """OCR reads the round stamp beside the ink as capitals; the name typed under the ink,
    past a blank line, is the signatory's."""
    text = LETTER.replace(
        "Le Maire,\nAlain David",
        "Pour le Président et par délégation,\nLa Vice-présidente chargée de la\n"
        "politique de la ville,\n\nLE\nRAND PÉRIGUEU\n\nIngrid Lagardère\n",
    )
    letter = extract_letter(_doc(text, marks=(1,)), "lettre.pdf")
    assert letter.signatory is not None
    assert letter.signatory.name == "Ingrid Lagardère"
    assert letter.signatory.title == "La Vice-présidente chargée de la politique de la ville"
