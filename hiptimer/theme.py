"""hiptimer's own theme: work, switch and rest read apart at a glance, from two metres."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

__all__ = ["HIPTIMER_THEME", "start_with_theme"]

# Each phase owns a hue at least 45° from the others: hold green, reps blue, rest violet,
# get ready orchid, switch amber, paused red. A yellow get ready read as a second switch.
HIPTIMER_THEME = Theme(
    name="hiptimer",
    primary="#4EA8DE",
    secondary="#A78BFA",
    accent="#E07BE0",
    warning="#FFB000",
    error="#EF476F",
    success="#3DDC97",
    foreground="#F2F4F8",
    background="#101418",
    surface="#182028",
    panel="#24303C",
    dark=True,
)


def start_with_theme(app: App[Any], name: str) -> None:
    """Register hiptimer's theme and apply the saved one (`name`, if it exists) before the
    stylesheet is first read.

    Setting `theme` in `on_mount`, as usual, runs its watcher, which has Textual parse every
    style rule a second time for the new colours: 15 ms before the first paint. Nothing has been
    parsed yet, so a theme as dark (or light) as the one `App.__init__` set up is set directly:
    the stylesheet gets its colours and the app the class the watcher would add.
    """
    app.register_theme(HIPTIMER_THEME)
    if name not in app.available_themes:
        name = HIPTIMER_THEME.name
    theme = app.get_theme(name)
    if theme is not None and theme.dark == app.current_theme.dark:
        app.set_reactive(App.theme, name)
        app.stylesheet.set_variables(app.get_css_variables())
        app.set_class(True, f"-theme-{name}", update=False)
    else:
        app.theme = name  # the watcher also remaps the ANSI colours for the other mode
