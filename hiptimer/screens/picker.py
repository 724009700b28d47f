"""The first screen: every routine, filtered as you type, with a detail pane."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from hiptimer.routines import (
    LoadedRoutine,
    Origin,
    RoutineFileError,
    RoutineLibrary,
    counted,
)
from hiptimer.screens.hand_over import terminal_handed_over
from hiptimer.widgets import KeyFooter
from hiptimer.widgets.list_row import ListRow
from hiptimer.widgets.paged_options import PagedOptionList

if TYPE_CHECKING:
    from hiptimer.service import SessionService
    from hiptimer.service.coach import Dosed, TodayRow

__all__ = ["PickerScreen", "match_rank", "routine_details"]

NARROW_WIDTH = 70
"""Below this many columns the detail pane goes (the screen is `-narrow`): beside the list it
had room for a word a line."""


SHORT_HEIGHT = 40
"""Below this many rows the today card leaves out its reasons (the detail pane has them)."""


def routine_details(loaded: LoadedRoutine, today: Today | None = None) -> Content:
    """The detail pane; the routine's own text is never read as markup. `today` is the dose it
    runs at today and that dose's length (None until the coach has worked it out, just after the
    first paint): the exercises show it beside the file's where the two differ."""
    routine = loaded.routine
    minutes = None if today is None else today.minutes
    lines: list[str | tuple[str, str]] = [(routine.name, "bold"), "\n\n"]
    if routine.summary:
        lines += [routine.summary, "\n\n"]
    exercises = counted(len(routine.exercises), "exercise")
    if minutes is None:
        lines.append(f"{exercises[:1].upper()}{exercises[1:]}\n")
    else:
        lines += [(f"About {minutes:.0f} min", "bold"), f" today · {exercises}\n"]
    if routine.equipment:
        lines.append("Equipment: " + ", ".join(routine.equipment) + "\n")
    if routine.tags:
        lines.append("Tags: " + ", ".join(routine.tags) + "\n")
    if routine.source:
        lines.append(f"Source: {routine.source}\n")
    if loaded.replaces_builtin:
        lines.append("Your own file replaces the built-in routine of this id.\n")
    elif loaded.origin is Origin.USER:
        lines.append("Your own routine: F4 edits it, F6 renames it, F8 deletes it.\n")
    else:
        lines.append("Built in: F4 edits your own copy of it.\n")
    lines += ["\n", ("Exercises", "bold")]
    dosed = routine.exercises if today is None else today.dosed.loaded.routine.exercises
    for exercise, as_dosed in zip(routine.exercises, dosed, strict=True):
        target, file = as_dosed.describe_target(), exercise.describe_target()
        lines.append(f"\n• {exercise.name}: {target}")
        if target != file:
            lines.append((f" today (the file: {file})", "dim"))
    if today is not None:
        lines += ["\n\n", (today.dosed.source, "dim")]
    return Content.assemble(*lines)


@dataclass(frozen=True)
class Today:
    """A routine as it runs today, and how long that takes, in minutes."""

    dosed: Dosed
    minutes: float


def match_rank(routine_id: str, loaded: LoadedRoutine, needle: str) -> int | None:
    """Where a routine goes in the filtered list, None if it does not match: a name that starts
    with what was typed first, then one that contains it, then a match in the summary, source,
    tags or equipment. Typing "miniband" puts the miniband routine above the ones that merely
    use a band."""
    routine = loaded.routine
    names = (routine.name.lower(), routine_id.lower())
    if any(name.startswith(needle) for name in names):
        return 0
    if any(needle in name for name in names):
        return 1
    about = [routine.summary or "", routine.source or "", *routine.tags, *routine.equipment]
    return 2 if any(needle in field.lower() for field in about) else None


def broken_details(error: RoutineFileError) -> Content:
    problems = "".join(f"\n• {problem}" for problem in error.problems)
    return Content.assemble(
        (f"✘ {error.file} cannot be started", "bold"),
        f"\n\nFix these, then restart hiptimer:{problems}",
    )


_LIST_KEYS = {
    "up": "action_cursor_up",
    "down": "action_cursor_down",
    "pageup": "action_page_up",
    "pagedown": "action_page_down",
}
"""Keys the filter passes to the routine list, by the list's method they call."""


class PickerScreen(Screen[None]):
    """Pick a routine; Enter asks for its preview. F4 edits it, F6 and F8 rename and delete one
    of the runner's own (letters are the filter's)."""

    @dataclass
    class RoutineChosen(Message):
        """The runner chose a routine: open its preview."""

        routine: str | LoadedRoutine
        """A routine's id, or today's session from the card, its targets written in."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]
    # A short window shows the brief card (a line a dose), so no exercise is cut off.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_HEIGHT, "-tall")]

    # Every letter is the filter's: a runner types routine names ("hip", "stretch", "quick"),
    # so the picker's commands sit on keys that do not type.
    BINDINGS = [
        Binding("f1", "help", "Help", id="picker.help", tooltip="Keys for every screen"),
        Binding(
            "f2",
            "history",
            "History",
            id="picker.history",
            tooltip="Your sessions, streak and per-side trends",
        ),
        Binding(
            "f3",
            "settings",
            "Settings",
            id="picker.settings",
            tooltip="Sound, voice, timings and keys",
        ),
        # Priority, as the app's own ctrl+q is: the footer then shows this one.
        Binding(
            "ctrl+q",
            "app.quit",
            "Quit",
            id="picker.quit",
            tooltip="Leave hiptimer",
            priority=True,
        ),
        Binding(
            "f4",
            "edit",
            "Edit",
            id="picker.edit",
            tooltip="Open the routine in your editor (a built-in: your own copy of it)",
        ),
        # Off the footer, so the rest fits 80 columns; help (f1) lists both.
        Binding(
            "f6",
            "rename",
            "Rename",
            id="picker.rename",
            tooltip="Rename your routine",
            show=False,
        ),
        Binding(
            "f8",
            "delete",
            "Delete",
            id="picker.delete",
            tooltip="Delete your routine",
            show=False,
        ),
    ]

    def __init__(self, service: SessionService) -> None:
        """The routines, their lengths with the runner's settings (the preview and the session
        say the same) and today's session come from `service`; f4, f6 and f8 change the
        runner's routine files through it."""
        super().__init__()
        self.service = service
        self.own = service.own_routines
        self.library = service.library
        self._today_dose: dict[str, Today] = {}
        """Each routine as it runs today, the coach's dose, and its length: what its preview
        says (`SessionService.todays_dose`)."""
        self._today: tuple[list[str], LoadedRoutine] | None = None
        self._resumed = False
        self._today_label = ("▶ Today: ", "Enter opens it, targets set.")

    def compose(self) -> ComposeResult:
        yield Static("[b]hiptimer[/b] · pick a routine", id="picker-title")
        yield Static(id="today-card", classes="today-card")
        yield Static(id="today-brief", classes="today-card")
        yield Input(
            placeholder="Type to filter routines (name, tag, equipment, source)",
            id="filter",
            select_on_focus=False,
        )
        with Horizontal(id="picker-body"):
            yield PagedOptionList(id="routines")
            with VerticalScroll(id="detail-pane"):
                yield Static(id="detail")
        yield KeyFooter()

    @property
    def routines(self) -> PagedOptionList:
        return self.query_one("#routines", PagedOptionList)

    def on_mount(self) -> None:
        self.own.shown.append(self.show_library)
        # No lengths yet: they are of today's dose, which needs the history, so they come with
        # the today card just after the first paint (show_today).
        self._fill("")
        # The filter is the only thing that takes focus: a letter can never land elsewhere
        # (while focus moved over, the next letters of a fast "couch" went to the list).
        self.routines.can_focus = False
        self.query_one("#detail-pane").can_focus = False
        self.filter.focus()

    def on_unmount(self) -> None:
        self.own.shown.remove(self.show_library)

    def show_today(self) -> None:
        """The today card as the plan has it now (none while the history is off), and each
        routine's length at today's dose (after the card's frame: they take a while)."""
        self._show_card_only()
        self.call_after_refresh(self._lengths)

    def _show_card(
        self,
        lines: list[str],
        loaded: LoadedRoutine,
        row: TodayRow | None = None,
        brief: list[str] | None = None,
    ) -> None:
        """The today card: the plan's session with its targets and reasons, first in the list.

        The lines hold routine and exercise names from files, so they are shown as plain text.
        """
        first = self._today is None
        self._today = (lines, loaded)
        if row is not None:
            self._today_label = (row.label, row.hint)
        card = self.query_one("#today-card", Static)
        card.update(Text("\n".join(lines[:1] + lines[2:])))
        short = self.query_one("#today-brief", Static)
        short.update(Text("\n".join(brief if brief is not None else lines[:1])))
        self.add_class("-today")  # the stylesheet shows the card that fits the window
        self._fill(self.filter.value)
        if first and not self.filter.value:
            self.routines.highlighted = 0  # the card is what to do now

    def _lengths(self) -> None:
        """Each routine's length at today's dose, in the list and the detail pane."""
        self._estimate()
        self._fill(self.filter.value)

    def _estimate(self) -> None:
        self._today_dose = {}
        for routine_id, loaded in self.library.routines.items():
            dosed, seconds = self.service.todays_dose(loaded)
            self._today_dose[routine_id] = Today(dosed, seconds / 60)

    def show_library(self, library: RoutineLibrary, highlight: str | None = None) -> None:
        """The routines as they are on disk after an edit, a rename or a delete."""
        self.library = library
        self._estimate()
        self._fill(self.filter.value)
        if highlight is not None:
            for index in range(self.routines.option_count):
                if self.routines.get_option_at_index(index).id == highlight:
                    self.routines.highlighted = index

    def on_screen_resume(self) -> None:
        """Back from the settings, the lengths follow a changed rest or rep time; back from a
        session, the today card says what is due now. The first resume comes before the first
        paint, which waits for no history: the app calls `show_today` once it is painted."""
        if self._resumed:
            self.call_later(self.show_today)
        self._resumed = True

    def _show_card_only(self) -> None:
        if (today := self.service.today()) is not None:
            from hiptimer.service.coach import brief_lines, card_lines, today_row

            session, loaded = today
            self._show_card(card_lines(session), loaded, today_row(session), brief_lines(session))

    @property
    def filter(self) -> Input:
        return self.query_one("#filter", Input)

    def on_key(self, event: Key) -> None:
        """The filter has the typing; the keys that move through a list move the routines."""
        move = _LIST_KEYS.get(event.key)
        if move is not None:
            event.stop()
            getattr(self.routines, move)()
        elif event.key == "escape" and self.filter.value:
            event.stop()
            self.filter.value = ""

    def _fill(self, text: str) -> None:
        needle = text.strip().lower()
        ranked = []
        for routine_id, loaded in self.library.routines.items():
            rank = match_rank(routine_id, loaded, needle)
            if rank is not None:
                ranked.append((rank, loaded.routine.name, routine_id))
        options = [
            Option(self._label(routine_id), id=routine_id) for _, _, routine_id in sorted(ranked)
        ]
        if self._today is not None and not needle:
            name = self._today[1].routine.name
            label = Text.assemble((self._today_label[0], "bold"), name)
            options.insert(0, Option(ListRow(label), id="today"))
        for number, error in enumerate(self.library.broken):
            if needle in error.file.lower():
                options.append(
                    Option(
                        ListRow(
                            Text.assemble(("✘ ", "bold"), error.file),
                            Text("broken, see why →", style="dim"),
                        ),
                        id=f"broken:{number}",
                    )
                )
        kept = self._highlighted_id()
        self.routines.clear_options()
        self.routines.add_options(options)
        if options:
            # A refill (the today card, back from a dialog) keeps the runner's place.
            ids = [option.id for option in options]
            self.routines.highlighted = ids.index(kept) if kept in ids else 0
        else:
            self.query_one("#detail", Static).update("No routine matches the filter.")

    def _label(self, routine_id: str) -> ListRow:
        """The routine's name, cut to fit, with its length today and whether it is the runner's
        own at the right edge."""
        loaded = self.library.routines[routine_id]
        note = Text(style="dim")
        if (today := self._today_dose.get(routine_id)) is not None:
            note.append(f"{today.minutes:.0f} min")
        if loaded.origin is Origin.USER:
            note.append(" · yours" if note else "yours", style="italic")
        return ListRow(Text(loaded.routine.name), note)

    @on(Input.Changed, "#filter")
    def filter_routines(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def open_highlighted(self) -> None:
        if self.routines.highlighted is not None:
            self.routines.action_select()

    @on(OptionList.OptionHighlighted, "#routines")
    def show_details(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        detail = self.query_one("#detail", Static)
        if option_id == "today" and self._today is not None:
            hint = self._today_label[1]
            detail.update(Text("\n".join(self._today[0]) + f"\n\n{hint}"))
        elif option_id.startswith("broken:"):
            detail.update(broken_details(self.library.broken[int(option_id.split(":")[1])]))
        else:
            detail.update(
                routine_details(self.library.routines[option_id], self._today_dose.get(option_id))
            )

    @on(OptionList.OptionSelected, "#routines")
    def open_preview(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("broken:"):
            error = self.library.broken[int(option_id.split(":")[1])]
            self.notify(
                "\n".join(map(str, error.problems)) + "\nFix the file, then restart hiptimer.",
                title=f"{error.file} cannot be started",
                severity="warning",
                timeout=15,
                markup=False,
            )
        elif option_id == "today" and self._today is not None:
            self.post_message(self.RoutineChosen(self._today[1]))
        elif option_id:
            self.post_message(self.RoutineChosen(option_id))

    async def action_help(self) -> None:
        await self.app.run_action("open_help")

    async def action_history(self) -> None:
        await self.app.run_action("open_history")

    async def action_settings(self) -> None:
        await self.app.run_action("open_settings")

    def _highlighted_own(self) -> str | None:
        """The id of the highlighted routine if it is the runner's own file (broken or not)."""
        option_id = self._highlighted_id()
        if option_id is None:
            return None
        if option_id.startswith("broken:"):
            return self.library.broken[int(option_id.split(":")[1])].file.removesuffix(".toml")
        loaded = self.library.routines.get(option_id)
        return option_id if loaded is not None and loaded.origin is Origin.USER else None

    def _highlighted_id(self) -> str | None:
        index = self.routines.highlighted
        if index is None:
            return None
        option_id = self.routines.get_option_at_index(index).id
        return None if option_id == "today" else option_id  # the card is no file of its own

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rename", "delete"):
            return self._highlighted_own() is not None or None
        if action == "edit":
            return self._highlighted_id() is not None or None
        return True

    @on(OptionList.OptionHighlighted, "#routines")
    def _keys_follow_the_highlight(self) -> None:
        self.refresh_bindings()

    def action_edit(self) -> None:
        option_id = self._highlighted_id()
        if option_id is not None:
            own = self._highlighted_own()
            argument = own if own is not None else option_id
            self.own.edit(argument, terminal_handed_over(self.app))

    def action_rename(self) -> None:
        from hiptimer.screens.rename_dialog import RenameDialog

        routine_id = self._highlighted_own()
        if routine_id is None:
            return

        def renamed(new_id: str | None) -> None:
            if new_id:
                self.own.rename(routine_id, new_id)

        self.app.push_screen(RenameDialog(routine_id), renamed)

    def action_delete(self) -> None:
        from hiptimer.screens.delete_dialog import DeleteDialog

        routine_id = self._highlighted_own()
        if routine_id is None:
            return
        loaded = self.library.routines.get(routine_id)
        name = loaded.routine.name if loaded is not None else f"{routine_id}.toml"

        def answered(delete: bool | None) -> None:
            if delete:
                self.own.delete(routine_id)

        self.app.push_screen(DeleteDialog(routine_id, name), answered)
