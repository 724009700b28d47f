"""Reading a file someone else wrote: only a regular file, only up to a size, TOML only so deep;
and writing one of hiptimer's own whole, or not at all.

A FIFO in the routines folder would block a plain `read_bytes` forever and a symlink to
/dev/zero would fill the memory, so the file is opened without blocking and checked with
`fstat` on the open descriptor (never stat-then-open, which a swap between the two defeats).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

from hiptimer.paths import private_folder
from hiptimer.safe_text import MAX_NESTING, TooDeep, visible_tree

__all__ = [
    "FileRefused",
    "load_toml",
    "read_limited",
    "size_text",
    "toml_nesting",
    "write_atomically",
]

_CHUNK = 1 << 16


class FileRefused(ValueError):
    """A file that is not read: not a regular file, too large, or unreadable. One line why."""


def size_text(size: int) -> str:
    """ "512 bytes", "64 KB", "3.2 MB": a file's size as a person reads it."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file (or a symlink to one) of at most `limit` bytes.

    Raises FileNotFoundError for a missing file, and FileRefused, whose message says why, for
    a folder, pipe, socket, device, unreadable or over-large file. Never blocks on a pipe.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as error:
        raise FileRefused(_refusal(path, error)) from None
    try:
        info = os.fstat(descriptor)
        kind = _kind(info.st_mode)
        if kind is not None:
            raise FileRefused(f"is {kind}, not a file, so it is not read")
        if info.st_size > limit:
            raise FileRefused(_too_large(info.st_size, limit))
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # a file may grow after fstat, or report size 0 (/proc)
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileRefused(_too_large(total, limit))
        return b"".join(chunks)
    except OSError as error:
        raise FileRefused(f"cannot be read ({error.strerror})") from None
    finally:
        os.close(descriptor)


def _refusal(path: Path, error: OSError) -> str:
    try:
        kind = _kind(path.stat().st_mode)  # opening a socket fails: say what it is
    except OSError:
        kind = None
    if kind is not None:
        return f"is {kind}, not a file, so it is not read"
    return f"cannot be read ({error.strerror})"


def _too_large(size: int, limit: int) -> str:
    return f"is {size_text(size)}; hiptimer reads files of at most {size_text(limit)}"


_TOML_TOKEN = re.compile(r"[\[\]{}#\"'.=,\n]")


def toml_nesting(text: str) -> int:
    """How deep `[` and `{` nest in TOML text, not counting those in strings and comments.

    A cheap scan, run before tomllib, whose parser recurses once per level and would raise
    RecursionError on a file of ten thousand `[`. Each dot of a dotted key (`a.b.c = 1`,
    `[a.b.c]`) is a level too: tomllib takes time that grows with the square of their number
    (40 s for a 100 KB key of 50,000 parts). A dot in a value (`1.5`) counts until the next
    `,`, `=` or line, so it adds one level at most.
    """
    depth = deepest = dots = 0
    position = 0
    while match := _TOML_TOKEN.search(text, position):
        mark = match.group()
        position = match.end()
        if mark in "[{.":
            if mark == ".":
                dots += 1
            else:
                depth += 1
            deepest = max(deepest, depth + dots)
        elif mark in "]}":
            depth = max(depth - 1, 0)
        elif mark in "=,\n":
            dots = 0
        elif mark == "#":
            end = text.find("\n", position)
            position = len(text) if end < 0 else end
        else:
            position = _string_end(text, match.start(), mark)
    return deepest


def _string_end(text: str, start: int, quote: str) -> int:
    """Where a TOML string that opens at `start` ends (the end of the text if it never does)."""
    closing = quote * 3 if text.startswith(quote * 3, start) else quote
    position = start + len(closing)
    while True:
        end = text.find(closing, position)
        newline = text.find("\n", position) if len(closing) == 1 else -1
        if end < 0 or (0 <= newline < end):
            return len(text) if end < 0 else newline  # unterminated: tomllib says so
        if quote == '"' and _escaped(text, end):
            position = end + 1
            continue
        return end + len(closing)


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def load_toml(text: str) -> dict[str, Any]:
    """Parsed TOML with every string made visible (see `safe_text`), nesting bounded.

    Raises ValueError with one line a person can act on.
    """
    import tomllib  # only for a file not read before: a routine the cache holds needs none

    if toml_nesting(text) > MAX_NESTING:
        raise ValueError(f"nests tables and lists deeper than {MAX_NESTING} levels")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"is not valid TOML: {error}") from None
    except ValueError:  # int() refuses a number of more than 4300 digits
        raise ValueError("is not valid TOML: it holds a number too long to read") from None
    except RecursionError:  # the scan above should make this unreachable
        raise ValueError(f"nests tables and lists deeper than {MAX_NESTING} levels") from None
    try:
        cleaned: dict[str, Any] = visible_tree(data)
    except TooDeep:  # dotted keys nest without brackets: a.b.c.d… = 1
        raise ValueError(f"nests tables and lists deeper than {MAX_NESTING} levels") from None
    return cleaned


def write_atomically(path: Path, text: str) -> None:
    """A temporary file in the same folder, fsync, then rename over `path`."""
    private_folder(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if path.exists():
            # mkstemp makes the file private; keep whatever mode the runner gave the old one.
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
