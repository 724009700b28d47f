"""Textual's Footer, rebuilt only when the keys it shows have changed."""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer

__all__ = ["KeyFooter"]


class KeyFooter(Footer):
    """A Footer that recomposes once per refresh, and only when its keys read differently.

    Textual's Footer rebuilds every key widget each time a screen refreshes its bindings: on
    every focus change, every reactive that asks for it and every session phase, and once per
    call when several come in one frame. Each rebuild mounts and restyles a dozen widgets, which
    costs a runner's laptop more than the whole big clock, to show the same keys again.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: Hashable = None
        self._pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._pending:
            return
        if self.is_attached and screen is self.screen:
            # False only while the footer closes: then no rebuild is waited for.
            self._pending = self.call_after_refresh(self._recompose_if_changed)

    def _keys(self) -> Hashable:
        """What compose would show: each key with its label, action, state and group."""
        return tuple(
            (key, binding.key_display, binding.description, binding.action, binding.group, *state)
            for key, (_, binding, *state) in self.screen.active_bindings.items()
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING
        )

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
