"""Files from outside cannot stop, hang or flood hiptimer: generated hostile TOML and JSON give a
clean problem or a valid value, and pipes, devices and huge files are named and skipped."""

from __future__ import annotations

import io
import json
import math
import os
import socket
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from hiptimer.cli.render import library_table, routine_plan
from hiptimer.domain.history import ImportProblem, parse_export
from hiptimer.routines import (
    LoadedRoutine,
    Origin,
    RoutineFileError,
    RoutineLibrary,
    build_plan,
    estimate_seconds,
    load_library,
    parse_routine,
)
from hiptimer.routines.durations import MAX_SECONDS
from hiptimer.routines.files import toml_nesting
from hiptimer.routines.plan import MAX_SESSION_SETS
from hiptimer.settings import Settings, load_settings

CONTROL_CHARACTERS = [
    chr(code) for code in [*range(0x20), *range(0x7F, 0xA0)] if code not in (9, 10)
]
HOSTILE = ("[/]", "[bold red]", "[link=file:///etc/passwd]", "\x1b[2J", "\x9b", "max", "..", "-")

# -- a small TOML writer, so hypothesis can write any value a file might hold -----------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value).replace("\x7f", "\\u007f")  # a JSON string is a TOML one
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return (
        "{"
        + ", ".join(f"{json.dumps(str(key))} = {toml_value(item)}" for key, item in value.items())
        + "}"
    )


def toml_document(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(str(key))} = {toml_value(value)}\n" for key, value in data.items())


texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from([*CONTROL_CHARACTERS, "[", "]", "/", "a", " "]), max_size=20),
    st.sampled_from(HOSTILE),
    st.builds(lambda n: "x" * n, st.integers(0, 5000)),
)
numbers = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 100, 101, 1000, 1001, 5000, 86400, 86401, 10**400]),
)
durations = st.one_of(
    numbers,
    st.sampled_from(["45s", "24h", "25h", "1e9", "inf", "nan", "-5s", "99999999h", "1:00:00:00",
                     "2m..3m", "3m..2m", "0s..0s", "max", "²", "٣s", "9" * 5000]),
    texts,
)  # fmt: skip
counts = st.one_of(
    numbers, st.sampled_from(["3..4", "1..100", "1..101", "0..3", "max", "9" * 5000]), texts
)
scalars = st.one_of(st.booleans(), numbers, texts, durations)
anything = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(texts, children, max_size=4)
    ),
    max_leaves=12,
)

EXERCISE_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "name": texts, "reps": counts, "hold": durations, "sets": counts,
    "sides": st.one_of(st.just("each"), st.lists(texts, max_size=3), anything),
    "switch": durations, "rest": durations,
    "tempo": st.one_of(st.sampled_from(["2-1-2", "inf-1", "nan-1", "1e308-1", "61-1"]), texts),
    "load": texts, "cues": st.lists(texts, max_size=3),
    "at": st.dictionaries(st.one_of(durations.map(str), texts), texts, max_size=3),
    "notes": texts, "link": st.one_of(st.just("https://example.com/[/]"), texts), "bogus": anything,
}  # fmt: skip


@st.composite
def exercises(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(sorted(EXERCISE_FIELDS)), unique=True, max_size=6))
    exercise = {"name": draw(texts), "reps": draw(counts)}
    exercise.update({key: draw(EXERCISE_FIELDS[key]) for key in keys})
    return exercise


@st.composite
def routines(draw: st.DrawFn) -> dict[str, Any]:
    routine: dict[str, Any] = {"name": draw(texts)}
    for key in draw(
        st.lists(st.sampled_from(["summary", "source", "notes", "tags", "get_ready"]), unique=True)
    ):
        routine[key] = draw(
            st.lists(texts, max_size=3)
            if key == "tags"
            else durations
            if key == "get_ready"
            else texts
        )
    if draw(st.booleans()):
        routine["exercise"] = draw(st.lists(exercises(), min_size=0, max_size=4))
    else:
        block = {"style": draw(st.sampled_from(["straight", "circuit", "loop"])),
                 "rounds": draw(counts), "rest": draw(durations),
                 "exercise": draw(st.lists(exercises(), max_size=3))}  # fmt: skip
        routine["block"] = [block]
    return routine


def assert_usable(routine: Any) -> None:
    """What a routine that loaded must be: every number bounded, every string printable."""
    plan = build_plan(routine)
    assert len(plan.work_steps) <= MAX_SESSION_SETS
    total = estimate_seconds(routine)
    assert math.isfinite(total) and 0 <= total <= MAX_SECONDS
    sink = io.StringIO()
    output = Console(file=sink, width=120, markup=False)
    loaded = LoadedRoutine("x", routine, Origin.FILE, "x.toml", "")
    output.print(routine_plan(loaded))
    output.print(library_table(RoutineLibrary(routines={"x": loaded})))
    text = sink.getvalue()
    assert not any(control in text for control in CONTROL_CHARACTERS)


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(routines())
def test_a_generated_routine_loads_or_is_one_clean_problem(data: dict[str, Any]) -> None:
    try:
        routine = parse_routine(toml_document(data), file="hostile.toml")
    except RoutineFileError as error:
        assert error.problems
        for problem in error.problems:
            line = str(problem)
            assert line.startswith("hostile.toml")
            assert not any(control in line for control in CONTROL_CHARACTERS)
        return
    assert_usable(routine)


@PROPERTY
@given(st.text(max_size=300))
def test_any_text_at_all_loads_or_is_one_clean_problem(text: str) -> None:
    try:
        assert_usable(parse_routine(text, file="random.toml"))
    except RoutineFileError as error:
        assert error.problems


@PROPERTY
@given(
    data=st.dictionaries(
        st.sampled_from([*(item.name for item in fields(Settings)), "bogus"]), anything, max_size=6
    )
)
def test_generated_settings_load_to_valid_values(
    data: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("config") / "config.toml"
    path.write_text(toml_document(data), encoding="utf-8")
    loaded, problems = load_settings(path)
    defaults = loaded.plan_defaults()
    for seconds in (defaults.get_ready, defaults.switch, defaults.rest, defaults.seconds_per_rep):
        assert math.isfinite(seconds) and 0 <= seconds <= 3600
    assert 0 <= loaded.audio_lead_ms <= 1000 and 1 <= loaded.weekly_goal <= 21
    for problem in problems:
        assert "\n" not in problem.message
        assert not any(control in str(problem) for control in CONTROL_CHARACTERS)


VALID_SET = {
    "block": 0, "exercise_index": 0, "set": 0, "side": None, "exercise": "Bridge",
    "block_name": None, "kind": "REPS", "side_label": None, "target": "15 reps", "reps": 15,
    "seconds": 40.0, "started_at": "2025-03-03T07:06:00Z", "ended_at": "2025-03-03T07:07:00Z",
    "skipped": False, "short": False, "load": None,
}  # fmt: skip
VALID_SESSION = {
    "routine_id": "hips", "routine_name": "Hips", "start_side": 0,
    "started_at": "2025-03-03T07:00:00Z", "ended_at": "2025-03-03T07:30:00Z",
    "status": "completed", "active_seconds": 1800.0,
    "routine_text": 'name = "Hips"\n[[exercise]]\nname = "Bridge"\nreps = 15\nsets = 2\n',
}  # fmt: skip
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, texts,
              st.sampled_from(["1970-01-01T00:00:00Z", "2999-01-01T00:00:00Z", "in_progress"])),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(texts, children, max_size=3)),
    max_leaves=8,
)  # fmt: skip


@PROPERTY
@given(
    st.dictionaries(st.sampled_from(sorted(VALID_SESSION)), json_values, max_size=3),
    st.lists(
        st.dictionaries(st.sampled_from(sorted(VALID_SET)), json_values, max_size=3), max_size=3
    ),
)
def test_a_generated_import_is_refused_in_one_line_or_valid(
    session_changes: dict[str, Any], set_changes: list[dict[str, Any]]
) -> None:
    sets = [{**VALID_SET, **changes} for changes in set_changes]
    document = {"format": "hiptimer history", "version": 1,
                "sessions": [{**VALID_SESSION, **session_changes, "sets": sets}]}  # fmt: skip
    try:
        archives = parse_export(json.dumps(document))
    except ImportProblem as problem:
        assert "\n" not in str(problem)
        return
    for archive in archives:
        assert archive.status.value != "in_progress"
        keys = [(s.block, s.exercise_index, s.set_index, s.side) for s in archive.sets]
        assert len(keys) == len(set(keys))
        for stored in archive.sets:
            assert math.isfinite(stored.seconds) and 0 <= stored.seconds <= 86400
            assert stored.reps is None or stored.reps >= 0
            assert (stored.block, stored.exercise_index) == (0, 0) and stored.set_index < 2
            assert not any(control in stored.exercise for control in CONTROL_CHARACTERS)


@PROPERTY
@given(st.text(max_size=400))
def test_any_text_as_an_import_is_refused_in_one_line_or_read(text: str) -> None:
    try:
        parse_export(text)
    except ImportProblem as problem:
        assert "\n" not in str(problem)


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000,
        "a = " + "{b = " * 50_000,
        "[" + ".".join(["a"] * 50_000) + "]\nb = 1\n",
        ".".join(["a"] * 50_000) + " = 1\n",
        'name = "x"\nexercise = ' + "[" * 30 + "]" * 30 + "\n",
    ],
    ids=["arrays", "inline-tables", "dotted-header", "dotted-key", "just-over"],
)
def test_deep_nesting_is_a_problem_not_a_recursion_error(text: str) -> None:
    with pytest.raises(RoutineFileError, match="nests tables and lists deeper than 24 levels"):
        parse_routine(text, file="deep.toml")


def test_the_nesting_scan_ignores_brackets_in_strings_and_comments() -> None:
    text = 'name = "[[[[[[ ]]"\nnote = \'[[[[\'\n# [[[[[[[[\nm = """\n[[[[\n"""\n[[exercise]]\n'
    assert toml_nesting(text) == 2


def test_the_nesting_scan_counts_the_dots_of_a_key_and_not_of_numbers() -> None:
    """50,000 dotted parts took tomllib 40 s to parse before the scan counted them."""
    assert toml_nesting("a = [1.5, 2.5, 3.5]\nb.c.d = 1.25\n[x.y]\nt = 07:32:00.999\n") == 2
    assert toml_nesting(".".join(["k"] * 30) + " = 1\n") == 29
    assert toml_nesting("[" + ".".join(["k"] * 30) + "]\n") == 30


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("reps = 5\nsets = 101", "101 sets is too many; write at most 100"),
        ('hold = "25h"', "longer than 24h"),
        ("hold = inf", "inf is not a duration"),
        ("hold = nan", "nan is not a duration"),
        ("reps = 1001", "1001 reps is too many; write at most 1000"),
        ("reps = 5\nrest = 1e9", "longer than 24h"),
        ('reps = 5\ntempo = "inf-1"', "each part is 0 to 60 seconds"),
        (f"reps = 5\nsets = {10**30}", "a number far too large sets is too many"),
        ('hold = "12h"\nsets = 3', "runs for 36h"),
        ('reps = 5\nnotes = "' + "x" * 3000 + '"', "is 3000 characters; write at most 2000"),
    ],
)
def test_numbers_and_sizes_past_their_bounds_are_refused_with_the_bound(
    body: str, message: str
) -> None:
    text = f'name = "Big"\n[[exercise]]\nname = "Plank"\n{body}\n'
    with pytest.raises(RoutineFileError) as error:
        parse_routine(text, file="big.toml")
    assert message in str(error.value)


def test_a_session_of_more_than_5000_sets_is_refused() -> None:
    body = "".join(
        f'[[exercise]]\nname = "M{n}"\nreps = 1\nsets = 100\nsides = "each"\n' for n in range(30)
    )
    with pytest.raises(RoutineFileError, match=r"plans 6000 sets .*; a session has at most 5000"):
        parse_routine('name = "Many"\n' + body, file="many.toml")


GOOD = 'name = "Good"\n[[exercise]]\nname = "Bridge"\nreps = 5\n'


def hostile_folder(home: Path) -> Path:
    folder = home / "routines"
    folder.mkdir(parents=True)
    (folder / "good.toml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (folder / "huge.toml").write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n" + GOOD.encode())
    (folder / "dir.toml").mkdir()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.toml"))
    return folder


def test_pipes_devices_sockets_and_huge_files_are_named_and_skipped(hiptimer_home: Path) -> None:
    folder = hostile_folder(hiptimer_home)
    library = load_library(folder)
    assert "good" in library.routines
    why = {error.file: str(error.problems[0]) for error in library.broken}
    assert "is a named pipe (FIFO), not a file" in why["pipe.toml"]
    assert "is a device, not a file" in why["zero.toml"]
    assert "is a socket, not a file" in why["sock.toml"]
    assert "is a folder, not a file" in why["dir.toml"]
    assert "is 2 MB; hiptimer reads files of at most 1 MB" in why["huge.toml"]


@pytest.mark.parametrize("command", [["list"], ["check"], ["show", "pipe"]])
def test_list_and_check_finish_at_once_beside_a_pipe_and_a_device(
    hiptimer_home: Path, command: list[str]
) -> None:
    hostile_folder(hiptimer_home)
    done = subprocess.run(
        [sys.executable, "-m", "hiptimer", *command],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HIPTIMER_HOME": str(hiptimer_home), "COLUMNS": "200"},
        check=False,
    )
    assert "Traceback" not in done.stderr
    output = done.stdout + done.stderr
    assert "pipe.toml: is a named pipe (FIFO), not a file, so it is not read" in output
    if command == ["list"]:
        assert "Good" in output and "zero.toml: is a device" in output
