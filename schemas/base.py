"""Shared base model: frozen, strict about unknown keys, as every boundary model is."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Immutable model that refuses unknown keys, so a typo never passes silently."""

    model_config = ConfigDict(frozen=True, extra="forbid")
