"""The command line: every verb has help, and errors reach staff in French with an exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()
COMMANDS = ["run", "import", "export", "report", "status", "reprocess", "qpv-load"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--data-dir" in result.output


def test_top_level_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


def test_import_of_a_missing_path_is_a_config_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["import", str(tmp_path / "absent.eml"), "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "Chemin introuvable" in result.output


def test_bad_campaign_file_is_refused_before_anything_runs(tmp_path: Path) -> None:
    bad = tmp_path / "campagne.toml"
    bad.write_text("name = \n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--campaign", str(bad), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "campagne" in result.output.lower()
    assert not (tmp_path / "d" / "ami-intake.sqlite3").exists()


def test_export_of_a_binary_format_needs_an_output_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "xlsx", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "--out" in result.output


def test_status_of_an_empty_data_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "jamais" in result.output


def test_import_verb_reads_eml_files_and_reports_counts(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "fixtures" / "sample_inbox"
    files = sorted(sample.glob("unrelated-*.eml"))
    result = runner.invoke(app, ["import", *map(str, files), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Messages sans rapport" in result.output
    export = runner.invoke(app, ["export", "--data-dir", str(tmp_path)])
    assert export.exit_code == 0
    assert '"applications": []' in export.stdout
    assert export.stdout.count("@") >= len(files)


def test_evaluate_has_help_naming_both_targets() -> None:
    result = runner.invoke(app, ["evaluate", "--help"])
    assert result.exit_code == 0
    assert "fields" in result.output and "checks" in result.output


def test_evaluate_fields_on_a_set_that_does_not_exist_says_so_in_french() -> None:
    result = runner.invoke(app, ["evaluate", "fields", "--split", "inexistant"])
    assert result.exit_code == 2
    assert "Jeu d'évaluation introuvable" in result.output
    assert "extraction_inexistant" in result.output
