"""config.toml checked once: an unchanged file is read from the last check's answer, without
pydantic; a changed, broken or problem-bearing file is checked (and shows its problem) as before."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import hiptimer.settings.check
from hiptimer.paths import config_file
from hiptimer.settings import AfterSuspend, Season, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent

EVERY_KEY = """\
sound = false
voice = true
audio_lead_ms = 120
get_ready = "8s"
switch = "0:15"
rest = "1m30s"
seconds_per_rep = 4.5
season = "off-season"
sessions_per_week = 5
training_days = ["mon", "thu"]
weight_unit = "lb"
theme = "nord"
after_suspend = "pause"
keep_awake = false

[keymap]
"session.skip" = "n,right"
"""


def write_config(text: str) -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def remembered_file(home: Path) -> Path:
    return home / "cache" / "settings.json"


def test_an_unchanged_config_comes_back_as_checked_with_every_key(
    hiptimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(EVERY_KEY)
    checked = load_settings()
    assert checked[1] == []
    assert checked[0].season is Season.OFF_SEASON and checked[0].rest == 90.0
    assert remembered_file(hiptimer_home).is_file()

    def refuse(*_: object) -> None:
        raise AssertionError("config.toml was checked again")

    monkeypatch.setattr(hiptimer.settings.check, "validate_leniently", refuse)
    again, problems = load_settings()
    assert (again, problems) == checked
    assert type(again.rest) is float and again.after_suspend is AfterSuspend.PAUSE
    assert again.keymap == {"session.skip": "n,right"}
    assert again.training_days == ["mon", "thu"]


def test_a_changed_config_is_checked_again(hiptimer_home: Path) -> None:
    write_config("sessions_per_week = 3\n")
    assert load_settings()[0].sessions_per_week == 3
    write_config("sessions_per_week = 6\n")
    assert load_settings() == (Settings(sessions_per_week=6), [])


def test_a_config_with_a_problem_shows_it_every_time_and_is_not_kept(hiptimer_home: Path) -> None:
    write_config('rest = "forever"\nsessions_per_week = 4\n')
    for _ in range(2):
        settings, problems = load_settings()
        assert [problem.key for problem in problems] == ["rest"]
        assert settings.sessions_per_week == 4
    assert not remembered_file(hiptimer_home).exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda values: values | {"sound": "yes"},
        lambda values: values | {"season": "winter"},
        lambda values: values | {"sessions_per_week": 4.5},
        lambda values: values | {"training_days": ["mon", 3]},
        lambda values: values | {"keymap": {"session.skip": ["n"]}},
        lambda values: values | {"rest": None},
        lambda values: values | {"extra": 1},
        lambda values: {key: value for key, value in values.items() if key != "theme"},
        lambda values: list(values),
    ],
)
def test_a_remembered_entry_of_the_wrong_kind_is_checked_again(
    hiptimer_home: Path, damage: Callable[[dict[str, Any]], object]
) -> None:
    write_config(EVERY_KEY)
    checked = load_settings()
    path = remembered_file(hiptimer_home)
    document = json.loads(path.read_text())
    document["settings"] = damage(document["settings"])
    path.write_text(json.dumps(document))
    assert load_settings() == checked


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_remembered_number_that_is_not_finite_is_checked_again(
    hiptimer_home: Path, number: str
) -> None:
    write_config(EVERY_KEY)
    checked = load_settings()
    path = remembered_file(hiptimer_home)
    path.write_text(path.read_text().replace('"rest": 90.0', f'"rest": {number}'))
    assert number in path.read_text()
    assert load_settings() == checked


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"code": 1}', "{" * 100_000])
def test_a_damaged_remembered_file_is_ignored(hiptimer_home: Path, text: str) -> None:
    write_config(EVERY_KEY)
    checked = load_settings()
    remembered_file(hiptimer_home).write_text(text)
    assert load_settings() == checked
    assert json.loads(remembered_file(hiptimer_home).read_text())["settings"]["theme"] == "nord"


def test_a_missing_config_remembers_nothing(hiptimer_home: Path) -> None:
    assert load_settings() == (Settings(), [])
    assert not remembered_file(hiptimer_home).exists()


PROBE = """
import sys
from hiptimer.settings import load_settings
settings, problems = load_settings()
print(settings.theme, problems, "pydantic" in sys.modules)
"""


def test_the_second_launch_with_a_config_loads_no_pydantic(hiptimer_home: Path) -> None:
    write_config(EVERY_KEY)

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert run() == "nord [] True", "the first launch checks config.toml with pydantic"
    assert run() == "nord [] False"
