"""Handing text to the user's own screen reader instead of our voice.

Linux: speech-dispatcher (``spd-say``), which Orca also speaks through.
Windows: NVDA/JAWS via ``accessible_output2`` when that package is installed.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import sys

log = logging.getLogger(__name__)


class ScreenReaderOutput:
    """``available()``, ``speak(text)`` (interrupting) and ``stop()``."""

    def __init__(self) -> None:
        self._output = None
        if sys.platform == "win32":
            try:
                from accessible_output2.outputs.auto import Auto

                self._output = Auto()
            except Exception:  # noqa: BLE001 - optional, Windows only
                self._output = None

    def available(self) -> bool:
        if self._output is not None:
            return True
        return sys.platform.startswith("linux") and shutil.which("spd-say") is not None

    def speak(self, text: str) -> None:
        if self._output is not None:
            self._output.speak(text, interrupt=True)
            return
        subprocess.run(["spd-say", "--cancel"], check=False, timeout=5)
        subprocess.Popen(["spd-say", "-l", "ru", "-e"], stdin=subprocess.PIPE, text=True).communicate(text, timeout=5)

    def stop(self) -> None:
        if self._output is not None:
            self._output.silence()
        elif shutil.which("spd-say"):
            subprocess.run(["spd-say", "--cancel"], check=False, timeout=5)
