"""Real offline voices speak Russian audibly; the chain falls back fast when offline."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from vidimo.speech.base import Audio, SpeechEngine, SpeechError
from vidimo.speech.chain import NoVoiceError, SpeechChain, build_engines
from vidimo.speech.edge import EdgeEngine
from vidimo.speech.espeak import EspeakEngine
from vidimo.speech.output import write_wav
from vidimo.speech.rhvoice import RHVoiceEngine
from vidimo.speech.silent import SilentEngine
from vidimo.speech.transcript import log_utterance

PHRASE = "На изображении двое людей: мужчина около сорока лет и женщина около тридцати."


def assert_audible_speech(audio: Audio, min_seconds: float, max_seconds: float) -> None:
    assert min_seconds <= audio.duration <= max_seconds
    rms = float(np.sqrt(np.mean(audio.samples ** 2)))
    assert rms > 0.01, "audio is silence"
    assert np.abs(audio.samples).max() <= 1.0


@pytest.mark.parametrize("engine_class", [EspeakEngine, RHVoiceEngine], ids=["espeak-ng", "rhvoice"])
def test_offline_voices_speak_russian(engine_class):
    engine = engine_class()
    assert engine.available()
    try:
        audio = engine.synthesize(PHRASE)
        short = engine.synthesize("Да.")
    finally:
        engine.close()
    assert_audible_speech(audio, 2.5, 12.0)
    assert short.duration < audio.duration / 3


def test_rhvoice_voices_differ():
    engine = RHVoiceEngine(voice="aleksandr")
    try:
        male = engine.synthesize("Проверка голоса.")
        engine.voice = "anna"
        female = engine.synthesize("Проверка голоса.")
    finally:
        engine.close()
    assert male.duration > 0.3 and female.duration > 0.3
    assert not np.array_equal(male.samples[:2000], female.samples[:2000])


def test_edge_gives_up_within_two_seconds_offline():
    engine = EdgeEngine()
    started = time.monotonic()
    with pytest.raises(SpeechError):
        engine.synthesize("Проверка.")
    assert time.monotonic() - started < 2.5
    assert not engine.available(), "a failed online engine is skipped for a while"


def test_chain_falls_back_to_an_offline_voice():
    chain = SpeechChain(build_engines("auto"))
    try:
        audio = chain.synthesize(PHRASE)
    finally:
        chain.close()
    assert chain.last_engine in ("rhvoice", "espeak")
    assert_audible_speech(audio, 2.5, 12.0)


class Broken(SpeechEngine):
    name = "broken"
    title = "сломан"

    def available(self) -> bool:
        return True

    def synthesize(self, text: str) -> Audio:
        raise SpeechError("broken")


def test_chain_reports_when_no_engine_can_speak():
    with pytest.raises(NoVoiceError, match="broken"):
        SpeechChain([Broken()]).synthesize("Текст")


def test_preferred_engine_goes_first_and_silent_is_explicit():
    assert [e.name for e in build_engines("espeak")][0] == "espeak"
    assert [e.name for e in build_engines("silent")] == ["silent"]
    assert SpeechChain([SilentEngine()]).synthesize("Текст").is_empty


def test_wav_files_are_never_left_empty(tmp_path: Path):
    target = tmp_path / "out.wav"
    with pytest.raises(SpeechError):
        write_wav(SilentEngine().synthesize("Текст"), target)
    assert list(tmp_path.iterdir()) == []
    audio = EspeakEngine().synthesize("Готово.")
    write_wav(audio, target)
    import soundfile

    data, rate = soundfile.read(target)
    assert rate == audio.rate and abs(len(data) / rate - audio.duration) < 0.01


def test_transcript_log_gets_one_line_per_utterance(tmp_path: Path, monkeypatch):
    log = tmp_path / "speech.log"
    monkeypatch.setenv("VIDIMO_SPEECH_LOG", str(log))
    log_utterance("Первая строка\nпродолжение")
    log_utterance("Вторая")
    assert log.read_text(encoding="utf-8").splitlines() == ["Первая строка продолжение", "Вторая"]


class RealTimeDevice:
    """Stands in for ``sounddevice.OutputStream``: pulls 256 frames every 256/rate seconds
    on its own thread, as a sound card does, and notes when it last got sound."""

    last: "RealTimeDevice | None" = None

    def __init__(self, samplerate, channels, dtype, latency, callback, finished_callback):  # noqa: ANN001
        import threading

        self.rate, self.callback, self.finished = samplerate, callback, finished_callback
        self.last_sound = None
        self.sound_blocks: list[float] = []   # when each block with sound was pulled
        self.ended = threading.Event()
        RealTimeDevice.last = self

    def start(self) -> None:
        import threading

        threading.Thread(target=self._pull, daemon=True).start()

    def _pull(self) -> None:
        import sounddevice

        block = np.zeros((256, 1), dtype=np.float32)
        try:
            while True:
                try:
                    self.callback(block, 256, None, None)
                except (sounddevice.CallbackStop, sounddevice.CallbackAbort):
                    return
                if np.abs(block).max() > 0:
                    self.last_sound = time.monotonic()
                    self.sound_blocks.append(self.last_sound)
                time.sleep(256 / self.rate)
        finally:
            self.ended.set()
            self.finished()

    def abort(self, ignore_errors: bool = True) -> None:
        """Like PortAudio's abort: returns once the callback thread has stopped."""
        self.ended.wait(1.0)

    def close(self, ignore_errors: bool = True) -> None:
        pass


def test_stop_silences_playback_within_100_ms(monkeypatch):
    import threading

    import sounddevice

    from vidimo.speech.output import Player

    monkeypatch.setattr(sounddevice, "OutputStream", RealTimeDevice)
    player = Player()
    tone = Audio((np.sin(np.arange(16000 * 5) / 5) * 0.3).astype(np.float32), 16000)
    playing = threading.Thread(target=player.play, args=(tone,))
    playing.start()
    time.sleep(0.5)
    stopped_at = time.monotonic()
    player.stop()
    playing.join(timeout=2)
    device = RealTimeDevice.last
    assert not playing.is_alive() and device.ended.is_set()
    assert device.sound_blocks, "it was playing"
    # Audio heard after stop(): at most the block already in flight (256 frames), far under 100 ms.
    frames_after_stop = 256 * sum(1 for t in device.sound_blocks if t > stopped_at)
    assert frames_after_stop / tone.rate < 0.1


def test_audio_queue_interrupts_and_speaks_the_newest(monkeypatch, tmp_path):
    """A newer ``say`` stops the older text at once; the transcript shows both were begun."""
    import sounddevice

    from vidimo.speech.queue import AudioQueue

    monkeypatch.setattr(sounddevice, "OutputStream", RealTimeDevice)
    monkeypatch.setenv("VIDIMO_SPEECH_LOG", str(tmp_path / "log"))
    queue = AudioQueue(SpeechChain([EspeakEngine()]))
    try:
        queue.say("Первое длинное описание. " * 20)
        time.sleep(1.0)
        queue.say("Второе.")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (tmp_path / "log").read_text(encoding="utf-8").count("\n") < 2:
            time.sleep(0.05)
        first_device = RealTimeDevice.last
        time.sleep(1.5)
    finally:
        queue.close()
    spoken = (tmp_path / "log").read_text(encoding="utf-8").splitlines()
    assert spoken[0].startswith("Первое длинное описание.") and spoken[1] == "Второе."
    assert first_device.ended.is_set()
