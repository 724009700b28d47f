"""Commands for routines (filled in by the routine work)."""

from __future__ import annotations

from typing import Any

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add this group's subcommands."""
