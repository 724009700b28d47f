"""`hiptimer serve`: the page only with the token, 403 without it, no app started for a refused
request, and a closed tab's app ended. Only loopback is ever connected to."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from hiptimer.cli import build_parser
from hiptimer.serve import LOOPBACK, TokenServer, app_argv, new_token

PATIENCE = 30.0
Client = TestClient[web.Request, web.Application]
TOKEN = "s3cret-token-for-tests"  # noqa: S105 - a stand-in, for the in-process server


class Served:
    """`hiptimer serve` in a child process, and what it prints."""

    def __init__(self, home: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hiptimer", "serve", "--port", "0", "--mute", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**_environment(), "HIPTIMER_HOME": str(home)},
        )
        self.lines: list[str] = []
        served_at = self.wait_for_line("hiptimer is served at")
        found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)", served_at)
        assert found, f"no loopback address: {served_at!r}"
        self.port, self.token = int(found[1]), found[2]

    @property
    def stdout(self) -> IO[str]:
        assert self.process.stdout is not None
        return self.process.stdout

    def read_line(self) -> str:
        """The next line printed (readline blocks; the test's timeout bounds it)."""
        line = self.stdout.readline()
        assert line, f"hiptimer serve ended early:\n{''.join(self.lines)}"
        self.lines.append(line)
        return line

    def wait_for_line(self, text: str) -> str:
        while True:
            line = self.read_line()
            if text in line:
                return line

    def url(self, path: str) -> str:
        return f"http://{LOOPBACK}:{self.port}{path}"

    def stop(self) -> int:
        self.process.terminate()
        out, _ = self.process.communicate(timeout=PATIENCE)
        self.lines.append(out)
        return self.process.returncode


def _environment() -> dict[str, str]:
    import os

    return dict(os.environ)


@pytest.fixture
def served(hiptimer_home: Path) -> Iterator[Served]:
    server = Served(hiptimer_home)
    yield server
    if server.process.poll() is None:
        server.stop()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_page_is_served_with_the_token_and_refused_without_it(served: Served) -> None:
    status, page = get(served.url(f"/?token={served.token}"))
    assert status == 200
    # The page's websocket carries the token, and the page says what the token is.
    assert f'data-session-websocket-url="ws://{LOOPBACK}:{served.port}/ws/{served.token}"' in page
    assert "secret token" in page and "share it with no one" in page

    for refused in ("/", "/?token=", "/?token=wrong", f"/?token={served.token}x", "/ws"):
        status, body = get(served.url(refused))
        assert status == 403, refused
        assert "needs its secret token" in body
    status, _ = get(served.url("/ws/wrong"))
    assert status == 403
    # The browser side's own files need no token: they are textual-serve's, the same for all.
    assert get(served.url("/static/js/textual.js"))[0] == 200


def test_it_prints_the_address_a_qr_code_and_stops_cleanly(served: Served) -> None:
    served.wait_for_line("Ctrl+C stops serving")
    printed = "".join(served.lines)
    assert "Only this computer can open it" in printed
    assert "▀" in printed or "▄" in printed  # the QR code, drawn in half blocks
    assert served.stop() == 0
    assert "hiptimer serve stopped." in served.lines[-1]


def test_lan_requires_the_token_too(hiptimer_home: Path) -> None:
    """Checked over loopback only: the LAN side listens on every interface, but no test goes
    out on one."""
    served = Served(hiptimer_home, "--lan")
    try:
        served.wait_for_line("Ctrl+C stops serving")
        printed = "".join(served.lines)
        assert "The token in the address is the key" in printed
        assert get(served.url("/"))[0] == 403
        assert get(served.url(f"/?token={served.token}"))[0] == 200
    finally:
        served.stop()


def test_each_run_has_a_new_token() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(token) >= 20 and re.fullmatch(r"[\w-]+", token) for token in tokens)


async def test_a_closed_tab_ends_its_app(served: Served) -> None:
    """The real app, through the real websocket: it draws, the tab closes, the app is gone."""
    served.wait_for_line("Ctrl+C stops serving")
    url = f"ws://{LOOPBACK}:{served.port}/ws/{served.token}?width=40&height=30"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as websocket:
        drawn = b""
        while b"pick a routine" not in drawn:
            message = await websocket.receive(timeout=PATIENCE)
            assert message.type is aiohttp.WSMsgType.BINARY, message
            drawn += message.data
    assert "A tab opened" in served.wait_for_line("A tab opened")
    closed = served.wait_for_line("A tab closed")
    assert "its hiptimer has ended (0 open)" in closed


# -- in-process: the token check comes before any app process -----------------------------------

STARTED = """
import pathlib, sys
pathlib.Path(sys.argv[1]).write_text("started")
"""


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[Client]:
    marker = tmp_path / "started"
    server = TokenServer([sys.executable, "-c", STARTED, str(marker)], TOKEN, patience=2.0)
    async with TestClient(TestServer(server.make_app(), host=LOOPBACK)) as test_client:
        yield test_client


async def test_a_websocket_without_the_token_never_starts_the_app(
    client: Client, tmp_path: Path
) -> None:
    marker = tmp_path / "started"
    for path in ("/ws", "/ws/", "/ws/wrong", f"/ws/{TOKEN}x", f"/ws/{TOKEN[:-1]}"):
        response = await client.get(path, headers={"Upgrade": "websocket", "Connection": "Upgrade"})
        assert response.status == 403, path
    assert not marker.exists(), "an app was started for a request without the token"

    # With the token, the same request does start it (so the check above can fail). The
    # stand-in app exits at once, and the server closes its tab when it has gone.
    websocket = await client.ws_connect(f"/ws/{TOKEN}")
    message = await websocket.receive(timeout=PATIENCE)
    assert message.type is aiohttp.WSMsgType.CLOSE, message
    assert marker.read_text() == "started"


async def test_malformed_messages_from_a_browser_are_dropped() -> None:
    waits = [sys.executable, "-c", "import sys; sys.stdin.read()"]  # an app that stays open
    server = TokenServer(waits, TOKEN, patience=0.5)
    async with TestClient(TestServer(server.make_app(), host=LOOPBACK)) as client:
        await _still_answers(client)


async def _still_answers(client: Client) -> None:
    websocket = await client.ws_connect(f"/ws/{TOKEN}")
    for junk in ("not json", "[]", '["resize", "huge"]', '["stdin", 5]', json.dumps({"a": 1})):
        await websocket.send_str(junk)
    await websocket.send_str('["ping", "still here"]')
    reply = await websocket.receive_json(timeout=PATIENCE)
    assert reply == ["pong", "still here"]
    await websocket.close()


def test_the_app_each_tab_runs_is_this_hiptimer() -> None:
    assert app_argv() == [sys.executable, "-m", "hiptimer"]
    assert app_argv(mute=True)[-1] == "--mute"


@pytest.mark.parametrize("port", ["-1", "65536", "http"])
def test_a_bad_port_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["serve", "--port", port])
    assert exited.value.code == 2
    assert "is not a port" in capsys.readouterr().err


def test_a_port_in_use_is_one_line(hiptimer_home: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "hiptimer", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"hiptimer: port {port} is already in use: pick another with --port"
    )


@pytest.mark.parametrize(
    ("found", "scanned"),
    [
        (
            ["192.0.2.7"],
            "http://192.0.2.7:8123/?token=abc",
        ),  # a documentation address: printed only
        ([], None),  # no code: the loopback one would not open on a phone
    ],
)
def test_lan_prints_the_network_address_and_its_qr_code(
    found: list[str], scanned: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    import hiptimer.serve
    from hiptimer.cli.serve_commands import announce

    monkeypatch.setattr(hiptimer.serve, "lan_addresses", lambda: found)
    out = io.StringIO()
    announce(out, 8123, "abc", lan=True)
    printed = out.getvalue()
    if scanned:
        assert printed.startswith(f"Scan to open {scanned}\n")
    else:
        assert "Scan" not in printed and "▀" not in printed
    assert "hiptimer is served at http://127.0.0.1:8123/?token=abc\n" in printed
    if found:
        assert "On your network: http://192.0.2.7:8123/?token=abc" in printed
    else:
        assert "this computer's address could not be found" in printed
    assert "Share it with no one." in printed
