"""A real browser on a phone-sized page: the system's headless Chromium, driven by Playwright
(which never downloads a browser here), opens `hiptimer serve`, starts a short routine, taps
a rep and checks the set off, and the set lands in the history. Closing the tab ends its
hiptimer, and the next tab offers to resume; a second tab meanwhile leaves the live session
alone. Only loopback is ever connected to."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from hiptimer.domain.history import HistoryStore
from hiptimer.domain.results import SetResult

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Chromium's own calls home would be refused by a closed network, many at a time.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 640}
"""A phone held upright, in CSS pixels: about 40 by 33 cells at the page's font."""
PATIENCE = 60.0
ROUTINE = """\
name = "Tiny"
get_ready = 0

[[exercise]]
name = "Clamshell"
reps = 2
sets = 2
rest = 0
"""

DRAWN = """
(() => {
  // Everything the app draws, as text, and the size the page asked for: what a test reads,
  // since the terminal itself is a canvas.
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.hiptimerDrawn = "";
  window.hiptimerSize = null;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") {
          window.hiptimerDrawn += decoder.decode(event.data, { stream: true });
        }
      });
    }
    send(data) {
      try {
        const message = JSON.parse(data);
        if (message[0] === "resize") window.hiptimerSize = message[1];
      } catch (error) {}
      super.send(data);
    }
  };
})();
"""


def chromium() -> Any:
    """Playwright's Chromium launcher, or a skip that says why there is no browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        pytest.skip(f"no browser test: playwright cannot be imported ({error})")
    if not CHROMIUM.exists():
        pytest.skip(f"no browser test: no Chromium at {CHROMIUM} (apt-get install chromium)")
    return sync_playwright


class Served:
    """`hiptimer serve` in a child process; its lines are read on a thread, so no read blocks."""

    def __init__(self, home: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hiptimer", "serve", "--port", "0", "--mute"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "HIPTIMER_HOME": str(home)},
        )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        found = re.search(
            r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", self.wait_for_line("hiptimer is served at")
        )
        assert found, "no loopback address printed"
        self.url = found[0]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)

    def wait_for_line(self, text: str) -> str:
        deadline = time.monotonic() + PATIENCE
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                break
            if text in line:
                return line
        raise AssertionError(f"hiptimer serve never printed {text!r}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=PATIENCE)


@pytest.fixture
def served(hiptimer_home: Path) -> Iterator[Served]:
    (hiptimer_home / "routines").mkdir(parents=True)
    (hiptimer_home / "routines" / "tiny.toml").write_text(ROUTINE, encoding="utf-8")
    (hiptimer_home / "config.toml").write_text("keep_awake = false\n", encoding="utf-8")
    server = Served(hiptimer_home)
    yield server
    server.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium()() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


def phone(browser: Browser, url: str) -> Page:
    page = browser.new_page(viewport=PHONE, has_touch=True)
    page.add_init_script(DRAWN)
    page.goto(url)
    return page


def drawn_after(page: Page, text: str, mark: int = 0) -> int:
    """Wait until the app has drawn `text` (after the first `mark` characters drawn); return
    how much has been drawn by then, the mark for the next wait."""
    page.wait_for_function(
        "([text, mark]) => window.hiptimerDrawn.indexOf(text, mark) >= 0",
        arg=[text, mark],
        timeout=PATIENCE * 1000,
    )
    return int(page.evaluate("window.hiptimerDrawn.length"))


def tap_cell(page: Page, column: float, row: float) -> None:
    """A finger on the terminal's cell (column, row), counted from the top left."""
    size = page.evaluate("window.hiptimerSize")
    box = page.locator(".xterm-screen").bounding_box()
    assert size and box, "the terminal is not on the page"
    page.touchscreen.tap(
        box["x"] + box["width"] * column / size["width"],
        box["y"] + box["height"] * row / size["height"],
    )


def results_when(condition: Callable[[list[SetResult]], bool]) -> list[SetResult]:
    """The latest session's sets, once they meet `condition` (the served app writes them)."""
    deadline = time.monotonic() + PATIENCE
    done: list[SetResult] = []
    while time.monotonic() < deadline:
        store, _ = HistoryStore.open()
        try:
            latest = store.sessions(limit=1)
            done = store.results(latest[0].id) if latest else []
        finally:
            store.close()
        if condition(done):
            return done
        time.sleep(0.1)  # another process writes it: poll, with a deadline
    raise AssertionError(f"the history never showed the set; it has {done}")


def test_a_tapped_set_lands_in_the_history_and_a_closed_tab_resumes(
    browser: Browser, served: Served
) -> None:
    page = phone(browser, served.url)
    mark = drawn_after(page, "pick a routine")
    served.wait_for_line("A tab opened")
    page.locator(".xterm-helper-textarea").focus()
    page.keyboard.type("tiny")
    mark = drawn_after(page, "Tiny", mark)
    page.keyboard.press("Enter")
    mark = drawn_after(page, "Enter to start", mark)
    page.keyboard.press("Enter")
    mark = drawn_after(page, "0/2 reps", mark)

    size = page.evaluate("window.hiptimerSize")
    columns, rows = size["width"], size["height"]
    assert columns <= 45, f"not a phone's width: {size}"
    tap_cell(page, columns / 2, rows / 2)  # the big digits
    mark = drawn_after(page, "1/2 reps", mark)
    # "Done / next": the right-hand button, the three rows above the footer.
    tap_cell(page, columns * 0.75, rows - 2.5)

    done = results_when(lambda results: len(results) == 1)
    assert [(result.exercise, result.reps, result.skipped) for result in done] == [
        ("Clamshell", 1, False)
    ]

    # A second tab meanwhile is a second hiptimer: it leaves the live session to its owner.
    second = phone(browser, served.url)
    drawn_after(second, "elsewhere")  # "Session running elsewhere", wrapped in a toast
    assert "Resume Tiny" not in second.evaluate("window.hiptimerDrawn")
    second.close()
    served.wait_for_line("A tab closed")

    page.close()  # the tab, closed mid-session like a closed terminal
    assert "has ended" in served.wait_for_line("A tab closed")
    again = phone(browser, served.url)
    drawn_after(again, "Resume Tiny")
    again.close()
