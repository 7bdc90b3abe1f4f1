"""The `export` verb: the stored applications in the contract's JSON or a committee format."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pipeline.contract import to_contract
from pipeline.errors import ConfigError
from pipeline.settings import Settings
from pipeline.store import Store
from schemas import Campaign


def export(
    settings: Settings,
    campaign: Campaign,
    fmt: str,
    out: Path | None,
    *,
    excel_fr: bool = False,
    application_id: str | None = None,
) -> str | None:
    """Write the export to `out` (atomically); JSON without `out` is returned as text."""
    store = Store(settings.db_path)
    try:
        applications = store.records.applications()
        unrelated = store.records.unrelated()
    finally:
        store.close()
    if fmt == "json":
        text = json.dumps(
            to_contract(campaign, applications, unrelated), ensure_ascii=False, indent=2
        )
        if out is None:
            return text + "\n"
        _atomic_write(out, (text + "\n").encode("utf-8"))
        return None
    if out is None:
        raise ConfigError(f"L'export {fmt} demande un fichier de sortie : ajoutez --out FICHIER.")
    from pipeline import exports

    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        exports.write_csv(applications, out, excel_fr=excel_fr)
    elif fmt == "xlsx":
        exports.write_xlsx(applications, out)
    elif fmt == "ods":
        exports.write_ods(applications, out)
    elif fmt == "zip" and application_id:
        from pipeline.bundle import write_application_bundle

        write_application_bundle(settings, campaign, application_id, out)
    elif fmt == "zip":
        from pipeline.bundle import write_campaign_bundle

        write_campaign_bundle(settings, campaign, out)
    else:
        raise ConfigError(f"Format d'export inconnu : {fmt}.")
    return None


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
