"""`hiptimer serve`: the app in a browser tab, one app process per open tab, behind a secret token.

textual-serve brings the browser side (its terminal page, textual.js) and the protocol that runs
a Textual app as a child process (`AppService`). The web server around them is ours, small enough
to read in one sitting, so that every request is checked for the token before anything starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import json
import secrets
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

__all__ = [
    "ALL_INTERFACES",
    "LOOPBACK",
    "Address",
    "TokenServer",
    "app_argv",
    "lan_addresses",
    "new_token",
    "serve",
]

LOOPBACK = "127.0.0.1"
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - only with --lan, and then behind the token
PAGE = Path(__file__).parent / "assets" / "serve" / "page.html"
STATIC = Path(textual_serve.__file__).parent / "static"
MAX_MESSAGE = 64 * 1024
"""Bytes in one websocket message from a browser: keys, taps and window sizes are far smaller."""
CELLS = (10, 500)
"""The window sizes, in cells, that a browser may ask for; anything else is clamped."""
FONT_SIZES = (8, 48)
STOP_SECONDS = 5.0
"""How long the app of a closed tab has to exit by itself before it is terminated, then killed."""
HEARTBEAT_SECONDS = 15.0
"""A tab that answers no ping for this long (a phone gone to sleep, a dropped Wi-Fi) is closed."""

SHARE_NOTE = (
    "This page's address carries a secret token. Anyone with the whole address can drive "
    "hiptimer on this computer while it is served: share it with no one."
)
FORBIDDEN = (
    "hiptimer: this address needs its secret token.\n"
    "Open the whole address that `hiptimer serve` printed, or scan its QR code.\n"
)


def new_token() -> str:
    """A fresh secret for one run of the server: 128 random bits, safe in a URL."""
    return secrets.token_urlsafe(16)


def app_argv(*, mute: bool = False) -> list[str]:
    """The app as each tab runs it: this Python, this hiptimer, the same HIPTIMER_HOME."""
    return [sys.executable, "-m", "hiptimer", *(["--mute"] if mute else [])]


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses on its networks, as its own name resolves; no packet sent."""
    try:
        found = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return []
    return sorted({str(info[4][0]) for info in found if not str(info[4][0]).startswith("127.")})


@dataclass(frozen=True)
class Address:
    """One address to open the app at."""

    host: str
    port: int
    token: str

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/?token={self.token}"


def _clamp(text: str | None, default: int, bounds: tuple[int, int]) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        value = default
    return min(max(value, bounds[0]), bounds[1])


class _AppProcess(AppService):
    """textual-serve's app service, with the app started from an argument list, never a shell."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[object]],
        download_manager: DownloadManager,
    ) -> None:
        super().__init__(
            " ".join(argv),
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,  # type: ignore[arg-type]
            download_manager=download_manager,
        )
        self._argv = tuple(argv)

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self._argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        self._stdin = process.stdin  # a pipe, as asked for just above
        return process

    @property
    def process(self) -> asyncio.subprocess.Process | None:
        return self._process

    async def run(self) -> None:
        """Relay the app's output until it ends; then close its tab, whatever ended it (a
        crash included), so the page says so instead of going blank."""
        await super().run()
        with contextlib.suppress(ConnectionError, RuntimeError):
            await self.remote_close()

    async def end(self, patience: float = STOP_SECONDS) -> int | None:
        """Ask the app to quit, as a closed terminal does; terminate it, then kill it, if it
        has not gone within `patience` seconds each. Every set done is already in the history.
        Returns the app's exit code (None if it never started)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop(), patience)
        process = self._process
        if process is None:
            return None
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        try:
            return await asyncio.wait_for(process.wait(), patience)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            return await process.wait()


class TokenServer:
    """The web server: the page and one app process per websocket, each only with the token.

    The token is asked for even on localhost: any web page open in the same browser could
    otherwise open a websocket to this port and drive the app (websockets are not held to the
    same-origin rule)."""

    def __init__(
        self,
        argv: Sequence[str],
        token: str,
        *,
        report: Callable[[str], None] = lambda line: None,
        patience: float = STOP_SECONDS,
    ) -> None:
        self.argv = tuple(argv)
        self.token = token
        self.report = report
        """Where a line goes when a tab opens or closes: the terminal `hiptimer serve` runs in."""
        self.patience = patience
        self._page = Template(PAGE.read_text(encoding="utf-8"))
        self._downloads = DownloadManager()
        self._open: dict[web.WebSocketResponse, _AppProcess] = {}

    @property
    def open_tabs(self) -> int:
        return len(self._open)

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._require_token], client_max_size=MAX_MESSAGE)
        app.add_routes(
            [
                web.get("/", self._index),
                web.get("/ws/{token}", self._websocket),
                web.static("/static", STATIC),
            ]
        )
        app.on_shutdown.append(self._close_all)
        return app

    def _has_token(self, request: web.Request) -> bool:
        given = request.match_info.get("token") or request.query.get("token") or ""
        return hmac.compare_digest(given.encode(), self.token.encode())

    @web.middleware
    async def _require_token(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Every request but the browser side's own files needs the token, and is refused with
        403 before anything runs: no page, no websocket, no app process."""
        if not request.path.startswith("/static/") and not self._has_token(request):
            return web.Response(status=403, text=FORBIDDEN)
        response = await handler(request)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def _index(self, request: web.Request) -> web.Response:
        # The websocket is addressed as the browser addressed the page, whatever name it used.
        host = html.escape(request.host, quote=True)
        page = self._page.substitute(
            static="/static/",
            websocket=f"ws://{host}/ws/{html.escape(self.token, quote=True)}",
            font_size=_clamp(request.query.get("fontsize"), 16, FONT_SIZES),
            note=SHARE_NOTE,
        )
        return web.Response(
            text=page, content_type="text/html", headers={"Cache-Control": "no-store"}
        )

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS, max_msg_size=MAX_MESSAGE)
        await websocket.prepare(request)
        app = _AppProcess(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self._downloads,
        )
        self._open[websocket] = app
        try:
            await app.start(
                _clamp(request.query.get("width"), 80, CELLS),
                _clamp(request.query.get("height"), 24, CELLS),
            )
            self.report(f"A tab opened: its own hiptimer started ({self.open_tabs} open).")
            await self._relay(websocket, app)
        finally:
            # A closed tab is a closed terminal: the app ends, the session waits to be resumed.
            # Its exit code is not reported: asyncio loses it now and then ("Unknown child
            # process pid ... returncode 255") when the status is reaped before its watcher sees it.
            await app.end(self.patience)
            del self._open[websocket]
            self.report(f"A tab closed: its hiptimer has ended ({self.open_tabs} open).")
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, app: _AppProcess) -> None:
        """Keys, taps and sizes from the browser to the app; anything malformed is dropped."""
        async for message in websocket:
            if message.type is not WSMsgType.TEXT:
                continue
            try:
                kind, data = json.loads(message.data)
            except (ValueError, TypeError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await app.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await app.set_terminal_size(
                    _clamp(str(data.get("width")), 80, CELLS),
                    _clamp(str(data.get("height")), 24, CELLS),
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app.blur()
            elif kind == "focus":
                await app.focus()

    async def _close_all(self, _: web.Application) -> None:
        """The server stops: every tab is closed, so every app ends as a closed terminal."""
        for websocket in list(self._open):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"hiptimer serve stopped")


async def serve(
    server: TokenServer,
    host: str,
    port: int,
    listening: Callable[[int], None],
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until `stop` is set, or SIGINT or SIGTERM; `listening` gets the port once it is
    open (so `--port 0` can say which one it got)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for name in ("SIGINT", "SIGTERM"):
        with contextlib.suppress(NotImplementedError, AttributeError):
            loop.add_signal_handler(getattr(signal, name), stop.set)
    runner = web.AppRunner(
        server.make_app(), handle_signals=False, access_log=None, shutdown_timeout=STOP_SECONDS
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        listening(int(runner.addresses[0][1]))
        await stop.wait()
    finally:
        await runner.cleanup()
