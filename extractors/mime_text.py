"""Text inside MIME: declared charsets, RFC 2047 encoded words, display lines.

Senders lie about charsets (Latin-1 labelled UTF-8, GBK labelled GB2312, 8-bit bytes in headers),
so every decoder here picks the likeliest reading and replaces what it cannot read, never raising.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata

# Charsets whose common real-world use is a superset of the declared one.
_SUPERSETS = {
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "utf-8",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "iso8859_9": "cp1254",
}
# Codecs that exist in Python but are not charsets a mail could be written in.
_NOT_CHARSETS = {"unicode_escape", "raw_unicode_escape", "undefined", "idna", "punycode"}

_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,60})\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)[ \t\r\n]+(?==\?)")
_SURROGATES = re.compile("[\udc80-\udcff]")
FOLD = re.compile(r"\r?\n(?=[ \t])|\r?\n$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def codec_for(charset: str | None) -> str | None:
    """Python codec to read a declared charset with, or None when unknown or absent."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").split("*", 1)[0].lower()
    if name in ("unicode-1-1-utf-7", "utf7"):
        name = "utf-7"
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return _SUPERSETS.get(info.name.replace("-", "_"), info.name)


def decode_bytes(data: bytes, charset: str | None) -> tuple[str, bool]:
    """Decode with the declared charset, else the likeliest one; True when bytes were replaced."""
    codec = codec_for(charset)
    if codec and codec != "utf-8":
        try:
            return data.decode(codec), False
        except UnicodeDecodeError:
            return data.decode(codec, "replace"), True
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", "replace")
    bad = as_utf8.count("\ufffd")
    good = sum(1 for ch in as_utf8 if ord(ch) > 127) - bad
    if good > bad:
        return as_utf8, True
    return data.decode("cp1252", "replace"), True


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words; whitespace between two adjacent words is dropped."""
    if "=?" not in value:
        return value
    value = _BETWEEN_WORDS.sub(r"\1", value)
    return _ENCODED_WORD.sub(_decode_word, value)


def _decode_word(match: re.Match[str]) -> str:
    charset, encoding, payload = match.groups()
    if encoding in "bB":
        padded = payload + "=" * (-len(payload) % 4)
        try:
            data = base64.b64decode(padded)
        except (binascii.Error, ValueError):
            return match.group(0)
    else:
        data = _unquote_q(payload, codec_for(charset) or "utf-8")
    return decode_bytes(data, charset)[0]


def _unquote_q(payload: str, codec: str) -> bytes:
    """Q-decoding; stray 8-bit characters (against the RFC, yet sent) keep their charset."""
    out = bytearray()
    raw = payload.replace("_", " ").encode(codec, "replace")
    i = 0
    while i < len(raw):
        if raw[i : i + 1] == b"=" and re.fullmatch(rb"[0-9A-Fa-f]{2}", raw[i + 1 : i + 3]):
            out.append(int(raw[i + 1 : i + 3], 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def unbyte(value: str) -> str:
    """Undo the parser's surrogate escapes: raw 8-bit header bytes, UTF-8 if they read so."""
    if not _SURROGATES.search(value):
        return value
    data = value.encode("utf-8", "surrogateescape")
    return decode_bytes(data, None)[0]


def clean_line(value: str) -> str:
    """One display line: unfolded, control characters out, NFC so accents compare equal."""
    value = FOLD.sub("", value)
    value = _CONTROL.sub(" ", value.replace("\t", " "))
    return unicodedata.normalize("NFC", value).strip()
