"""The live session: readable from the mat, driven by the engine, repainted only when it changes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Click
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, OptionList, Static

from hiptimer.alerting import ScreenAlerts
from hiptimer.domain import (
    EPSILON,
    Away,
    ChecklistItem,
    Cue,
    CueFired,
    CueKind,
    Event,
    Phase,
    PhaseStarted,
    SessionFinished,
    SessionView,
    SetState,
    tempo_beat,
)
from hiptimer.domain.history import SessionStatus
from hiptimer.routines import BlockStyle, format_clock
from hiptimer.widgets import (
    BigTime,
    CuePanel,
    KeyFooter,
    OneLine,
    PhaseBanner,
    SessionBar,
    SetChecklist,
    SideBadge,
)

if TYPE_CHECKING:
    from hiptimer.service import Session

__all__ = ["SessionScreen", "status_line", "timer_text"]

NARROW = (70, 22)
"""Below this width or height the cues and sets move under the timer (class `-narrow`)."""
KEEP_AWAKE_NOTICE = 4.0
"""Seconds the "screen may sleep" toast stays: long enough to read, not a hold's worth."""
TINY = (50, 16)
"""Below this width or height the banner and side take one row each as well (class `-tiny`)."""


def timer_text(view: SessionView) -> str:
    """The big number: reps against target (tapped or paced), time left (rounded up), or time
    held so far."""
    if view.phase is Phase.REPS:
        return f"{view.reps} / {view.target_reps}" if view.target_reps else str(view.reps)
    if view.remaining is not None:
        return format_clock(math.ceil(view.remaining - EPSILON))
    return format_clock(view.elapsed)


def minimum_hint(view: SessionView) -> str:
    """For a ranged hold: when its minimum comes, then that it has come."""
    hold = view.work.exercise.hold if view.work else None
    if view.phase is not Phase.HOLD or hold is None or not hold.is_range:
        return ""
    if view.minimum_reached:
        return f"✓ {format_clock(hold.low)} minimum reached: Enter ends the hold"
    return f"minimum {format_clock(hold.low)} in {format_clock(math.ceil(hold.low - view.elapsed - EPSILON))}"


def tempo_note(view: SessionView) -> str:
    """ "DOWN 2/2" in a paced set: the part of the rep under way and its beat, which a machine
    with no sound shows only here."""
    tempo = view.work.exercise.tempo if view.work else None
    if view.phase is not Phase.REPS or tempo is None or view.remaining is None or view.paused:
        return ""
    beat = tempo_beat(tempo, view.elapsed)
    return f"{beat.part.upper()} {beat.beat}/{beat.beats}"


def status_line(view: SessionView, width: int | None = None) -> str:
    """ "HOLD · LEFT · Couch stretch, level 1 · set 1/1 · 1:23 left" – for every window size.

    Given the `width` it must fit, the line gives way in the middle: first the set's place
    ("set 1/3") goes, then the exercise's name is shortened, then it goes too. The phase, the
    side and the time or reps stay whole: they are what a runner on the mat reads it for."""
    if view.phase is Phase.DONE or view.work is None:
        return "DONE · session complete"
    banner = f"PAUSED {view.phase.value}" if view.paused else view.phase.value
    side = ""
    if view.side:
        side = f"next {view.side.upper()}" if view.phase is Phase.REST else view.side.upper()
    counted = f"{view.reps}/{view.target_reps} reps" if view.target_reps else f"{view.reps} reps"
    if view.remaining is not None:
        clock = f"{format_clock(math.ceil(view.remaining - EPSILON))} left"
    elif view.phase is Phase.REPS:
        clock = ""
    else:
        clock = f"{format_clock(view.elapsed)} held"
    amount = [counted] if view.phase is Phase.REPS else []
    amount += [clock] if clock else []

    def line(name: str, progress: str) -> str:
        return " · ".join(part for part in (banner, side, name, progress, *amount) if part)

    name, progress = view.work.exercise.name, view.work.progress_text
    full = line(name, progress)
    if width is None or cell_len(full) <= width:
        return full
    if cell_len(line(name, "")) <= width:
        return line(name, "")  # the exercise panel says which set it is, in bigger letters
    for kept in (progress, ""):
        room = width - cell_len(line("", kept)) - len(" · ")
        if room >= _SHORTEST_NAME:
            return line(set_cell_size(name, room - 1) + "…", kept)
    return line("", "")


_AWAY_WORDS = {
    Phase.GET_READY: "get-ready",
    Phase.REPS: "set",
    Phase.SWITCH: "switch",
    Phase.REST: "rest",
}
"""What the welcome-back dialog calls a phase that stopped itself; holds are "hold"."""

_SHORTEST_NAME = 8
"""Cells below which a shortened name ("Single-…") no longer says which exercise it is."""

_MOMENT_WORDS = {CueKind.HALFWAY: "halfway", CueKind.TEN_SECONDS: "10 s left"}
"""Cues the banner keeps in words until the phase ends: without sound they were only a flash."""


@dataclass(frozen=True)
class _Readout:
    """What the changing numbers and words say at one moment; only what differs is redrawn."""

    timer: str
    status: str
    next_up: str
    session_left: int
    hint: str
    """A ranged hold's minimum, under the exercise's name."""
    note: str
    """The banner's note: the tempo's beat, or the last halfway or 10-seconds cue."""


class SessionScreen(Screen[None]):
    """One routine, live. The engine decides; this screen draws what it says.

    It wakes when the engine says something shown or heard changes next (the next second of
    the clock, a cue, a deadline), and at least every `POLL_SECONDS`: for untimed phases, the
    suspend check and test clocks moved by hand. Neither sets the session's timing; every
    phase ends at its deadline however late the screen wakes."""

    CSS_PATH = "../assets/styles/session.tcss"
    POLL_SECONDS = 1.0

    # Either way too small is too small: Textual sets a class named on both axes if either
    # axis reaches it, so a window 40 wide and 30 tall is `-tiny` (and `-roomy` for its height).
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (TINY[0], "-narrow"), (NARROW[0], "-roomy")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (TINY[1], "-narrow"), (NARROW[1], "-roomy")]

    BINDINGS = [
        Binding("space", "tap", "+1 rep", id="session.tap", tooltip="Count one rep"),
        Binding("space", "pause", "Pause", id="session.space", tooltip="Pause the countdown"),
        Binding("space", "resume", "Resume", id="session.resume", tooltip="Carry on"),
        Binding(
            "enter",
            "done",
            "Next",
            id="session.done",
            tooltip="Check off the set, end the hold, or skip the wait",
        ),
        Binding(
            "p", "toggle_pause", "Pause", id="session.pause", tooltip="Pause or resume", show=False
        ),
        # Before skip and back: on a narrow window the footer is cut, and `c` is the way to the
        # cues and sets there. Words are short ("Next", "Skip") so all of it fits 80 columns.
        Binding(
            "c",
            "toggle_cues",
            "Cues",
            id="session.cues",
            tooltip="Show or hide the form cues and sets",
        ),
        Binding(
            "n,right",
            "skip",
            "Skip",
            id="session.skip",
            tooltip="Skip this set or side, or in a rest the one coming up (logged as skipped)",
        ),
        Binding(
            "b,left",
            "back",
            "Back",
            id="session.back",
            tooltip="Back to the previous set, undoing it",
        ),
        Binding(
            "q,escape",
            "quit_session",
            "Quit",
            id="session.quit",
            tooltip="Quit the session; sets done are kept",
        ),
        # Documented in help (?); kept off the footer so Quit and Cues fit at 80 columns.
        Binding(
            "plus,equals_sign",
            "adjust(1)",
            "More",
            id="session.more",
            tooltip="One more rep, or 10 s more",
            show=False,
        ),
        Binding(
            "minus",
            "adjust(-1)",
            "Less",
            id="session.less",
            tooltip="One rep fewer, or 10 s less",
            show=False,
        ),
        Binding(
            "a",
            "add_set",
            "Add set",
            id="session.add",
            tooltip="Add a set or round, within the routine's range",
            show=False,
        ),
    ]

    phase_class: reactive[str] = reactive("", init=False)
    """The timer's class for the phase ("-hold", "-rest"): colour as well as words."""
    work_key: reactive[object] = reactive(None, init=False)
    """The set and side of the work under way; an `at` cue belongs to the side it fired on."""
    checklist: reactive[tuple[ChecklistItem, ...]] = reactive((), init=False)
    """The set checklist's rows; rebuilding the list is the costliest redraw, so only on change."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.loaded = session.loaded
        self.engine = session.engine
        self.alerts = ScreenAlerts(session.cue_alerts)
        self.session_log = session.log
        self.keep_awake = session.keep_awake
        self._readout: _Readout | None = None
        """What the screen shows now; None when everything must be redrawn."""
        self._moment = ""
        """The last halfway or 10-seconds cue of this phase, in words."""
        self._phase_dirty = True
        self._next_change: Timer | None = None
        self._ready = False
        """False until mounted: a key that arrives with the screen (a double Enter on the
        preview) must not reach widgets that do not exist yet."""
        self._fired: list[Cue] = []
        self._paused_for_overlay = False
        """True while the session is paused because a dialog, the help or the palette is over it."""
        self._leaving = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="banner-row"):
            yield PhaseBanner(id="banner")
            yield SideBadge(id="side")
        yield Static(id="exercise")
        # The working side in letters as big as fit, across the whole width: from the mat it
        # must read as readily as the time, and a switch must be impossible to miss.
        yield BigTime(id="side-big")
        with Horizontal(id="main"):
            yield BigTime(id="timer", widest="00:00")
            with Vertical(id="side-panel"):
                yield CuePanel(id="cues")
                yield SetChecklist(id="checklist")
        yield Static(id="next-up")
        with Horizontal(id="progress-row"):
            yield SessionBar(id="session-bar")
            yield OneLine(id="time-left")
        yield OneLine(id="status")
        with Horizontal(id="touch"):
            yield _touch_button("+1 rep", "touch-space")
            yield _touch_button("Done / next", "touch-done", action="screen.done")
        yield KeyFooter()

    @property
    def timer(self) -> BigTime:
        return self.query_one("#timer", BigTime)

    @property
    def status(self) -> OneLine:
        return self.query_one("#status", OneLine)

    def on_mount(self) -> None:
        # In a browser (`hiptimer serve`) a phone has no keys: big buttons, and taps on the digits.
        self.set_class(self.app.is_web, "-touch")
        self.engine.subscribe(self._on_engine_event)
        if not self.engine.is_done and self.engine.view().step is None:
            self.engine.start()
        self._schedule_tick()
        self.keep_awake.start()
        self._ready = True
        self._sound_cues()
        self._refresh()

    def on_unmount(self) -> None:
        self.keep_awake.stop()
        self.alerts.hush()

    def _tick(self) -> None:
        self._next_change = None
        self.engine.update()
        self._sound_cues()
        self._refresh()
        self._schedule_tick()
        failure = self.keep_awake.take_failure() if self.keep_awake is not None else None
        if failure:
            # Briefly: the toast sits over the big digits, and the runner needs them.
            self.notify(failure, title="Keep awake", severity="warning", timeout=KEEP_AWAKE_NOTICE)

    def _schedule_tick(self) -> None:
        """One timer at a time, set for the engine's next change or the poll, whichever is
        first: a screen idle through a hold wakes once a second, on the second."""
        if self._next_change is not None:
            self._next_change.stop()
        delay = self.POLL_SECONDS
        at = self.engine.next_change_at()
        if at is not None:
            delay = min(delay, max(at - self.engine.view_clock(), 0.0) + 0.002)
        self._next_change = self.set_timer(delay, self._tick)

    def _sound_cues(self) -> None:
        """After each engine call: hand the cues its events fired to the alerts together, so
        ones that fall on the same moment become one sound and one sentence. A repaint alone
        (a resize) never sounds."""
        if not self._ready:
            return
        fired, self._fired = self._fired, []
        self.alerts.cues(self, fired)

    # -- events from the engine ----------------------------------------------------------------

    def _on_engine_event(self, event: Event) -> None:
        if isinstance(event, CueFired):
            self._fired.append(event.cue)
            self._moment = _MOMENT_WORDS.get(event.cue.kind, self._moment)
            if event.cue.kind is CueKind.AT:
                self.query_one(CuePanel).fired = event.cue.text
        elif isinstance(event, PhaseStarted):
            self._phase_dirty = True
            self._moment = ""
        elif isinstance(event, Away):
            self._phase_dirty = True  # the engine paused the hold itself: show PAUSED
            if event.ask:
                self._ask_after_suspend(event.gap)
        elif isinstance(event, SessionFinished):
            self.call_later(self._finished)

    def on_screen_suspend(self) -> None:
        """A dialog, the help or the command palette came over the session: time stands still
        while the runner answers or reads (a switch or rest ran out behind the quit dialog)."""
        if self.engine.is_done or self.engine.paused or not self._ready:
            return
        self.engine.pause()
        self._paused_for_overlay = True
        self._after_control(redraw_phase=True)

    def on_screen_resume(self) -> None:
        if not self._paused_for_overlay:
            return
        self._paused_for_overlay = False
        if not self._leaving:
            self.engine.resume()
            self._after_control(redraw_phase=True)

    def _ask_after_suspend(self, gap: float) -> None:
        from hiptimer.screens.away import AwayDialog

        def chosen(choice: str | None) -> None:
            actions = {"resume": self.engine.resume, "restart": self.engine.restart_phase}
            actions.get(choice or "resume", self.engine.mark_done)()
            self._after_control(redraw_phase=True)

        phase = self.engine.view().phase
        self.app.push_screen(AwayDialog(gap, _AWAY_WORDS.get(phase, "hold")), chosen)

    def _finished(self) -> None:
        from hiptimer.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.loaded, self.engine, log=self.session_log))

    # -- drawing -------------------------------------------------------------------------------

    def _refresh(self) -> None:
        if not self._ready:
            return
        view = self.engine.view()
        if self._phase_dirty:
            self._phase_dirty = False
            self._show_phase(view)
        readout = _Readout(
            timer=timer_text(view),
            status=status_line(view, self.status.size.width or None),
            next_up=view.next_up,
            session_left=math.ceil(view.session_left),
            hint=minimum_hint(view),
            note=tempo_note(view) or self._moment,
        )
        last, self._readout = self._readout, readout
        if readout == last:
            return
        if last is None or readout.hint != last.hint:
            self._show_exercise(view, readout.hint)
        if last is None or readout.next_up != last.next_up:  # it may wrap: a layout, so rarely
            self.query_one("#next-up", Static).update(Content(f"Next ▸ {readout.next_up}"))
        self.timer.value = readout.timer
        self.status.text = readout.status
        self.query_one(PhaseBanner).note = readout.note
        total = max(view.session_total, 1)
        self.query_one(SessionBar).done = (view.session_total - view.session_left) / total
        left, planned = format_clock(readout.session_left), format_clock(view.session_total)
        self.query_one("#time-left", OneLine).text = f"{left} left of {planned}"

    def _show_phase(self, view: SessionView) -> None:
        """What changes only when the phase does: banner, side, exercise, cues, checklist."""
        self.query_one(PhaseBanner).banner = view.banner
        self.phase_class = f"-{view.phase.name.lower().replace('_', '-')}"
        if self.timer.has_class("-paused") != view.paused:
            self.timer.set_class(view.paused, "-paused")
        work = view.work
        side = self.query_one(SideBadge)
        side.side = view.side
        side.first = work is not None and work.key.side == 0
        side.upcoming = view.phase is Phase.REST
        self._show_big_side(view)
        self._show_exercise(view, minimum_hint(view))
        self.work_key = work.key if work else None
        self.query_one(CuePanel).exercise = work.exercise if work else None
        self.checklist = tuple(self.engine.checklist())
        self._show_touch()
        self.refresh_bindings()

    def watch_phase_class(self, old: str, new: str) -> None:
        # On the timer alone, one class out and one in: a class on the screen would restyle
        # every widget, which made each new phase paint late.
        if old:
            self.timer.remove_class(old)
        self.timer.add_class(new)

    def watch_work_key(self) -> None:
        self.query_one(CuePanel).fired = None

    def watch_checklist(self, items: tuple[ChecklistItem, ...]) -> None:
        self.query_one(SetChecklist).show(items)

    def _show_big_side(self, view: SessionView) -> None:
        """The working side as big as fits; during a switch, the new side in a solid block."""
        big_side = self.query_one("#side-big", BigTime)
        # In a rest the side is the next set's, told small ("next ◀ LEFT"); big, it would read
        # as the side working now.
        shown = view.side is not None and view.phase is not Phase.REST
        big_side.value = view.side.upper() if shown and view.side else ""
        big_side.set_class(not shown, "-none")
        big_side.set_class(view.phase is Phase.SWITCH and not view.paused, "-switch")

    def _show_touch(self) -> None:
        """The big button says what the space bar does in this phase, and is off when nothing."""
        button = self.query_one("#touch-space", Button)
        action = self._space_action()
        button.label = _SPACE_LABELS.get(action or "", "+1 rep")
        button.disabled = action is None
        self.query_one("#touch-done", Button).disabled = not self.check_action("done", ())

    def _show_exercise(self, view: SessionView, hint: str) -> None:
        """The exercise name (wrapped, never cut), its dose, and a ranged hold's minimum."""
        exercise = self.query_one("#exercise", Static)
        work = view.work
        if work is None:
            exercise.update("Session complete")
            return
        detail = [work.progress_text, work.exercise.set_dose(with_tempo=True)]
        if view.phase is Phase.REST:
            detail.insert(0, "up next")
        # The name and dose come from the routine file: assembled as text, never as markup.
        lines: list[str | tuple[str, str]] = [
            (work.exercise.name, "bold"),
            "\n" + " · ".join(detail),
        ]
        if hint:
            lines += ["\n", (f" {hint} ", "bold reverse")]
        exercise.update(Content.assemble(*lines))

    def on_resize(self) -> None:
        self._readout = None  # the status line's wording depends on the size
        self.call_after_refresh(self._refresh)  # once the new layout has sized the status line

    # -- keys ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self._ready:
            return False
        view = self.engine.view()
        if view.phase is Phase.DONE:
            return action in ("quit_session", "toggle_cues")
        counting = view.phase is Phase.REPS and view.remaining is None and not view.paused
        if action == "tap":
            return counting
        if action == "pause":
            return not counting and not view.paused
        if action == "resume":
            return view.paused
        return True

    def _space_action(self) -> str | None:
        """What the space bar does now: the first of its bindings this phase allows."""
        return next((name for name in _SPACE_LABELS if self.check_action(name, ())), None)

    @on(Button.Pressed, "#touch-space")
    async def _touch_space(self) -> None:
        if action := self._space_action():
            await self.run_action(action)

    @on(Click, "#timer")
    async def _tap_digits(self) -> None:
        """On a touch screen the big digits are the space bar; a terminal's clicks (one to
        focus the window) must not pause a hold."""
        if self.has_class("-touch") and (action := self._space_action()):
            await self.run_action(action)

    def _after_control(self, *, redraw_phase: bool = False) -> None:
        """After a key: phase changes mark themselves (PhaseStarted); pausing, adding a set and
        the like ask for the phase's parts to be redrawn too. A rep tap redraws only numbers."""
        self._phase_dirty = self._phase_dirty or redraw_phase
        self._sound_cues()
        self._refresh()
        self._schedule_tick()

    def action_tap(self) -> None:
        self.engine.tap()
        self._after_control()

    def action_done(self) -> None:
        self.engine.finish()
        self._after_control()

    def action_pause(self) -> None:
        self.engine.pause()
        self._after_control(redraw_phase=True)

    def action_resume(self) -> None:
        self.engine.resume()
        self._after_control(redraw_phase=True)

    def action_toggle_pause(self) -> None:
        self.engine.toggle_pause()
        self._after_control(redraw_phase=True)

    def action_skip(self) -> None:
        self.engine.skip()
        self._after_control()

    def action_back(self) -> None:
        self.engine.back()
        self._after_control()

    def action_adjust(self, direction: int) -> None:
        view = self.engine.view()
        if view.phase is Phase.REPS:
            self.engine.adjust_reps(direction)
        elif not self.engine.adjust_time(10.0 * direction) and direction > 0:
            hold = view.work.exercise.hold if view.work else None
            if view.phase is Phase.HOLD and hold is not None and hold.is_range:
                top = format_clock(hold.high)
                self.notify(f"{top} is the top of this hold's range.", timeout=3)
        self._after_control()

    def action_add_set(self) -> None:
        work = self.engine.view().work
        circuit = work is not None and self.engine.routine.blocks[work.key.block].style is (
            BlockStyle.CIRCUIT
        )
        if self.engine.add_set():
            self.notify("One more round added." if circuit else "One more set added.", timeout=3)
        elif circuit:
            self.notify("No more rounds to add: this circuit's range is full.", timeout=3)
        else:
            self.notify("No more sets to add: this exercise's range is full.", timeout=3)
        self._after_control(redraw_phase=True)

    def action_toggle_cues(self) -> None:
        cramped = self.has_class("-narrow") or self.has_class("-tiny")
        self.toggle_class("-cues-shown" if cramped else "-cues-hidden")

    def action_quit_session(self) -> None:
        from hiptimer.screens.quit_dialog import QuitDialog

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self._leaving = True
                self.engine.pause()
                if self.session_log is not None:
                    self.session_log.close(SessionStatus.ABANDONED)
                self._finished()

        self.app.push_screen(QuitDialog(), answered)

    @on(OptionList.OptionSelected, "#checklist")
    def check_off(self, event: OptionList.OptionSelected) -> None:
        item = self.engine.checklist()[event.option_index]
        if item.state is SetState.CURRENT:
            self.action_done()
        else:
            self.notify("Only the current set can be checked off here.", timeout=3)


_SPACE_LABELS = {"tap": "+1 rep", "pause": "Pause", "resume": "Resume"}
"""The space bar's actions, in the order its bindings are tried, and the big button's words."""


def _touch_button(label: str, id: str, action: str | None = None) -> Button:
    """A big button for a finger; never focused, so Enter and space keep their session meaning."""
    button = Button(label, id=id, action=action)
    button.can_focus = False
    return button
