"""Where audio goes: the sound card (interruptible) or a WAV file (never left empty).

A sound card may vanish and come back (a headset unplugged, the sound server restarted, no card
yet when the app started at login). PortAudio lists the devices only when it starts, so after a
failure it is started again before the next stream (``sounddevice._terminate()`` and
``_initialize()``, what sounddevice's maintainer advises for this), and a stream that ends before
its audio was played, or stops taking audio, is a failure (:class:`SpeechError`), never a success.
PortAudio is started again only while no stream of the process is open (:func:`portaudio_in_use`).
"""
from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from vidimo.speech.base import Audio, SpeechError

log = logging.getLogger(__name__)

#: A stream that has not finished this long after its audio should have (at least
#: :data:`STALL_SLACK_S`, or as long again as the audio) has stopped taking audio: it is aborted.
STALL_SLACK_S = 5.0
#: How long a restart of PortAudio waits for the streams still open to close.
RESTART_WAIT_S = 5.0
#: Streams open in this process (counted by :func:`portaudio_in_use`), guarded by the condition.
_portaudio = threading.Condition()
_open_streams = 0


@contextmanager
def portaudio_in_use() -> Iterator[None]:
    """Hold this while a PortAudio stream is open (the player does; so should any other code that
    opens one): PortAudio is never started again under an open stream, which would crash."""
    global _open_streams
    with _portaudio:
        _open_streams += 1
    try:
        yield
    finally:
        with _portaudio:
            _open_streams -= 1
            _portaudio.notify_all()


def restart_portaudio() -> bool:
    """Start PortAudio again, so that it lists the sound devices as they are now; first wait (up
    to :data:`RESTART_WAIT_S`) until no stream is open. False when one stayed open (not restarted)."""
    import sounddevice

    with _portaudio:
        if not _portaudio.wait_for(lambda: _open_streams == 0, timeout=RESTART_WAIT_S):
            log.warning("PortAudio not started again: %d streams are still open", _open_streams)
            return False
        try:
            sounddevice._terminate()
        except sounddevice.PortAudioError as error:
            log.info("PortAudio did not stop cleanly: %s", error)
        sounddevice._initialize()
        return True


def write_wav(audio: Audio, path: str | Path) -> Path:
    """Write ``audio`` to ``path`` atomically; empty audio is an error and leaves no file."""
    import soundfile

    path = Path(path)
    if audio.is_empty:
        raise SpeechError("no audio to write")
    handle, temporary = tempfile.mkstemp(suffix=".wav", dir=path.parent if path.parent.exists() else None)
    os.close(handle)
    try:
        soundfile.write(temporary, audio.samples, audio.rate, subtype="PCM_16")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


class Player:
    """Plays audio on the default output device; ``stop()`` silences it at once.

    Each utterance gets its own output stream whose callback checks the stop flag
    every block, and ``stop`` aborts the stream (no draining of buffered audio).
    ``play`` may run on any one thread; ``stop`` may be called from any other.
    """

    def __init__(self) -> None:
        self._stopped = threading.Event()
        #: Set by a device failure: PortAudio is started again before the next stream.
        self._restart = False

    def play(self, audio: Audio, *, blocking: bool = True, on_start: Callable[[], None] | None = None) -> None:
        """Play ``audio``; with ``blocking`` return when it ends or ``stop()`` is called.

        ``on_start`` is called once the sound device has taken the first block of the audio
        (PortAudio asks for the second block only after the first was written; a device that
        fails at the first write never calls it); empty audio (the silent voice) counts as played
        at once. Raises :class:`SpeechError` when there is no sound device, or it failed while
        playing. Without ``blocking``, ``on_start`` is called on a thread of the player.
        """
        if audio.is_empty:
            if on_start is not None:
                on_start()
            return
        try:
            import sounddevice
        except OSError as error:  # PortAudio missing
            raise SpeechError(f"no audio output: {error}") from error
        self._stopped.clear()
        samples = audio.samples.reshape(-1, 1)
        position = 0
        blocks = 0
        finished = threading.Event()

        def feed(outdata, frames, _time, _status) -> None:  # noqa: ANN001 - PortAudio callback
            nonlocal position, blocks
            blocks += 1
            if self._stopped.is_set():
                outdata.fill(0)
                raise sounddevice.CallbackAbort
            chunk = samples[position:position + frames]
            outdata[: len(chunk)] = chunk
            outdata[len(chunk):] = 0
            position += frames
            if position >= len(samples):
                raise sounddevice.CallbackStop

        in_use = ExitStack()

        def open_stream():  # noqa: ANN202 - sounddevice.OutputStream
            in_use.enter_context(portaudio_in_use())
            try:
                stream = sounddevice.OutputStream(samplerate=audio.rate, channels=1, dtype="float32",
                                                  latency="low", callback=feed, finished_callback=finished.set)
            except BaseException:
                in_use.close()
                raise
            try:
                stream.start()
            except BaseException:
                stream.close(ignore_errors=True)
                in_use.close()
                raise
            return stream

        stream = self._open(open_stream)
        playback = _Playback(stream, finished, played=lambda: position >= len(samples),
                             taken=lambda: blocks >= 2, seconds=audio.duration, on_start=on_start,
                             in_use=in_use)
        if not blocking:
            threading.Thread(target=self._close_quietly, args=(playback,), daemon=True).start()
            return
        self._close_when_done(playback)

    def _open(self, open_stream: Callable[[], object]):  # noqa: ANN202 - sounddevice.OutputStream
        """A started stream; PortAudio is started again first after a failure, and once more when
        opening fails (the device list it had may be out of date)."""
        import sounddevice

        if self._restart:  # still due next time when a stream of another player kept it from happening
            self._restart = not restart_portaudio()
        try:
            return open_stream()
        except sounddevice.PortAudioError as error:
            log.info("no audio output (%s); looking for sound devices again", error)
        if restart_portaudio():
            self._restart = False
        try:
            return open_stream()
        except sounddevice.PortAudioError as error:
            self._restart = True
            raise SpeechError(f"no audio output: {error}") from error

    def _close_when_done(self, playback: "_Playback") -> None:
        """Wait for the end of the audio (or ``stop()``), then close the stream; ``on_start`` once
        the device has taken audio. Raises :class:`SpeechError` when the stream ended early, or
        stopped taking audio."""
        stream, finished = playback.stream, playback.finished
        deadline = time.monotonic() + playback.seconds + max(STALL_SLACK_S, playback.seconds)
        try:
            while not finished.wait(0.01):
                playback.started()
                if self._stopped.is_set():
                    stream.abort(ignore_errors=True)
                    return
                if time.monotonic() > deadline:
                    stream.abort(ignore_errors=True)
                    self._restart = True
                    raise SpeechError("the sound device stopped taking audio")
            if playback.played() or self._stopped.is_set():
                playback.started(done=playback.played())
                return
            self._restart = True
            raise SpeechError("the sound device failed while playing")
        finally:
            stream.close(ignore_errors=True)
            playback.in_use.close()

    def _close_quietly(self, playback: "_Playback") -> None:
        try:
            self._close_when_done(playback)
        except SpeechError as error:
            log.warning("playback failed: %s", error)

    def stop(self) -> None:
        """Silence playback now (the playing stream is aborted within about 10 ms)."""
        self._stopped.set()


@dataclass
class _Playback:
    """One stream being played: how to tell that the device took audio, and that all was played."""

    stream: object
    finished: threading.Event
    played: Callable[[], bool]
    taken: Callable[[], bool]
    seconds: float
    on_start: Callable[[], None] | None
    #: Holds :func:`portaudio_in_use` until the stream is closed.
    in_use: ExitStack
    _said: bool = False

    def started(self, *, done: bool = False) -> None:
        """Call ``on_start`` once, when the device has taken audio (or the audio was all played)."""
        if not self._said and self.on_start is not None and (done or self.taken()):
            self._said = True
            self.on_start()
