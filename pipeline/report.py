"""The completeness report: one self-contained French HTML page the referents open after each run.

Everything that came from a mail is escaped by Jinja2's autoescape; a Content-Security-Policy
that allows only the page's own script (by hash) is a second lock should escaping ever fail.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipeline.report_data import (
    CHECK_LABELS,
    COMPLETENESS_DEFINITION,
    COMPLETENESS_LABELS,
    Completeness,
    Correction,
    ReportData,
    counts,
    french_datetime,
    local_time,
)
from pipeline.report_views import (
    application_view,
    build_views,
    campaign_zone,
    poll_is_stale,
)
from schemas import Application, Campaign

_TEMPLATES = Path(__file__).parent / "templates"
_SCRIPT = _TEMPLATES / "_report_script.js.html"


def render_report(data: ReportData) -> str:
    """The whole report page."""
    views = build_views(data.applications, data)
    by_state = {s: [v for v in views if v.state == s.value] for s in Completeness}
    return _render(
        "report.html",
        data=data,
        campaign=data.campaign,
        views=views,
        by_state=by_state,
        late=[v for v in views if not v.app.on_time],
        unrelated=sorted(data.unrelated, key=lambda u: local_time(u.received_at)),
        counts=counts(data.applications, data.unrelated),
        stale=poll_is_stale(data.last_successful_poll, data.generated_at),
    )


def render_application_page(
    app: Application,
    *,
    campaign: Campaign | None,
    generated_at: datetime,
    archive_links: Mapping[str, str] | None = None,
    corrections: Sequence[Correction] = (),
    notes: Sequence[str] = (),
) -> str:
    """One application on its own printable page, with the same partial as the report."""
    view = application_view(
        app, campaign_zone(campaign), archive_links or {}, list(corrections), list(notes), set()
    )
    return _render(
        "application.html", campaign=campaign, view=view, generated_at=generated_at, app=app
    )


def write_report(data: ReportData, out_dir: Path) -> Path:
    """Write out_dir/index.html atomically, so a reader never sees half a page."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    write_bytes_atomically(target, render_report(data).encode("utf-8"))
    return target


def write_bytes_atomically(target: Path, payload: bytes) -> None:
    """Temporary file in the same directory, fsync, then rename over the target."""
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fr_datetime"] = french_datetime
    env.filters["lcfirst"] = lambda text: text[:1].lower() + text[1:]
    env.globals.update(
        check_labels=CHECK_LABELS,
        definition=COMPLETENESS_DEFINITION,
        completeness_labels=COMPLETENESS_LABELS,
    )
    return env


@cache
def _script() -> tuple[Markup, str]:
    """The page's own script and its CSP hash; only this exact script may run."""
    code = _SCRIPT.read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
    return Markup(code), f"'sha256-{digest}'"


def _render(template: str, **context: object) -> str:
    script, script_hash = _script()
    return (
        _environment()
        .get_template(template)
        .render(script=script, script_hash=script_hash, **context)
    )
