"""A problem in a routine file, fit to print on one line, and the error that carries them all.

What turns a pydantic error into such a line is `explain`, loaded only when a file is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["RoutineFileError", "RoutineProblem"]


@dataclass(frozen=True)
class RoutineProblem:
    """One thing wrong with a routine file, fit to print on one line."""

    file: str
    where: str
    """ 'exercise 2 ("Hip hitch") → hold', or "" for the file as a whole."""
    message: str
    line: int | None = None
    """The line of the file the problem is on (counting from 1), None for the file as a whole."""

    def __str__(self) -> str:
        return f"{self.file}{self.line_text}: {self.detail}"

    @property
    def line_text(self) -> str:
        """ ":12", the compilers' way, so an editor or grep can jump to it; "" for no line."""
        return f":{self.line}" if self.line is not None else ""

    @property
    def detail(self) -> str:
        """The problem without the file's name: where in the file, and what is wrong."""
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.message}"


class RoutineFileError(Exception):
    """A routine file that cannot be used, with every problem found in it."""

    def __init__(self, file: str, problems: Sequence[RoutineProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.file = file
        self.problems = tuple(problems)

    @classmethod
    def single(cls, file: str, message: str, line: int | None = None) -> RoutineFileError:
        return cls(file, [RoutineProblem(file, "", message, line)])
