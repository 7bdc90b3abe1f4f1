"""The text of a mail body as a one-page document, without the quoted history of replies.

The body is already plain text (the MIME parser turned HTML into text). A reply carries the
whole conversation below it; those quoted lines belong to earlier messages, which are read on
their own, so they are dropped with a note. A forward keeps everything: what it forwards is
the point of it. The signature stays: it often holds the sender's name, function and phone.
"""

from __future__ import annotations

import re

from extractors.html_text import IMAGE_MARK
from schemas import ExtractedText, Method, Page

_FORWARD_SUBJECT = re.compile(r"^\s*(tr|fwd?|transf(é|e)r(é|e)?|wg)\s*:", re.I)
_QUOTED = re.compile(r"^\s*>")
_QUOTE_MARK = re.compile(r"^\s*(?:>\s?)+")
_MIN_INTERLEAVED = 3  # quoted blocks answered in between: an inline reply, not a history
_ATTRIBUTION_END = re.compile(r"(a\s+écrit|wrote|escribió|schrieb)\s*:\s*$", re.I)
_ATTRIBUTION_START = re.compile(r"^\s*(le|on|el|am)\b", re.I)
_SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(message d'origine|original message|message original)\s*-{2,}|_{10,})\s*$",
    re.I,
)
_FROM = re.compile(r"^\s*\**\s*(de|from)\s*\**\s*:\s*\S", re.I)
_SENT = re.compile(r"^\s*\**\s*(envoyé|sent|date)\s*\**\s*:", re.I)
_SUBJECT = re.compile(r"^\s*\**\s*(objet|subject)\s*\**\s*:", re.I)


def read_body(
    text: str,
    subject: str = "",
    tables: list[list[list[str]]] | None = None,
    *,
    keep_history: bool = False,
) -> ExtractedText:
    """One page of body text, with the HTML body's tables; no page when the body is blank.

    ``keep_history`` keeps a reply's quoted history, its quote marks taken off: read when the
    reply itself holds no bulletin nor letter, as the one sent round the services for
    approval before the reply that passes it on (« voir l'échange plus bas »)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notes: list[str] = []
    if keep_history:
        lines = [_QUOTE_MARK.sub("", line) for line in lines]
        notes.append(
            "Historique cité gardé : le bulletin ou la lettre n'est que dans l'échange cité."
        )
    elif _answers_between_quotes(lines):
        # Answers typed under each quoted question: the quoted lines are the labels.
        lines = [_QUOTE_MARK.sub("", line) for line in lines]
        notes.append("Réponses tapées sous les lignes citées : les lignes citées sont gardées.")
    elif not _FORWARD_SUBJECT.match(subject or ""):
        kept = _without_history(lines)
        dropped = sum(1 for line in lines if line.strip()) - sum(1 for line in kept if line.strip())
        if dropped:
            notes.append(f"Historique des réponses retiré du corps du message ({dropped} lignes).")
        lines = kept
    signed = _image_in_lower_half(lines)
    lines = [line for line in lines if line.strip() != IMAGE_MARK]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()
    if not body:
        return ExtractedText(notes=notes)
    page = Page(number=1, text=body, method=Method.MAIL_BODY, has_signature_mark=signed)
    return ExtractedText(pages=[page], tables=list(tables or []), notes=notes)


def _image_in_lower_half(lines: list[str]) -> bool:
    """A picture pasted in the lower half of the body (an HTML mail's signature image)."""
    written = [i for i, line in enumerate(lines) if line.strip()]
    marks = [i for i in written if lines[i].strip() == IMAGE_MARK]
    return any(written.index(i) + 1 > len(written) / 2 for i in marks)


def _answers_between_quotes(lines: list[str]) -> bool:
    """A reply typed between the quoted lines of the message it answers (« > Titre du projet :
    » then the answer, unquoted): unquoted text follows quoted lines more than once."""
    quoted = [bool(_QUOTED.match(line)) for line in lines if line.strip()]
    returns = sum(1 for before, now in zip(quoted, quoted[1:], strict=False) if before and not now)
    return returns >= _MIN_INTERLEAVED


def _without_history(lines: list[str]) -> list[str]:
    """Cut at an Outlook history header; drop '>' quoted lines and the line announcing them."""
    cut = _outlook_history(lines)
    if cut is not None:
        lines = lines[:cut]
    kept: list[str] = []
    for line in lines:
        if _QUOTED.match(line):
            _drop_attribution(kept)
            continue
        kept.append(line)
    return kept


def _outlook_history(lines: list[str]) -> int | None:
    """Index where a 'De : / Envoyé : / Objet :' block (or its separator line) begins."""
    for index, line in enumerate(lines):
        if not _FROM.match(line):
            continue
        following = lines[index + 1 : index + 7]
        if any(_SENT.match(x) for x in following) and any(_SUBJECT.match(x) for x in following):
            start = index
            while start > 0 and (
                not lines[start - 1].strip() or _SEPARATOR.match(lines[start - 1])
            ):
                start -= 1
            return start
        if index > 0 and _SEPARATOR.match(lines[index - 1]):
            return index - 1
    return None


def _drop_attribution(kept: list[str]) -> None:
    """Remove 'Le lun. 3 mars 2025, X a écrit :' (wrapped on up to three lines) before a quote."""
    while kept and not kept[-1].strip():
        kept.pop()
    tail: list[str] = []
    for back in range(1, min(3, len(kept)) + 1):
        tail = kept[-back:]
        joined = " ".join(x.strip() for x in tail)
        if _ATTRIBUTION_END.search(joined) and (back == 1 or _ATTRIBUTION_START.match(tail[0])):
            del kept[-back:]
            return
