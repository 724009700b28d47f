"""One measured figure beside the reference measured in the same run, and the table they make."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A measurement, its same-run reference, and whether the issue's target is met."""

    what: str
    measured: str
    reference: str
    ratio: str
    target: str
    met: bool

    @property
    def row(self) -> str:
        verdict = "yes" if self.met else "**no**"
        cells = (self.what, self.measured, self.reference, self.ratio, self.target, verdict)
        return "| " + " | ".join(cells) + " |"


HEADER = (
    "| Figure | Measured | Reference (same run) | Ratio | Target | Met? |\n"
    "|---|---:|---|---:|---|---|"
)


def table(figures: list[Figure]) -> str:
    return "\n".join([HEADER, *(figure.row for figure in figures)])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"
