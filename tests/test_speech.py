"""Real offline voices speak Russian audibly; the default is offline; the online voice gives up fast."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from vidimo.speech.base import Audio, SpeechEngine, SpeechError
from vidimo.speech.chain import ENGINE_NAMES, NoVoiceError, SpeechChain, build_engines, engine_titles
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


class Clock:
    """A monotonic clock under the test's control: every reading moves it on by ``TICK``
    seconds (time passes as the engine looks at its watch), and ``advance`` jumps ahead.
    Binary fractions keep the sums exact."""

    TICK = 0.125

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += self.TICK
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def wav_bytes(seconds: float = 0.5, rate: int = 24000) -> bytes:
    import io

    import soundfile

    buffer = io.BytesIO()
    samples = (np.sin(np.arange(int(rate * seconds)) / 4) * 0.3).astype(np.float32)
    soundfile.write(buffer, samples, rate, format="WAV")
    return buffer.getvalue()


class EdgeService:
    """Stands in for Microsoft's service behind ``edge_tts.Communicate``: silent until
    ``silent_for`` seconds of the test clock have passed, then it sends audio; with ``None``
    it never answers (and fails the test once 10 s of test clock or of real time have passed)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.silent_for: float | None = None
        self.requests: list[str] = []
        self.abandoned_after: list[float] = []

    def communicate(self, text: str, voice: str, **options):  # noqa: ANN003, ANN201 - edge_tts.Communicate
        service = self
        service.requests.append(text)

        class Communicate:
            async def stream(self):  # noqa: ANN202
                import asyncio

                started, real_start = service.clock.now, time.monotonic()
                try:
                    while service.silent_for is None or service.clock.now - started < service.silent_for - 1e-6:
                        assert service.clock.now - started < 10, "the engine was still waiting after 10 s"
                        assert time.monotonic() - real_start < 10, "the engine does not use its clock"
                        await asyncio.sleep(0.001)
                except asyncio.CancelledError:
                    service.abandoned_after.append(service.clock.now - started)
                    raise
                yield {"type": "WordBoundary", "offset": 0}
                yield {"type": "audio", "data": wav_bytes()}

        return Communicate()


@pytest.fixture()
def edge_service(monkeypatch) -> EdgeService:
    import edge_tts

    service = EdgeService(Clock())
    monkeypatch.setattr(edge_tts, "Communicate", service.communicate)
    return service


def test_edge_waits_two_seconds_for_the_first_audio(edge_service: EdgeService):
    engine = EdgeEngine(clock=edge_service.clock)
    edge_service.silent_for = 1.75
    assert engine.synthesize("Проверка.").duration == pytest.approx(0.5)
    assert engine.available() and edge_service.abandoned_after == []
    edge_service.silent_for = None
    with pytest.raises(SpeechError, match="no audio within 2 s"):
        engine.synthesize("Проверка.")
    [waited] = edge_service.abandoned_after
    assert waited == pytest.approx(2.0, abs=0.25), "the stalled request is abandoned once 2 s have passed"
    assert not engine.available(), "a failed online engine is skipped for a while"


def test_a_stalled_edge_falls_back_and_is_retried_after_a_minute(edge_service: EdgeService):
    edge = EdgeEngine(clock=edge_service.clock)
    chain = SpeechChain([edge, EspeakEngine()])
    audio = chain.synthesize(PHRASE)
    assert chain.last_engine == "espeak" and edge_service.requests == [PHRASE]
    assert_audible_speech(audio, 2.5, 12.0)
    edge_service.silent_for = 0.0
    edge_service.clock.advance(59)
    chain.synthesize("Вторая фраза.")
    assert chain.last_engine == "espeak" and len(edge_service.requests) == 1, "skipped within the minute"
    edge_service.clock.advance(2)
    chain.synthesize("Третья фраза.")
    assert chain.last_engine == "edge" and edge_service.requests[-1] == "Третья фраза."


def test_chain_falls_back_to_an_offline_voice():
    chain = SpeechChain(build_engines("auto"))
    try:
        audio = chain.synthesize(PHRASE)
    finally:
        chain.close()
    assert chain.last_engine in ("rhvoice", "espeak")
    assert_audible_speech(audio, 2.5, 12.0)


def test_the_default_voice_never_goes_online():
    assert [e.name for e in build_engines("auto")] == ["rhvoice", "espeak"]
    assert [e.name for e in build_engines("rhvoice")] == ["rhvoice", "espeak"]
    assert [e.name for e in build_engines("espeak")] == ["espeak", "rhvoice"]
    assert [e.name for e in build_engines("edge")] == ["edge", "rhvoice", "espeak"], "offline voices back it up"


def test_engine_titles_say_where_the_text_goes():
    titles = engine_titles()
    assert list(titles) == list(ENGINE_NAMES)
    assert "уходит в Microsoft" in titles["edge"] and titles["edge"] == EdgeEngine.title
    assert "без интернета" in titles["auto"] and "без интернета" in titles["rhvoice"]
    assert "Microsoft" not in titles["auto"]


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


class Crashing(Broken):
    name = "crashing"

    def synthesize(self, text: str) -> Audio:
        raise RuntimeError("a bug in the engine")


def test_chain_falls_back_on_any_engine_failure():
    chain = SpeechChain([Crashing(), EspeakEngine()])
    assert_audible_speech(chain.synthesize(PHRASE), 2.5, 12.0)
    assert chain.last_engine == "espeak"
    with pytest.raises(NoVoiceError, match="crashing: RuntimeError"):
        SpeechChain([Crashing()]).synthesize("Текст")


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


def test_the_system_rhvoice_voices_speak_too():
    """Debian's rhvoice-russian voices (Арина, Павел) used to be listed in the settings but fail
    with «message building error», falling back to another voice."""
    from vidimo.speech.rhvoice import RHVoiceEngine, SYSTEM_VOICES

    installed = {p.name for folder in SYSTEM_VOICES if folder.is_dir() for p in folder.iterdir()}
    assert {"arina", "pavel"} <= installed, "make test installs rhvoice-russian"
    for voice in ("arina", "pavel"):
        engine = RHVoiceEngine()
        engine.voice = voice
        try:
            assert engine.synthesize("Проверка голоса.").duration > 0.5
        finally:
            engine.close()
