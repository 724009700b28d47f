"""The `hiptimer` command: the app by default, and subcommands for routines and history."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from hiptimer.cli import (
    app_commands,
    coach_commands,
    history_commands,
    routine_commands,
    serve_commands,
)
from hiptimer.cli.errors import CommandError

__all__ = ["CommandError", "main"]


class _Version(argparse.Action):
    """`--version`, looked up only when asked for (see `hiptimer.__version__`)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **_: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        import hiptimer

        print(f"hiptimer {hiptimer.__version__}")  # on stdout, as argparse's own action does
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hiptimer",
        description="A terminal timer for hip and glute strength work. Run without a command to pick a routine.",
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--mute", action="store_true", help="no sounds or speech for this run")
    parser.set_defaults(handler=app_commands.open_picker)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in (
        app_commands,
        routine_commands,
        history_commands,
        coach_commands,
        serve_commands,
    ):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; a problem the user can fix is one line on stderr and exit code 1 or 2.

    Anything unexpected is a failure too: its traceback goes to a log file in the data folder,
    one line names that file, and the exit code is 70."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    try:
        code = int(arguments.handler(arguments) or 0)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below
        return code
    except CommandError as error:
        from hiptimer.safe_text import visible

        print(f"hiptimer: {visible(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `hiptimer today | head -4`: the reader has all it wanted. As Python's docs advise,
        # point stdout at devnull so the exit's flush does not fail again, and end quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a closed pipe
    except Exception as error:
        from hiptimer.crash import CRASH_EXIT_CODE, crash_line, write_crash_log

        print(crash_line(write_crash_log(error)), file=sys.stderr)
        return CRASH_EXIT_CODE
