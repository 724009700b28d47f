"""The coach as the app and the CLI ask it: today's session, every ladder's standing, choices and
answers. No Textual; the figures are computed from the history each time they are asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from hiptimer.domain.coach.ladders import Ladder, ladders_in
from hiptimer.domain.coach.progress import standings
from hiptimer.domain.coach.replay import LadderStatus
from hiptimer.domain.coach.today import Stage, TodaySession, stage_chains, today_session
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
    "Coach",
    "TodayRow",
    "UnknownLadder",
    "brief_lines",
    "card_lines",
    "progress_lines",
    "today_row",
]

CHOICES = ("accept", "decline", "back", "jump")


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
        original = self.library.get(session.routine_id)
        routine = parse_routine(session.text, file=f"{session.routine_id}.toml (today)")
        return LoadedRoutine(original.id, routine, original.origin, original.location, session.text)

    def ladders(self) -> list[Ladder]:
        """Every ladder of every routine, by routine id."""
        return [
            ladder
            for routine_id in sorted(self.library.routines)
            for ladder in ladders_in(routine_id, self.library.routines[routine_id].routine)
        ]

    def progress(self) -> list[LadderStatus]:
        return standings(self.store, self.ladders(), unit=self.settings.weight_unit)

    def stages(self) -> list[Stage]:
        """Where the runner is on each ladder of whole routines."""
        from hiptimer.domain.coach.today import current_stage

        done = self.store.routines_done()
        choices = self.store.choices()
        found = []
        for chain in stage_chains(self.library):
            ladders = [
                ladder
                for stage in chain
                for ladder in ladders_in(stage, self.library.get(stage).routine)
            ]
            statuses = {
                status.ladder.key: status
                for status in standings(self.store, ladders, unit=self.settings.weight_unit)
            }
            found.append(current_stage(chain, done, choices, statuses, self.library))
        return found

    def find(self, wanted: str) -> str:
        """A ladder's key from its key or its name (any case); UnknownLadder if none."""
        keys = {ladder.key: ladder.name for ladder in self.ladders()}
        keys |= {f"stages.{chain[0]}": "stages" for chain in stage_chains(self.library)}
        if wanted in keys:
            return wanted
        named = [key for key, name in keys.items() if name.casefold() == wanted.casefold()]
        if len(named) == 1:
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


def unfinished_line(session: SessionSummary) -> str:
    """Why today's earlier session does not use up the day, and what to do about it."""
    from hiptimer.routines.durations import counted

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
    return f"Not counted yet: {visible(session.routine_name)} today, {done}. {then}"


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
        lines.append(unfinished_line(session.unfinished))
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
    for status in coach.progress():
        if not status.sessions:
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
