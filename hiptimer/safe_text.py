"""Text from a file is shown as text: control characters made visible, nesting bounded.

Routine files, imports and config are shared and hand-edited, so a name may hold an escape
sequence that would clear the runner's terminal or set its title. `visible` turns each control
character into a printable stand-in once, where a file's text is read; the screens and the CLI
then show the result literally (never as markup).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_NESTING", "TooDeep", "visible", "visible_tree"]

MAX_NESTING = 24
"""How deep tables and lists may nest in any file hiptimer reads; a routine needs 4."""

# Below U+0020 except tab and newline, and DEL through the C1 controls (U+007F–U+009F).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"  # C1 controls have no picture of their own


def visible(text: str) -> str:
    """`text` with every control character but tab and newline replaced by a visible stand-in."""
    return _CONTROL.sub(_stand_in, text)


class TooDeep(ValueError):
    """Data nested deeper than `MAX_NESTING`."""


def visible_tree(value: Any, *, max_depth: int = MAX_NESTING) -> Any:
    """A copy of parsed TOML or JSON with `visible` applied to every string, keys included.

    Walks with its own stack, so data nested thousands deep raises TooDeep, never RecursionError.
    """
    root: list[Any] = [None]
    # Each entry: (container to fill, key or index in it, raw value, depth)
    stack: list[tuple[Any, Any, Any, int]] = [(root, 0, value, 0)]
    while stack:
        parent, key, raw, depth = stack.pop()
        if isinstance(raw, dict | list) and depth >= max_depth:
            raise TooDeep(f"tables and lists nest deeper than {max_depth} levels")
        if isinstance(raw, dict):
            table: dict[str, Any] = {}
            parent[key] = table
            for name, item in raw.items():
                clean = visible(name) if isinstance(name, str) else name
                table[clean] = None
                stack.append((table, clean, item, depth + 1))
        elif isinstance(raw, list):
            items: list[Any] = [None] * len(raw)
            parent[key] = items
            stack.extend((items, index, item, depth + 1) for index, item in enumerate(raw))
        else:
            parent[key] = visible(raw) if isinstance(raw, str) else raw
    return root[0]
