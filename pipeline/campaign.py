"""Loading the campaign being answered: the built-in 2016 AMI, or a TOML file for the next call."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from pipeline.errors import ConfigError
from schemas import Campaign

DEFAULT_CAMPAIGN = "campaign_ami_2016.toml"


def load_campaign(path: Path | None = None) -> Campaign:
    """The campaign in `path`, or the built-in default; a bad file is a ConfigError in French."""
    try:
        if path is None:
            text = resources.files("pipeline.data").joinpath(DEFAULT_CAMPAIGN).read_text("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return Campaign.model_validate(tomllib.loads(text))
    except OSError as exc:
        raise ConfigError(
            f"Fichier de campagne introuvable ou illisible : {path}.", str(exc)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Fichier de campagne mal formé (TOML) : {path} ({exc}).") from exc
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
        raise ConfigError(
            f"Fichier de campagne incomplet ou invalide : {path} (champs : {fields}).", str(exc)
        ) from exc
