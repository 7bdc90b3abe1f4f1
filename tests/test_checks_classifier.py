"""The sentence classifier behind the statement rules: what it adds, what vetoes it, its file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from spacy.language import Language

from pipeline.checks.classifier import MODEL_PATH, Model, load_model, model_from_dict
from pipeline.checks.detect import analyse
from pipeline.checks.examples import build_examples, load_training
from pipeline.checks.features import unit_features
from pipeline.checks.finding import Statement
from pipeline.checks.logistic import Binary, fit, sigmoid
from pipeline.checks.names import NameFinder
from pipeline.checks.nlp import get_nlp
from pipeline.checks.statements import statement_checks
from pipeline.checks.train import main as train_main
from pipeline.checks.train import matrix, model_text, train
from pipeline.errors import ConfigError
from pipeline.qpv import QpvIndex
from schemas import (
    ApplicationDraft,
    ApplicationFields,
    CheckCode,
    CheckStatus,
    Document,
    DocumentKind,
    ExtractedText,
    Method,
    Page,
)

# Said without any word the rules look for: no will verb, no "priorité", no "car".
UNRULY = (
    "Il nous paraît essentiel que les habitants deviennent acteurs du développement économique "
    "de leur quartier."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp()


@pytest.fixture(scope="module")
def qpv() -> QpvIndex:
    return QpvIndex.builtin()


def _draft(text: str) -> ApplicationDraft:
    page = Page(number=1, text=text, method=Method.PDF_TEXT)
    document = Document(
        sha256="ef" * 32,
        filename="lettre.pdf",
        media_type="application/pdf",
        message_id="m1",
        kind=DocumentKind.LETTER,
        extracted=ExtractedText(pages=[page]),
    )
    return ApplicationDraft(
        id="a1",
        territory="Ville de Pessac",
        received_at=datetime(2016, 4, 1, tzinfo=UTC),
        messages=["m1"],
        documents=[document],
        fields=ApplicationFields(),
    )


def _uniform(probability_logit: float, threshold: float = 0.5, strong: float = 0.9) -> Model:
    """A model that gives every unit the same probability: only the guards can say no."""
    entry = {"bias": probability_logit, "weights": {}, "threshold": threshold, "strong": strong}
    return model_from_dict({"labels": {s.value: entry for s in Statement}})


def _status(text: str, code: CheckCode, nlp: Language, qpv: QpvIndex, model: Model) -> Any:
    return statement_checks([_draft(text)], qpv, nlp, model)[0][code]


def test_motivation_in_words_the_rules_do_not_know_is_found_by_the_classifier(
    nlp: Language, qpv: QpvIndex
) -> None:
    letter = f"Madame la Présidente,\n\n{UNRULY}\n\nLe Maire"
    rules_only = _status(letter, CheckCode.MOTIVATION, nlp, qpv, _uniform(-30.0))
    assert rules_only.status == CheckStatus.MISSING
    result = _status(letter, CheckCode.MOTIVATION, nlp, qpv, load_model())
    assert result.status == CheckStatus.OK, result.message
    assert "modèle statistique" in result.message and "« essentiel »" in result.message
    evidence = result.evidence[0]
    assert evidence.text == UNRULY
    assert letter[evidence.start : evidence.end] == UNRULY
    assert 0.5 < evidence.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Je vous prie d'agréer, Madame, mes salutations distinguées.", CheckCode.MOTIVATION),
        ("Veuillez trouver ci-joint notre dossier de candidature.", CheckCode.OBJECTIVES),
        (
            "Les objectifs seront précisés ultérieurement avec nos partenaires.",
            CheckCode.OBJECTIVES,
        ),
        ("Nous ne prévoyons pas de créer de nouveaux locaux commerciaux.", CheckCode.OBJECTIVES),
        ("Nous ne souhaitons pas nous engager sur des résultats.", CheckCode.MOTIVATION),
        (
            "Nos quartiers prioritaires souffrent d'un chômage élevé.",
            CheckCode.QUARTIER_JUSTIFICATION,
        ),
        (
            "Le quartier de Saige ne souffre pas de vacance commerciale.",
            CheckCode.QUARTIER_JUSTIFICATION,
        ),
        ("Objectifs :", CheckCode.OBJECTIVES),
    ],
)
def test_guards_veto_the_classifier_even_when_it_is_certain(
    text: str, code: CheckCode, nlp: Language, qpv: QpvIndex
) -> None:
    result = _status(text, code, nlp, qpv, _uniform(30.0))
    assert result.status == CheckStatus.MISSING, result.message


def test_classifier_only_finding_below_the_strong_probability_is_a_warning_to_confirm(
    nlp: Language, qpv: QpvIndex
) -> None:
    model = _uniform(0.5, threshold=0.5, strong=0.9)  # every unit at p = 0.62
    result = _status(UNRULY, CheckCode.MOTIVATION, nlp, qpv, model)
    assert result.status == CheckStatus.WARNING
    assert "à confirmer" in result.message
    assert result.evidence[0].confidence == pytest.approx(0.622, abs=1e-3)


def test_classifier_only_finding_above_the_strong_probability_is_ok(
    nlp: Language, qpv: QpvIndex
) -> None:
    model = _uniform(3.0, threshold=0.5, strong=0.9)  # every unit at p = 0.95
    result = _status(UNRULY, CheckCode.MOTIVATION, nlp, qpv, model)
    assert result.status == CheckStatus.OK
    assert "à confirmer" not in result.message


def test_rule_finding_is_quoted_before_a_classifier_finding(nlp: Language, qpv: QpvIndex) -> None:
    ruled = "La ville souhaite ouvrir une boutique à l'essai pour les créateurs du quartier."
    result = _status(f"{UNRULY}\n\n{ruled}", CheckCode.MOTIVATION, nlp, qpv, _uniform(30.0))
    assert result.status == CheckStatus.OK
    assert result.evidence[0].text == ruled
    assert "modèle statistique" not in result.message.split(":")[0]


def test_quartier_names_are_masked_and_figures_near_them_noted(
    nlp: Language, qpv: QpvIndex
) -> None:
    text = "Le quartier de Saige compte 40 % de chômeurs."
    names = NameFinder(e.name for e in qpv.entries)
    analysis = analyse(nlp(text), text, names)
    features = unit_features(analysis.units[0], analysis.mentions[0])
    assert {"w:<qpv>", "q:named", "num:near_q", "pct", "lex:reason"} <= set(features)
    assert not any("saige" in f for f in features)


def test_logistic_regression_is_deterministic_and_learns_a_separable_rule() -> None:
    rows = [[0, 2], [0, 3], [1, 2], [1, 3]] * 5
    y = np.array([1.0, 1.0, 0.0, 0.0] * 5)
    x = Binary.from_rows(rows, 4)
    w1, b1 = fit(x, y, l2=1.0)
    w2, b2 = fit(x, y, l2=1.0)
    assert np.array_equal(w1, w2) and b1 == b2
    p = sigmoid(x.dot(w1) + b1)
    assert np.all((p > 0.5) == (y == 1.0))


def test_missing_model_file_is_a_configuration_error_saying_how_to_rebuild(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_model(tmp_path / "absent.json")
    assert "python -m pipeline.checks.train" in caught.value.message_fr


def test_training_reads_neither_heldout_nor_blind_records() -> None:
    splits = {record["split"] for record in load_training()}
    assert splits == {"dev", "train"}


def test_retraining_reproduces_the_shipped_model(nlp: Language, qpv: QpvIndex) -> None:
    """Deterministic training: same thresholds, same weights (to 1e-3), same decisions."""
    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    retrained = train(nlp, qpv)
    if model_text(retrained) == MODEL_PATH.read_text(encoding="utf-8"):
        return
    examples, _ = build_examples(load_training(), nlp, qpv)
    for statement in Statement:
        old, new = shipped["labels"][statement.value], retrained["labels"][statement.value]
        assert (old["threshold"], old["strong"], old["l2"]) == (
            new["threshold"],
            new["strong"],
            new["l2"],
        )
        vocab = sorted(set(old["weights"]) | set(new["weights"]))
        gap = max(abs(old["weights"].get(f, 0.0) - new["weights"].get(f, 0.0)) for f in vocab)
        assert gap < 1e-3, statement
        x = matrix(examples, vocab)
        decide = [
            sigmoid(x.dot(np.array([m["weights"].get(f, 0.0) for f in vocab])) + m["bias"])
            >= m["threshold"]
            for m in (old, new)
        ]
        assert np.array_equal(decide[0], decide[1]), statement


def test_train_check_mode_reports_a_stale_model_file(tmp_path: Path) -> None:
    stale = tmp_path / "model.json"
    stale.write_text("{}\n", encoding="utf-8")
    assert train_main(["--out", str(stale), "--check", "--quiet"]) == 1
    assert stale.read_text(encoding="utf-8") == "{}\n"
