"""Mail bodies: one page of text, quoted reply history dropped, forwards and signatures kept."""

from __future__ import annotations

from extractors.body import read_body
from schemas import Method

REPLY = """Bonjour,

Vous trouverez ci-joint le bulletin signé.

--
Jean Dupont
Chargé de mission politique de la ville
05 56 00 00 00

Le lun. 3 mars 2025 à 10:12, AMI Quartiers <ami@example.org> a
écrit :
> Merci de nous renvoyer le bulletin signé.
>
> Cordialement
"""

OUTLOOK_REPLY = """Bonjour, voici la lettre d'intention.

Cordialement,
Mme Durand

-----Message d'origine-----
De : AMI Quartiers <ami@example.org>
Envoyé : lundi 3 mars 2025 10:12
À : Durand <durand@lormont.fr>
Objet : Pièces manquantes

Il manque la lettre d'intention.
"""


def test_body_is_one_page_read_as_mail_body() -> None:
    extracted = read_body("Bonjour,\nCandidature de Lormont.")
    assert [(p.number, p.method) for p in extracted.pages] == [(1, Method.MAIL_BODY)]
    assert extracted.pages[0].text == "Bonjour,\nCandidature de Lormont."


def test_quoted_reply_and_its_attribution_are_dropped_with_a_note() -> None:
    extracted = read_body(REPLY, subject="RE: Pièces manquantes")
    text = extracted.pages[0].text
    assert "Merci de nous renvoyer" not in text
    assert "a écrit" not in text and "écrit :" not in text
    assert text.endswith("05 56 00 00 00")
    assert any("Historique" in note for note in extracted.notes)


def test_signature_after_the_dash_dash_line_is_kept() -> None:
    text = read_body(REPLY).pages[0].text
    assert "Chargé de mission politique de la ville" in text


def test_outlook_history_below_the_original_message_line_is_cut() -> None:
    text = read_body(OUTLOOK_REPLY, subject="RE: Pièces manquantes").pages[0].text
    assert text == "Bonjour, voici la lettre d'intention.\n\nCordialement,\nMme Durand"


def test_forward_keeps_the_forwarded_message() -> None:
    text = read_body(OUTLOOK_REPLY, subject="TR: Candidature AMI").pages[0].text
    assert "Il manque la lettre d'intention." in text


def test_blank_body_gives_no_page() -> None:
    assert read_body(" \n\n \r\n").pages == []


def test_answers_typed_under_the_quoted_questions_keep_the_questions() -> None:
    text = (
        "Bonjour,\nVoici nos réponses.\n\n"
        "Le 21/03/2016 à 09:12, Pays et Quartiers d'Aquitaine a écrit :\n"
        "> Titre du projet ou de l'action :\nPépinière de services\n\n"
        "> Quartier(s) prioritaire(s) concerné(s) :\nquartier du Centre\n\n"
        "> Description :\nUn lieu qui héberge de jeunes entreprises.\n\n"
        "> Cordialement,\n> L'équipe de PQA\n\nBien cordialement,"
    )
    read = read_body(text, "Re: AMI 2016")
    lines = read.pages[0].text.splitlines()
    assert lines[lines.index("Titre du projet ou de l'action :") + 1] == "Pépinière de services"
    assert "Description :" in lines
    assert read.notes == [
        "Réponses tapées sous les lignes citées : les lignes citées sont gardées."
    ]
    # A reply above a quoted history still drops the history.
    history = read_body("Merci.\n\nLe 2 avril, X a écrit :\n> Bonjour\n> Titre : A", "Re: x")
    assert history.pages[0].text == "Merci."


APPROVED_IN_HISTORY = """Bonjour Madame,

Vous trouverez ci-dessous notre bulletin d'inscription, validé par l'élu (voir plus bas).

Cordialement,
Gwenaëlle Arrouy

Le 05/04/2016 08:57, Kévin Roussel <kevin.roussel@grand-dax-agglo.fr> a écrit :
> C'est parfait, vous pouvez l'envoyer.
>
> Le 04/04/2016 17:41, Gwenaëlle Arrouy <garrouy@grand-dax-agglo.fr> a écrit :
> > Nom du projet : Fabrique numérique et ateliers de réparation
> >
> > Territoire(s) concerné(s) (QPV) :
> >   - Sablar (Dax)
> >
> > Descriptif de l'action : Installer une fabrique ouverte aux habitants.
> >
> > Élu référent :
> >   Nom : Kévin Roussel
> >   Fonction : Vice-président délégué à l'économie et à l'emploi
"""


def test_a_reply_passing_on_a_bulletin_from_its_quoted_history() -> None:
    own = read_body(APPROVED_IN_HISTORY, subject="RE: Tr: AMI PQA")
    assert "Fabrique numérique" not in own.pages[0].text
    kept = read_body(APPROVED_IN_HISTORY, subject="RE: Tr: AMI PQA", keep_history=True)
    text = kept.pages[0].text
    assert "Nom du projet : Fabrique numérique et ateliers de réparation" in text.splitlines()
    assert not any(line.startswith(">") for line in text.splitlines())
    assert any("Historique cité gardé" in note for note in kept.notes)


def test_process_message_reads_the_bulletin_only_the_history_holds() -> None:
    from datetime import UTC, datetime

    from format_samples import plain_mail

    from pipeline.process import process_message
    from schemas import DocumentKind
    from schemas.message import ReceivedAtSource

    mail = plain_mail(
        APPROVED_IN_HISTORY,
        sender="Gwenaëlle Arrouy <garrouy@grand-dax-agglo.fr>",
        subject="RE: Tr: AMI PQA - bulletin d'inscription",
        message_id="<t21@grand-dax-agglo.fr>",
    )
    result = process_message(
        mail, "sha", datetime(2016, 4, 8, tzinfo=UTC), ReceivedAtSource.DATE_HEADER
    )
    (bulletin,) = [d for d in result.documents if d.kind == DocumentKind.BULLETIN]
    assert bulletin.bulletin is not None
    assert bulletin.bulletin.project_title == "Fabrique numérique et ateliers de réparation"
    assert bulletin.bulletin.elected_official is not None
    assert bulletin.bulletin.elected_official.name == "Kévin Roussel"
