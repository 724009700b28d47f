"""The one exception a command raises for a problem the user can fix."""

from __future__ import annotations

__all__ = ["CommandError"]


class CommandError(Exception):
    """Printed as one line, with no traceback; `exit_code` is what the process exits with."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
