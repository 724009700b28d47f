"""`hiptimer serve`: the app in a web browser, on this computer or (with --lan) a phone nearby."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

__all__ = ["register"]

DEFAULT_PORT = 8000


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port: give 1 to 65535 (0 for any free)"
        )
    return port


def register(commands: Any) -> None:
    serve = commands.add_parser(
        "serve",
        help="run hiptimer in a web browser: here, or with --lan on a phone or tablet nearby",
        description=(
            "Serve hiptimer to a web browser. Each open tab runs its own hiptimer on this "
            "computer, which keeps the sound; sessions land in the same history. The printed "
            "address carries a secret token: a request without it is refused."
        ),
    )
    serve.add_argument(
        "--lan",
        action="store_true",
        help="listen on the local network too, for a phone or tablet (the token is the key)",
    )
    serve.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"the port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    serve.add_argument(
        "--mute", action="store_true", default=argparse.SUPPRESS, help="no sound or speech"
    )
    serve.set_defaults(handler=serve_app)


def serve_app(arguments: argparse.Namespace) -> int:
    import asyncio
    import errno

    from hiptimer.cli.errors import CommandError
    from hiptimer.serve import (
        ALL_INTERFACES,
        LOOPBACK,
        TokenServer,
        app_argv,
        new_token,
        serve,
    )

    token = new_token()
    server = TokenServer(app_argv(mute=arguments.mute), token, report=_say)
    host = ALL_INTERFACES if arguments.lan else LOOPBACK

    def listening(port: int) -> None:
        announce(sys.stdout, port, token, lan=arguments.lan)

    try:
        asyncio.run(serve(server, host, arguments.port, listening))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CommandError(
                f"port {arguments.port} is already in use: pick another with --port"
            ) from None
        raise CommandError(f"cannot listen on port {arguments.port}: {error.strerror}") from None
    print("hiptimer serve stopped.", flush=True)
    return 0


def _say(line: str) -> None:
    print(line, flush=True)


def announce(out: TextIO, port: int, token: str, *, lan: bool) -> None:
    """Where to open the app: a QR code for the phone first, then the addresses in words,
    last, so a small terminal still shows them after the code has scrolled by."""
    import segno

    from hiptimer.serve import LOOPBACK, Address, lan_addresses

    here = Address(LOOPBACK, port, token)
    nearby = [Address(host, port, token) for host in lan_addresses()] if lan else []
    scanned = nearby[0] if nearby else None if lan else here
    if scanned is not None:  # never a code a phone could not open
        print(f"Scan to open {scanned.url}", file=out)
        segno.make(scanned.url, error="l").terminal(out=out, compact=True, border=2)
    print(f"hiptimer is served at {here.url}", file=out)
    if not lan:
        print("Only this computer can open it; `hiptimer serve --lan` lets a phone in.", file=out)
    for address in nearby:
        print(f"On your network: {address.url}", file=out)
    if lan and not nearby:
        print(
            "On your network: this computer's address could not be found; open "
            f"http://<its address>:{port}/?token={token} on the phone.",
            file=out,
        )
    if lan:
        print(
            "The token in the address is the key: anyone on your network with the whole "
            "address can drive hiptimer here. Share it with no one.",
            file=out,
        )
    print("Each open tab runs its own hiptimer. Ctrl+C stops serving.", file=out, flush=True)
