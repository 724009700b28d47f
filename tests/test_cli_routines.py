"""The routine commands as a runner types them: list, show, check, new and schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hiptimer.cli import main
from hiptimer.routines import load_library

BRIDGES = """\
name = "Morning bridges"
source = "My physio"
equipment = ["mat", "miniband"]
get_ready = "5s"

[[exercise]]
name = "Glute bridge"
reps = 12
sets = 3
tempo = "2-1-2"
rest = "30s"
load = "bodyweight"
cues = ["Drive through the heels"]

[[exercise]]
name = "Side plank"
hold = "30s..45s"
sides = "each"
switch = "5s"
cues = ["Hips high"]
at = { "0:20" = "Breathe out" }
notes = "Lateral hip strength for single-leg stance."
link = "https://example.com/side-plank"
"""
# 3 sets of (5s get ready + 12 reps x 5s) with 30s rests, then 5s + 45s + 5s switch + 45s
BRIDGES_SECONDS = 3 * (5 + 12 * 5) + 3 * 30 + (5 + 45 + 5 + 45)
BROKEN = 'name = "Broken"\n[[exercise]]\nname = "Clam"\nholld = "30s"\n'
BROKEN_LINE = 'broken.toml:4: exercise 1 ("Clam"): unknown field `holld`: did you mean `hold`?'


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich reads the width from COLUMNS; wide enough that table cells are not wrapped."""
    monkeypatch.setenv("COLUMNS", "250")


@pytest.fixture
def user_routines(hiptimer_home: Path) -> Path:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True)
    (folder / "my-bridges.toml").write_text(BRIDGES, encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_a_user_routine_with_its_estimate(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    row = next(line for line in out.splitlines() if line.strip().startswith("my-bridges "))
    minutes = round(BRIDGES_SECONDS / 60)
    for cell in ("Morning bridges", f"{minutes} min", " 2 ", "mat, miniband", "My physio", "user"):
        assert cell in row


def test_list_marks_a_user_routine_that_replaces_a_built_in(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    builtin_id = min(load_library(None).routines)
    (user_routines / f"{builtin_id}.toml").write_text(BRIDGES, encoding="utf-8")
    _, out, _ = run(capsys, "list")
    rows = [line for line in out.splitlines() if line.strip().startswith(f"{builtin_id} ")]
    assert len(rows) == 1
    assert "Morning bridges" in rows[0]
    assert "user, replaces built-in" in rows[0]


def test_list_shows_a_broken_user_file_below_the_table(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_routines / "broken.toml").write_text(BROKEN, encoding="utf-8")
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert BROKEN_LINE in lines
    assert lines.index(BROKEN_LINE) > max(i for i, line in enumerate(lines) if "my-bridges" in line)


def test_show_prints_the_whole_plan_and_its_estimate(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "show", "my-bridges")
    assert code == 0
    expected = [
        "Morning bridges  (my-bridges, user)",
        "Source: My physio",
        "1. Glute bridge",
        "3 × 12 reps · tempo 2-1-2 (up-pause-down) · load bodyweight · rest 30s",
        "• Drive through the heels",
        "2. Side plank",
        "0:30–0:45 hold per side · switch 5s",
        "at 0:20: Breathe out",
        "Notes: Lateral hip strength for single-leg stance.",
        "Demo: https://example.com/side-plank",
        f"about {round(BRIDGES_SECONDS / 60)} min ({BRIDGES_SECONDS // 60}:{BRIDGES_SECONDS % 60:02d})",
    ]
    for text in expected:
        assert text in out


def test_show_accepts_a_path_and_prints_circuit_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "base.toml"
    path.write_text(
        'name = "Base"\n[[block]]\nname = "Circuit"\nstyle = "circuit"\nrounds = "3..4"\n'
        'rest = "90s"\n[[block.exercise]]\nname = "Halo"\nreps = "3..6"\n'
        'sides = ["clockwise", "counter-clockwise"]\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0
    assert "Block 1: Circuit (circuit, 3–4 rounds; rest 1m30s between rounds" in out
    assert "3–6 reps per side (clockwise / counter-clockwise)" in out


def test_check_says_ok_for_every_valid_file(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", str(user_routines / "my-bridges.toml"))
    assert (code, out) == (0, 'my-bridges.toml: ok ("Morning bridges", 2 exercises)\n')


def test_check_prints_every_problem_in_every_file_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN + 'cues = "Knees out"\n', encoding="utf-8")
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(broken), str(empty), str(tmp_path / "gone.toml"))
    assert code == 1
    assert out.splitlines() == [
        BROKEN_LINE,
        'broken.toml:5: exercise 1 ("Clam") → cues: "Knees out" is not a list in [brackets]; '
        'write cues = ["Keep the pelvis level"]',
        "empty.toml: the file is empty; a routine needs at least a name and one [[exercise]]",
        f"gone.toml: no such file: {tmp_path / 'gone.toml'}",
    ]


def test_check_takes_a_builtin_id_as_show_and_run_do(capsys: pytest.CaptureFixture[str]) -> None:
    """`check hip-hitch` said "no such file", while `show hip-hitch` found it."""
    code, out, _ = run(capsys, "check", "hip-hitch")
    name = load_library(None).get("hip-hitch").routine.name
    assert code == 0
    assert out.startswith(f'hip-hitch.toml: ok ("{name}", ')


def test_check_of_an_unknown_id_lists_the_known_ones(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", "hip-hitchh")
    assert code == 1
    assert out.startswith("hip-hitchh: no such file or routine id; known routines: ")
    assert "hip-hitch," in out and "my-bridges" in out


def test_check_with_no_file_checks_every_file_in_the_routines_folder(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a new user typed first: `hiptimer check`, expecting their own files checked."""
    (user_routines / "broken.toml").write_text(BROKEN, encoding="utf-8")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out.splitlines() == [BROKEN_LINE, 'my-bridges.toml: ok ("Morning bridges", 2 exercises)']


def test_check_with_no_file_and_no_folder_says_where_files_go(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert out == (
        f"No routine files in {hiptimer_home / 'routines'} yet; "
        "`hiptimer new ID` writes a starter there.\n"
    )


def test_new_writes_a_starter_that_check_accepts(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "new", "my-warmup")
    path = hiptimer_home / "routines" / "my-warmup.toml"
    assert (code, out) == (0, f"{path}\n")
    assert path.read_text(encoding="utf-8").startswith("# A hiptimer routine.")
    code, out, _ = run(capsys, "check", str(path))
    assert (code, out) == (0, 'my-warmup.toml: ok ("My warmup", 2 exercises)\n')
    assert run(capsys, "show", "my-warmup")[0] == 0


def test_new_refuses_to_overwrite(hiptimer_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = hiptimer_home / "routines" / "mine.toml"
    path.parent.mkdir(parents=True)
    path.write_text("my own work", encoding="utf-8")
    code, out, err = run(capsys, "new", "mine")
    assert (code, out) == (1, "")
    assert err == f"hiptimer: {path} already exists; pick another id or edit that file\n"
    assert path.read_text(encoding="utf-8") == "my own work"


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", ".hidden", "two words", ""])
def test_new_rejects_an_id_that_is_not_a_simple_file_name(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str], bad_id: str
) -> None:
    code, out, err = run(capsys, "new", bad_id)
    assert (code, out) == (2, "")
    assert err.startswith(f'hiptimer: "{bad_id}" is not a simple routine id;')
    assert not (hiptimer_home / "routines").exists() or not any(
        (hiptimer_home / "routines").iterdir()
    )


def test_schema_is_json_that_lists_the_exercise_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    fields = schema["$defs"]["Exercise"]["properties"]
    assert {"name", "reps", "hold", "sets", "sides", "tempo", "rest", "cues", "at"} <= set(fields)
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "no-such-routine"], 'hiptimer: no routine "no-such-routine"; known routines:'),
        (["show", "missing.toml"], "hiptimer: no such routine file: missing.toml"),
        (["show"], "hiptimer show: error: the following arguments are required: ROUTINE"),
    ],
)
def test_a_bad_argument_is_one_line_without_a_traceback(
    argv: list[str], message: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hiptimer", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines()[-1].startswith(message)


def test_show_of_a_broken_user_routine_prints_its_problems(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_routines / "broken.toml").write_text(BROKEN, encoding="utf-8")
    code, out, err = run(capsys, "show", "broken")
    assert (code, out) == (1, "")
    assert err.splitlines() == [BROKEN_LINE, "hiptimer: your routine broken.toml has problems"]


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"hiptimer {version('hiptimer')}\n"
