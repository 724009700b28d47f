"""The minimal app plus pydantic: how much of hiptimer's start-up and memory the design fixes.

hiptimer validates config.toml and every routine file with pydantic (the design names it), and the
picker shows validated routines, so each start pays for importing pydantic and building validators
before its first paint. This is `minimal_app.py` with only that added: one settings-sized model,
validated before the app runs. It is a second reference beside the minimal app, not a target.
"""

from __future__ import annotations

from minimal_app import MinimalApp
from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    """About the size of hiptimer's own settings model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: str = "hiptimer"
    sound: bool = True
    voice: bool = False
    weekly_goal: int = Field(3, ge=1, le=14)
    rest: float = Field(60.0, ge=0)
    keymap: dict[str, str] = Field(default_factory=dict)


if __name__ == "__main__":
    Settings.model_validate({"theme": "nord", "weekly_goal": 4})
    MinimalApp().run()
