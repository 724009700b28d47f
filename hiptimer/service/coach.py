"""The coach as the app and the CLI ask it: today's session, every ladder's standing, choices and
answers. No Textual; the figures are computed from the history each time they are asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from hiptimer.domain.coach.ladders import Ladder
from hiptimer.domain.coach.progress import standings
from hiptimer.domain.coach.replay import LadderStatus
from hiptimer.domain.coach.today import (
    Stage,
    TodaySession,
    library_ladders,
    prescribe,
    stage_chains,
    today_session,
)
from hiptimer.domain.history.records import (
    CoachChoice,
    SessionRecord,
    SessionStatus,
    SessionSummary,
)
from hiptimer.domain.history.store import HistoryStore
from hiptimer.routines import LoadedRoutine, RoutineLibrary, parse_routine
from hiptimer.safe_text import visible
from hiptimer.settings import Settings

__all__ = [
    "CHOICES",
    "FILE_DOSE",
    "FROM_LOG",
    "FROM_RANGE_BOTTOM",
    "TODAYS_SESSION",
    "Coach",
    "Dosed",
    "TodayRow",
    "UnknownLadder",
    "brief_lines",
    "card_lines",
    "progress_blocks",
    "progress_lines",
    "today_row",
]

CHOICES = ("accept", "decline", "back", "jump")


FROM_LOG = "Dose: today's targets from your log (as `hiptimer today` gives them)"
FROM_RANGE_BOTTOM = "Dose: today's targets, the bottom of each range (nothing logged yet)"
TODAYS_SESSION = "Today's session by your plan · dose: today's targets from your log"
FILE_DOSE = "Dose: the file's, as written (nothing in it progresses)"
"""Where the dose a preview shows comes from: the coach's targets, or the routine file."""


@dataclass(frozen=True)
class Dosed:
    """A routine as it runs today, and where its dose comes from, in a line the preview shows."""

    loaded: LoadedRoutine
    source: str


class UnknownLadder(LookupError):
    """No ladder by that key or name; the message lists the known ones."""


@dataclass
class Coach:
    """One runner's coach: the store, the routines and the plan in the settings."""

    store: HistoryStore
    library: RoutineLibrary
    settings: Settings
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def today(self, routine_id: str | None = None) -> TodaySession:
        settings = self.settings
        return today_session(
            self.store,
            self.library,
            season=settings.season,
            goal=settings.sessions_per_week,
            days=settings.training_days,
            unit=settings.weight_unit,
            today=self.wall_clock().astimezone().date(),
            routine_id=routine_id,
        )

    def todays_routine(self, session: TodaySession) -> LoadedRoutine:
        """Today's session as a routine to run: the rungs and targets written in."""
        return _with_text(self.library.get(session.routine_id), session.text)

    def dosed(self, loaded: LoadedRoutine) -> Dosed:
        """Any routine, however it was started (the picker, the palette, `hiptimer run`), with
        the rung and targets `hiptimer today --routine ID` gives it; one with no ladder as its
        file has it. Raises RoutineFileError if the rewritten text no longer validates."""
        ladders = library_ladders(self.library, (loaded.id, loaded.routine))[loaded.id]
        if not ladders:
            return Dosed(loaded, FILE_DOSE)
        statuses = standings(self.store, ladders, unit=self.settings.weight_unit)
        text, _ = prescribe(loaded, statuses)
        source = FROM_LOG if any(status.sessions for status in statuses) else FROM_RANGE_BOTTOM
        return Dosed(_with_text(loaded, text), source)

    def ladders(self) -> list[Ladder]:
        """Every ladder of every routine, by routine id; one that several routines run is
        there once for each, knowing the others."""
        every = library_ladders(self.library)
        return [ladder for routine_id in sorted(every) for ladder in every[routine_id]]

    def progress(self) -> list[LadderStatus]:
        """Each ladder once, however many routines run it: its sessions in any of them count."""
        seen: set[tuple[object, ...]] = set()
        ladders = []
        for ladder in self.ladders():
            if ladder.identity not in seen:
                seen.add(ladder.identity)
                ladders.append(ladder)
        return standings(self.store, ladders, unit=self.settings.weight_unit)

    def stages(self) -> list[Stage]:
        """Where the runner is on each ladder of whole routines."""
        from hiptimer.domain.coach.today import current_stage

        done = self.store.routines_last_done()
        choices = self.store.choices()
        every = library_ladders(self.library)
        found = []
        for chain in stage_chains(self.library):
            ladders = [ladder for stage in chain for ladder in every[stage]]
            statuses = {
                status.ladder.key: status
                for status in standings(self.store, ladders, unit=self.settings.weight_unit)
            }
            found.append(current_stage(chain, done, choices, statuses, self.library, every))
        return found

    def find(self, wanted: str) -> str:
        """A ladder's key from its key or its name (any case); UnknownLadder if none."""
        ladders = self.ladders()
        keys = {ladder.key: ladder.name for ladder in ladders}
        keys |= {f"stages.{chain[0]}": "stages" for chain in stage_chains(self.library)}
        if wanted in keys:
            return wanted
        named = [key for key, name in keys.items() if name.casefold() == wanted.casefold()]
        # A ladder that several routines run has a key in each; a choice under any counts.
        same: dict[str, object] = {ladder.key: ladder.identity for ladder in ladders}
        if named and len({same.get(key, key) for key in named}) == 1:
            return named[0]
        choices = ", ".join(sorted(keys))
        hint = "; it names more than one, so give the key" if named else ""
        raise UnknownLadder(f'no ladder "{wanted}"{hint}; the ladders are: {choices}')

    def choose(
        self, ladder: str, choice: str, *, rung: int | None = None, side: str = ""
    ) -> CoachChoice:
        """Record the runner's own decision; it takes precedence from now on."""
        made = CoachChoice(self.wall_clock(), self.find(ladder), side, choice, rung)
        self.store.add_choice(made)
        return made

    def pain_to_follow_up(self) -> SessionRecord | None:
        """The last session with pain, if its next-day question has not been asked yet."""
        record = self.store.pain_to_follow_up()
        if (
            record is None
            or record.started_at.astimezone().date() >= self.wall_clock().astimezone().date()
        ):
            return None  # asked at the next launch on a later day, not straight after
        return record


def _with_text(loaded: LoadedRoutine, text: str) -> LoadedRoutine:
    """`loaded` as the coach's text runs it: same id and place, so the history files it there."""
    routine = parse_routine(text, file=f"{loaded.id}.toml (today)")
    return LoadedRoutine(
        loaded.id, routine, loaded.origin, loaded.location, text, loaded.replaces_builtin
    )


@dataclass(frozen=True)
class TodayRow:
    """The picker's first row and what its panel says Enter does: the card's words, so the row
    never says "Today" while the card says rest day."""

    label: str
    hint: str


def today_row(session: TodaySession) -> TodayRow:
    """The row for the plan's session: today's, or on a rest day the next one, opened early."""
    if session.due.session_today:
        return TodayRow("▶ Today: ", "Enter opens it, targets set.")
    return TodayRow(
        "▷ Next (rest day): ", "Rest day. Enter opens the next session anyway, targets set."
    )


def unfinished_line(session: SessionSummary, *, elsewhere: bool = False) -> str:
    """Why today's earlier session does not use up the day, and what to do about it."""
    from hiptimer.routines.durations import counted

    name = visible(session.routine_name)
    if elsewhere:
        return (
            f"Running in another hiptimer window: {name}, {counted(session.done, 'set')} done "
            "so far. It counts once that window finishes it."
        )
    if session.status is SessionStatus.COMPLETED:
        done = f"{session.done} of {session.done + session.skipped} sets done, most skipped"
    else:
        done = f"stopped after {counted(session.done, 'set')}"
    # Only a session left open (a killed terminal) can be resumed; a quit one is closed.
    if session.status is SessionStatus.IN_PROGRESS:
        then = "Resume it or start again."
    else:
        then = "Start again to count it."
    # The name comes from the history, as the routine file had it: shown as text, never run.
    return f"Not counted yet: {name} today, {done}. {then}"


def card_lines(session: TodaySession) -> list[str]:
    """The today card as lines of plain text: the CLI prints them, the picker shows them."""
    due = session.due
    if due.session_today:
        head = f"Today: {session.routine_name}"
    else:
        when = due.next_day.strftime("%A %-d %B")
        head = f"Rest day ({due.why}). Next session {when}: {session.routine_name}"
    lines = [head, f"{session.plan}. This week: {due.done_this_week} of {due.goal}."]
    if session.unfinished is not None:
        lines.append(unfinished_line(session.unfinished, elsewhere=session.unfinished_elsewhere))
    if session.stage is not None:
        stage = session.stage
        lines.append(f"Stage {stage.index + 1} of {len(stage.chain)}: {stage.reason}.")
    for line in session.lines:
        if not line.reasons:
            lines.append(f"  {line.name} · {line.dose}")
        elif len(line.reasons) == 1:
            lines.append(f"  {line.name} · {line.dose} ({line.reasons[0]})")
        else:
            lines.append(f"  {line.name} · {line.dose}")
            lines += [f"      {reason}" for reason in line.reasons]
    return lines


def brief_lines(session: TodaySession) -> list[str]:
    """The today card for a short window: the session and each dose, one line each; the
    reasons are in the full card (the detail pane, `hiptimer today`)."""
    head = card_lines(session)[0]
    return [head] + [f"  {line.name} · {line.dose}" for line in session.lines]


def progress_lines(coach: Coach) -> list[str]:
    """Every ladder the runner has started, in a line each: rung, next target, what moves it."""
    from hiptimer.domain.coach.ladders import show_value

    lines = []
    for stage in coach.stages():
        if not stage.started:
            continue
        name = coach.library.get(stage.routine_id).routine.name
        lines.append(f"Stage {stage.index + 1} of {len(stage.chain)}: {name} ({stage.reason})")
    statuses = coach.progress()
    for status in statuses:
        if not status.sessions or _told_by_another(status, statuses):
            continue
        dose = status.dose
        targets = sorted(status.targets, key=lambda t: t.side != (status.first_side or ""))
        values = {show_value(dose.measure, target.target) for target in targets}
        if len(values) == 1:
            each = " per side" if targets[0].side else ""
            shown = f"{values.pop()}{each}"
        else:
            shown = ", ".join(f"{t.side} {show_value(dose.measure, t.target)}" for t in targets)
        rung = (
            f" (rung {status.rung + 1} of {len(status.ladder.rungs)})"
            if len(status.ladder.rungs) > 1
            else ""
        )
        lines.append(f"{dose.name}{rung} · next {shown} · to move up: {status.to_move_up()}")
    return lines


def progress_blocks(coach: Coach) -> list[list[str]]:
    """`hiptimer progress`: a block of lines for each stage ladder and each ladder started (its
    name, rung, next time's target and why, what moves it up), then one naming those not
    started. A line's indent shows what it belongs to; the CLI wraps lines to the window."""

    blocks = [_stage_block(coach, stage) for stage in coach.stages()]
    waiting: dict[str, list[str]] = {}
    statuses = coach.progress()
    for status in statuses:
        if status.sessions:
            if not _told_by_another(status, statuses):
                blocks.append(_ladder_block(coach, status))
        else:
            routine = coach.library.get(status.ladder.routine_id).routine.name
            waiting.setdefault(routine, []).append(status.ladder.name)
    if waiting:
        blocks.append(
            ["Not started yet:"]
            + [f"  {routine}: {', '.join(names)}" for routine, names in waiting.items()]
        )
    return blocks


def _told_by_another(status: LadderStatus, statuses: list[LadderStatus]) -> bool:
    """A one-rung ladder whose sessions are all a bigger ladder's (level 1 of the all-levels
    routine, moved only by the couch stretch routine's level 1) would repeat its block."""
    from hiptimer.domain.coach.ladders import covers

    ladder = status.ladder
    return any(
        other.ladder.identity != ladder.identity
        and covers(other.ladder, ladder)
        and other.sessions >= status.sessions
        for other in statuses
    )


def _stage_block(coach: Coach, stage: Stage) -> list[str]:
    names = [coach.library.get(routine_id).routine.name for routine_id in stage.chain]
    return [
        f"Stages: {' → '.join(names)}",
        f"  On stage {stage.index + 1} of {len(stage.chain)}, {names[stage.index]}: {stage.reason}",
    ]


def _ladder_block(coach: Coach, status: LadderStatus) -> list[str]:
    from hiptimer.domain.coach.ladders import show_value
    from hiptimer.routines.durations import counted

    dose, ladder = status.dose, status.ladder
    head = ladder.name
    if len(ladder.rungs) > 1:
        head += f" · rung {status.rung + 1} of {len(ladder.rungs)}: {dose.name}"
    routines = ", ".join(coach.library.get(r).routine.name for r in ladder.counted_routines)
    targets = sorted(status.targets, key=lambda t: t.side != (status.first_side or ""))
    weight = f" at {status.weight:g} {status.unit}" if dose.weighted and status.weight else ""
    values = {show_value(dose.measure, target.target) for target in targets}
    if len(values) == 1:
        shown = values.pop() + (" per side" if targets[0].side else "")
    else:
        shown = ", ".join(f"{t.side} {show_value(dose.measure, t.target)}" for t in targets)
        if status.first_side:
            shown += f" ({status.first_side} first)"
    lines = [head, f"  Next time: {shown}{weight}"]
    reasons = {target.reason for target in targets}
    if len(reasons) == 1:
        lines.append(f"    {targets[0].reason}")
    else:
        lines += [f"    {target.side}: {target.reason}" for target in targets]
    if status.gate:
        lines.append(f"  Held back: {status.gate}")
    lines.append(f"  To move up: {status.to_move_up()}")
    lines.append(f"  {counted(status.sessions, 'session')} logged, in {routines}")
    return lines
