"""Every kind of bad routine file gets one clear line: file, exercise, field, what, an example."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiptimer.routines import (
    Origin,
    RoutineFileError,
    load_library,
    load_routine_file,
)

HEAD = 'name = "Hip day"\n'
BRIDGE = '[[exercise]]\nname = "Bridge"\n'
DURATIONS = '"45s", "2m", "2m30s" or "1:30"'

BAD_FILES: list[tuple[str, str, str]] = [
    (
        "rest-on-a-circuits-last-exercise",
        HEAD
        + '[[block]]\nstyle = "circuit"\n[[block.exercise]]\nname = "Bridge"\nreps = 8\n'
        + '[[block.exercise]]\nname = "Lunge"\nreps = 8\nrest = "5s"\n',
        'block 1: exercise 2 ("Lunge") has `rest`, but in a circuit the rest after the last '
        "exercise is the rest between rounds; set `rest` on the block instead",
    ),
    (
        "bad-hold-with-at-cues-is-one-line",
        HEAD + BRIDGE + 'hold = "2 minutes"\nat = { "1:00" = "Breathe" }\n',
        'exercise 1 ("Bridge") → hold: "2 minutes" is not a duration; write ' + DURATIONS,
    ),
    (
        "typo",
        HEAD + BRIDGE + 'holld = "30s"\n',
        'exercise 1 ("Bridge"): unknown field `holld`: did you mean `hold`?',
    ),
    (
        "typo-in-block",
        HEAD + '[[block]]\nname = "Circuit"\n[[block.exercise]]\nname = "Bridge"\nrepz = 10\n',
        'block 1 ("Circuit") → exercise 1 ("Bridge"): unknown field `repz`: did you mean `reps`?',
    ),
    (
        "unknown-top-level-key",
        HEAD + 'author = "me"\n' + BRIDGE + "reps = 10\n",
        "unknown field `author`; known fields are `name`, `summary`, `source`, `tags`, "
        "`equipment`, `get_ready`, `notes`, `exercise`, `block`, `next`",
    ),
    (
        "both-reps-and-hold",
        HEAD + BRIDGE + 'reps = 10\nhold = "30s"\n',
        'exercise 1 ("Bridge"): has both `reps` and `hold`; give exactly one, '
        'e.g. reps = 15 or hold = "30s"',
    ),
    (
        "neither-reps-nor-hold",
        HEAD + BRIDGE,
        'exercise 1 ("Bridge"): has neither `reps` nor `hold`; give exactly one, '
        'e.g. reps = 15 or hold = "30s"',
    ),
    (
        "malformed-duration",
        HEAD + '[[exercise]]\nname = "A"\nreps = 5\n[[exercise]]\nname = "Hip hitch"\n'
        'hold = "2 minutes"\n',
        f'exercise 2 ("Hip hitch") → hold: "2 minutes" is not a duration; write {DURATIONS}',
    ),
    (
        "malformed-range",
        HEAD + BRIDGE + 'reps = "8..x"\n',
        'exercise 1 ("Bridge") → reps: "8..x" is not a range of reps; write 12 or "8..12"',
    ),
    (
        "range-min-above-max",
        HEAD + BRIDGE + 'hold = "3m..2m"\n',
        'exercise 1 ("Bridge") → hold: "3m..2m" runs backwards; '
        'the smaller bound comes first, e.g. "2m..3m"',
    ),
    (
        "cues-as-a-string",
        HEAD + BRIDGE + 'reps = 10\ncues = "Squeeze"\n',
        'exercise 1 ("Bridge") → cues: "Squeeze" is not a list in [brackets]; '
        'write cues = ["Keep the pelvis level"]',
    ),
    (
        "reps-as-a-float",
        HEAD + BRIDGE + "reps = 10.5\n",
        'exercise 1 ("Bridge") → reps: 10.5 is not a whole number of reps; write 12 or "8..12"',
    ),
    (
        "name-as-a-number",
        HEAD + "[[exercise]]\nname = 5\nreps = 10\n",
        'exercise 1 → name: 5 is not text in quotes; write name = "Hip hitch"',
    ),
    (
        "empty-exercise-list",
        HEAD + "exercise = []\n",
        "exercise: the list is empty; add at least one [[exercise]]",
    ),
    (
        "empty-cue",
        HEAD + BRIDGE + 'reps = 10\ncues = ["Squeeze", ""]\n',
        'exercise 1 ("Bridge") → cues → item 2: is empty; write cues = ["Keep the pelvis level"]',
    ),
    (
        "one-side",
        HEAD + BRIDGE + 'reps = 10\nsides = ["left"]\n',
        'exercise 1 ("Bridge") → sides: 1 side(s) given; one-sided work has exactly two, '
        'e.g. ["left", "right"] or "each"',
    ),
    (
        "duplicate-sides",
        HEAD + BRIDGE + 'reps = 10\nsides = ["left", "Left"]\n',
        'exercise 1 ("Bridge") → sides: both sides are "left"; '
        'name two different sides, e.g. ["left", "right"]',
    ),
    (
        "at-outside-the-hold",
        HEAD + BRIDGE + 'hold = "30s"\nat = { "1:00" = "Breathe out" }\n',
        'exercise 1 ("Bridge") → at: "1:00" falls after the hold ends at 30s; '
        "pick a moment within the hold",
    ),
    (
        "at-on-reps",
        HEAD + BRIDGE + 'reps = 10\nat = { "0:10" = "Breathe out" }\n',
        'exercise 1 ("Bridge") → at: `at` cues belong to holds, and this exercise counts reps; '
        "remove `at`",
    ),
    (
        "tempo-on-a-hold",
        HEAD + BRIDGE + 'hold = "30s"\ntempo = "2-1-2"\n',
        'exercise 1 ("Bridge") → tempo: `tempo` paces reps, and this exercise is a hold; '
        "remove `tempo`",
    ),
    (
        "bad-tempo",
        HEAD + BRIDGE + 'reps = 10\ntempo = "fast"\n',
        'exercise 1 ("Bridge") → tempo: "fast" is not a tempo; '
        'write it as seconds per part, e.g. "2-1-2" (up, pause, down)',
    ),
    (
        "broken-toml",
        HEAD + '[[exercise]\nname = "Bridge"\n',
        "is not valid TOML: Expected ']]' at the end of an array declaration (at line 2, column 11)",
    ),
    (
        "empty-file",
        "  \n\n",
        "the file is empty; a routine needs at least a name and one [[exercise]]",
    ),
    (
        "circuit-exercise-with-sets",
        HEAD + '[[block]]\nstyle = "circuit"\n[[block.exercise]]\nname = "Bridge"\n'
        "reps = 10\nsets = 3\n",
        'block 1: exercise 1 ("Bridge") has `sets`, but a circuit repeats by `rounds`; '
        "remove `sets` and set rounds on the block",
    ),
    (
        "rounds-on-a-straight-block",
        HEAD + '[[block]]\nrounds = 3\n[[block.exercise]]\nname = "Bridge"\nreps = 10\n',
        'block 1: `rounds` is for circuits; add style = "circuit" or use `sets`',
    ),
    (
        "bad-link",
        HEAD + BRIDGE + 'reps = 10\nlink = "ftp://example.com/bridge"\n',
        'exercise 1 ("Bridge") → link: "ftp://example.com/bridge" is not a web address; '
        'write "https://…"',
    ),
    (
        "negative-rest",
        HEAD + BRIDGE + "reps = 10\nrest = -5\n",
        f'exercise 1 ("Bridge") → rest: -5 is negative; a duration is 0 or more, e.g. {DURATIONS}',
    ),
    (
        "unknown-block-style",
        HEAD + '[[block]]\nstyle = "superset"\n[[block.exercise]]\nname = "Bridge"\nreps = 10\n',
        'block 1 → style: "superset" is not a block style; write "straight" or "circuit"',
    ),
    (
        "both-exercise-and-block",
        HEAD + BRIDGE + 'reps = 10\n[[block]]\n[[block.exercise]]\nname = "Clam"\nreps = 10\n',
        "has both [[exercise]] and [[block]]; list exercises directly, "
        "or group them in blocks, not both",
    ),
    (
        "missing-name",
        BRIDGE + "reps = 10\n",
        '`name` is required, e.g. name = "Hip hitch"',
    ),
    (
        "zero-sets",
        HEAD + BRIDGE + "reps = 10\nsets = 0\n",
        'exercise 1 ("Bridge") → sets: 0 sets is too few; write at least 1, e.g. 3 or "3..4"',
    ),
    (
        "tempo-on-max-reps",
        HEAD + BRIDGE + 'reps = "max"\ntempo = "2-1-2"\n',
        'exercise 1 ("Bridge") → tempo: `tempo` needs a rep count to pace; '
        'write reps = 12, not "max"',
    ),
]

LINES: dict[str, int | None] = {
    # The line each problem is on, the one an editor would jump to; None for the whole file.
    "rest-on-a-circuits-last-exercise": 10,
    "bad-hold-with-at-cues-is-one-line": 4,
    "typo": 4,
    "typo-in-block": 6,
    "unknown-top-level-key": 2,
    "both-reps-and-hold": 2,
    "neither-reps-nor-hold": 2,
    "malformed-duration": 7,
    "malformed-range": 4,
    "range-min-above-max": 4,
    "cues-as-a-string": 5,
    "reps-as-a-float": 4,
    "name-as-a-number": 3,
    "empty-exercise-list": 2,
    "empty-cue": 5,
    "one-side": 5,
    "duplicate-sides": 5,
    "at-outside-the-hold": 5,
    "at-on-reps": 5,
    "tempo-on-a-hold": 5,
    "bad-tempo": 5,
    "broken-toml": 2,
    "empty-file": None,
    "circuit-exercise-with-sets": 7,
    "rounds-on-a-straight-block": 3,
    "bad-link": 5,
    "negative-rest": 5,
    "unknown-block-style": 3,
    "both-exercise-and-block": None,
    "missing-name": None,
    "zero-sets": 5,
    "tempo-on-max-reps": 5,
}


def write(folder: Path, name: str, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def problem_lines(path: Path) -> list[str]:
    with pytest.raises(RoutineFileError) as caught:
        load_routine_file(path)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=kind) for kind, text, expected in BAD_FILES],
)
def test_a_bad_file_gets_its_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, "hips.toml", text)
    kind = next(kind for kind, bad, _ in BAD_FILES if bad == text)
    line = "" if LINES[kind] is None else f":{LINES[kind]}"
    assert problem_lines(path) == [f"hips.toml{line}: {expected}"]


def test_the_kinds_of_bad_file_are_many_and_distinct() -> None:
    kinds = {kind for kind, _, _ in BAD_FILES}
    assert len(kinds) == len(BAD_FILES) >= 15


def test_a_non_utf8_file_says_which_byte_and_how_to_fix_it(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.toml", 'name = "Caf\xe9"\n'.encode("latin-1"))
    assert problem_lines(path) == [
        "latin.toml: is not UTF-8 text (byte 0xe9 at position 11); save it as UTF-8"
    ]


def test_a_missing_file_is_a_problem_line(tmp_path: Path) -> None:
    path = tmp_path / "gone.toml"
    assert problem_lines(path) == [f"gone.toml: no such file: {path}"]


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    text = HEAD + BRIDGE + 'hold = "2 minutes"\ncues = "Squeeze"\n'
    lines = problem_lines(write(tmp_path, "hips.toml", text))
    assert lines == [
        f'hips.toml:4: exercise 1 ("Bridge") → hold: "2 minutes" is not a duration; write {DURATIONS}',
        'hips.toml:5: exercise 1 ("Bridge") → cues: "Squeeze" is not a list in [brackets]; '
        'write cues = ["Keep the pelvis level"]',
    ]


def test_a_circuit_rule_shows_beside_a_bad_field_inside_the_circuit(tmp_path: Path) -> None:
    """pydantic checks a circuit only once its exercises are valid; the file's check does not
    wait: the typo, the `sets` and the reps-and-hold clash come in one go, each on its line."""
    text = (
        HEAD
        + '[[block]]\nname = "Circuit"\nstyle = "circuit"\n'
        + '[[block.exercise]]\nname = "Bridge"\nreps = 10\nsets = 3\n'
        + '[[block.exercise]]\nname = "Clam"\nreps = 10\nhold = "30s"\n'
        + '[[block.exercise]]\nname = "Lunge"\nreps = "lots"\n'
    )
    lines = problem_lines(write(tmp_path, "hips.toml", text))
    assert lines == [
        'hips.toml:8: block 1 ("Circuit"): exercise 1 ("Bridge") has `sets`, but a circuit '
        "repeats by `rounds`; remove `sets` and set rounds on the block",
        'hips.toml:9: block 1 ("Circuit") → exercise 2 ("Clam"): has both `reps` and `hold`; '
        'give exactly one, e.g. reps = 15 or hold = "30s"',
        'hips.toml:15: block 1 ("Circuit") → exercise 3 ("Lunge") → reps: "lots" is not a number '
        'of reps; write 12 or "8..12"',
    ]


def test_one_broken_user_file_does_not_stop_the_others(hiptimer_home: Path) -> None:
    folder = hiptimer_home / "routines"
    write(folder, "good.toml", HEAD + BRIDGE + "reps = 10\n")
    write(folder, "bad.toml", HEAD + BRIDGE + 'holld = "30s"\n')
    write(folder, "worse.toml", b"\xff\xfe")

    library = load_library(folder)

    assert library.get("good").origin is Origin.USER
    assert {"bad.toml", "worse.toml"} <= {error.file for error in library.broken}
    assert "bad" not in library.routines
    builtins = [r for r in library.routines.values() if r.origin is Origin.BUILTIN]
    assert builtins, "the built-in routines still load next to broken user files"
