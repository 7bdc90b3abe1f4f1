"""Reference data staff can replace without a code change: the official QPV list.

The product ships a partial list (pipeline/data/qpv_aquitaine.csv). Staff load the official open
data file (CSV or GeoJSON) once with `ami-intake qpv-load FILE`; it is validated, kept in the data
directory, and from then on layered over the shipped list for the years it covers.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.qpv import QpvIndex
from pipeline.settings import Settings

_STEM = "qpv-officiel"


def official_qpv_path(settings: Settings) -> Path | None:
    folder = settings.data_dir / "reference"
    for suffix in (".csv", ".geojson", ".json"):
        path = folder / f"{_STEM}{suffix}"
        if path.exists():
            return path
    return None


def install_official_qpv(settings: Settings, source: Path) -> int:
    """Validate and keep the official file; returns how many quartiers it lists."""
    suffix = source.suffix.lower()
    if suffix not in {".csv", ".geojson", ".json"}:
        raise ConfigError(
            f"Fichier QPV non reconnu : {source.name}. Fournissez le CSV ou le GeoJSON officiel."
        )
    try:
        index = QpvIndex.from_file(source)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(
            f"Fichier QPV illisible : {source.name}. Vérifiez qu'il s'agit bien de la liste "
            "officielle (colonnes code_qp / nom_qp / commune_qp).",
            str(exc),
        ) from exc
    if not index.entries:
        raise ConfigError(f"Le fichier {source.name} ne contient aucun quartier reconnu.")
    folder = settings.data_dir / "reference"
    folder.mkdir(parents=True, exist_ok=True)
    previous = official_qpv_path(settings)
    if previous is not None:
        previous.unlink()
    tmp = folder / f".{_STEM}{suffix}.tmp"
    shutil.copyfile(source, tmp)
    tmp.replace(folder / f"{_STEM}{suffix}")
    return len(index.entries)


def load_qpv_index(settings: Settings) -> QpvIndex:
    """The shipped list, with the official one layered over it when staff loaded it."""
    builtin = QpvIndex.builtin()
    path = official_qpv_path(settings)
    return builtin if path is None else builtin.with_official(QpvIndex.from_file(path))


def reference_fingerprint(settings: Settings) -> str:
    """Changes when staff load another official list, so applications are re-checked."""
    path = official_qpv_path(settings)
    if path is None:
        return "builtin"
    return hashlib.sha256(path.read_bytes()).hexdigest()
