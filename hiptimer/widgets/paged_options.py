"""An option list whose PageUp and PageDown never crash while the list has no rows on screen."""

from __future__ import annotations

from typing import Literal

from textual.widgets import OptionList

__all__ = ["PagedOptionList", "page_options"]


def page_options(options: OptionList, direction: Literal[-1, 1]) -> None:
    """Move the highlight a page up (-1) or down (1); one option while the list shows no rows.

    Textual 8.2's `OptionList._move_page` looks the highlight up in a map of lines that only a
    list with an area on screen fills: squeezed to no height (the picker at 60x12, the palette
    at 3 rows) or not laid out yet, PageDown raised `KeyError` and stopped the app.
    """
    if options.scrollable_content_region:
        page = OptionList.action_page_down if direction > 0 else OptionList.action_page_up
        page(options)  # type: ignore[no-untyped-call]  # Textual leaves these two untyped
    elif options.highlighted is None:
        (options.action_last if direction > 0 else options.action_first)()
    else:
        options.highlighted = next_enabled(options, options.highlighted, direction)


def next_enabled(options: OptionList, start: int, direction: Literal[-1, 1]) -> int:
    """The next option that can be chosen, in this direction; `start` at either end (a page
    move stops there, where the arrow keys go round)."""
    index = start + direction
    while 0 <= index < options.option_count:
        if not options.get_option_at_index(index).disabled:
            return index
        index += direction
    return start


class PagedOptionList(OptionList):
    """An `OptionList` that pages with `page_options`."""

    def action_page_down(self) -> None:
        page_options(self, 1)

    def action_page_up(self) -> None:
        page_options(self, -1)
