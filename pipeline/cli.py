"""The `ami-intake` command: thin verbs over library functions; errors become French messages here.

Exit codes: 0 the run worked (incomplete applications are not a failure); 1 the source could not be
read completely or messages failed; 2 bad settings; 3 another run holds the lock.
"""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from pipeline.campaign import load_campaign
from pipeline.errors import AmiIntakeError, ConfigError, LockError
from pipeline.run import RunSummary, run
from pipeline.settings import Settings, load_settings
from pipeline.sources.files import read_paths

app = typer.Typer(
    help="ami-intake : transforme la boîte de réception d'un appel à manifestation d'intérêt "
    "en candidatures vérifiées et structurées.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
SAMPLE_INBOX = Path(__file__).resolve().parents[1] / "fixtures" / "sample_inbox"

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Dossier des données (défaut : AMI_INTAKE_DATA_DIR ou ./ami-data)."
    ),
]
ConfigFile = Annotated[
    Path | None, typer.Option("--config", help="Fichier de réglages TOML (section [imap]).")
]
CampaignFile = Annotated[
    Path | None,
    typer.Option("--campaign", help="Fichier TOML décrivant l'appel (défaut : AMI 2016)."),
]
FailFast = Annotated[
    bool, typer.Option("--fail-fast", help="S'arrêter à la première erreur (tests, débogage).")
]


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    ODS = "ods"
    ZIP = "zip"


def _settings(
    data_dir: Path | None, config: Path | None, campaign: Path | None, fail_fast: bool = False
) -> Settings:
    return load_settings(
        config, data_dir=data_dir, campaign_file=campaign, fail_fast=fail_fast or None
    )


def _setup_logging(settings: Settings) -> None:
    """Operators' log: a file in the data directory, and stderr (looked up at each write)."""
    log_dir = settings.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    to_file = logging.FileHandler(log_dir / "ami-intake.log", encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    to_screen = RichHandler(console=console, show_path=False, level=logging.WARNING)
    logging.basicConfig(level=logging.INFO, handlers=[to_file, to_screen], force=True)
    for noisy in ("pdfminer", "pypdf", "PIL"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _fail(exc: AmiIntakeError) -> typer.Exit:
    logging.getLogger("ami-intake").error("%s: %s", type(exc).__name__, exc)
    console.print(f"[bold red]Erreur :[/] {exc.message_fr}")
    code = 3 if isinstance(exc, LockError) else 2 if isinstance(exc, ConfigError) else 1
    return typer.Exit(code)


def _print_summary(summary: RunSummary) -> None:
    table = Table(title=f"Passage terminé ({summary.source})", show_header=False)
    table.add_row("Messages lus", str(summary.fetched))
    table.add_row("Nouveaux messages archivés", str(summary.new_messages))
    table.add_row("Messages traités", str(summary.processed))
    table.add_row("Messages en échec (repris au prochain passage)", str(summary.failed))
    table.add_row("Candidatures", str(summary.applications))
    table.add_row("Messages sans rapport", str(summary.unrelated))
    if summary.report_path:
        table.add_row("Rapport", str(summary.report_path))
    console.print(table)
    for sha, message in summary.failures:
        console.print(f"[yellow]Échec[/] {sha[:12]} : {message}")
    if summary.source_error:
        console.print(f"[bold red]Source interrompue :[/] {summary.source_error}")


def _finish(summary: RunSummary) -> None:
    _print_summary(summary)
    if not summary.ok or summary.failed:
        raise typer.Exit(1)


@app.command("run")
def run_command(
    data_dir: DataDir = None,
    config: ConfigFile = None,
    campaign: CampaignFile = None,
    fail_fast: FailFast = False,
) -> None:
    """Relever la boîte IMAP (sinon la boîte d'exemple), traiter, écrire le rapport."""
    try:
        settings = _settings(data_dir, config, campaign, fail_fast)
        _setup_logging(settings)
        the_campaign = load_campaign(settings.campaign_file)
        imap = settings.imap
        if imap is None:
            console.print(
                f"Pas de boîte IMAP configurée : traitement de la boîte d'exemple {SAMPLE_INBOX}."
            )
            summary = run(settings, the_campaign, "exemple", lambda _: read_paths([SAMPLE_INBOX]))
        else:
            from pipeline.sources.imap import poll

            summary = run(
                settings, the_campaign, imap.mailbox_key, lambda ledger: poll(imap, ledger)
            )
    except AmiIntakeError as exc:
        raise _fail(exc) from exc
    _finish(summary)


@app.command("import")
def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Fichiers .eml, dossiers, Maildir ou mbox.")],
    data_dir: DataDir = None,
    config: ConfigFile = None,
    campaign: CampaignFile = None,
    fail_fast: FailFast = False,
) -> None:
    """Importer des messages depuis des fichiers (.eml, dossier, Maildir, mbox) et les traiter."""
    try:
        settings = _settings(data_dir, config, campaign, fail_fast)
        _setup_logging(settings)
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise ConfigError(f"Chemin introuvable : {', '.join(map(str, missing))}.")
        summary = run(
            settings, load_campaign(settings.campaign_file), "fichiers", lambda _: read_paths(paths)
        )
    except AmiIntakeError as exc:
        raise _fail(exc) from exc
    _finish(summary)


@app.command("export")
def export_command(
    format: Annotated[
        ExportFormat, typer.Option("--format", help="json, csv, xlsx, ods ou zip.")
    ] = ExportFormat.JSON,
    out: Annotated[
        Path | None, typer.Option("--out", help="Fichier de sortie (défaut : écran pour json).")
    ] = None,
    excel_fr: Annotated[
        bool, typer.Option("--excel-fr", help="CSV séparé par « ; » pour Excel en français.")
    ] = False,
    application: Annotated[
        str | None,
        typer.Option("--application", help="Avec --format zip : le dossier d'une candidature."),
    ] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
    campaign: CampaignFile = None,
) -> None:
    """Exporter les candidatures : contrat JSON, CSV, XLSX, ODS, ZIP (campagne ou candidature)."""
    from pipeline.exporting import export

    try:
        settings = _settings(data_dir, config, campaign)
        text = export(
            settings,
            load_campaign(settings.campaign_file),
            format.value,
            out,
            excel_fr=excel_fr,
            application_id=application,
        )
    except AmiIntakeError as exc:
        raise _fail(exc) from exc
    if text is not None:
        sys.stdout.write(text)
    else:
        console.print(f"Export écrit : {out}")


@app.command("report")
def report_command(
    out: Annotated[
        Path | None, typer.Option("--out", help="Dossier du rapport (défaut : DONNÉES/report).")
    ] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
    campaign: CampaignFile = None,
) -> None:
    """Écrire le rapport de complétude HTML à partir des données enregistrées."""
    from pipeline.publish import write_campaign_report
    from pipeline.store import Store

    try:
        settings = _settings(data_dir, config, campaign)
        store = Store(settings.db_path)
        path = write_campaign_report(settings, store, load_campaign(settings.campaign_file), out)
        store.close()
    except AmiIntakeError as exc:
        raise _fail(exc) from exc
    console.print(f"Rapport écrit : {path}")


@app.command("status")
def status_command(data_dir: DataDir = None, config: ConfigFile = None) -> None:
    """Afficher l'état : messages par état, échecs, dernier passage réussi."""
    from pipeline.store import Store

    try:
        settings = _settings(data_dir, config, None)
        store = Store(settings.db_path)
    except AmiIntakeError as exc:
        raise _fail(exc) from exc
    counts = store.ledger.counts()
    table = Table(title="État d'ami-intake")
    table.add_column("Élément")
    table.add_column("Valeur", justify="right")
    for state, label in (
        ("processed", "Messages traités"),
        ("failed", "Messages en échec"),
        ("pending", "Messages en attente"),
        ("claimed", "Messages en cours"),
    ):
        table.add_row(label, str(counts.get(state, 0)))
    table.add_row("Candidatures", str(len(store.records.applications())))
    last = store.records.last_successful_poll()
    table.add_row("Dernier passage réussi", last.isoformat() if last else "jamais")
    console.print(table)
    for sha, message_id, error_fr, attempts in store.ledger.failures():
        console.print(
            f"[yellow]Échec[/] {message_id or sha[:12]} ({attempts} essai(s)) : {error_fr}"
        )
    store.close()


@app.command("reprocess")
def reprocess_command(
    data_dir: DataDir = None, config: ConfigFile = None, campaign: CampaignFile = None
) -> None:
    """Tout recalculer depuis l'archive (sans toucher à la boîte aux lettres)."""
    from pipeline.store import Store

    try:
        settings = _settings(data_dir, config, campaign)
        _setup_logging(settings)
        store = Store(settings.db_path)
        store.ledger.reset_for_reprocess()
        store.close()
        summary = run(
            settings,
            load_campaign(settings.campaign_file),
            "archive",
            lambda _: [],
            force_regroup=True,
        )
    except AmiIntakeError as exc:
        raise _fail(exc) from exc
    _finish(summary)


@app.command("qpv-load")
def qpv_load_command(
    file: Annotated[Path, typer.Argument(help="Liste officielle des QPV (CSV ou GeoJSON).")],
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Charger la liste officielle des quartiers prioritaires (remplace la liste partielle)."""
    from pipeline.reference import install_official_qpv

    try:
        settings = _settings(data_dir, config, None)
        if not file.exists():
            raise ConfigError(f"Fichier introuvable : {file}.")
        count = install_official_qpv(settings, file)
    except AmiIntakeError as exc:
        raise _fail(exc) from exc
    console.print(
        f"Liste officielle chargée : {count} quartiers. Les candidatures seront revérifiées "
        "au prochain passage."
    )


class EvaluationTarget(StrEnum):
    FIELDS = "fields"
    CHECKS = "checks"


@app.command("evaluate")
def evaluate_command(
    target: Annotated[
        EvaluationTarget,
        typer.Argument(help="fields : extraction des champs ; checks : contrôles du courrier."),
    ],
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help="Pour checks : dev, heldout, blind... ou all. Pour fields : le jeu "
            "fixtures/extraction_<nom> (eval, heldout, dev2, blind...).",
        ),
    ] = "",
) -> None:
    """Mesurer précision, rappel et F1 sur les jeux étiquetés de fixtures/."""
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    if target == EvaluationTarget.FIELDS:
        from pipeline.evaluate_extraction import evaluate_extraction, print_report

        root = fixtures / f"extraction_{split or 'eval'}"
        if not (root / "labels.json").is_file():
            raise _fail(ConfigError(f"Jeu d'évaluation introuvable : {root}."))
        print_report(evaluate_extraction(root=root), Console())
    else:
        from pipeline.evaluate import evaluate_checks, print_table

        print_table(evaluate_checks(fixtures / "nlp_eval", split or "heldout"), Console())


def main() -> None:  # pragma: no cover - console script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
