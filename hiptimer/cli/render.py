"""Rich renderings of routines for the terminal: the library table and one routine's whole plan."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rich import box
from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from hiptimer.routines import (
    Block,
    BlockStyle,
    Exercise,
    LoadedRoutine,
    PlanDefaults,
    RoutineLibrary,
    StepKind,
    build_plan,
    estimate_seconds,
    format_clock,
    format_duration,
)

__all__ = ["ESTIMATE_RULES", "library_table", "minutes", "origin_label", "routine_plan"]

ESTIMATE_RULES = (
    "holds at their longest, 3s a rep without a tempo, the fewest sets or rounds of a range"
)
"""What the estimate assumes, in a runner's words (the numbers live in PlanDefaults)."""

_Pauses = dict[tuple[int, int], dict[StepKind, float]]


def minutes(seconds: float) -> str:
    """An estimate as the list shows it: whole minutes, never "0 min"."""
    return f"{max(1, round(seconds / 60))} min"


def origin_label(loaded: LoadedRoutine) -> str:
    if loaded.replaces_builtin:
        return "user, replaces built-in"
    return str(loaded.origin)


WIDE = 110
"""Below this many columns `list` leaves out equipment and source (`show` has them)."""


def library_table(
    library: RoutineLibrary, width: int = WIDE, seconds: Mapping[str, float] | None = None
) -> Table:
    """One row per routine, sorted by id; the time is `seconds[id]` where given (today's dose,
    `SessionService.todays_seconds`), else of the file."""
    seconds = seconds or {}
    wide = width >= WIDE
    table = Table(title="Routines", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("ID", no_wrap=True, style="bold")
    table.add_column("Name")
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("Exercises", justify="right", no_wrap=True)
    if wide:
        table.add_column("Equipment")
        table.add_column("Source")
    table.add_column("From")
    for routine_id in sorted(library.routines):
        loaded = library.routines[routine_id]
        routine = loaded.routine
        where = [Text(", ".join(routine.equipment) or "—"), Text(routine.source or "—")]
        table.add_row(
            Text(routine_id),
            Text(routine.name),
            minutes(seconds[routine_id] if routine_id in seconds else estimate_seconds(routine)),
            str(len(routine.exercises)),
            *(where if wide else []),
            origin_label(loaded),
        )
    return table


def routine_plan(
    loaded: LoadedRoutine, today: float | None = None, defaults: PlanDefaults | None = None
) -> Group:
    """The whole routine as its file has it: its header, each block and each exercise with its
    dose and cues. `today` is how long a session of it runs today (the coach's dose, what the
    picker and the preview say); the header gives it first, then the file's own length."""
    return Group(*_header(loaded, today, defaults or PlanDefaults()), *_blocks(loaded))


def _header(loaded: LoadedRoutine, today: float | None, defaults: PlanDefaults) -> Iterator[Text]:
    routine = loaded.routine
    yield Text.assemble((routine.name, "bold"), f"  ({loaded.id}, {origin_label(loaded)})")
    if routine.summary:
        yield Text(routine.summary)
    if routine.source:
        yield Text(f"Source: {routine.source}")
    if routine.equipment:
        yield Text(f"Equipment: {', '.join(routine.equipment)}")
    if routine.tags:
        yield Text(f"Tags: {', '.join(routine.tags)}")
    yield Text(f"Get ready: {_given(routine.get_ready, defaults.get_ready)} before timed work")
    total = estimate_seconds(routine, defaults)
    if today is not None:
        yield Text.assemble(
            ("Today: ", "bold"),
            f"about {minutes(today)} ({format_clock(today)}), at today's targets "
            f"(`hiptimer today --routine {loaded.id}`): what a session of it runs",
        )
    yield Text.assemble(
        ("The file's dose below: " if today is not None else "Estimated time: ", "bold"),
        f"about {minutes(total)} ({format_clock(total)}); {ESTIMATE_RULES}",
    )
    if routine.notes:
        yield Text(f"Notes: {routine.notes}")


def _blocks(loaded: LoadedRoutine) -> Iterator[Text | Padding]:
    routine = loaded.routine
    pauses = _pauses_after(loaded)
    for block_index, block in enumerate(routine.blocks):
        yield Text("")
        if routine.block is not None:
            yield _block_heading(block_index, block)
        for exercise_index, exercise in enumerate(block.exercise):
            number = exercise_index + 1
            yield Text.assemble((f"{number}. {exercise.name}", "bold"))
            body = _exercise_lines(exercise, pauses.get((block_index, exercise_index), {}))
            yield Padding(Group(*body), (0, 0, 0, 3), expand=False)


def _block_heading(index: int, block: Block) -> Text:
    defaults = PlanDefaults()
    title = f"Block {index + 1}" + (f": {block.name}" if block.name else "")
    if block.style is BlockStyle.CIRCUIT:
        detail = (
            f"circuit, {block.round_count} rounds; "
            f"rest {_given(block.rest, defaults.rest)} between rounds, "
            f"{_given(block.rest_between, defaults.rest_between)} between exercises"
        )
    else:
        detail = "straight: all sets of one exercise, then the next"
    return Text.assemble((title, "bold underline"), f" ({detail})")


def _exercise_lines(exercise: Exercise, pauses: dict[StepKind, float]) -> Iterator[Text]:
    dose = [exercise.describe_target()]
    if exercise.tempo is not None:
        dose.append(f"tempo {exercise.tempo} (up-pause-down)")
    if exercise.load:
        dose.append(f"load {exercise.load}")
    if StepKind.SWITCH in pauses:
        dose.append(f"switch {format_duration(pauses[StepKind.SWITCH])}")
    if StepKind.REST in pauses:
        dose.append(f"rest {format_duration(pauses[StepKind.REST])}")
    yield Text(" · ".join(dose))
    for cue in exercise.cues:
        yield Text(f"• {cue}")
    for moment, cue in sorted(exercise.at_seconds.items()):
        yield Text(f"at {format_clock(moment)}: {cue}")
    if exercise.notes:
        yield Text(f"Notes: {exercise.notes}", style="italic")
    if exercise.link:
        yield Text(f"Demo: {exercise.link}")


def _pauses_after(loaded: LoadedRoutine) -> _Pauses:
    """The switch and rest each exercise gets, read from the plan so they match the session."""
    pauses: _Pauses = {}
    for step in build_plan(loaded.routine).steps:
        if step.kind is StepKind.SWITCH:
            owner = step.key
        elif step.kind is StepKind.REST and step.after is not None:
            owner = step.after
        else:
            continue
        pauses.setdefault((owner.block, owner.exercise), {})[step.kind] = step.seconds
    return pauses


def _given(value: float | None, default: float) -> str:
    """A value the routine wrote, or the default it falls back to, labelled as such."""
    if value is not None:
        return format_duration(value)
    return f"{format_duration(default)} (default)"
