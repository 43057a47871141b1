"""End to end under Xvfb with openbox: the elements list (Ctrl+Alt+Shift+E) clicks real controls.

Vidimo runs as the user would run it (``python -m vidimo``, global hotkeys, its own detector and
OCR); keys are pressed with xdotool. zenity dialogs prove a click landed by what they print when
they close; a Qt window of this file (run as a script) records every mouse press with the control
under it, at device pixel ratio 1 and 2. Speech is read from ``VIDIMO_SPEECH_LOG`` (an ALSA file
device stands in for the sound card).

Run as ``python tests/test_act_e2e.py RECORD_FILE`` it is that Qt window.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_session import wait_for

NEEDED = ("Xvfb", "openbox", "xdotool", "xprop", "setxkbmap", "zenity")
pytestmark = pytest.mark.skipif(not all(shutil.which(p) for p in NEEDED),
                                reason="needs Xvfb, openbox, xdotool, xprop, setxkbmap and zenity (installer/dev-packages.sh)")

QT_TITLE = "Нажатия"
#: Detection and OCR on a busy two-core machine can take several seconds; model loading longer.
SLOW = 120


class Session:
    """A virtual screen with openbox and a running Vidimo; keys, windows and what was said."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.processes: list[subprocess.Popen] = []
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.processes.append(xvfb)
        self.env = {**os.environ, "DISPLAY": f":{xvfb.stdout.readline().strip()}", "HOME": str(home),
                    "XDG_CONFIG_HOME": str(home / ".config"), "VIDIMO_SPEECH_LOG": str(home / "speech.log"),
                    "VIDIMO_INSTANCE": f"vidimo-act-{os.getpid()}", "HF_HUB_OFFLINE": "1", "YOLO_OFFLINE": "1",
                    "NO_AT_BRIDGE": "1", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "QT_SCALE_FACTOR"):
            self.env.pop(name, None)
        (home / ".asoundrc").write_text(
            'pcm.!default { type file slave.pcm "null" file "/dev/null" format "raw" }\n')
        config = home / ".config" / "Vidimo"
        config.mkdir(parents=True)
        (config / "Vidimo.conf").write_text(
            "[General]\nstage_caption=false\nstage_people=false\nvoice_engine=silent\n", encoding="utf-8")
        self.layout = ""
        self.use_layout("us,ru")
        self.start(["openbox"])
        wait_for(lambda: "window id" in self.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"]).stdout,
                 20, "openbox")
        self.app = self.start([sys.executable, "-m", "vidimo", "-v"], stderr=open(home / "app.err", "w"))
        wait_for(lambda: self.lines(), 90, "the greeting")

    def start(self, argv: list[str], **kwargs) -> subprocess.Popen:  # noqa: ANN003 - Popen's
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        process = subprocess.Popen(argv, env=self.env, **kwargs)
        self.processes.append(process)
        return process

    def run(self, argv: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(argv, env=self.env, capture_output=True, text=True, timeout=30)

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    # -- what was said ------------------------------------------------------------------------
    def lines(self) -> list[str]:
        log = self.home / "speech.log"
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    def said(self, start: str, after: int, timeout: float = SLOW) -> str:
        """The first line said after line number ``after`` that starts with ``start``."""
        try:
            return wait_for(lambda: next((line for line in self.lines()[after:] if line.startswith(start)), None),
                            timeout, f"«{start}…» to be said; said: {self.lines()[after:]}")
        except AssertionError:
            self.screenshot(f"not-said-{len(self.lines())}")
            raise

    def screenshot(self, name: str) -> Path:
        """The screen as it is, saved beside the app's log (for a failure's report)."""
        import mss
        from PIL import Image

        factory = getattr(mss, "MSS", None) or mss.mss
        with factory(display=self.env["DISPLAY"]) as grabber:
            shot = grabber.grab(grabber.monitors[0])
        path = self.home / f"{name}.png"
        Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX").save(path)
        return path

    # -- windows and keys -----------------------------------------------------------------------
    def active_title(self) -> str:
        return self.run(["xdotool", "getactivewindow", "getwindowname"]).stdout.strip()

    def window_id(self, title: str) -> str:
        found = wait_for(lambda: self.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"]).stdout.split(),
                         30, f"window «{title}»")
        return found[0]

    def wait_active(self, title: str, timeout: float = SLOW) -> None:
        wait_for(lambda: self.active_title().startswith(title), timeout, f"«{title}» to be active (is «{self.active_title()}»)")

    def use_layout(self, layout: str) -> None:
        """Switch the keyboard layouts as a Russian user does. xdotool types a letter of another
        layout by remapping a spare key for a moment, and a busy program that reads the keymap after
        the mapping went back loses that letter; letters of the first layout are typed as they are."""
        if layout != self.layout:
            subprocess.run(["setxkbmap", "-layout", layout], env=self.env, check=True, timeout=30)
            self.layout = layout
            time.sleep(0.5)

    def key(self, *keys: str) -> None:
        self.use_layout("us,ru")
        subprocess.run(["xdotool", "key", "--delay", "60", *keys], env=self.env, check=True)

    def type(self, text: str) -> None:
        cyrillic = any("а" <= char.lower() <= "я" or char.lower() == "ё" for char in text)
        self.use_layout("ru,us" if cyrillic else "us,ru")
        subprocess.run(["xdotool", "type", "--delay", "60", text], env=self.env, check=True)

    def explore(self, title: str) -> int:
        """Ctrl+Alt+Shift+E on the window ``title``: waits until the list has the focus and was
        announced; returns the number of lines said before."""
        self.wait_active(title, 30)
        time.sleep(0.5)  # let it finish drawing
        before = len(self.lines())
        self.key("ctrl+alt+shift+e")
        self.said(f"Элементы окна «{title}»", before)
        self.wait_active(f"Элементы окна «{title}»", 10)
        return before

    def choose(self, label: str, *, shift: bool = False) -> int:
        """Type a label in the filter, Down, Enter (Shift+Enter); returns the lines said before."""
        before = len(self.lines())
        self.type(label)
        keys = ["Down", "shift+Return" if shift else "Return"]
        subprocess.run(["xdotool", "key", "--delay", "60", *keys], env=self.env, check=True)
        return before


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory):
    made = Session(tmp_path_factory.mktemp("act"))
    yield made
    made.close()


def zenity(session: Session, *args: str) -> subprocess.Popen:
    return session.start(["zenity", *args], stdout=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> str:
    out, _ = process.communicate(timeout=SLOW)
    return out.strip()


def test_checklist_ticked_and_confirmed_by_keyboard(session):
    dialog = zenity(session, "--list", "--checklist", "--title=Выбор", "--text=Что включить?", "--column=",
                    "--column=Параметр", "FALSE", "Почта", "TRUE", "Календарь", "FALSE", "Заметки")
    session.explore("Выбор")
    before = session.choose("Почта")
    assert session.said("Флажок «Почта»", before) == "Флажок «Почта», не отмечен, 1 из 1"
    assert session.said("Флажок «Почта» отмечен.", before)
    session.wait_active("Элементы окна «Выбор»", 30)
    before = session.choose("OK")
    assert finish(dialog) == "Почта|Календарь", "the tick and the OK button were clicked"
    assert session.said("Окно «Выбор» закрылось.", before)


def test_radio_list_chosen_by_keyboard(session):
    dialog = zenity(session, "--list", "--radiolist", "--title=Размер", "--text=Какой размер?", "--column=",
                    "--column=Размер", "TRUE", "Маленький", "FALSE", "Средний", "FALSE", "Большой")
    session.explore("Размер")
    before = session.choose("Средний")
    assert session.said("Переключатель «Средний»", before) == "Переключатель «Средний», не выбран, 1 из 1"
    session.said("Переключатель «Средний» выбран.", before)
    session.wait_active("Элементы окна «Размер»", 30)
    session.choose("OK")
    assert finish(dialog) == "Средний"


def test_typing_into_a_field_after_activating_it(session):
    dialog = zenity(session, "--entry", "--title=Имя файла", "--text=Введите имя файла:")
    session.wait_active("Имя файла", 30)
    session.key("Tab")  # the focus leaves the field: only a click brings it back
    session.explore("Имя файла")
    before = session.choose("Введите имя")
    assert session.said("Поле «Введите имя файла», пусто. Можно печатать.", before)
    session.wait_active("Имя файла", 10)
    session.type("otchet-2026")
    session.key("Return")
    assert finish(dialog) == "otchet-2026", "the text went into the field the click focused"


# -- a Qt window that records clicks -------------------------------------------------------------

def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.mark.parametrize("scale", [1, 2])
def test_clicks_land_inside_the_control_and_a_moved_window_is_not_clicked(session, tmp_path: Path, scale: int):
    record = tmp_path / "clicks.jsonl"
    env_scale = {"QT_SCALE_FACTOR": str(scale)}
    window = subprocess.Popen([sys.executable, __file__, str(record)], env={**session.env, **env_scale})
    session.processes.append(window)
    wait_for(record.exists, 30, "the Qt window")
    session.explore(QT_TITLE)
    session.choose("Сохранить")
    wait_for(lambda: records(record)[1:], 30, "a click")
    assert records(record)[1:] == [{"control": "save", "button": "left", "inside": True}]
    session.wait_active(f"Элементы окна «{QT_TITLE}»", 30)
    session.choose("Удалить", shift=True)
    wait_for(lambda: records(record)[2:], 30, "a right click")
    assert records(record)[2] == {"control": "delete", "button": "right", "inside": True}
    session.wait_active(f"Элементы окна «{QT_TITLE}»", 30)
    time.sleep(2)  # what changed after the right click is said and the list read again

    # The window moves while the list is open: Enter does not click, the user is told.
    target = session.window_id(QT_TITLE)
    session.run(["xdotool", "windowmove", target, "300", "250"])
    time.sleep(0.5)
    before = session.choose("Сохранить")
    assert "Окно сдвинулось" in session.said("Окно сдвинулось", before)
    session.said("Список обновлён", before)
    assert len(records(record)) == 3, "nothing was clicked"
    session.wait_active(f"Элементы окна «{QT_TITLE}»", 30)
    session.key("Return")  # the list read afresh clicks where the window is now
    wait_for(lambda: records(record)[3:], 30, "a click after the list was read again")
    assert records(record)[3] == {"control": "save", "button": "left", "inside": True}
    window.terminate()


def click_window(record: Path) -> None:
    """A window with two buttons, a checkbox and a field; each mouse press is appended to
    ``record`` as the control under it (by object name), the button, and whether it was inside."""
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtWidgets import QApplication, QCheckBox, QFormLayout, QLineEdit, QPushButton, QWidget

    app = QApplication([])
    window = QWidget()
    window.setWindowTitle(QT_TITLE)
    layout = QFormLayout(window)
    controls = {"name": QLineEdit(), "mail": QCheckBox("Почта"), "save": QPushButton("Сохранить"),
                "delete": QPushButton("Удалить")}
    layout.addRow("Имя", controls["name"])
    layout.addRow(controls["mail"])
    layout.addRow(controls["save"], controls["delete"])
    for name, control in controls.items():
        control.setObjectName(name)
    window.setStyleSheet("QWidget { font-size: 14px; }")
    window.move(200, 150)
    window.resize(420, 180)

    class Recorder(QObject):
        def eventFilter(self, watched, event):  # noqa: N802, ANN001, ANN201 - Qt API
            if event.type() == QEvent.Type.MouseButtonPress and watched in controls.values():
                inside = watched.rect().contains(event.position().toPoint())
                button = "right" if event.button() == Qt.MouseButton.RightButton else "left"
                with record.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps({"control": watched.objectName(), "button": button,
                                             "inside": inside}) + "\n")
            return False

    recorder = Recorder()
    for control in controls.values():
        control.installEventFilter(recorder)
    window.show()
    record.write_text(json.dumps({"ready": True}) + "\n", encoding="utf-8")
    app.exec()


if __name__ == "__main__":
    click_window(Path(sys.argv[1]))
