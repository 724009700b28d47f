"""No external program is ever run through a shell: a hostile exercise name reaches the player and
the speech program as one verbatim argument, and no module can start a shell."""

from __future__ import annotations

import ast
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

import hiptimer
from hiptimer.alerts import CueAlerts, system_player, system_speaker
from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock
from hiptimer.screens import PreviewScreen, SessionScreen, SummaryScreen
from hiptimer.settings import Settings
from tests.waiting import caught_up, shown, until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake programs are POSIX scripts")

HOSTILE = '"; rm -rf ~'
ROUTINE_TOML = f"""\
name = "No shell"
get_ready = 0

[[exercise]]
name = {json.dumps(HOSTILE)}
hold = "4s"
"""

LOGGER = """#!{python}
import json, sys
with open({log!r}, "a", encoding="utf-8") as out:
    out.write(json.dumps(sys.argv) + "\\n")
"""


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The whole PATH: a fake player and speech program that log their argv, and nothing else,
    so any other program hiptimer tried to start (sh included) could not be found."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "argv.log"
    for name in ("pw-play", "espeak-ng"):
        script = folder / name
        script.write_text(LOGGER.format(python=sys.executable, log=str(log)))
        script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    system_player.cache_clear()
    system_speaker.cache_clear()
    yield folder
    system_player.cache_clear()
    system_speaker.cache_clear()


def logged_calls(log: Path) -> list[list[str]]:
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [json.loads(line) for line in lines]


async def wait_for_log(pilot: Pilot[None], log: Path, spoken: str) -> list[list[str]]:
    def said() -> bool:
        calls = logged_calls(log)
        return any(spoken in call[-1] for call in calls if call[0].endswith("espeak-ng"))

    await until(pilot, said, f"espeak-ng to say {spoken!r}")
    return logged_calls(log)


async def test_a_hostile_exercise_name_reaches_each_program_as_one_argument(
    fake_bin: Path, hiptimer_home: Path, tmp_path: Path
) -> None:
    (hiptimer_home / "routines").mkdir(parents=True)
    (hiptimer_home / "routines" / "noshell.toml").write_text(ROUTINE_TOML, encoding="utf-8")
    (hiptimer_home / "config.toml").write_text("keep_awake = false\n", encoding="utf-8")
    clock = FakeClock()
    cue_alerts = CueAlerts(Settings(sound=True, voice=True))
    app = HipTimerApp(clock=clock, wall_clock=clock.wall, routine="noshell", cue_alerts=cue_alerts)
    log = tmp_path / "argv.log"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)
        await wait_for_log(pilot, log, HOSTILE)
        for _ in range(4):  # the 4 s hold, in steps the screen polls
            clock.advance(1)
            await caught_up(pilot)
        await until(pilot, lambda: shown(app, SummaryScreen), "the summary")
        calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    programs = {Path(call[0]).name for call in calls}
    assert programs <= {"pw-play", "espeak-ng"}, f"something else ran: {calls}"
    assert all(len(call) == 2 for call in calls), f"an argument was split or added: {calls}"
    spoken = [call[1] for call in calls if call[0].endswith("espeak-ng")]
    assert f"Go: {HOSTILE}" in spoken, spoken
    played = [call[1] for call in calls if call[0].endswith("pw-play")]
    assert played and all(Path(sound).suffix == ".wav" for sound in played), played
    # The name was text to say, never a command: the home folder is still there.
    assert Path(os.path.expanduser("~")).is_dir()
    assert hiptimer_home.is_dir()


def package_sources() -> list[Path]:
    return sorted(Path(hiptimer.__file__).parent.rglob("*.py"))


def shell_calls(source: str) -> list[str]:
    """Every `shell=True`, `os.system`, `os.popen` or `subprocess.getoutput`-like call."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "shell" and not (
                isinstance(keyword.value, ast.Constant) and keyword.value.value is False
            ):
                found.append(f"line {node.lineno}: shell={ast.unparse(keyword.value)}")
        name = ast.unparse(node.func)
        if name.split(".")[-1] in ("system", "popen", "getoutput", "getstatusoutput") and (
            name.startswith(("os.", "subprocess.")) or name in ("system", "popen")
        ):
            found.append(f"line {node.lineno}: {name}()")
    return found


def test_the_static_check_catches_a_shell() -> None:
    assert shell_calls("import os\nos.system('ls')") == ["line 2: os.system()"]
    assert shell_calls("import subprocess as s\ns.run('ls', shell=True)") == ["line 2: shell=True"]
    assert shell_calls("import os\nos.popen('ls')") == ["line 2: os.popen()"]
    assert shell_calls("import subprocess\nsubprocess.run(['ls'], shell=False)") == []


def test_no_module_in_the_package_can_start_a_shell() -> None:
    sources = package_sources()
    assert len(sources) > 20, "the package was not found"
    found = {
        str(path.relative_to(Path(hiptimer.__file__).parent)): calls
        for path in sources
        if (calls := shell_calls(path.read_text(encoding="utf-8")))
    }
    assert found == {}
