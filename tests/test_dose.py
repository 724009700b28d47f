"""Today's dose: a change made on the preview stays within what the file allows, and `w` writes
it into the file without touching a byte outside the changed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiptimer.routines import RoutineFileError, load_routine_file
from hiptimer.routines.dose import (
    DoseField,
    ExercisePlace,
    TodaysDose,
    apply_dose,
    write_dose,
)

ROUTINE = """\
# Hips after a run. Written by hand; keep these notes.
name = "After the run"
get_ready = "5s"     # before each hold

[[exercise]]
name = "Glute bridge"
reps = 12   # my physio says 12
sets = 3
rest = 45            # a bare number of seconds

# the stretch
[[exercise]]
name    = "Couch stretch"
hold = "2m..3m"      # the article's range
sides = "each"
at = { "1:00" = "Breathe out" }
"""

CIRCUIT = """\
name = "Band circuit"

[[block]]
style = "circuit"   # one of each in turn
rounds = 3

[[block.exercise]]
name = "Clam"
reps = "10..15"     # as many as good form allows
sides = "each"

[[block.exercise]]
name = "Side plank"
hold = "30s"
"""

BRIDGE = ExercisePlace(None, 0)
COUCH = ExercisePlace(None, 1)


def dose(text: str = ROUTINE) -> TodaysDose:
    return TodaysDose(text, file="hips.toml", rest_default=60)


def test_a_written_change_keeps_every_comment_and_the_layout_byte_for_byte() -> None:
    today = dose()
    for _ in range(3):
        assert today.step(BRIDGE, DoseField.REPS, +1) is None
    assert today.step(BRIDGE, DoseField.SETS, -1) is None
    assert today.step(BRIDGE, DoseField.REST, +1) is None
    assert today.step(COUCH, DoseField.HOLD, -1) is None
    assert today.step(COUCH, DoseField.HOLD, -1) is None

    expected = (
        ROUTINE.replace("reps = 12   #", "reps = 15   #")
        .replace("sets = 3\n", "sets = 2\n")
        .replace("rest = 45            #", "rest = 50            #")
        .replace('hold = "2m..3m"      #', 'hold = "2m30s"      #')
    )
    assert today.changed_text == expected


def test_w_writes_the_changes_into_the_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "hips.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    today = dose()
    assert today.step(COUCH, DoseField.HOLD, -1) is None
    routine = write_dose(path, today.changes)
    assert path.read_text(encoding="utf-8") == ROUTINE.replace('"2m..3m"', '"2m45s"')
    hold = routine.exercises[1].hold
    assert hold is not None and (hold.low, hold.high) == (165, 165)
    assert load_routine_file(path).routine == routine


def test_a_clock_stays_a_clock_and_a_missing_rest_is_added() -> None:
    text = ROUTINE.replace('hold = "2m..3m"', 'hold = "1:30"')
    today = dose(text)
    assert today.step(COUCH, DoseField.HOLD, +1) is None
    assert today.step(COUCH, DoseField.REST, -1) is None  # from the 60 s default
    changed = today.changed_text
    assert 'hold = "1:45"      # the article\'s range' in changed
    assert changed.count('rest = "55s"') == 1
    assert today.routine.exercises[1].rest == 55


def test_a_range_is_the_limit_of_todays_dose() -> None:
    today = dose()
    assert today.step(COUCH, DoseField.HOLD, +1) is None  # the top: 3:00 today
    assert today.step(COUCH, DoseField.HOLD, +1) == (
        "3:00 is the most the file allows (2:00..3:00)"
    )
    for _ in range(4):
        assert today.step(COUCH, DoseField.HOLD, -1) is None
    assert today.value(COUCH, DoseField.HOLD) == (120, 120)
    assert today.step(COUCH, DoseField.HOLD, -1) == "2:00 is the least the file allows (2:00..3:00)"


def test_a_hold_cannot_end_before_one_of_its_cues() -> None:
    today = dose(ROUTINE.replace('hold = "2m..3m"', 'hold = "1m15s"'))
    assert today.step(COUCH, DoseField.HOLD, -1) is None  # 1:00, the cue's moment
    refused = today.step(COUCH, DoseField.HOLD, -1)
    assert refused is not None and "falls after the hold ends" in refused
    assert today.value(COUCH, DoseField.HOLD) == (60, 60)


def test_sets_stay_at_one_or_more() -> None:
    today = dose()
    assert today.step(BRIDGE, DoseField.SETS, -1) is None
    assert today.step(BRIDGE, DoseField.SETS, -1) is None
    assert today.step(BRIDGE, DoseField.SETS, -1) == "1 sets is the least hiptimer allows"


def test_a_circuit_has_no_sets_or_rest_of_its_own_and_its_reps_keep_their_range() -> None:
    today = dose(CIRCUIT)
    clam = ExercisePlace(0, 0)
    assert today.value(clam, DoseField.SETS) is None
    assert today.step(clam, DoseField.REST, +1) == "rest cannot be changed here"
    assert today.step(clam, DoseField.REPS, -1) is None
    assert today.changed_text == CIRCUIT.replace('reps = "10..15"  ', "reps = 14  ")


def test_writing_a_change_that_no_longer_fits_the_file_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "hips.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    changes = {(COUCH, DoseField.HOLD): 30.0}  # the file has a cue at 1:00
    with pytest.raises(RoutineFileError):
        write_dose(path, changes)
    assert path.read_text(encoding="utf-8") == ROUTINE
    assert apply_dose(ROUTINE, {}) == ROUTINE
