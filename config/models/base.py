"""The strict base every configuration model derives from: unknown keys are errors."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A configuration model that rejects unknown keys and is immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)
