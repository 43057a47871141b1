"""The app's audio thread: survives any failure, says so in Russian, and logs only what was heard.

A fake player stands in for the sound device: it records the audio it is handed and
reports the start of playback as the real one does (``on_start``).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from vidimo.speech import queue as audio_queue
from vidimo.speech.base import Audio, SpeechEngine, SpeechError
from vidimo.speech.chain import SpeechChain
from vidimo.speech.queue import AudioQueue
from vidimo.speech.speaker import Speaker

#: Guard against hangs only.
HANG_GUARD_S = 10
LONG = ("Первое предложение длинного описания экрана, в котором много слов. "
        "Второе предложение того же описания, тоже довольно длинное. Третье предложение, последнее.")


def wait_for(condition, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + HANG_GUARD_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def tone(text: str) -> Audio:
    return Audio(np.full(100 + len(text), 0.25, dtype=np.float32), 16000)


class Voice(SpeechEngine):
    """Speaks a short tone per text; ``fail_on`` texts raise ``error`` instead."""

    name = "fake"
    title = "проверочный"

    def __init__(self, error: Exception | None = None, fail_on: str = "") -> None:
        self.error, self.fail_on = error, fail_on
        self.spoken: list[str] = []

    def available(self) -> bool:
        return True

    def synthesize(self, text: str) -> Audio:
        if self.error is not None and self.fail_on in text:
            raise self.error
        self.spoken.append(text)
        return tone(text)


class FakePlayer:
    """Records what it is handed; raises ``error`` on the plays listed in ``fail_plays``;
    waits for ``gate`` (when set up) before the device "starts"."""

    def __init__(self, error: Exception | None = None, fail_plays: tuple[int, ...] = ()) -> None:
        self.error, self.fail_plays = error, fail_plays
        self.handed: list[Audio] = []
        self.calls = 0
        self.gate: threading.Event | None = None

    def play(self, audio: Audio, *, blocking: bool = True, on_start=None) -> None:  # noqa: ANN001
        self.calls += 1
        if self.calls in self.fail_plays:
            raise self.error
        if self.gate is not None:
            assert self.gate.wait(HANG_GUARD_S)
        self.handed.append(audio)
        if on_start is not None:
            on_start()

    def stop(self) -> None:
        pass


@pytest.fixture()
def transcript(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    log = tmp_path / "speech.log"
    monkeypatch.setenv("VIDIMO_SPEECH_LOG", str(log))
    return lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@pytest.fixture()
def make_queue():
    made: list[AudioQueue] = []

    def make(voice: SpeechEngine, player: FakePlayer) -> tuple[AudioQueue, list[str]]:
        queue = AudioQueue(SpeechChain([voice]), player=player)
        errors: list[str] = []
        queue.on_error = errors.append
        made.append(queue)
        return queue, errors

    yield make
    for queue in made:
        queue.close()


def test_an_engine_crash_is_reported_and_the_next_text_is_spoken(make_queue, transcript):
    voice = Voice(RuntimeError("engine bug"), fail_on="Первое")
    player = FakePlayer()
    queue, errors = make_queue(voice, player)
    queue.say("Первое.")
    queue.say("Второе.", interrupt=False)
    wait_for(lambda: len(player.handed) == 1, "the second text")
    assert errors == [audio_queue.NO_VOICE_MESSAGE]
    assert voice.spoken == ["Второе."]
    assert player.handed[0].samples.size == tone("Второе.").samples.size
    assert transcript() == ["Второе."], "the failed text is not in the transcript"


@pytest.mark.parametrize(("error", "message"), [
    (RuntimeError("PortAudio exploded"), audio_queue.INTERNAL_MESSAGE),
    (SpeechError("no audio output"), audio_queue.NO_DEVICE_MESSAGE),
])
def test_a_player_failure_is_reported_and_the_next_say_is_played(make_queue, transcript, error, message):
    player = FakePlayer(error, fail_plays=(1,))
    queue, errors = make_queue(Voice(), player)
    queue.say("Первое.")
    wait_for(lambda: errors, "the error report")
    queue.say("Второе.")
    wait_for(lambda: len(player.handed) == 1, "the second text")
    assert errors == [message]
    assert transcript() == ["Второе."]


def test_a_failing_error_handler_does_not_end_the_audio_thread(make_queue):
    player = FakePlayer(RuntimeError("device gone"), fail_plays=(1,))
    queue, _ = make_queue(Voice(), player)
    queue.on_error = lambda message: 1 / 0
    queue.say("Первое.")
    queue.say("Второе.", interrupt=False)
    wait_for(lambda: len(player.handed) == 1, "the second text")


def test_the_transcript_line_is_written_once_the_player_has_the_audio(make_queue, transcript):
    voice = Voice()
    player = FakePlayer()
    player.gate = threading.Event()
    queue, errors = make_queue(voice, player)
    queue.say(LONG)
    wait_for(lambda: voice.spoken, "synthesis")
    time.sleep(0.1)
    assert transcript() == [], "synthesized but not yet handed to the device: nothing logged"
    player.gate.set()
    wait_for(lambda: len(voice.spoken) == 2 and len(player.handed) == 2, "the whole text")
    assert transcript() == [LONG], "one line holding the whole utterance"
    assert len(audio_queue.chunks(LONG)) == 2 and errors == []


def test_a_text_no_voice_can_speak_leaves_no_transcript_line(make_queue, transcript):
    player = FakePlayer()
    queue, errors = make_queue(Voice(SpeechError("broken")), player)
    queue.say("Никто не скажет.")
    wait_for(lambda: errors, "the error report")
    assert transcript() == [] and player.handed == []


def test_speaker_logs_only_what_reached_the_device(transcript):
    broken = Speaker("silent")
    broken.chain = SpeechChain([Voice(RuntimeError("engine bug"))])
    broken.player = FakePlayer()
    with pytest.raises(SpeechError):
        broken.say("Не прозвучит.")
    assert transcript() == []
    working = Speaker("silent")
    working.chain = SpeechChain([Voice()])
    working.player = FakePlayer()
    working.say("Прозвучит.")
    assert transcript() == ["Прозвучит."] and len(working.player.handed) == 1


@pytest.mark.parametrize("debug", ["", "1"])
def test_spoken_text_is_logged_only_when_debugging(make_queue, caplog, monkeypatch, debug: str):
    import logging

    monkeypatch.setenv("VIDIMO_DEBUG", debug)
    caplog.set_level(logging.DEBUG)
    player = FakePlayer()
    queue, _ = make_queue(Voice(), player)
    queue.say("Пароль 4417.")
    wait_for(lambda: player.handed, "the text")
    assert ("4417" in caplog.text) == bool(debug)
    assert "speaking" in caplog.text


def test_a_restart_of_the_sound_system_kept_off_by_an_open_stream_is_tried_again(monkeypatch):
    """After a device failure the player starts PortAudio again before its next stream; when
    another stream was still open the restart did not happen, and it was never tried again: the
    player went on with the device list of the lost card."""
    from vidimo.speech import output

    tries: list[bool] = []
    outcomes = iter([False, True])
    monkeypatch.setattr(output, "restart_portaudio", lambda: tries.append(True) or next(outcomes))
    player = output.Player()
    player._restart = True  # what a device failure leaves
    for _ in range(3):
        assert player._open(lambda: "stream") == "stream"
    assert len(tries) == 2, "tried again after the skipped restart, and not after the one that happened"
