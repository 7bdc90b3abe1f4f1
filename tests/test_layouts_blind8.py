"""Layouts first met in the blind8 set (then tuned on, once spent): rubrics numbered « 2/6 »,
the memo's and staff's wordings, « Vos contacts » over « Contrat de ville (…) » headings,
content controls tagged in English, a town on the line after its postcode, labels alone on
their line over their answers, two columns whose heading juts into the gutter, and scans
read at the resolution they were scanned at."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from format_samples import text_doc
from PIL import Image, ImageDraw, ImageFont

from extractors import ocr, pdf
from extractors.bulletin import extract_bulletin
from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.contact_services import heading_service
from extractors.contacts import split_name_title
from extractors.page_columns import column_text, find_columns
from extractors.pdf_form import AcroForm
from extractors.word_lines import WordLine
from pipeline.field_scoring import Tally
from pipeline.qpv import QpvIndex
from schemas import FormField, Service, Word


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("2/6 Quartier(s) prioritaire(s) concerné(s)", "quartiers"),
        ("Freins identifiés / points à approfondir", "difficulties"),
        ("Difficultés / questions pour l'accompagnement", "difficulties"),
        ("Quartier(s) de la géographie prioritaire", "quartiers"),
        ("QUARTIER(S) DE LA GÉOGRAPHIE PRIORITAIRE :", "quartiers"),
        ("Vos contacts", "contacts"),
    ],
)
def test_rubrics_leave_no_answer_on_their_line(line: str, key: str) -> None:
    hit = BULLETIN_LABELS.match(line)
    assert hit is not None and (hit.key, hit.value) == (key, "")


@pytest.mark.parametrize(
    ("line", "service"),
    [
        ("Contrat de ville (politique de la ville)", Service.POLITIQUE_DE_LA_VILLE),
        ("Développement économique et commerce", Service.DEVELOPPEMENT_ECONOMIQUE),
        ("Emploi - insertion", Service.AUTRE),
        ("Autre personne-contact", Service.AUTRE),
    ],
)
def test_service_headings(line: str, service: Service) -> None:
    assert heading_service(line) == service


def test_a_heading_above_a_contact_label_gives_that_persons_service() -> None:
    text = (
        "Vos contacts\nContrat de ville (politique de la ville)\nContact : Éric Roumégoux\n"
        "Qualité : Directeur de la mission quartiers\nE-mail : eric.roumegoux@gradignan-mairie.fr\n"
        "Développement économique et commerce\nContact : Hélène Mendiondo\n"
        "Qualité : Chargée de l'accompagnement des entreprises\n"
        "E-mail : helene.mendiondo@gradignan-mairie.fr\n"
    )
    contacts = extract_bulletin(text_doc(text), "b.docx").contacts
    assert [(c.name, c.service) for c in contacts] == [
        ("Éric Roumégoux", Service.POLITIQUE_DE_LA_VILLE),
        ("Hélène Mendiondo", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]


def test_content_controls_tagged_in_english_with_the_people_first() -> None:
    text = (
        "Vos contacts\nContrat de ville (politique de la ville)\nContact : Anthony Harriet\n"
        "Développement économique et commerce\nContact : Gaëtan Roumégoux\n"
        "Élu(e) référent(e) du projet\nÉlu(e) : Karim Nouvel\n"
        "Fonction élective : Vice-président\n"
    )
    fields = [
        FormField(name="contacts_0_name", value="Anthony Harriet"),
        FormField(name="contacts_0_email", value="anthony.harriet@grandperigueux-agglo.fr"),
        FormField(name="contacts_1_name", value="Gaëtan Roumégoux"),
        FormField(name="contacts_1_email", value="gaetan.roumegoux@grandperigueux-agglo.fr"),
        FormField(name="official_0_name", value="Karim Nouvel"),
        FormField(name="official_0_title", value="Vice-président en charge de l'économie"),
        FormField(name="title", value="Couveuse culinaire"),
    ]
    fields_out = extract_bulletin(text_doc(text, form_fields=fields), "b.docx")
    assert fields_out.project_title == "Couveuse culinaire"
    assert [(c.name, c.service) for c in fields_out.contacts] == [
        ("Anthony Harriet", Service.POLITIQUE_DE_LA_VILLE),
        ("Gaëtan Roumégoux", Service.DEVELOPPEMENT_ECONOMIQUE),
    ]
    official = fields_out.elected_official
    assert official is not None
    assert (official.name, official.title) == (
        "Karim Nouvel",
        "Vice-président en charge de l'économie",
    )


def test_a_run_in_note_with_its_town_on_the_next_line() -> None:
    text = (
        "Vos contacts.\n– Développement économique et commerce : Maylis Lescure, Chargée de\n"
        "l'accompagnement des entreprises ; tél. 05 58 41 38 59 (ligne directe) ;\n"
        "maylis.lescure@montdemarsan-ville.fr ; 15 cours Gambetta, 40000\nMont-de-Marsan.\n"
        "Élu(e) référent(e) du projet.\n"
        "– Christophe Mouton, Conseiller municipal délégué au commerce et à l'artisanat.\n"
    )
    fields = extract_bulletin(text_doc(text), "note.pdf")
    (contact,) = fields.contacts
    assert contact.address == "15 cours Gambetta, 40000 Mont-de-Marsan"
    assert fields.elected_official is not None
    assert fields.elected_official.name == "Christophe Mouton"


def test_a_dash_before_a_name_is_not_part_of_it() -> None:
    assert split_name_title("- Ludivine Sarrazin, Conseillère municipale déléguée")[0] == (
        "Ludivine Sarrazin"
    )


def test_labels_alone_on_their_line_over_their_answers() -> None:
    text = (
        "VOS CONTACTS\nContrat de ville (politique de la ville)\nContact :\nRachid Pouyanne\n"
        "Qualité :\nDirecteur de la mission quartiers\nE-mail :\n"
        "rachid.pouyanne@ville-bassens.fr\nTél. :\n05 57 71 32 52\n"
    )
    (contact,) = extract_bulletin(text_doc(text), "photo.jpg").contacts
    assert (contact.name, contact.function, contact.email, contact.phone) == (
        "Rachid Pouyanne",
        "Directeur de la mission quartiers",
        "rachid.pouyanne@ville-bassens.fr",
        "+33557713252",
    )


def test_an_elected_officials_title_whose_label_ocr_lost() -> None:
    text = "ÉLU RÉFÉRENT\n\nNadège Mouton\n\nAdjointe au Maire chargée de l'emploi\n"
    official = extract_bulletin(text_doc(text), "scan.pdf").elected_official
    assert official is not None
    assert (official.name, official.title) == (
        "Nadège Mouton",
        "Adjointe au Maire chargée de l'emploi",
    )


def _line(y: float, *pieces: tuple[float, str]) -> WordLine:
    words = []
    for x, text in pieces:
        words.append(Word(text=text, x0=x, top=y, x1=x + 8.0 * len(text), bottom=y + 10))
    return WordLine(words=words)


def test_a_heading_jutting_into_the_gutter_does_not_hide_the_columns() -> None:
    left = ["Titre du projet", "Boutique", "Quartier(s) concerné(s)", "Jean Jaurès",
            "Description du projet", "Tester", "Difficultés rencontrées", "Les locaux"]  # fmt: skip
    right = ["PERSONNES-CONTACTS", "Yannick Lescure", "Agent local", "y.l@floirac.fr",
             "05 57 65 38 45", "Floirac", "Yannick Castaing", "Chargé"]  # fmt: skip
    lines = [_line(0, (20, "PAYS ET QUARTIERS"), (480, "AMI 2016"))]
    pairs = enumerate(zip(left, right, strict=True))
    lines += [_line(20 + 14 * i, (20, a), (300, b)) for i, (a, b) in pairs]
    lines += [_line(140, (290, "_ÉLU RÉFÉRENT")), _line(154, (300, "Nadège Mouton"))]
    columns = find_columns(lines)
    assert columns is not None
    text = column_text(lines, columns).splitlines()
    assert text[0] == "PAYS ET QUARTIERS AMI 2016"  # the heading above, not in a column
    assert text.index("Les locaux") < text.index("PERSONNES-CONTACTS")
    assert text[-2:] == ["_ÉLU RÉFÉRENT", "Nadège Mouton"]


def _scanned_pdf(dpi: int) -> bytes:
    image = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 235)
    font = ImageFont.load_default(size=dpi // 6)
    ImageDraw.Draw(image).text((dpi, dpi), "Titre du projet", fill=20, font=font)
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=dpi)
    return out.getvalue()


@pytest.mark.parametrize(
    ("scanned", "again"), [(200, 200.0), (250, 250.0), (300, None), (150, None)]
)
def test_a_scan_under_300_dpi_may_be_read_again_as_scanned(
    scanned: int, again: float | None
) -> None:
    page = pdfium.PdfDocument(_scanned_pdf(scanned))[0]
    marks = pdf._marks(page)
    assert marks.largest_image_dpi == pytest.approx(scanned, rel=0.02)
    form = AcroForm(fields=[], widgets=[], signed_pages=set(), notes=[])
    plan = pdf._page(page, 1, form, None, True, 0, [])  # type: ignore[arg-type]
    assert isinstance(plan, pdf._ScanPlan)
    assert plan.scale * 72 == pytest.approx(300)
    if again is None:
        assert plan.native_scale is None
    else:
        assert plan.native_scale is not None
        assert plan.native_scale * 72 == pytest.approx(again, rel=0.02)


def test_a_poor_reading_is_replaced_by_a_surer_one_at_the_scanned_resolution() -> None:
    document = pdfium.PdfDocument(_scanned_pdf(200))
    plan = pdf._ScanPlan(scale=300 / 72, native_scale=200 / 72)
    unsure = ocr.OcrResult(text="illisible", confidence=10.0)
    if not ocr.available():
        pytest.skip("Tesseract absent")
    again = pdf._at_scanned_resolution(document, 1, plan, unsure)
    assert again is not unsure and (again.confidence or 0) > 10.0
    assert "Titre" in again.text
    sure = ocr.OcrResult(text="Titre du projet", confidence=95.0)
    assert pdf._at_scanned_resolution(document, 1, plan, sure) is sure


def test_quartiers_are_scored_within_the_applications_commune() -> None:
    qpv = QpvIndex.builtin()
    tally = Tally("d", "docx_sdt")
    tally.quartiers(["Quartier Nord"], ["quartiers Nord"], qpv, commune="Bergerac")
    assert (tally.counts["quartiers"].tp, tally.counts["quartiers"].fp) == (1, 0)
    alone = Tally("d", "docx_sdt")
    alone.quartiers(["Quartier Nord"], ["quartiers Nord"], qpv)
    assert alone.counts["quartiers"].tp == 0
    entry = qpv.match("Chamiers (Coulounieix)", year_list="any").entry
    assert entry is not None and entry.name == "Chamiers"
