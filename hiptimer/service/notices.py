"""A message for the runner from outside the screens: the app shows it as a toast."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Notice", "NoticeSink", "Severity"]

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class Notice:
    """Something the runner should read: history off for this run, a failed save."""

    text: str
    title: str = ""
    severity: Severity = "information"
    timeout: float = 10


NoticeSink = Callable[[Notice], None]
"""Where the service sends its notices; the app turns each into a toast."""
