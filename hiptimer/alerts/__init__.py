"""Sounds, speech and keep-awake for a session: everything a cue does that is not on the screen."""

from hiptimer.alerts.alerts import AlertOutcome, CueAlerts
from hiptimer.alerts.keep_awake import KeepAwake, find_inhibitor
from hiptimer.alerts.player import NO_PLAYER, PlayerCommand, SoundPlayer, find_player, system_player
from hiptimer.alerts.sounds import SOUND_FOR_CUE, lead_seconds, sound_file
from hiptimer.alerts.speech import Speaker, SpeechCommand, find_speech, system_speaker

__all__ = [
    "NO_PLAYER",
    "SOUND_FOR_CUE",
    "AlertOutcome",
    "CueAlerts",
    "KeepAwake",
    "PlayerCommand",
    "SoundPlayer",
    "Speaker",
    "SpeechCommand",
    "find_inhibitor",
    "find_player",
    "find_speech",
    "lead_seconds",
    "sound_file",
    "system_player",
    "system_speaker",
]
