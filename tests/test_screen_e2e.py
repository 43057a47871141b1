"""End to end on a whole real desktop: the hotkey reads the dialog in front of other windows.

A real desktop under Xvfb (tools/screens: openbox title bars, a tint2 task bar with a tray, a
wallpaper), Mousepad with a letter behind, a real ``zenity --question`` in front; Vidimo runs as a
user runs it, Ctrl+Alt+Shift+D is pressed with xdotool, and what is said is read from
``VIDIMO_SPEECH_LOG`` (an ALSA file device stands in for the sound card).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_session import wait_for

from tools.screens.desktop import Desktop, app_environment, missing_programs

pytestmark = pytest.mark.skipif(bool(missing_programs()), reason="installer/dev-packages.sh installs the desktop")

QUESTION = "Вы действительно хотите удалить файл «отчёт.docx»?"


def _when_quiet(lines, before: int, quiet_s: float = 2.0) -> str:  # noqa: ANN001 - a callable
    """What was said since line ``before``, once nothing more came for ``quiet_s``."""
    count, last = len(lines()), time.monotonic()
    while time.monotonic() - last < quiet_s:
        time.sleep(0.05)
        if len(lines()) != count:
            count, last = len(lines()), time.monotonic()
    return " ".join(lines()[before:])


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_hotkey_reads_the_dialog_in_front_of_other_windows(tmp_path: Path, theme: str):
    with Desktop((1600, 900), theme, 1.0) as desktop:
        letter = desktop.write_file("Документы/письмо.txt", "Дорогая Анна!\nВстреча перенесена на четверг.\n")
        editor = desktop.open(["mousepad", letter], title="письмо.txt")
        desktop.place(editor, 60, 40, 900, 620)
        env = app_environment(desktop, tmp_path, instance=f"vidimo-screen-{os.getpid()}")
        app = subprocess.Popen([sys.executable, "-m", "vidimo"], env=env, stdout=subprocess.DEVNULL,
                               stderr=open(tmp_path / "app.err", "w"))
        try:
            log = tmp_path / "speech.log"
            lines = lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []  # noqa: E731
            wait_for(lambda: any(line.startswith("Видимо запущено") for line in lines()), 90, "the greeting")
            dialog = desktop.zenity("--question", f"--text={QUESTION}", "--ok-label=Да", "--cancel-label=Нет",
                                    title="Удаление файла")
            desktop.place(dialog, 560, 320)
            desktop.activate(dialog)
            time.sleep(1)  # the models warm up after the greeting
            before = len(lines())
            subprocess.run(["xdotool", "key", "ctrl+alt+shift+d"], env=env, check=True)
            described = lambda: " ".join(lines()[before:])  # noqa: E731
            wait_for(lambda: "Кнопки" in described() or "Другие окна" in described(), 180,
                     f"the description of the dialog; said: {lines()}")
            spoken = _when_quiet(lines, before)
            # The active-window hotkey: the window manager's title first, its title bar not read again.
            before = len(lines())
            subprocess.run(["xdotool", "key", "ctrl+alt+shift+w"], env=env, check=True)
            wait_for(lambda: "Кнопки" in described(), 180, f"the description of the window; said: {lines()}")
            window_spoken = _when_quiet(lines, before)
            assert app.poll() is None, "the app is still running"
        finally:
            app.terminate()
            app.wait(timeout=20)
    assert spoken.startswith("Диалог «Удаление файла».") or spoken.startswith("Окно «Удаление файла»."), spoken
    assert "хотите удалить файл" in spoken, spoken
    assert "«Нет»" in spoken and "«Да»" in spoken, spoken
    assert "Дорогая Анна" not in spoken, "the window behind is named, not read"
    assert "письмо.txt" in spoken, "the window behind is named by its title"
    assert window_spoken.startswith("Окно «Удаление файла».") and window_spoken.count("Удаление файла") == 1, \
        window_spoken
    assert "хотите удалить файл" in window_spoken and "«Нет»" in window_spoken, window_spoken
    assert "письмо.txt" not in window_spoken, "the window behind is not named"
