"""Contacts laid out as two cards side by side, without rules: one column per service.

« POLITIQUE DE LA VILLE      DÉVELOPPEMENT ÉCONOMIQUE » over two columns of name, function,
phone and e-mail. A PDF's text layer reads such a page line by line across both cards
(« Capucine Pédezert Bérénice Ribeyrolles »), which glues two people together. The words'
positions show the gutter between the cards; each card is then read on its own, under its
service. (Scanned pages get the same from ``ocr_layout``, on the straightened image.)
"""

from __future__ import annotations

from extractors.bulletin_labels import BULLETIN_LABELS
from extractors.contact_services import heading_service
from extractors.contacts import contacts_from_text
from extractors.quoting import Quoter
from extractors.word_lines import WordLine, word_lines
from schemas import Contact, ExtractedText, Method, Service

_MIN_GUTTER = 12.0  # points of white between the cards, wider than a space between words
_MARGIN = 3.0  # points the right card's lines may start left of its heading
_MAX_LINES = 12  # lines a card runs before the section must have ended
_CONTACT_KEYS = {"contacts", "contact_pv", "contact_eco"}


def card_contacts(extracted: ExtractedText, quote: Quoter) -> list[Contact]:
    """The contacts of every pair of side-by-side service cards on the text-layer pages (a
    scan's cards are kept apart in its page text already, by ``ocr_layout``)."""
    contacts: list[Contact] = []
    for page in extracted.pages:
        if page.method == Method.OCR:
            continue
        lines = word_lines(page.words)
        for index, line in enumerate(lines):
            split = _heading_split(line)
            if split is None:
                continue
            gutter, services = split
            card = _card_lines(lines[index + 1 :], gutter)
            for (left, right), service in zip(
                ((0.0, gutter), (gutter, float("inf"))), services, strict=True
            ):
                text = "\n".join(t for row in card if (t := row.text(left, right)))
                contacts += contacts_from_text(text, quote, page.number, 0, service)
    return contacts


def _heading_split(line: WordLine) -> tuple[float, tuple[Service, Service]] | None:
    """Where a line naming two different services, one per card, splits between them."""
    words = sorted(line.words, key=lambda w: w.x0)
    gaps = [(b.x0 - a.x1, i) for i, (a, b) in enumerate(zip(words, words[1:], strict=False), 1)]
    if not gaps:
        return None
    width, at = max(gaps)
    if width < _MIN_GUTTER:
        return None
    left = heading_service(" ".join(w.text for w in words[:at]))
    right = heading_service(" ".join(w.text for w in words[at:]))
    if left is None or right is None or left == right:
        return None
    # The right card is set flush with its heading; the left card may run wider than its own.
    return words[at].x0 - _MARGIN, (left, right)


def _card_lines(lines: list[WordLine], gutter: float) -> list[WordLine]:
    """The lines under the heading that no word crosses the gutter in, up to a wide gap."""
    card: list[WordLine] = []
    for line in lines[:_MAX_LINES]:
        if any(w.x0 < gutter < w.x1 for w in line.words):
            break
        label = BULLETIN_LABELS.match(line.text(0.0, float("inf")))
        if label is not None and label.key not in _CONTACT_KEYS:
            break  # the next section (« 6. Élu référent »)
        if card and line.top - card[-1].bottom > 2 * (card[-1].bottom - card[-1].top):
            break
        card.append(line)
    return card
