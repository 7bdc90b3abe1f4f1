"""Media type of a file from its bytes, because senders' declared types and extensions lie.

Magic numbers first (PDF, ZIP containers, RTF, OLE compound files, images), then a look inside
ZIP and OLE containers to tell Word from Excel or OpenDocument, then text. The file name is only
a last hint to tell kinds of plain text apart.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCM = "application/vnd.ms-word.document.macroEnabled.12"
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
RTF = "application/rtf"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
MSG = "application/vnd.ms-outlook"
OFFICE_ENCRYPTED = "application/x-ms-office-encrypted"
OLE = "application/x-ole-storage"
TNEF = "application/vnd.ms-tnef"
ZIP = "application/zip"
JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
GIF = "image/gif"
BMP = "image/bmp"
WEBP = "image/webp"
HEIC = "image/heic"
HTML = "text/html"
PLAIN = "text/plain"
CSV = "text/csv"
EML = "message/rfc822"
UNKNOWN = "application/octet-stream"

# Main part content type of an OOXML package -> media type of the file.
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.ms-word.document.macroEnabled.main+xml": DOCM,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": DOTX,
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": DOTX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}

_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"BM", BMP),
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TNEF_MAGIC = b"\x78\x9f\x3e\x22"
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]")
_MAIL_HEADERS = (b"from:", b"received:", b"return-path:", b"message-id:", b"mime-version:")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<div|<p[ >])", re.I)


def sniff(data: bytes, filename: str = "") -> str:
    """The media type of ``data``, from its content; ``filename`` only separates text kinds."""
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_type(data)
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return RTF
    if head.startswith(_OLE_MAGIC):
        return _ole_type(data)
    if head.startswith(_TNEF_MAGIC):
        return TNEF
    for magic, media_type in _IMAGE_MAGIC:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return HEIC
    if b"%PDF-" in head[:1024]:
        return PDF  # readers accept junk before the header, and so do we
    return _text_type(head, filename)


def _zip_type(data: bytes) -> str:
    """Tell OOXML and OpenDocument packages from a plain ZIP archive by their manifest."""
    # ODF puts an uncompressed "mimetype" entry first, readable even when the ZIP is damaged.
    if data[26:28] == b"\x08\x00" and data[30:38] == b"mimetype":
        size = int.from_bytes(data[18:22], "little")
        start = 38 + int.from_bytes(data[28:30], "little")  # after the name and extra field
        declared = data[start : start + min(size, 100)].decode("ascii", "replace")
        if declared.startswith("application/vnd.oasis.opendocument."):
            return declared
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared.startswith("application/vnd.oasis.opendocument."):
                    return declared
            if "[Content_Types].xml" in names:
                return _ooxml_type(archive.read("[Content_Types].xml"), names)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return _damaged_zip_type(data)
    return ZIP


def _damaged_zip_type(data: bytes) -> str:
    """A truncated package: its local file headers still name the parts it began with."""
    if b"word/document" in data or b"word/_rels" in data:
        return DOCX
    if b"xl/workbook" in data:
        return XLSX
    return ZIP


def _ooxml_type(content_types: bytes, names: set[str]) -> str:
    try:
        root = etree.fromstring(content_types, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        root = None
    if root is not None:
        for override in root:
            found = _OOXML_MAIN.get((override.get("ContentType") or "").strip())
            if found:
                return found
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    if any(name.startswith("ppt/") for name in names):
        return PPTX
    return ZIP


def _ole_type(data: bytes) -> str:
    """Name the OLE compound file by its stream names (stored as UTF-16 in the directory)."""

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage"):
        return OFFICE_ENCRYPTED
    if has("WordDocument"):
        return DOC
    if has("__substg1.0_") or has("__properties_version1.0"):
        return MSG
    if has("Workbook") or has("Book"):
        return XLS
    if has("PowerPoint Document"):
        return PPT
    return OLE


def _text_type(head: bytes, filename: str) -> str:
    if not _looks_like_text(head):
        return UNKNOWN
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return HTML
    if _looks_like_mail(head):
        return EML
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix in ("html", "htm", "xhtml"):
        return HTML
    if suffix == "csv":
        return CSV
    return PLAIN


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls <= len(head) // 100


def _looks_like_mail(head: bytes) -> bool:
    lines = head.splitlines()[:12]
    if not lines or not _HEADER_LINE.match(lines[0]):
        return False
    lowered = [line.lower() for line in lines]
    return any(line.startswith(_MAIL_HEADERS) for line in lowered)
