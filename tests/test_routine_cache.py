"""The routine cache: a hit is exactly what the check gives, a changed or broken file is checked
again, a damaged cache is rebuilt, and with a warm cache no pydantic loads before the picker or
during a whole session."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hiptimer.routines import RoutineFileError, cache, load_library, parse_routine
from hiptimer.routines.cache import RoutineCache, code_key, text_key
from hiptimer.routines.files import load_toml
from hiptimer.routines.loader import builtin_dir
from hiptimer.routines.schema import validate_routine

ROOT = Path(__file__).resolve().parent.parent

LADDER = """
name = "Cache test: a ladder, a circuit and per-side doses"
get_ready = "5s"

[[block]]
name = "Hips"

[[block.exercise]]
name = "Couch stretch"
hold = "2m..3m"
sides = "each"
switch = "10s"
at = { "1:00" = "Squeeze the glute" }
progression = { step = "15s" }

[[block.exercise.rung]]
name = "Couch stretch, knee down"

[[block.exercise.rung]]
name = "Couch stretch, back foot up"
hold = "1m..2m"
two_sided = true

[[block.exercise]]
name = "Side plank"
hold = "30s..45s"
sides = "each"
per_side = { right = "40s" }
first = "right"

[[block]]
name = "Circuit"
style = "circuit"
rounds = "2..4"
rest = "1m"
rest_between = "15s"

[[block.exercise]]
name = "Hip hitch"
reps = "10..15"
sides = ["standing", "hanging"]
tempo = "2-1-2"
load = "bodyweight"

[[block.rung]]
name = "Light"
rounds = 2
load = "5 kg"

[[block.rung]]
name = "Heavy"
load = "10 kg"
"""


def cache_file(home: Path) -> Path:
    return home / "cache" / "routines.json"


def texts() -> dict[str, str]:
    found = {
        path.name: path.read_text(encoding="utf-8")
        for path in builtin_dir().iterdir()
        if path.name.endswith(".toml")
    }
    return found | {"ladder.toml": LADDER}


@pytest.mark.parametrize("name", sorted(texts()))
def test_a_routine_read_back_from_the_cache_is_what_the_check_gives(
    name: str, hiptimer_home: Path
) -> None:
    text = texts()[name]
    parse_routine(text, file=name)  # checked, then kept
    # A later run: a new cache object that has only the file to go on.
    from_file = RoutineCache(cache_file(hiptimer_home)).get(text)
    checked = validate_routine(load_toml(text))
    assert from_file is not None, "the routine was kept"
    assert from_file == checked
    assert from_file.blocks == checked.blocks and from_file.exercises == checked.exercises
    for exercise, same in zip(from_file.exercises, checked.exercises, strict=True):
        for index in range(len(exercise.rung)):
            assert exercise.at_rung(index) == same.at_rung(index)
        for side in exercise.sides or ():
            assert exercise.for_side(side) == same.for_side(side)
    for block, same_block in zip(from_file.blocks, checked.blocks, strict=True):
        for index in range(len(block.rung)):
            assert block.at_rung(index) == same_block.at_rung(index)


def test_a_rung_runs_as_the_file_says_whichever_way_it_was_read(hiptimer_home: Path) -> None:
    parse_routine(LADDER, file="ladder.toml")
    routine = RoutineCache(cache_file(hiptimer_home)).get(LADDER)
    assert routine is not None
    stretch = routine.blocks[0].exercise[0]
    back_foot = stretch.at_rung(1)
    assert (back_foot.name, back_foot.sides, back_foot.switch) == (
        "Couch stretch, back foot up",
        None,
        None,
    )
    assert back_foot.describe_target() == "1:00–2:00 hold"
    plank = routine.blocks[0].exercise[1]
    assert plank.for_side("right").describe_target() == "0:40 hold per side"
    assert plank.for_side("left").describe_target() == "0:30–0:45 hold per side"
    heavy = routine.blocks[1].at_rung(1)
    assert heavy.exercise[0].load == "10 kg" and heavy.rounds == routine.blocks[1].rounds


def test_a_hit_is_read_from_the_file_and_a_changed_text_is_checked_again(
    hiptimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse_routine(LADDER, file="ladder.toml")
    stored = json.loads(cache_file(hiptimer_home).read_text(encoding="utf-8"))
    entry = stored["routines"][text_key(LADDER)]
    entry["name"] = "Renamed in the cache"
    cache_file(hiptimer_home).write_text(json.dumps(stored), encoding="utf-8")
    monkeypatch.setattr(cache, "_caches", {})  # a new run reads the file again
    assert parse_routine(LADDER, file="ladder.toml").name == "Renamed in the cache"
    # One character more is another text: the check reads it, whatever the cache holds.
    changed = LADDER.replace("Squeeze the glute", "Squeeze the glutes")
    assert parse_routine(changed, file="ladder.toml").name.startswith("Cache test")


def test_a_file_that_breaks_shows_its_problem_though_its_old_text_was_kept(
    hiptimer_home: Path,
) -> None:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(LADDER, encoding="utf-8")
    assert "mine" in load_library(folder).routines
    (folder / "mine.toml").write_text(LADDER.replace('hold = "2m..3m"', 'hold = "2m..1m"'))
    library = load_library(folder)
    assert "mine" not in library.routines
    [broken] = library.broken
    assert broken.file == "mine.toml"
    assert "hold" in str(broken) and "Couch stretch" in str(broken)
    with pytest.raises(RoutineFileError):
        parse_routine("", file="empty.toml")


@pytest.mark.parametrize(
    "damage",
    [
        "{ not json",
        "[]",
        '{"format": 1, "code": "someone else", "routines": {}}',
        "ENTRY",  # the right code, and an entry of the wrong shape
    ],
)
def test_a_damaged_cache_is_rebuilt_and_every_routine_still_loads(
    damage: str, hiptimer_home: Path
) -> None:
    path = cache_file(hiptimer_home)
    path.parent.mkdir(parents=True)
    if damage == "ENTRY":
        entry = {"@": "Routine", "name": "x", "exercise": [{"@": "NotAModel"}]}
        routines = {text_key(LADDER): entry, text_key("x"): {"@": "Exercise", "bogus": 1}}
        damage = json.dumps({"format": 1, "code": code_key(), "routines": routines})
    path.write_text(damage, encoding="utf-8")
    assert parse_routine(LADDER, file="ladder.toml") == validate_routine(load_toml(LADDER))
    assert len(load_library(None).routines) == len(texts()) - 1
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["code"] == code_key() and text_key(LADDER) in stored["routines"]


def test_a_cache_that_cannot_be_written_leaves_every_routine_checked(
    hiptimer_home: Path,
) -> None:
    hiptimer_home.mkdir(parents=True)
    (hiptimer_home / "cache").write_text("a file where the folder would be", encoding="utf-8")
    assert parse_routine(LADDER, file="ladder.toml") == validate_routine(load_toml(LADDER))
    assert len(load_library(None).routines) == len(texts()) - 1


PROBE = """
import asyncio, sys
from hiptimer.app import HipTimerApp
from tests.waiting import until

async def main():
    app = HipTimerApp(routine="probe", mute=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "PreviewScreen", "the preview")
        painted = "pydantic" in sys.modules
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "SessionScreen", "the session")
        await pilot.press("space", "space", "space", "enter")
        await until(pilot, lambda: type(app.screen).__name__ == "SummaryScreen", "the summary")
        await until(pilot, lambda: app.picker._today_dose, "today's doses in the picker")
    print(f"painted {painted} summary {'pydantic' in sys.modules}")

asyncio.run(main())
"""


def test_with_the_routines_checked_before_no_pydantic_loads_for_a_whole_session(
    hiptimer_home: Path,
) -> None:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True)
    (folder / "probe.toml").write_text(
        'name = "Probe"\nget_ready = 0\n\n[[exercise]]\nname = "Bridge"\nreps = 3\n'
    )

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert run() == "painted True summary True", "the first run checks every file"
    assert run() == "painted False summary False"


def test_a_folder_in_the_cache_files_place_leaves_no_temporary_files(hiptimer_home: Path) -> None:
    cache_file(hiptimer_home).mkdir(parents=True)  # the rename over it fails every time
    for _ in range(2):
        assert len(load_library(None).routines) == len(texts()) - 1
    assert [path.name for path in cache_file(hiptimer_home).parent.iterdir()] == ["routines.json"]


def test_a_lone_surrogate_from_an_imported_text_is_kept_and_read_back(hiptimer_home: Path) -> None:
    """json.loads makes "\\ud800" a lone surrogate; writing the cache as UTF-8 refused it."""
    text = LADDER.replace('sides = ["standing", "hanging"]', 'sides = ["stand\ud800", "hanging"]')
    routine = parse_routine(text, file="import.json")
    assert RoutineCache(cache_file(hiptimer_home)).get(text) == routine
    assert [path.name for path in cache_file(hiptimer_home).parent.iterdir()] == ["routines.json"]


def test_a_text_checked_without_keeping_it_stays_out_of_the_cache(hiptimer_home: Path) -> None:
    """An import's thousands of texts as run would push every routine file out of it."""
    parse_routine(LADDER, file="ladder.toml", keep=False)
    assert not cache_file(hiptimer_home).exists()
    parse_routine(LADDER, file="ladder.toml")
    assert RoutineCache(cache_file(hiptimer_home)).get(LADDER) is not None


def test_a_library_read_writes_the_cache_once_for_all_its_new_files(
    hiptimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[int] = []
    write = RoutineCache._write

    def counted(cache: RoutineCache) -> None:
        writes.append(1)
        write(cache)

    monkeypatch.setattr(RoutineCache, "_write", counted)
    load_library(None)
    assert writes == [1]
    assert len(json.loads(cache_file(hiptimer_home).read_text())["routines"]) == len(texts()) - 1
    load_library(None)  # nothing new: nothing written
    assert writes == [1]
