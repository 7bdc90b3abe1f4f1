"""Layouts met in extraction_blind9 (after its one blind run): form boxes drawn over rubrics."""

from __future__ import annotations

from format_samples import DESCRIPTION, DIFFICULTIES, boxed_rubric_acroform_pdf

from extractors.bulletin import extract_bulletin
from extractors.pdf import read_pdf


def test_answer_of_a_box_drawn_over_its_rubric_is_written_under_the_label() -> None:
    # The box covers « Description … : » and its dotted lines; drawn from the box's top, the
    # answer's letters fell between the label's and both became unreadable.
    lines = read_pdf(boxed_rubric_acroform_pdf(), use_ocr=False).pages[0].text.splitlines()
    assert lines[:4] == [
        "Description du projet ou de l'action :",
        DESCRIPTION,
        "Difficultés rencontrées et questions à traiter :",
        DIFFICULTIES,
    ]


def test_answer_of_a_one_line_box_drawn_over_its_label_follows_the_label() -> None:
    lines = read_pdf(boxed_rubric_acroform_pdf(), use_ocr=False).pages[0].text.splitlines()
    assert lines[4] == "Titre du projet : Boutique éphémère"


def test_rubrics_under_boxes_drawn_over_them_are_read_as_the_bulletin() -> None:
    bulletin = extract_bulletin(
        read_pdf(boxed_rubric_acroform_pdf(), use_ocr=False), "bulletin.pdf"
    )
    assert bulletin.description == DESCRIPTION
    assert bulletin.difficulties == DIFFICULTIES
    assert bulletin.project_title == "Boutique éphémère"
