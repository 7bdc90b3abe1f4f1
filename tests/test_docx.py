"""DOCX reading: document order, tables, content controls, legacy fields, text boxes, signatures."""

from __future__ import annotations

import io

import docx
from docx.shared import Inches
from format_samples import docx_with_xml, signature_png

from extractors.docx import BROKEN_ERROR, read_docx
from schemas import FormField, Method

WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'


def _saved(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _text(data: bytes) -> str:
    extracted = read_docx(data)
    assert extracted.error is None
    return extracted.pages[0].text


def test_paragraphs_and_table_rows_keep_document_order() -> None:
    document = docx.Document()
    document.add_heading("Bulletin d'inscription", level=1)
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(
        table.rows, [("Intitulé du projet", "Jardins"), ("Quartier", "Génicart")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("Fait à Lormont")
    extracted = read_docx(_saved(document))
    assert extracted.pages[0].method == Method.DOCX
    assert extracted.pages[0].text.splitlines() == [
        "Bulletin d'inscription",
        "Intitulé du projet\tJardins",
        "Quartier\tGénicart",
        "Fait à Lormont",
    ]
    assert extracted.tables == [[["Intitulé du projet", "Jardins"], ["Quartier", "Génicart"]]]


def test_block_content_control_is_read_after_its_label_and_named_by_its_title() -> None:
    control = (
        '<w:sdt><w:sdtPr><w:alias w:val="Intitulé du projet"/><w:tag w:val="titre"/></w:sdtPr>'
        f"<w:sdtContent><w:p>{_run('Jardins partagés')}</w:p></w:sdtContent></w:sdt>"
    )
    data = docx_with_xml(control, paragraphs=("Intitulé du projet :",))
    extracted = read_docx(data)
    assert extracted.pages[0].text == "Intitulé du projet :\nJardins partagés"
    assert extracted.form_fields == [
        FormField(name="Intitulé du projet", value="Jardins partagés", page=1)
    ]


def test_inline_content_control_stays_inside_its_paragraph() -> None:
    paragraph = (
        f'<w:p>{_run("Quartier : ")}<w:sdt><w:sdtPr><w:tag w:val="quartier"/></w:sdtPr>'
        f"<w:sdtContent>{_run('Génicart')}</w:sdtContent></w:sdt>{_run(' (Lormont)')}</w:p>"
    )
    extracted = read_docx(docx_with_xml(paragraph))
    assert extracted.pages[0].text == "Quartier : Génicart (Lormont)"
    assert extracted.form_fields == [FormField(name="quartier", value="Génicart", page=1)]


def test_placeholder_of_an_empty_control_is_not_taken_for_an_answer() -> None:
    paragraph = (
        f'<w:p>{_run("Description : ")}<w:sdt><w:sdtPr><w:tag w:val="description"/>'
        "<w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        f"{_run('Cliquez ou appuyez ici pour entrer du texte.')}</w:sdtContent></w:sdt></w:p>"
    )
    extracted = read_docx(docx_with_xml(paragraph))
    assert "Cliquez" not in extracted.pages[0].text
    assert extracted.form_fields == [FormField(name="description", value="", page=1)]


def test_content_control_around_a_table_cell_keeps_the_cells_aligned() -> None:
    table = (
        "<w:tbl><w:tr>"
        f"<w:tc><w:p>{_run('Porteur')}</w:p></w:tc>"
        '<w:sdt><w:sdtPr><w:alias w:val="Porteur"/></w:sdtPr><w:sdtContent>'
        f"<w:tc><w:p>{_run('Mairie de Lormont')}</w:p></w:tc></w:sdtContent></w:sdt>"
        f"<w:tc><w:p>{_run('Tél.')}</w:p></w:tc>"
        "</w:tr></w:tbl>"
    )
    extracted = read_docx(docx_with_xml(table))
    assert extracted.tables == [[["Porteur", "Mairie de Lormont", "Tél."]]]
    assert extracted.form_fields == [FormField(name="Porteur", value="Mairie de Lormont", page=1)]


def test_content_control_inside_a_table_cell_is_read_in_the_cell() -> None:
    table = (
        "<w:tbl><w:tr>"
        f"<w:tc><w:p>{_run('Élu référent')}</w:p></w:tc>"
        '<w:tc><w:p><w:sdt><w:sdtPr><w:tag w:val="elu"/></w:sdtPr><w:sdtContent>'
        f"{_run('Mme Durand')}</w:sdtContent></w:sdt></w:p></w:tc>"
        "</w:tr></w:tbl>"
    )
    extracted = read_docx(docx_with_xml(table))
    assert extracted.pages[0].text == "Élu référent\tMme Durand"
    assert extracted.form_fields == [FormField(name="elu", value="Mme Durand", page=1)]


def test_check_box_content_controls_read_oui_or_non() -> None:
    def box(tag: str, checked: str, glyph: str) -> str:
        return (
            f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/><w14:checkbox>'
            f'<w14:checked w14:val="{checked}"/></w14:checkbox></w:sdtPr>'
            f"<w:sdtContent>{_run(glyph)}</w:sdtContent></w:sdt>"
        )

    paragraph = (
        f"<w:p>{box('pv', '1', '☒')}{_run(' Politique de la ville ')}"
        f"{box('eco', '0', '☐')}{_run(' Développement économique')}</w:p>"
    )
    extracted = read_docx(docx_with_xml(paragraph))
    assert extracted.pages[0].text == "☒ Politique de la ville ☐ Développement économique"
    assert {f.name: f.value for f in extracted.form_fields} == {"pv": "oui", "eco": "non"}


def _legacy(data: str, result: str = "") -> str:
    """A legacy form field: begin (with its ffData), instruction, separate, result, end."""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData>{data}</w:ffData></w:fldChar></w:r>'
        '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run(result) if result else ''}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_legacy_text_form_field_gives_its_typed_value_not_its_instruction() -> None:
    field = _legacy('<w:name w:val="Titre"/>', "Jardins")
    paragraph = f"<w:p>{_run('Titre : ')}{field}</w:p>"
    extracted = read_docx(docx_with_xml(paragraph))
    assert extracted.pages[0].text == "Titre : Jardins"
    assert extracted.form_fields == [FormField(name="Titre", value="Jardins", page=1)]


def test_legacy_check_box_reads_checked_before_default() -> None:
    ticked = '<w:name w:val="A"/><w:checkBox><w:default w:val="1"/></w:checkBox>'
    unticked = (
        '<w:name w:val="B"/><w:checkBox><w:default w:val="1"/><w:checked w:val="0"/></w:checkBox>'
    )
    paragraph = f"<w:p>{_legacy(ticked)}{_run(' oui ')}{_legacy(unticked)}{_run(' non')}</w:p>"
    extracted = read_docx(docx_with_xml(paragraph))
    assert extracted.pages[0].text == "☒ oui ☐ non"
    assert {f.name: f.value for f in extracted.form_fields} == {"A": "oui", "B": "non"}


def test_text_box_is_read_once_though_its_fallback_repeats_it() -> None:
    box = f"<w:txbxContent><w:p>{_run('Cadre réservé au service')}</w:p></w:txbxContent>"
    paragraph = (
        f'<w:p>{_run("Avant")}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f"<wps:wsp {WPS}><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    text = _text(docx_with_xml(paragraph))
    assert text == "Avant\nCadre réservé au service"


def test_tracked_deletions_are_not_read_and_insertions_are() -> None:
    paragraph = (
        f'<w:p>{_run("Quartier ")}<w:del w:id="1" w:author="x"><w:r><w:delText>Carriet'
        f'</w:delText></w:r></w:del><w:ins w:id="2" w:author="x">{_run("Génicart")}</w:ins></w:p>'
    )
    assert _text(docx_with_xml(paragraph)) == "Quartier Génicart"


def test_headers_and_footers_frame_the_body_text() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Mairie de Lormont"
    document.sections[0].footer.paragraphs[0].text = "1 rue André Dupin"
    document.add_paragraph("Madame la Présidente,")
    assert _text(_saved(document)).splitlines() == [
        "Mairie de Lormont",
        "Madame la Présidente,",
        "1 rue André Dupin",
    ]


def test_nested_table_stays_in_its_cell_and_is_listed_after_its_parent() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Contacts"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Nom", "Mme Durand"
    extracted = read_docx(_saved(document))
    assert extracted.tables[0][0][0] == "Contacts"
    assert "Nom\tMme Durand" in extracted.tables[0][0][1]
    assert extracted.tables[1] == [["Nom", "Mme Durand"]]


def test_picture_at_the_end_of_a_letter_is_a_signature_mark() -> None:
    document = docx.Document()
    for line in ("Madame la Présidente,", "Nous candidatons.", "Salutations.", "Le Maire"):
        document.add_paragraph(line)
    document.add_picture(io.BytesIO(signature_png()), width=Inches(2))
    assert read_docx(_saved(document)).pages[0].has_signature_mark


def test_logo_at_the_top_of_a_letter_is_not_a_signature_mark() -> None:
    document = docx.Document()
    document.add_picture(io.BytesIO(signature_png()), width=Inches(2))
    for line in ("Madame la Présidente,", "Nous candidatons.", "Salutations.", "Le Maire"):
        document.add_paragraph(line)
    assert not read_docx(_saved(document)).pages[0].has_signature_mark


def test_broken_docx_gives_a_french_error() -> None:
    assert read_docx(b"PK\x03\x04 not really a zip").error == BROKEN_ERROR


def test_a_page_laid_out_as_two_cells_of_paragraphs_is_read_cell_after_cell() -> None:
    """A landscape form typed in a two-cell table: the project in the left cell, the people
    in the right one. Gluing the cells' lines with a tab would put « … suffisants.<tab>LES
    PERSONNES À CONTACTER » on one line."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "LE PROJET"
    for line in ("Titre de l'action", "Conciergerie de quartier"):
        left.add_paragraph(line)
    right.text = "LES PERSONNES À CONTACTER"
    right.add_paragraph("Nom : Yannick Boissonnade")
    lines = _text(_saved(document)).splitlines()
    assert lines == [
        "LE PROJET",
        "Titre de l'action",
        "Conciergerie de quartier",
        "LES PERSONNES À CONTACTER",
        "Nom : Yannick Boissonnade",
    ]
    # A label beside a many-line answer keeps them on one line.
    document = docx.Document()
    row = document.add_table(rows=1, cols=2).rows[0]
    row.cells[0].text = "Description"
    row.cells[1].text = "Un marché mensuel.\nPour les créateurs."
    assert _text(_saved(document)).splitlines()[0] == "Description\tUn marché mensuel."
