"""The session service: what the screens ask of hiptimer, answered without Textual.

Settings and the plan defaults they give, estimates, starting and resuming a session with its
log, the resume offer, saving settings and changing the runner's routine files all live here,
so they can be tested without a screen.
"""

from hiptimer.service.notices import Notice, Severity
from hiptimer.service.own_routines import LibraryShown, OwnRoutines
from hiptimer.service.resume import ResumeChoice, ResumeOffer, stopped_when
from hiptimer.service.session import RunOptions, Session, SessionService

__all__ = [
    "LibraryShown",
    "Notice",
    "OwnRoutines",
    "ResumeChoice",
    "ResumeOffer",
    "RunOptions",
    "Session",
    "SessionService",
    "Severity",
    "stopped_when",
]
