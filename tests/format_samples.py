"""Real files made on the fly for the format extractor tests: PDFs, scans, DOCX, ODT.

Each generator writes the file with the library a candidate's software would resemble
(reportlab for PDFs and forms, Pillow for scans, python-docx for Word), so the extractors meet
genuine bytes, not mocks.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from email.message import EmailMessage

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from schemas import ExtractedText, Method, Page

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LETTER_LINES = [
    "Commune de Lormont",
    "Madame la Présidente,",
    "Nous souhaitons déposer la candidature du quartier Génicart",
    "au titre de l'appel à manifestation d'intérêt. Le projet vise",
    "à accompagner les commerçants et les créateurs d'activité.",
    "Veuillez agréer nos salutations distinguées.",
]


def scan_letter(*, signature: bool = True, angle: float = 0.0) -> Image.Image:
    """An A4 letter 'scanned' at 300 dpi, optionally signed with a scribble and tilted."""
    width, height = 2480, 3508
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 42)
    for index, line in enumerate(LETTER_LINES):
        draw.text((250, 300 + 90 * index), line, font=font, fill=0)
    draw.text((1500, 2300), "Le Maire, Jean Dupont", font=font, fill=0)
    if signature:
        draw.line(_scribble(1550, 2560), fill=0, width=6, joint="curve")
    if angle:
        page = page.rotate(angle, fillcolor=255, resample=Image.Resampling.BICUBIC)
    return page


def _scribble(x0: float, y0: float) -> list[tuple[float, float]]:
    points = []
    for step in range(60):
        t = step / 59
        points.append(
            (
                x0 + 500 * t + 40 * math.sin(t * 25),
                y0 + 90 * math.sin(t * 9) + 60 * math.cos(t * 17),
            )
        )
    return points


def signature_png() -> bytes:
    """A small picture of a handwritten signature, as pasted at the foot of a letter."""
    picture = Image.new("L", (600, 250), 255)
    ImageDraw.Draw(picture).line(
        [(x - 1500, y - 2450) for x, y in _scribble(1550, 2560)], fill=0, width=5
    )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def text_pdf(
    lines: list[str],
    *,
    table: list[list[str]] | None = None,
    signature_image: bool = False,
    image_y: float = 150,
    ink: bool = False,
    pages: int = 1,
) -> bytes:
    """A typed PDF (as printed from Word): lines of text, a ruled table, a signature."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    for number in range(pages):
        pdf.setFont("Helvetica", 11)
        y = height - 80
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 18
        if table and number == 0:
            _ruled_table(pdf, table, 72, y - 10)
        if signature_image and number == pages - 1:
            pdf.drawImage(ImageReader(io.BytesIO(signature_png())), 330, image_y, 180, 75)
        if ink and number == pages - 1:
            _ink(pdf, 330, 180)
        if pages > 1:
            pdf.drawString(72, 40, f"Page {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _ruled_table(pdf: canvas.Canvas, rows: list[list[str]], x: float, top: float) -> None:
    col, row_height = 220.0, 22.0
    for r, row in enumerate(rows):
        y = top - r * row_height
        for c, cell in enumerate(row):
            pdf.rect(x + c * col, y - row_height, col, row_height)
            pdf.drawString(x + c * col + 4, y - 15, cell)


def _ink(pdf: canvas.Canvas, x: float, y: float) -> None:
    """A signature drawn with a stylus: many small Bézier strokes."""
    path = pdf.beginPath()
    path.moveTo(x, y)
    for step in range(50):
        dx = x + step * 3
        path.curveTo(dx + 1, y + 20 * math.sin(step), dx + 2, y - 15 * math.cos(step), dx + 3, y)
    pdf.drawPath(path, stroke=1, fill=0)


def acroform_pdf(*, title: str = "Jardins partagés", checked: bool = True) -> bytes:
    """A bulletin filled on screen: labels printed, answers only in the form fields."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    form = pdf.acroForm
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 700, "Intitulé du projet :")
    form.textfield(
        name="titre_projet", value=title, x=180, y=695, width=300, height=16, fontSize=10
    )
    pdf.drawString(72, 660, "Description :")
    form.textfield(
        name="description",
        value="Ligne une\nLigne deux",
        x=180,
        y=600,
        width=300,
        height=70,
        fontSize=10,
        fieldFlags="multiline",
    )
    pdf.drawString(72, 560, "Politique de la ville")
    form.checkbox(name="service_pv", x=200, y=556, size=12, checked=checked)
    pdf.drawString(72, 530, "Développement économique")
    form.checkbox(name="service_eco", x=240, y=526, size=12, checked=False)
    pdf.drawString(72, 500, "Territoire :")
    for index, choice in enumerate(("Bordeaux", "Lormont")):
        form.radio(
            name="territoire",
            value=choice,
            selected=choice == "Lormont",
            x=180 + 90 * index,
            y=496,
            size=12,
        )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_pdf(image: Image.Image, *, dpi: float = 300.0) -> bytes:
    """A scanner's PDF: one page per image, no text layer."""
    buffer = io.BytesIO()
    width, height = image.width * 72 / dpi, image.height * 72 / dpi
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width, height)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_with_xml(body_xml: str, *, paragraphs: tuple[str, ...] = ()) -> bytes:
    """A python-docx document whose body gets hand-written WordprocessingML before sectPr."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return replace_part(
        buffer.getvalue(),
        "word/document.xml",
        lambda xml: re.sub(r"(<w:sectPr[ >])", lambda m: body_xml + m.group(1), xml, count=1),
    )


def replace_part(package: bytes, name: str, change: object) -> bytes:
    """Rewrite one XML part of a ZIP package (DOCX, ODT) with ``change(text) -> text``."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == name:
                data = change(data.decode("utf-8")).encode("utf-8")  # type: ignore[operator]
            target.writestr(info, data)
    return out.getvalue()


def image_bytes(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand, object 1 being the catalog, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def bomb_pdf(side: int = 40_000) -> bytes:
    """A page showing one image that claims side × side pixels (its data is a single byte)."""
    content = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 1 /Length 1 >>\nstream\n\x00\nendstream" % (side, side),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    )


def with_annotation(data: bytes, annotation: dict[str, object], *, field: bool = False) -> bytes:
    """The PDF with one more annotation on page 1 (and listed as a form field if ``field``)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    annot = DictionaryObject({NameObject(k): v for k, v in annotation.items()})  # type: ignore[misc]
    reference = writer._add_object(annot)
    page = writer.pages[0]
    page[NameObject("/Annots")] = ArrayObject([*page.get("/Annots", []), reference])
    if field:
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject([reference])}
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def clipped_label_acroform_pdf() -> bytes:
    """A form whose labels are cut by the answer boxes drawn over them, and whose multi-line
    box starts above its label: answers only in fields with opaque names."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    form = pdf.acroForm
    pdf.setFont("Helvetica", 9)
    rows = [
        ("Quartier(s) prioritaire(s) concern", "f01", "Bacalan\nLe Grand Parc", 32),
        ("Description du projet ou de l'acti", "f02", "Une conciergerie de quartier.", 18),
        ("Nom et prénom", "f03", "Fatima Lafargue", 18),
    ]
    top = 760.0
    for label, name, value, height in rows:
        pdf.drawString(40, top - height / 2 - 3, label)
        form.textfield(
            name=name,
            value=value,
            x=190,
            y=top - height,
            width=360,
            height=height,
            fontSize=9,
            borderWidth=0,
            fieldFlags="multiline" if "\n" in value else "",
        )
        top -= height + 8
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def boxed_rubric_acroform_pdf() -> bytes:
    """A form whose boxes were drawn by hand over whole rubrics (« Texte1 », « Texte2 »…):
    a multi-line box covers its label and the dotted lines under it, a one-line box starts
    at its label."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    form = pdf.acroForm
    pdf.setFont("Helvetica", 9)
    rubrics = [
        ("Description du projet ou de l'action :", "Texte1", DESCRIPTION, 64),
        ("Difficultés rencontrées et questions à traiter :", "Texte2", DIFFICULTIES, 64),
        ("Titre du projet :", "Texte3", "Boutique éphémère", 14),
    ]
    top = 760.0
    for label, name, value, height in rubrics:
        pdf.drawString(52, top - 9, label)
        if height > 20:
            for rule in range(1, 4):
                pdf.line(52, top - 12 - rule * 16, 543, top - 12 - rule * 16)
        form.textfield(
            name=name,
            value=value,
            x=52,
            y=top - height,
            width=491,
            height=height,
            fontSize=9,
            borderWidth=0,
            fieldFlags="multiline" if height > 20 else "",
        )
        top -= height + 6
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


DESCRIPTION = "Aider les vendeurs du marché à déclarer leur activité et à la développer."
DIFFICULTIES = "La méfiance envers les administrations est forte. Quel statut leur proposer ?"


def letter_spaced_pdf(lines: list[str]) -> bytes:
    """A page whose headings are set in spaced capitals: each letter drawn apart, words
    further apart."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 760.0
    for line in lines:
        if line.isupper():
            pdf.setFont("Helvetica-Bold", 11)
            text = pdf.beginText(60, y)
            text.setCharSpace(4)
            text.setWordSpace(8)
            text.textLine(line)
            pdf.drawText(text)
        else:
            pdf.setFont("Helvetica", 10)
            pdf.drawString(60, y, line)
        y -= 20
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def text_doc(*texts: str, method: Method = Method.PDF_TEXT, **kwargs: object) -> ExtractedText:
    """What an extractor gives for pages of ``texts`` (a page each), with ``kwargs`` (tables,
    form fields) beside them."""
    pages = [Page(number=i + 1, text=t, method=method) for i, t in enumerate(texts)]
    return ExtractedText(pages=pages, **kwargs)  # type: ignore[arg-type]


def plain_mail(body: str, *, sender: str, subject: str, message_id: str) -> bytes:
    """A plain-text mail to a PQA referent, as a territory sends it."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "claire.grygiel@aquitaine-pqa.fr"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content(body)
    return message.as_bytes()
