"""Command palette entries: "routine: start …" for every routine."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

__all__ = ["RoutineCommands"]


class RoutineCommands(Provider):
    """ "routine: start couch stretch" opens that routine's preview."""

    def _commands(self) -> list[tuple[str, str, str]]:
        library = self.app.library  # type: ignore[attr-defined]
        return [
            (
                f"routine: start {loaded.routine.name.lower()}",
                routine_id,
                loaded.routine.summary or "",
            )
            for routine_id, loaded in sorted(library.routines.items())
        ]

    async def discover(self) -> Hits:
        for title, routine_id, help_text in self._commands():
            yield DiscoveryHit(title, partial(self.app.open_preview, routine_id), help=help_text)  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, routine_id, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.open_preview, routine_id),  # type: ignore[attr-defined]
                    help=help_text,
                )
