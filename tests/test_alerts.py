"""Cue alerts through fake player and speech programs on PATH: right sound, milestones spoken,
no shell, and a hung program never stalls the caller."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hiptimer.alerts import (
    NO_PLAYER,
    CueAlerts,
    KeepAwake,
    SoundPlayer,
    Speaker,
    find_inhibitor,
    find_player,
    find_speech,
    lead_seconds,
    sound_file,
    system_player,
)
from hiptimer.domain.cues import Cue, CueKind
from hiptimer.settings import Settings

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake programs are POSIX scripts")

LOGGER = """#!{python}
import json, sys, time
with open({log!r}, "a", encoding="utf-8") as out:
    out.write(json.dumps([{name!r}, *sys.argv[1:]]) + "\\n")
{tail}
"""
HANG = "time.sleep(60)"
HOLD_UNTIL_STDIN_CLOSES = "sys.stdin.read()"

WORKOUT = [
    Cue(CueKind.GO, 0, "Hip hitch, left side"),
    Cue(CueKind.BEAT, 1, "Up", count=1),
    Cue(CueKind.HALFWAY, 15, "Halfway"),
    Cue(CueKind.TEN_SECONDS, 20, "10 seconds"),
    Cue(CueKind.COUNTDOWN, 27, "3", count=3),
    Cue(CueKind.COUNTDOWN, 28, "2", count=2),
    Cue(CueKind.COUNTDOWN, 29, "1", count=1),
    Cue(CueKind.DONE, 30, "Done"),
    Cue(CueKind.SWITCH, 0, "Switch to right side"),
    Cue(CueKind.MINIMUM, 30, "Minimum reached"),
    Cue(CueKind.AT, 40, "Keep the pelvis level"),
    Cue(CueKind.REST, 0, "Rest. Next up: clamshell, set 2 of 3"),
    Cue(CueKind.REST_OVER, 60, "Rest over"),
]


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder first on PATH for fake programs; real ones stay reachable after it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return folder


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "calls.log"


def fake_program(folder: Path, name: str, log: Path, tail: str = "") -> Path:
    """An executable that appends its name and arguments, verbatim, to `log` as one JSON line."""
    script = folder / name
    script.write_text(LOGGER.format(python=sys.executable, log=str(log), name=name, tail=tail))
    script.chmod(0o755)
    return script


def calls(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def finish(alerts: CueAlerts, cue: Cue) -> None:
    """Fire a cue and wait for the programs it started, so the log keeps the cues' order."""
    alerts.on_cue(cue)
    for process in (alerts.player.last_process, alerts.speaker.last_process):
        if process is not None:
            process.wait(timeout=10)


def test_each_cue_plays_its_sound_in_order_and_only_milestones_are_spoken(
    fake_bin: Path, log: Path
) -> None:
    fake_program(fake_bin, "pw-play", log)
    fake_program(fake_bin, "espeak-ng", log)
    alerts = CueAlerts(
        Settings(sound=True, voice=True),
        player=SoundPlayer(find_player("linux")),
        speaker=Speaker(find_speech("linux")),
    )
    assert alerts.backend_name == "pw-play"
    assert alerts.speech_name == "espeak-ng"

    for cue in WORKOUT:
        finish(alerts, cue)

    played = [args for name, *args in calls(log) if name == "pw-play"]
    spoken = [args for name, *args in calls(log) if name == "espeak-ng"]
    assert played == [[str(sound_file(cue.kind))] for cue in WORKOUT]
    assert [Path(args[0]).stem for args in played[:5]] == [
        "go",
        "beat",
        "halfway",
        "ten_seconds",
        "tick",
    ]
    assert spoken == [[cue.text] for cue in WORKOUT if cue.is_milestone]
    assert ["Up"] not in spoken
    assert ["3"] not in spoken


def test_sound_off_plays_nothing_and_voice_stays_off_by_default(fake_bin: Path, log: Path) -> None:
    fake_program(fake_bin, "pw-play", log)
    fake_program(fake_bin, "espeak-ng", log)
    alerts = CueAlerts(
        Settings(sound=False),
        player=SoundPlayer(find_player("linux")),
        speaker=Speaker(find_speech("linux")),
    )
    outcomes = [alerts.on_cue(cue) for cue in WORKOUT]
    assert not any(outcome.sound or outcome.spoken or outcome.bell for outcome in outcomes)
    assert alerts.player.last_process is None
    assert alerts.speaker.last_process is None
    assert calls(log) == []


def test_mute_silences_sound_and_speech_whatever_the_settings(fake_bin: Path, log: Path) -> None:
    fake_program(fake_bin, "pw-play", log)
    fake_program(fake_bin, "espeak-ng", log)
    alerts = CueAlerts(
        Settings(sound=True, voice=True),
        muted=True,
        player=SoundPlayer(find_player("linux")),
        speaker=Speaker(find_speech("linux")),
    )
    for cue in WORKOUT:
        assert not alerts.on_cue(cue).bell
    assert alerts.player.last_process is None
    assert alerts.speaker.last_process is None
    assert calls(log) == []
    assert alerts.lead_seconds == 0.0


def test_without_a_player_the_screen_is_told_to_ring_the_bell(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    player = SoundPlayer(find_player("linux", path=str(empty)))
    alerts = CueAlerts(Settings(), player=player, speaker=Speaker(None))
    assert alerts.backend_name == NO_PLAYER == "none (bell and flash only)"
    outcome = alerts.on_cue(Cue(CueKind.SWITCH, 0, "Switch to right side"))
    assert (outcome.sound, outcome.bell) == (False, True)
    # A bell on every tempo beat would be noise.
    assert not alerts.on_cue(Cue(CueKind.BEAT, 1, "Up", count=1)).bell


def test_a_hanging_player_does_not_delay_the_cue_and_is_killed_after_its_timeout(
    fake_bin: Path, log: Path
) -> None:
    fake_program(fake_bin, "pw-play", log, tail=HANG)
    player = SoundPlayer(find_player("linux"), timeout=1.0)
    alerts = CueAlerts(Settings(), player=player, speaker=Speaker(None))

    started = time.monotonic()
    outcome = alerts.on_cue(Cue(CueKind.GO, 0, "Go"))
    second = alerts.on_cue(Cue(CueKind.HALFWAY, 10, "Halfway"))
    elapsed = time.monotonic() - started

    hung = player.last_process
    assert hung is not None
    assert outcome.sound and second.sound
    assert hung.poll() is None, "on_cue must return while the player is still running"
    assert elapsed < 0.5
    assert hung.wait(timeout=30) == -signal.SIGKILL


def test_a_new_sentence_cuts_off_the_one_still_playing(fake_bin: Path, log: Path) -> None:
    fake_program(fake_bin, "espeak-ng", log, tail=HANG)
    speaker = Speaker(find_speech("linux"))
    alerts = CueAlerts(Settings(voice=True), player=SoundPlayer(None), speaker=speaker)

    alerts.on_cue(Cue(CueKind.GO, 0, "Hip hitch, left side"))
    first = speaker.last_process
    alerts.on_cue(Cue(CueKind.SWITCH, 0, "Switch to right side"))
    second = speaker.last_process
    assert first is not None and second is not None and first is not second
    assert first.wait(timeout=10) == -signal.SIGTERM
    assert second.poll() is None
    alerts.hush()
    assert second.wait(timeout=10) == -signal.SIGTERM


def test_an_exercise_name_full_of_shell_is_spoken_verbatim_and_runs_nothing(
    fake_bin: Path, log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "keep-me").write_text("precious")
    monkeypatch.setenv("HOME", str(home))
    fake_program(fake_bin, "espeak-ng", log)
    fake_program(fake_bin, "rm", log)  # a shell would find this one first and log "rm"
    speaker = Speaker(find_speech("linux"))
    alerts = CueAlerts(Settings(sound=False, voice=True), player=SoundPlayer(None), speaker=speaker)
    text = '"; rm -rf ~, left side'

    assert alerts.on_cue(Cue(CueKind.GO, 0, text)).spoken
    assert speaker.last_process is not None
    assert speaker.last_process.wait(timeout=10) == 0

    assert calls(log) == [["espeak-ng", text]]
    assert (home / "keep-me").read_text() == "precious"


def test_text_that_looks_like_an_option_is_not_passed_as_one(fake_bin: Path, log: Path) -> None:
    fake_program(fake_bin, "espeak-ng", log)
    speaker = Speaker(find_speech("linux"))
    assert speaker.say("--help me\nnow")
    assert speaker.last_process is not None
    speaker.last_process.wait(timeout=10)
    assert calls(log) == [["espeak-ng", "help me now"]]


def test_players_and_speech_programs_are_found_in_platform_order(fake_bin: Path, log: Path) -> None:
    for name in ("aplay", "paplay", "pw-play", "afplay", "powershell", "say", "spd-say"):
        fake_program(fake_bin, name, log)
    linux = find_player("linux", path=str(fake_bin))
    mac = find_player("darwin", path=str(fake_bin))
    windows = find_player("win32", path=str(fake_bin))
    assert linux is not None and linux.name == "pw-play"
    assert mac is not None and mac.name == "afplay"
    assert windows is not None and windows.name == "powershell"
    sound = sound_file(CueKind.GO)
    # PowerShell gets the path through the environment, never spliced into its code.
    assert str(sound) not in " ".join(windows.argv(sound))
    assert windows.env(sound) == {"HIPTIMER_SOUND": str(sound)}
    speech = find_speech("linux", path=str(fake_bin))
    assert speech is not None and speech.name == "spd-say"
    assert speech.argv("Rest") == [str(fake_bin / "spd-say"), "--wait", "Rest"]
    mac_speech = find_speech("darwin", path=str(fake_bin))
    assert mac_speech is not None and mac_speech.name == "say"


def test_the_system_player_is_looked_up_once() -> None:
    assert system_player() is system_player()


def test_the_audio_lead_is_the_setting_in_seconds_when_anything_is_audible() -> None:
    assert lead_seconds(Settings(audio_lead_ms=120)) == pytest.approx(0.12)
    assert lead_seconds(Settings(audio_lead_ms=120, sound=False, voice=True)) == pytest.approx(0.12)
    assert lead_seconds(Settings(audio_lead_ms=120), muted=True) == 0.0
    assert lead_seconds(Settings(audio_lead_ms=120, sound=False)) == 0.0


def test_keep_awake_holds_systemd_inhibit_until_stopped(fake_bin: Path, log: Path) -> None:
    fake_program(fake_bin, "systemd-inhibit", log, tail=HOLD_UNTIL_STDIN_CLOSES)
    command = find_inhibitor("linux")
    assert command is not None
    keep = KeepAwake(command)
    assert keep.backend_name == "systemd-inhibit"
    assert keep.start()
    process = keep.process
    assert process is not None and process.stdin is not None
    # If hiptimer dies, its end of the pipe closes and the inhibitor lets go by itself.
    process.stdin.close()
    assert process.wait(timeout=10) == 0
    [(name, *args)] = calls(log)
    assert name == "systemd-inhibit"
    assert args[:4] == [
        "--what=idle:sleep",
        "--who=hiptimer",
        "--why=A workout is running",
        "--mode=block",
    ]
    assert Path(args[-1]).name == "cat"


def test_stopping_keep_awake_ends_the_inhibitor_without_waiting(fake_bin: Path, log: Path) -> None:
    fake_program(fake_bin, "systemd-inhibit", log, tail=HANG)
    with KeepAwake(find_inhibitor("linux")) as keep:
        process = keep.process
        assert keep.active
    assert not keep.active
    assert process is not None
    assert process.wait(timeout=10) == -signal.SIGTERM


GIVE_UP = """
sys.stderr.write("Failed to connect to bus: No such file or directory\\n")
sys.exit(1)
"""


def test_keep_awake_without_d_bus_says_once_the_screen_may_sleep_and_reaps_it(
    fake_bin: Path, log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """systemd-inhibit could not connect, stayed a zombie, and nobody was told."""
    monkeypatch.setattr("hiptimer.alerts.keep_awake._failed_programs", set(), raising=False)
    fake_program(fake_bin, "systemd-inhibit", log, tail=GIVE_UP)
    keep = KeepAwake.for_this_machine()
    assert keep.backend_name == "systemd-inhibit"
    keep.start()
    process = keep.process
    assert process is not None and keep.watcher is not None
    keep.watcher.join(timeout=10)
    assert process.returncode == 1  # waited for: no zombie left behind
    assert not keep.active
    failure = keep.take_failure()
    assert failure is not None
    assert "screen may sleep" in failure and "Failed to connect to bus" in failure
    assert keep.take_failure() is None
    # The next session does not try (and complain) again.
    again = KeepAwake.for_this_machine()
    assert again.backend_name == "none"
    assert not again.start() and again.take_failure() is None
    keep.stop()


def test_keep_awake_uses_caffeinate_on_macos_and_is_a_no_op_without_either(
    fake_bin: Path, log: Path, tmp_path: Path
) -> None:
    fake_program(fake_bin, "caffeinate", log)
    command = find_inhibitor("darwin", path=str(fake_bin))
    assert command == [str(fake_bin / "caffeinate"), "-dims", "-w", str(os.getpid())]
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = KeepAwake(find_inhibitor("linux", path=str(empty)))
    assert nothing.backend_name == "none"
    assert not nothing.start()
    nothing.stop()
    assert not KeepAwake.for_this_machine(enabled=False).start()


def test_alerts_and_settings_never_import_textual() -> None:
    code = "import sys, hiptimer.alerts, hiptimer.settings; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
