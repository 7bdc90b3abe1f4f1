"""Phone numbers and e-mail addresses as territories write them and as OCR reads them.

Values come back normalised (E.164, lower-case address) with their span in the text, so that
the evidence can quote the exact characters; OCR repairs keep the text's length.
"""

from __future__ import annotations

import re

import phonenumbers

from extractors.folding import fold_text

# OCR reads "nom@ domaine.fr" or "nom @domaine.fr": one space either side of the "@" is
# allowed (never a line break); and "|.mauriac@" for "l.mauriac@" when the bar opens a word.
# ``normalize_email`` undoes both.
# A French postcode (« 33150 », « 33 150 », « 2A004 »), not a piece of a phone or a date.
POSTCODE = re.compile(r"(?<![\d.])\b(?:0[1-9]|[1-8]\d|9[0-8]|2[AB])\s?\d{3}\b(?![.\d])")
_EMAIL = re.compile(
    r"(?:(?<![^\s:(<])\||(?<![\w.%+'-])[A-Za-z0-9])(?:[A-Za-z0-9._%+'-]{0,62}[A-Za-z0-9_%+-])?"
    r"[ \t]?@[ \t]?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}"
    r"(?![\w.-]*@)\b"
)
# Five pairs, each with a digit (eight digits at least, checked apart): "O5 56 l2 34 56".
_OCR_PHONE = re.compile(
    r"(?<![\w|])(?:(?:\d[\dOolI|]|[OolI|]\d)[ .-]?){4}(?:\d[\dOolI|]|[OolI|]\d)(?![\w|])"
)
_OCR_DIGIT = str.maketrans("OolI|", "00111")
# "05/53/34/79/76": slashes between digit pairs, which phonenumbers reads as a date or a range.
_SLASHED = re.compile(r"(?<![\d/])\d{2}(?:/\d{2}){4}(?![\d/])")


def _unslash(text: str) -> str:
    """Slashes between the five pairs of a number made spaces; the text keeps its length."""
    return _SLASHED.sub(lambda m: m.group().replace("/", " "), text)


def ocr_digits(text: str) -> str:
    """Letters OCR reads for digits ("O5 56 l2 34 56") made digits again, only inside five
    pairs written like a French number; the text keeps its length, so offsets still hold."""
    return _OCR_PHONE.sub(lambda m: _digits(m.group()), text)


def _digits(written: str) -> str:
    return written.translate(_OCR_DIGIT) if sum(c.isdigit() for c in written) >= 8 else written


def normalize_phone(raw: str) -> str | None:
    """E.164 for a French (or international) number as written, None when it is not one."""
    text = _unslash(ocr_digits(raw.strip()[:60]))
    if not re.search(r"\d", text):
        return None
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def find_phones(text: str) -> list[tuple[int, int, str]]:
    """Phone numbers in a text as (start, end, E.164), faxes left out."""
    found = []
    for match in phonenumbers.PhoneNumberMatcher(_unslash(ocr_digits(text)), "FR"):
        before = fold_text(text[max(0, match.start - 14) : match.start])
        if "fax" in before or "telecopie" in before:
            continue
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        found.append((match.start, match.end, e164))
    return found


def normalize_email(raw: str) -> str | None:
    """The address lower-cased when it is a sane e-mail address (``mailto:`` dropped)."""
    text = raw.strip().removeprefix("mailto:").strip("<>()[] .;,")
    text = re.sub(r"(?<=\w)[ \t]?@[ \t]?(?=\w)", "@", text)
    text = re.sub(r"^\|", "l", text)
    match = _EMAIL.fullmatch(text)
    if match is None or ".." in text:
        return None
    return text.lower()


def find_emails(text: str) -> list[tuple[int, int, str]]:
    """E-mail addresses in a text as (start, end, normalised address)."""
    found = []
    for match in _EMAIL.finditer(text):
        email = normalize_email(match.group())
        if email:
            found.append((match.start(), match.end(), email))
    return found
