"""The session service: what the screens ask of hiptimer, answered without Textual.

Settings and the plan defaults they give, estimates, starting and resuming a session with its
log, the resume offer and saving settings all live here, so they can be tested without a screen.
"""

from hiptimer.service.notices import Notice, Severity
from hiptimer.service.resume import ResumeChoice, ResumeOffer, stopped_when
from hiptimer.service.session import Session, SessionService

__all__ = [
    "Notice",
    "ResumeChoice",
    "ResumeOffer",
    "Session",
    "SessionService",
    "Severity",
    "stopped_when",
]
