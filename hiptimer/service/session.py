"""Starting, resuming and configuring sessions: the app's work that needs no screen."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from hiptimer.paths import user_routines_dir
from hiptimer.routines import (
    LoadedRoutine,
    Origin,
    PlanDefaults,
    Routine,
    RoutineFileError,
    estimate_seconds,
    load_library,
    parse_routine,
)
from hiptimer.service.notices import Notice, NoticeSink
from hiptimer.service.own_routines import OwnRoutines
from hiptimer.service.resume import ResumeOffer, stopped_when
from hiptimer.settings import Settings, SettingsProblem, load_settings, save_settings

if TYPE_CHECKING:
    from hiptimer.alerts import CueAlerts, KeepAwake
    from hiptimer.domain import SessionEngine, SetResult
    from hiptimer.domain.coach.today import TodaySession
    from hiptimer.domain.history import HistoryStore, SessionRecord, SessionStatus
    from hiptimer.domain.session_log import SessionLog
    from hiptimer.routines import SetKey
    from hiptimer.service.coach import Coach, Dosed

__all__ = ["RunOptions", "Session", "SessionService"]


class RunOptions(TypedDict, total=False):
    """What one run of the app may set for its service: tests pass fake clocks and quiet alerts."""

    mute: bool
    clock: Callable[[], float]
    wall_clock: Callable[[], datetime]
    cue_alerts: CueAlerts | None


@dataclass(frozen=True)
class Session:
    """One session ready to run: its routine, the engine, and the log that keeps its sets."""

    loaded: LoadedRoutine
    engine: SessionEngine
    log: SessionLog | None
    """None when history is off for this run: the session runs, nothing is kept."""
    keep_awake: KeepAwake
    cue_alerts: CueAlerts
    """Sound and speech for the cues, as the settings say now."""


class SessionService:
    """Settings, routines, estimates, history and sessions for one run of the app. No Textual.

    Without `settings`, config.toml is read. `notify` receives what the runner should read (history off, a failed save); the app shows
    each as a toast. The clocks are injected so tests run whole sessions on a fake one.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        notify: NoticeSink,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        mute: bool = False,
        cue_alerts: CueAlerts | None = None,
        later: Callable[[float, Callable[[], None]], object] | None = None,
    ) -> None:
        """`later(delay, callback)` runs a callback later on the app's own thread (the app's
        `set_timer`): a set the history cannot take now is tried again that way."""
        self.setting_problems: list[SettingsProblem] = []
        """What was wrong in config.toml when it was read (for the app to show once)."""
        if settings is None:
            settings, self.setting_problems = load_settings()
        self.settings = settings
        self.library = load_library(user_routines_dir())
        """Every routine: built-in, the runner's own, and the broken ones with their problems."""
        self.notify = notify
        self.clock = clock
        self.wall_clock = wall_clock
        self._mute = mute
        self._cue_alerts = cue_alerts
        self._later = later
        self.live_log: SessionLog | None = None
        """The running session's log: what it still has to save when the app must end."""

    # -- settings ------------------------------------------------------------------------------

    def plan_defaults(self) -> PlanDefaults:
        """What a routine leaves out, as this runner set it: the one source for every estimate."""
        return self.settings.plan_defaults()

    def estimate_seconds(self, routine: Routine) -> float:
        """How long `routine` takes as planned with these settings: the picker, the preview and
        the session screen all say this."""
        return estimate_seconds(routine, self.plan_defaults())

    def apply_settings(self, settings: Settings) -> Path:
        """Save `settings` atomically and use them from now on; raises OSError if the file
        cannot be written, and then nothing changes. Returns the file written."""
        path = save_settings(settings)
        self.settings = settings
        # Sound, voice and the audio lead take effect from the next cue, not the next run.
        self.cue_alerts.settings = settings
        return path

    def remember_theme(self, theme: str) -> None:
        """Keep a theme picked in the app for the next run; the runner is told if it cannot be."""
        if theme == self.settings.theme:
            return
        self.settings = replace(self.settings, theme=theme)  # a theme Textual knows: no check
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notify(
                Notice(f"The theme could not be saved: {error}", severity="error", timeout=5)
            )

    @cached_property
    def own_routines(self) -> OwnRoutines:
        """The runner's routine files, changed from the picker and the preview."""
        return OwnRoutines(self)

    @cached_property
    def cue_alerts(self) -> CueAlerts:
        """Sound and speech, set up when first needed: finding a player program on the PATH is
        not worth delaying the picker for."""
        from hiptimer.alerts import CueAlerts

        return self._cue_alerts or CueAlerts(self.settings, muted=self._mute)

    # -- history -------------------------------------------------------------------------------

    @cached_property
    def history(self) -> HistoryStore | None:
        """The history store, opened on first use: normally by the resume check just after the
        first paint. None for this run if it cannot be opened."""
        import sqlite3

        from hiptimer.domain.history import HistoryStore, HistoryTooNew

        try:
            store, notice = HistoryStore.open()
        except HistoryTooNew as error:
            self.notify(
                Notice(f"History is off for this run: {error}.", severity="error", timeout=30)
            )
            return None
        except (sqlite3.Error, OSError) as error:
            self.notify(
                Notice(f"History is off for this run: {error}", severity="error", timeout=15)
            )
            return None
        if notice:
            self.notify(Notice(notice, title="History", severity="warning", timeout=20))
        # Damage a query runs into is handled as at open, and the runner told the same way.
        store.on_damage = self._history_moved
        return store

    def _history_moved(self, text: str) -> None:
        """The history started on a fresh file: say so, and have a live session's log give
        it the session (soon, on the app's thread: this may be the log's own write)."""
        self.notify(Notice(text, title="History", severity="warning", timeout=20))
        if (log := self.live_log) is not None and self._later is not None:
            self._later(0, log.retry)

    # -- the coach ------------------------------------------------------------------------------

    @cached_property
    def coach(self) -> Coach | None:
        """The coach over this runner's history and plan; None while history is off."""
        from hiptimer.service.coach import Coach

        if self.history is None:
            return None
        return Coach(self.history, self.library, self.settings, self.wall_clock)

    def today(self) -> tuple[TodaySession, LoadedRoutine] | None:
        """Today's session by the plan, and the routine that runs its targets; None without a
        history, or when a routine cannot be read (the runner is told)."""
        import sqlite3

        coach = self.coach
        if coach is None:
            return None
        coach.settings = self.settings  # the plan as saved last
        try:
            session = coach.today()
            return session, coach.todays_routine(session)
        except (RoutineFileError, LookupError, sqlite3.Error) as error:
            self.notify(Notice(f"Today's session could not be worked out: {error}", timeout=10))
            return None

    def dosed(self, loaded: LoadedRoutine) -> Dosed:
        """`loaded` with today's targets for the runner's rung, whichever way it was started:
        the dose `hiptimer today --routine ID` prints. Without a history, or if the coach cannot
        work it out (the runner is told), the file's dose, and the line says so."""
        import sqlite3

        from hiptimer.service.coach import Dosed

        coach = self.coach
        if coach is None:
            return Dosed(loaded, "Dose: the file's, as written (history is off for this run)")
        coach.settings = self.settings  # the weight unit as saved last
        try:
            return coach.dosed(loaded)
        except (RoutineFileError, sqlite3.Error) as error:
            self.notify(Notice(f"Today's targets could not be worked out: {error}", timeout=10))
            return Dosed(loaded, "Dose: the file's, as written (today's targets failed)")

    def todays_seconds(self, loaded: LoadedRoutine) -> float:
        """How long a session of `loaded` runs today: the dose the preview shows and Enter runs
        (`dosed`), with these settings. The picker's rows and details, `hiptimer list` and
        `hiptimer show` all say this, so no two of them can give one session two lengths."""
        return self.todays_dose(loaded)[1]

    def todays_dose(self, loaded: LoadedRoutine) -> tuple[Dosed, float]:
        """`loaded` as it runs today (`dosed`) and how long that takes (`todays_seconds`)."""
        dosed = self.dosed(loaded)
        return dosed, self.estimate_seconds(dosed.loaded.routine)

    def progress_lines(self, store: HistoryStore) -> list[str]:
        """The history screen's ladder lines, from `store` (the screen's own connection)."""
        from hiptimer.service.coach import Coach, progress_lines

        return progress_lines(Coach(store, self.library, self.settings, self.wall_clock))

    def answer(
        self, session_id: int, *, effort: int | None = None, pain: int | None = None
    ) -> None:
        """Keep the runner's effort and pain for a session: they gate the next step up."""
        if self.history is not None:
            self.history.answer(session_id, effort=effort, pain=pain)

    def set_weight(self, session_id: int, key: SetKey, weight: float | None) -> None:
        """The weight of one set, changed on the summary, in the settings' unit."""
        if self.history is not None:
            self.history.set_weight(session_id, key, weight, self.settings.weight_unit)

    def pain_to_follow_up(self) -> SessionRecord | None:
        """A session with pain whose next-day question has not been asked."""
        return self.coach.pain_to_follow_up() if self.coach is not None else None

    def answer_follow_up(self, session_id: int, pain: int | None) -> None:
        """Pain now, after a session with pain; None: asked and not answered (asked once)."""
        if self.history is None:
            return
        if pain is None:
            self.history.skip_pain_follow_up(session_id)
        else:
            self.history.answer(session_id, pain_after=pain)

    def first_side(self, routine_id: str) -> int:
        """The side that starts this routine today: the other one from last time."""
        return self.history.next_start_side(routine_id) if self.history else 0

    # -- sessions ------------------------------------------------------------------------------

    def start(
        self, loaded: LoadedRoutine, first_side: int, *, weight: float | None = None
    ) -> Session:
        """A new session, recorded in the history from its first moment; `weight` (in the
        settings' unit) is logged with each set of an exercise that names a load."""
        session_id = None
        if self.history is not None:
            session_id = self.history.start_session(
                loaded.id, loaded.routine.name, loaded.text, first_side, self.wall_clock()
            )
        session = self._session(loaded, self._engine(loaded, first_side), session_id)
        if session.log is not None:
            session.log.weight, session.log.weight_unit = weight, self.settings.weight_unit
        return session

    def resume_offer(self) -> ResumeOffer | None:
        """The unfinished session to offer back, if there is one that can be carried on.

        One that can no longer be read is closed as abandoned, and one whose every set is done
        as completed: neither is worth a question."""
        from hiptimer.domain.history import SessionStatus

        history = self.history
        if history is None:
            return None
        for elsewhere in history.running_elsewhere():
            self.notify(
                Notice(
                    f"{elsewhere.routine_name} is running in another hiptimer window; it is "
                    "saved there, and this one leaves it alone.",
                    title="Session running elsewhere",
                )
            )
        # Sets a killed process could not store yet are stored first: the offer counts them.
        from hiptimer.domain.journal import replay_journals

        for text in replay_journals(history):
            self.notify(Notice(text, title="History", severity="warning", timeout=20))
        # This store now owns the session it offers, so no other window offers it too.
        record = history.unfinished()
        if record is None:
            return None
        done = history.results(record.id)
        try:
            routine = parse_routine(record.routine_text, file=f"{record.routine_id}.toml (as run)")
        except RoutineFileError:
            self._close(history, record, done, SessionStatus.ABANDONED)
            return None
        loaded = LoadedRoutine(
            record.routine_id, routine, Origin.USER, "history", record.routine_text
        )
        engine = self._engine(loaded, record.start_side, completed=done)
        step = engine.first_open_set()
        if step is None:
            self._close(history, record, done, SessionStatus.COMPLETED)
            return None
        where = ", ".join(
            part
            for part in (step.exercise.name, step.progress_text, (step.side_label or "").upper())
            if part
        )
        stopped = max((result.ended_at for result in done), default=record.started_at)
        sets_done = sum(not result.skipped for result in done)
        detail = (
            f"Stopped {stopped_when(stopped, self.wall_clock())}, "
            f"{sets_done} of {len(engine.plan.work_steps)} sets done"
        )
        return ResumeOffer(
            f"Resume {routine.name}: {where}",
            detail,
            lambda: self._session(loaded, engine, record.id),
            lambda: self._close(history, record, done, SessionStatus.ABANDONED),
            lambda: history.release(record.id),
        )

    def save_what_is_kept(self, wait: float) -> None:
        """Before the app ends: one more try at the sets the history could not take yet."""
        if self.live_log is not None:
            self.live_log.flush(wait)

    def _keep_for_the_end(self, log: SessionLog) -> None:
        from hiptimer.lifeline import lifeline

        if self.live_log is not None:
            lifeline.drop(self.live_log.last_chance)
        self.live_log = log
        lifeline.keep(log.last_chance)

    def _close(
        self,
        history: HistoryStore,
        record: SessionRecord,
        done: list[SetResult],
        status: SessionStatus,
    ) -> None:
        from hiptimer.domain.results import span_seconds

        # It is closed now, but it took only as long as its sets: not the time since the crash.
        history.finish(record.id, status, self.wall_clock(), span_seconds(done))

    def _engine(
        self, loaded: LoadedRoutine, first_side: int, completed: Iterable[SetResult] = ()
    ) -> SessionEngine:
        from hiptimer.domain import SessionEngine, boottime_clock

        return SessionEngine(
            loaded.routine,
            routine_id=loaded.id,
            defaults=self.plan_defaults(),
            first_side=first_side,
            clock=self.clock,
            wall_clock=self.wall_clock,
            sleep_clock=boottime_clock() if self.clock is time.monotonic else None,
            after_suspend=self.settings.after_suspend,
            cue_lead=self.cue_alerts.lead_seconds,
            completed=completed,
        )

    def _session(
        self, loaded: LoadedRoutine, engine: SessionEngine, session_id: int | None
    ) -> Session:
        from hiptimer.alerts import KeepAwake
        from hiptimer.domain.session_log import SessionLog

        log = None
        if self.history is not None and session_id is not None:
            log = SessionLog(
                self.history,
                session_id,
                wall_clock=self.wall_clock,
                session_seconds=engine.session_seconds,
                on_problem=lambda message: self.notify(
                    Notice(message, severity="error", timeout=10)
                ),
                retry_later=self._later,
            )
            engine.subscribe(log)
            self._keep_for_the_end(log)
        keep_awake = KeepAwake.for_this_machine(self.settings.keep_awake)
        return Session(loaded, engine, log, keep_awake, self.cue_alerts)
