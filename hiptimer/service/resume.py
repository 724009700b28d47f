"""The resume offer: an unfinished session found at start-up, and the runner's three answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiptimer.service.session import Session

__all__ = ["ResumeChoice", "ResumeOffer", "stopped_when"]


class ResumeChoice(StrEnum):
    """What the runner answered the resume offer."""

    RESUME = "resume"
    """Carry on at the first set not done."""
    DISCARD = "discard"
    """Close the session; its sets stay in the history."""
    LATER = "later"
    """Ask again at the next start: the session stays unfinished."""


@dataclass(frozen=True)
class ResumeOffer:
    """An unfinished session that can be carried on, and what to say about it."""

    text: str
    """ "Resume Couch stretch: Couch stretch, set 1/2, RIGHT"."""
    detail: str
    """ "Stopped today at 07:12, 3 of 8 sets done"."""
    _resume: Callable[[], Session]
    _discard: Callable[[], None]
    _later: Callable[[], None] = lambda: None
    """Let the session go for now: another window may offer it (its owner ended)."""

    def answer(self, choice: ResumeChoice) -> Session | None:
        """Act on the runner's answer; the session to run when it was to resume."""
        if choice is ResumeChoice.RESUME:
            return self._resume()
        if choice is ResumeChoice.DISCARD:
            self._discard()
        else:
            self._later()
        return None


def stopped_when(moment: datetime, now: datetime) -> str:
    """When a session stopped, as the runner would say it: "today at 07:12", "yesterday at
    18:40", "on Wed 18 Nov at 07:05". Both in local time."""
    local, today = moment.astimezone(), now.astimezone().date()
    clock = local.strftime("%H:%M")
    days = (today - local.date()).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"yesterday at {clock}"
    return f"on {local:%a} {local.day} {local:%b} at {clock}"
