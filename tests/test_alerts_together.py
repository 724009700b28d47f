"""Cues that fall on the same moment reach the runner as one sound and one sentence."""

from __future__ import annotations

from pathlib import Path

from hiptimer.alerts import CueAlerts, SoundPlayer, Speaker, sound_file
from hiptimer.domain import Cue, CueKind
from hiptimer.settings import Settings


class RecordingPlayer(SoundPlayer):
    def __init__(self) -> None:
        super().__init__(None)
        self.played: list[Path] = []

    def play(self, path: Path) -> bool:
        self.played.append(path)
        return True


class RecordingSpeaker(Speaker):
    def __init__(self) -> None:
        super().__init__(None)
        self.said: list[str] = []

    def say(self, text: str) -> bool:
        self.said.append(text)
        return True


def test_done_and_switch_at_once_are_one_sentence_and_the_switch_sound() -> None:
    player, speaker = RecordingPlayer(), RecordingSpeaker()
    alerts = CueAlerts(Settings(voice=True), player=player, speaker=speaker)
    done = Cue(CueKind.DONE, 180.0, "Left side done")
    switch = Cue(CueKind.SWITCH, 0.0, "Switch to right side")
    outcome = alerts.on_cues([done, switch])
    assert speaker.said == ["Left side done. Switch to right side"]
    assert player.played == [sound_file(CueKind.SWITCH)]
    assert outcome.sound and outcome.spoken


def test_countdown_ticks_are_heard_but_never_spoken() -> None:
    player, speaker = RecordingPlayer(), RecordingSpeaker()
    alerts = CueAlerts(Settings(voice=True), player=player, speaker=speaker)
    alerts.on_cues([Cue(CueKind.COUNTDOWN, 7.0, "3", count=3)])
    assert speaker.said == []
    assert player.played == [sound_file(CueKind.COUNTDOWN)]
