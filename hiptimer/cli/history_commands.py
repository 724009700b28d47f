"""Commands for historys (filled in by the history work)."""

from __future__ import annotations

from typing import Any

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add this group's subcommands."""
