"""The alerts seam: turns each cue of a session into a sound and, for milestones, a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hiptimer.alerts.player import SoundPlayer, system_player
from hiptimer.alerts.sounds import lead_seconds, sound_file
from hiptimer.alerts.speech import Speaker, system_speaker
from hiptimer.domain.cues import Cue, CueKind
from hiptimer.settings import Settings

__all__ = ["AlertOutcome", "CueAlerts"]


@dataclass(frozen=True)
class AlertOutcome:
    """What `CueAlerts.on_cue` did, so the screen can add what the machine could not."""

    sound: bool
    """A player was started for the cue's sound."""
    spoken: bool
    """A speech program was started for the cue's text."""
    bell: bool
    """Sound is wanted but none could play: the screen should ring the terminal bell."""


class CueAlerts:
    """Plays the right sound for every cue and speaks the milestones. No Textual here.

    The screen calls `on_cue` for each cue the engine fires and adds its own flash and toast.
    `muted` is the `--mute` flag: it silences sound and speech for one run, whatever the
    settings say.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        muted: bool = False,
        player: SoundPlayer | None = None,
        speaker: Speaker | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.muted = muted
        self.player = player or system_player()
        self.speaker = speaker or system_speaker()

    @property
    def sound_on(self) -> bool:
        return self.settings.sound and not self.muted

    @property
    def voice_on(self) -> bool:
        return self.settings.voice and not self.muted

    @property
    def lead_seconds(self) -> float:
        """How early the engine should hand over each cue; see `sounds.lead_seconds`."""
        return lead_seconds(self.settings, muted=self.muted)

    @property
    def backend_name(self) -> str:
        """The sound backend for the help screen: "paplay" or "none (bell and flash only)"."""
        return self.player.backend_name

    @property
    def speech_name(self) -> str:
        """The speech program for the help screen: "espeak-ng" or "none"."""
        return self.speaker.backend_name

    def on_cue(self, cue: Cue) -> AlertOutcome:
        """Play the cue's sound and speak it if it is a milestone. Returns at once, never raises."""
        sound = self.sound_on and self.player.play(sound_file(cue.kind))
        # A tempo beat rings every second or two; a bell that often is noise, not a cue.
        bell = self.sound_on and not sound and cue.kind is not CueKind.BEAT
        spoken = self.voice_on and cue.is_milestone and self.speaker.say(cue.text)
        return AlertOutcome(sound=sound, spoken=spoken, bell=bell)

    def on_cues(self, cues: Sequence[Cue]) -> AlertOutcome:
        """Cues that fire at the same moment ("Left side done" and "Switch to right side"):
        one sound, the last one's, which leads into what comes next, and one sentence joining
        the milestones, so the new phase's words never cut off the old phase's."""
        if not cues:
            return AlertOutcome(sound=False, spoken=False, bell=False)
        last = cues[-1]
        sound = self.sound_on and self.player.play(sound_file(last.kind))
        bell = self.sound_on and not sound and any(cue.kind is not CueKind.BEAT for cue in cues)
        words = ". ".join(cue.text for cue in cues if cue.is_milestone)
        spoken = self.voice_on and bool(words) and self.speaker.say(words)
        return AlertOutcome(sound=sound, spoken=spoken, bell=bell)

    def hush(self) -> None:
        """Cut off a sentence still playing: for pause, skip, quit and the end of a session."""
        self.speaker.hush()
