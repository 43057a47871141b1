"""espeak-ng: robotic but always present offline fallback (``apt install espeak-ng``)."""
from __future__ import annotations

import io
import shutil
import subprocess

import soundfile

from vidimo.speech.base import Audio, SpeechEngine, SpeechError

#: espeak-ng's own speed in words per minute at rate 0.
BASE_WPM = 175


class EspeakEngine(SpeechEngine):
    name = "espeak"
    title = "eSpeak NG (без интернета)"

    def __init__(self, voice: str = "ru", rate_percent: int = 0) -> None:
        self.voice = voice
        self.rate_percent = rate_percent

    @staticmethod
    def _program() -> str | None:
        return shutil.which("espeak-ng") or shutil.which("espeak")

    def available(self) -> bool:
        return self._program() is not None

    def synthesize(self, text: str) -> Audio:
        program = self._program()
        if program is None:
            raise SpeechError("espeak-ng is not installed")
        speed = max(80, round(BASE_WPM * (1 + self.rate_percent / 100)))
        try:
            result = subprocess.run(
                [program, "-v", self.voice, "-s", str(speed), "--stdout"],
                input=text.encode("utf-8"), capture_output=True, timeout=60, check=True,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise SpeechError(f"espeak-ng failed: {error}") from error
        data, rate = soundfile.read(io.BytesIO(result.stdout), dtype="float32")
        return Audio.from_array(data, rate)
