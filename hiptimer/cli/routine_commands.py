"""The routine commands' arguments. Their work (and pydantic) loads only when one of them runs,
so `hiptimer --version` and `hiptimer history` start fast."""

from __future__ import annotations

import argparse
from importlib import import_module
from pathlib import Path
from typing import Any

__all__ = ["register"]


def _action(name: str) -> Any:
    def run(arguments: argparse.Namespace) -> int:
        handler = getattr(import_module("hiptimer.cli.routine_actions"), name)
        return int(handler(arguments))

    return run


def register(commands: Any) -> None:
    """Add list, show, check, new, edit and schema."""
    listing = commands.add_parser("list", help="list every routine: the built-ins and your own")
    listing.set_defaults(handler=_action("list_routines"))
    show = commands.add_parser("show", help="print a routine's whole plan and estimated time")
    show.add_argument("routine", metavar="ROUTINE", help="a routine id or a path to a .toml file")
    show.set_defaults(handler=_action("show_routine"))
    check = commands.add_parser("check", help="validate routine files; exit 1 if any has a problem")
    check.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        type=Path,
        help="a routine .toml file, or your routine's id; none checks every file in your folder",
    )
    check.set_defaults(handler=_action("check_files"))
    new = commands.add_parser(
        "new", help="write a new routine to your folder: a commented starter, or a copy"
    )
    new.add_argument(
        "id",
        metavar="ID",
        nargs="?",
        help="the new routine's id, e.g. my-warmup; none picks a free one",
    )
    new.add_argument(
        "--from", dest="source", metavar="ROUTINE", help="start from this routine (an id or a path)"
    )
    new.set_defaults(handler=_action("new_routine"))
    edit = commands.add_parser(
        "edit",
        help="open a routine in your editor, checked on save; a built-in is copied first",
    )
    edit.add_argument("routine", metavar="ID|PATH", help="a routine id or a path to a .toml file")
    edit.add_argument(
        "--as",
        dest="copy_as",
        metavar="NEW_ID",
        help="edit a copy under this id (for a built-in the copy is my-ID otherwise)",
    )
    edit.set_defaults(handler=_action("edit_routine"))
    schema = commands.add_parser("schema", help="print the JSON Schema of routine files")
    schema.set_defaults(handler=_action("print_schema"))
