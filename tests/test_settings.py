"""config.toml: defaults when missing, per-key fallback when wrong, atomic saves that read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiptimer.paths import config_file
from hiptimer.routines.plan import PlanDefaults
from hiptimer.settings import AfterSuspend, Season, Settings, load_settings, save_settings


def write_config(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_config_gives_the_defaults_silently(hiptimer_home: Path) -> None:
    settings, problems = load_settings()
    assert settings == Settings()
    assert problems == []
    assert settings.sound is True
    assert settings.voice is False
    assert settings.after_suspend is AfterSuspend.ASK
    assert not hiptimer_home.exists()


def test_a_valid_config_applies_every_key_and_durations_use_routine_syntax() -> None:
    write_config(
        'sound = false\nvoice = true\naudio_lead_ms = 120\nget_ready = "8s"\n'
        'switch = "0:15"\nrest = "1m30s"\nseconds_per_rep = 4\nweekly_goal = 5\n'
        'theme = "nord"\nafter_suspend = "pause"\nkeep_awake = false\n'
        '[keymap]\nskip = "n,right"\n'
    )
    settings, problems = load_settings()
    assert problems == []
    assert (settings.sound, settings.voice, settings.audio_lead_ms) == (False, True, 120)
    assert (settings.get_ready, settings.switch, settings.rest) == (8.0, 15.0, 90.0)
    assert settings.keymap == {"skip": "n,right"}
    assert settings.after_suspend is AfterSuspend.PAUSE
    assert settings.plan_defaults() == PlanDefaults(
        get_ready=8.0, switch=15.0, rest=90.0, seconds_per_rep=4.0
    )


def test_one_bad_key_is_named_falls_back_alone_and_the_file_is_untouched() -> None:
    path = write_config('sound = false\naudio_lead_ms = 5000\nrest = "45s"\n')
    before = path.read_bytes()
    settings, problems = load_settings()
    assert len(problems) == 1
    line = str(problems[0])
    assert problems[0].key == "audio_lead_ms"
    assert str(path) in line
    assert "`audio_lead_ms`" in line
    assert "5000 is more than 1000" in line
    assert "audio_lead_ms = 80" in line  # an example of a correct value
    assert "\n" not in line
    assert settings.audio_lead_ms == Settings().audio_lead_ms
    assert settings.sound is False  # the valid keys still apply
    assert settings.rest == 45.0
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("line", "key", "wrong"),
    [
        ('get_ready = "soon"', "get_ready", '"soon" is not a duration'),
        ('voice = "yes please"', "voice", "is not true or false"),
        ('after_suspend = "sleep"', "after_suspend", 'one of "ask", "keep" or "pause"'),
        ("weekly_goal = 0", "sessions_per_week", "0 is less than 1"),
        (
            'season = "summer"',
            "season",
            '"summer" is not one of "in-season", "off-season" or "build-up"',
        ),
        ('training_days = ["mon", "someday"]', "training_days", '"someday" is not a day'),
        ("seconds_per_rep = 0", "seconds_per_rep", "must be more than 0"),
        ('theme = ""', "theme", "is empty"),
    ],
)
def test_each_kind_of_bad_value_says_what_is_wrong(line: str, key: str, wrong: str) -> None:
    write_config(line + "\n")
    settings, problems = load_settings()
    assert [problem.key for problem in problems] == [key]
    assert wrong in str(problems[0])
    assert "Using the default" in str(problems[0])
    assert getattr(settings, key) == getattr(Settings(), key)


def test_a_bad_keymap_entry_is_dropped_and_the_others_kept() -> None:
    write_config('[keymap]\nskip = "n"\nquit = 3\n')
    settings, problems = load_settings()
    assert settings.keymap == {"skip": "n"}
    assert [problem.key for problem in problems] == ["keymap.quit"]


def test_broken_toml_is_one_line_and_all_defaults() -> None:
    path = write_config('sound = false\nrest = "45s\n')
    before = path.read_bytes()
    settings, problems = load_settings()
    assert settings == Settings()
    assert len(problems) == 1
    assert "is not valid TOML" in str(problems[0])
    assert "\n" not in str(problems[0])
    assert path.read_bytes() == before


def test_a_file_that_is_not_utf8_is_one_line_and_all_defaults() -> None:
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b'theme = "\xff"\n')
    settings, problems = load_settings()
    assert settings == Settings()
    assert "UTF-8" in str(problems[0])


def test_an_unknown_key_suggests_the_nearest_known_one() -> None:
    write_config("keep_awke = false\nsound = false\n")
    settings, problems = load_settings()
    assert len(problems) == 1
    assert problems[0].key == "keep_awke"
    assert "did you mean `keep_awake`?" in str(problems[0])
    assert settings.keep_awake is True
    assert settings.sound is False


def test_save_then_load_gives_the_same_settings(hiptimer_home: Path) -> None:
    settings = Settings(
        sound=False,
        voice=True,
        audio_lead_ms=0,
        get_ready=7.5,
        switch=12,
        rest=150,
        seconds_per_rep=2.5,
        season=Season.BUILD_UP,
        sessions_per_week=4,
        training_days=["mon", "thu"],
        weight_unit="lb",
        theme="dracula",
        keymap={"skip": "n,right", "app.quit": "ctrl+q", 'odd "id"': "é"},
        after_suspend=AfterSuspend.KEEP,
        keep_awake=False,
    )
    path = save_settings(settings)
    assert path == config_file()
    assert load_settings() == (settings, [])
    assert 'rest = "2m30s"' in path.read_text(encoding="utf-8")


def test_saving_replaces_the_file_and_leaves_no_temporary_files(hiptimer_home: Path) -> None:
    write_config("weekly_goal = 5\n")
    save_settings(Settings(sessions_per_week=6))
    save_settings(Settings(sessions_per_week=7))
    assert [path.name for path in hiptimer_home.iterdir()] == ["config.toml"]
    assert load_settings() == (Settings(sessions_per_week=7), [])


@pytest.mark.parametrize(
    "broken",
    [
        b"this is = not toml = at all\n",
        b'theme = "\xff"\n',
        b"a = " + b"[" * 5000 + b"\n",
    ],
)
def test_a_config_that_does_not_parse_is_kept_beside_before_a_save(
    hiptimer_home: Path, broken: bytes
) -> None:
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(broken)
    save_settings(Settings(sessions_per_week=6))
    kept = [entry for entry in hiptimer_home.iterdir() if entry.name != "config.toml"]
    assert [entry.name.startswith("config.toml.broken-") for entry in kept] == [True]
    assert kept[0].read_bytes() == broken
    assert load_settings() == (Settings(sessions_per_week=6), [])
    save_settings(Settings(sessions_per_week=7))  # a good file is simply replaced
    files = {entry.name for entry in hiptimer_home.iterdir() if entry.name != "cache"}
    assert files == {"config.toml", kept[0].name}


@pytest.mark.parametrize(
    ("line", "wrong"),
    [
        ("switch = inf", "inf is not a duration"),
        ("switch = nan", "nan is not a duration"),
        ("switch = 1e9", "longer than 24h"),
        ("switch = 3600", "3600 is more than 600"),
        ('rest = "2h"', "7200 is more than 3600"),
        ("get_ready = -inf", "-inf is not a duration"),
        ("seconds_per_rep = inf", "inf is not a duration"),
        ("weekly_goal = " + "9" * 5000, "is not valid TOML"),
        ("audio_lead_ms = 1e400", "inf is not a finite number"),
    ],
    ids=lambda value: value[:24],
)
def test_non_finite_and_huge_numbers_are_refused_with_their_bound(line: str, wrong: str) -> None:
    write_config(line + "\n")
    settings, problems = load_settings()
    assert len(problems) == 1, problems
    assert wrong in str(problems[0])
    assert settings == Settings()
    assert settings.plan_defaults() == PlanDefaults()


def test_a_config_that_is_a_pipe_is_named_and_never_waited_for(hiptimer_home: Path) -> None:
    import os

    hiptimer_home.mkdir(exist_ok=True)
    os.mkfifo(config_file())
    settings, problems = load_settings()
    assert settings == Settings()
    assert "is a named pipe (FIFO), not a file" in str(problems[0])


def test_a_config_with_escape_sequences_is_reported_without_them(hiptimer_home: Path) -> None:
    write_config('theme = "\\u001b]0;pwned\\u0007\\u001b[2J"\nkeep_awke = 1\n')
    settings, problems = load_settings()
    assert all("\x1b" not in str(problem) for problem in problems)
    assert "\x1b" not in settings.theme and "␛" in settings.theme


def test_a_failed_save_keeps_the_old_file_and_cleans_up(
    hiptimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config("weekly_goal = 5\n")

    def refuse(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("hiptimer.settings.os.replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        save_settings(Settings(sessions_per_week=9))
    assert path.read_text(encoding="utf-8") == "weekly_goal = 5\n"
    assert [entry.name for entry in hiptimer_home.iterdir()] == ["config.toml"]
