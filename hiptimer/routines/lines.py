"""Finds the line of a routine file that a problem is about, for `check` and the editor's notes.

tomllib keeps no positions, so this reads the text the way a person does: table headers such as
`[[block.exercise]]` open a place, and `key = value` lines name a field in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["TomlLines", "decode_error_line"]

Place = tuple[int | str, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+)\s*(\.\s*[^=]+)?=')
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def decode_error_line(message: str) -> int | None:
    """The line tomllib names in a decode error, such as "(at line 2, column 11)"."""
    found = _AT_LINE.search(message)
    return int(found.group(1)) if found else None


def _key_parts(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in text.split(".")]


class TomlLines:
    """The line where each table and key of a TOML text starts, found by its place:
    ("exercise", 1, "hold") is the `hold =` line of the second [[exercise]]."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Place, int] = {}
        self._counts: dict[Place, int] = {}
        table: Place = ()
        in_string = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string:
                in_string = line.count('"""') % 2 == 0 and line.count("'''") % 2 == 0
                continue
            header = _HEADER.match(line)
            key = None if header else _KEY.match(line)
            if header:
                table = self._open(header.group(1) == "[[", _key_parts(header.group(2)))
                self._lines.setdefault(table, number)
            elif key:
                self._lines.setdefault((*table, key.group(1).strip("\"'")), number)
            in_string = (line.count('"""') % 2 == 1) or (line.count("'''") % 2 == 1)

    def _open(self, array: bool, parts: list[str]) -> Place:
        """The place a header opens: each part that names an array of tables takes the index of
        that array's latest table, as TOML does."""
        place: Place = ()
        for position, part in enumerate(parts):
            place = (*place, part)
            last = position == len(parts) - 1
            if last and array:
                index = self._counts.get(place, 0)
                self._counts[place] = index + 1
                place = (*place, index)
            elif place in self._counts:
                place = (*place, self._counts[place] - 1)
        return place

    def line_of(self, place: Sequence[int | str]) -> int | None:
        """The line of a place, else of the nearest place that holds it; None for the file."""
        parts = tuple(place)
        while parts:
            if parts in self._lines:
                return self._lines[parts]
            parts = parts[:-1]
        return None
