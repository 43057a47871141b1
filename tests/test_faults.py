"""Faults the app meets in hours of use: each is said in Russian, and the next hotkey works.

An analyzer that raises, a capture that fails, a sound card that vanishes and comes back (or is
not there at start), a settings file full of garbage, a 20000 × 20000 picture on the clipboard;
and work leaves no thread, open file or child process behind.

The app runs in this process (its windows offscreen) on a virtual screen (Xvfb) that shows a
window of known text: capture grabs that screen and the global hotkeys listen to it, pressed with
``xdotool``. What the user heard is ``VIDIMO_SPEECH_LOG``. The sound card, where one is needed, is
an ALSA ``file`` device of this process (``HOME/.asoundrc``) writing into a folder that the tests
take away and give back.
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import zlib  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QMimeData, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from vidimo.shell import app_settings  # noqa: E402
from vidimo.shell.app_settings import AppSettings  # noqa: E402

TESTS = Path(__file__).resolve().parent
NEEDED = ("Xvfb", "xdotool")
pytestmark = pytest.mark.skipif(not all(shutil.which(p) for p in NEEDED),
                                reason="needs Xvfb and xdotool (make test installs them)")
#: Guards against hangs only; nothing here is a speed requirement.
HANG_GUARD_S = 180
FIRST_LINE = "Строка номер 1: проверка чтения экрана"
SCREEN_HOTKEY = "ctrl+alt+shift+d"
CARD = 'pcm.!default { type file slave.pcm "null" file "%s" format "raw" truncate false }\n'
NO_CARD = "pcm.!default { type hw card 9 }\n"


def wait_for(predicate, what: str, timeout: float = HANG_GUARD_S):  # noqa: ANN001, ANN201
    """Wait (letting Qt deliver signals) until ``predicate()`` is true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        QApplication.processEvents()
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def screen():
    """A virtual screen showing «Тестовое окно» (tests/e2e_window.py); yields its DISPLAY."""
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    display = f":{xvfb.stdout.readline().strip()}"
    env = {**os.environ, "DISPLAY": display}
    env.pop("QT_QPA_PLATFORM", None)
    window = subprocess.Popen([sys.executable, str(TESTS / "e2e_window.py")], env=env, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: subprocess.run(["xdotool", "search", "--name", "Тестовое окно"], env=env,
                                        capture_output=True).returncode == 0, "the test window", 60)
        time.sleep(1)
        yield display
    finally:
        for process in (window, xvfb):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        # pynput chose its X11 backend for this screen when it was imported; later tests run without
        # a screen and must see pynput as it is there (unavailable), not bound to this one.
        for name in [name for name in sys.modules if name == "pynput" or name.startswith("pynput.")]:
            del sys.modules[name]


@dataclass
class Card:
    """The ALSA sound card of this process: audio lands in ``folder/played.raw``."""

    home: Path
    folder: Path

    @property
    def played(self) -> int:
        path = self.folder / "played.raw"
        return path.stat().st_size if path.exists() else 0

    def unplug(self) -> None:
        """The card vanishes: what is written to it fails."""
        self.folder.rename(self.folder.with_name("unplugged"))

    def plug_in(self) -> None:
        self.folder.with_name("unplugged").rename(self.folder)

    def configure(self, text: str) -> None:
        (self.home / ".asoundrc").write_text(text, encoding="utf-8")


@pytest.fixture()
def card(tmp_path: Path):
    """A sound card for this process (``HOME`` points at a folder with its ``.asoundrc``; PortAudio
    is started again to see it); HOME and PortAudio are put back afterwards. Ask for it before
    ``start_app``, so that the app ends first."""
    from vidimo.speech.output import restart_portaudio

    home, folder = tmp_path / "home", tmp_path / "card"
    home.mkdir()
    folder.mkdir()
    made = Card(home, folder)
    made.configure(CARD % (folder / "played.raw"))
    previous = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    restart_portaudio()
    yield made
    if previous is None:
        os.environ.pop("HOME", None)
    else:
        os.environ["HOME"] = previous
    restart_portaudio()


def heard(tmp_path: Path) -> list[str]:
    log = tmp_path / "speech.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@pytest.fixture()
def start_app(qtbot, tmp_path: Path, monkeypatch, screen: str):
    """Starts the app on the virtual screen (text read by Tesseract, the silent voice unless
    another is asked for) and waits until its models are ready; shuts it down afterwards."""
    from vidimo.shell.controller import Controller

    monkeypatch.setenv("DISPLAY", screen)
    monkeypatch.setenv("VIDIMO_SPEECH_LOG", str(tmp_path / "speech.log"))
    monkeypatch.setattr("vidimo.shell.single_instance.server_name", lambda: f"vidimo-faults-{os.getpid()}")
    made: list[Controller] = []

    def start(store: QSettings | None = None, *, greeting: bool = True, **settings) -> Controller:  # noqa: ANN003
        if store is None:
            store = QSettings(str(tmp_path / "Vidimo.conf"), QSettings.Format.IniFormat)
            chosen = {"voice_engine": "silent", "ocr_engine": "tesseract", "device": "cpu", **settings}
            app_settings.save(AppSettings(**chosen).with_stages(caption=False, people=False, ui=False), store)
        controller = Controller(store)
        made.append(controller)
        with qtbot.waitSignal(controller.worker.ready, timeout=HANG_GUARD_S * 1000):
            controller.start()
        if greeting:
            wait_for(lambda: heard(tmp_path), "the greeting")
        return controller

    yield start
    for controller in made:
        controller.hotkeys.stop()
        controller.worker.shutdown()
        controller.audio.close()
        controller.explorer.clicker.pointer.close()
    made.clear()
    gc.collect()  # pynput's objects close their X connections while the screen is still there
    from pynput._util import AbstractListener

    press(screen, "shift")  # a stopped pynput listener (1.8) ends at the next input event
    wait_for(lambda: not any(isinstance(t, AbstractListener) for t in threading.enumerate()),
             "the hotkey listener to end", 30)


def press(display: str, keys: str = SCREEN_HOTKEY) -> None:
    subprocess.run(["xdotool", "key", keys], env={**os.environ, "DISPLAY": display}, check=True)


def said_after(tmp_path: Path, count: int, what: str) -> str:
    """The first line heard after the first ``count`` lines."""
    return wait_for(lambda: heard(tmp_path)[count] if len(heard(tmp_path)) > count else None, what)


# -- an analyzer that raises ------------------------------------------------------------------

def test_an_analyzer_that_raises_is_said_and_the_next_hotkey_reads_the_screen(start_app, screen, tmp_path,
                                                                                monkeypatch):
    from vidimo.models.base import Analyzer
    from vidimo.models.text.analyzer import TextAnalyzer

    start_app()
    failures = iter([RuntimeError("a bug in the text analyzer")])

    def analyze(self, image, request=None):  # noqa: ANN001, ANN202
        error = next(failures, None)
        if error is not None:
            raise error
        return Analyzer.analyze(self, image, request)

    monkeypatch.setattr(TextAnalyzer, "analyze", analyze)
    before = len(heard(tmp_path))
    press(screen)
    assert "Не удалось распознать текст: внутренняя ошибка" in said_after(tmp_path, before, "the failure")
    press(screen)
    assert FIRST_LINE in said_after(tmp_path, before + 1, "the next description")


# -- a capture that fails ---------------------------------------------------------------------

def test_a_failed_capture_is_said_and_the_next_hotkey_reads_the_screen(start_app, screen, tmp_path, monkeypatch):
    import mss.exception

    from vidimo.shell import capture

    start_app()
    grabber_class = type(capture._mss())

    def broken(self, monitor):  # noqa: ANN001, ANN202
        raise mss.exception.ScreenShotError("XGetImage() failed")

    with monkeypatch.context() as patch:
        patch.setattr(grabber_class, "grab", broken)
        before = len(heard(tmp_path))
        press(screen)
        assert said_after(tmp_path, before, "the failure") == "Не удалось выполнить команду «Описать экран»."
    press(screen)
    assert FIRST_LINE in said_after(tmp_path, before + 1, "the next description")


# -- a sound card that vanishes and returns -----------------------------------------------------

def test_a_sound_card_that_vanishes_is_told_another_way_and_the_next_hotkey_is_heard_when_it_is_back(
        card, start_app, screen, tmp_path, qtbot):
    from vidimo.speech.queue import NO_DEVICE_MESSAGE

    controller = start_app(voice_engine="rhvoice")
    wait_for(lambda: card.played > 0, "the greeting on the card")
    before = len(heard(tmp_path))
    card.unplug()
    with qtbot.waitSignal(controller.worker.finished, timeout=HANG_GUARD_S * 1000):
        press(screen)
    wait_for(lambda: controller.main_window.status.text() == NO_DEVICE_MESSAGE, "the message in the window")
    controller.audio.drain()  # the description was tried on the card that is gone
    assert heard(tmp_path)[before:] == [], "nothing is said to be heard while the card is gone"

    card.plug_in()
    (card.folder / "played.raw").unlink()
    press(screen)
    assert FIRST_LINE in said_after(tmp_path, before, "the description once the card is back")
    wait_for(lambda: card.played > 0, "audio on the card")


def test_a_sound_card_missing_at_start_is_found_when_it_comes(card, start_app, screen, tmp_path):
    from vidimo.speech.output import restart_portaudio
    from vidimo.speech.queue import NO_DEVICE_MESSAGE

    card.configure(NO_CARD)
    restart_portaudio()  # the app starts while there is no card
    controller = start_app(voice_engine="rhvoice", greeting=False)
    wait_for(lambda: controller.main_window.status.text() == NO_DEVICE_MESSAGE, "the message in the window")
    before = len(heard(tmp_path))
    assert before == 0, "the greeting was not heard"

    card.configure(CARD % (card.folder / "played.raw"))  # a card is plugged in
    press(screen)
    assert FIRST_LINE in said_after(tmp_path, before, "the description on the new card")
    wait_for(lambda: card.played > 0, "audio on the new card")


# -- a corrupted settings file -------------------------------------------------------------------

def garbage(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


@pytest.mark.parametrize("seed", range(6))
def test_a_settings_file_of_garbage_is_said_rewritten_and_read_clean_the_next_time(tmp_path, seed):
    path = tmp_path / "Vidimo.conf"
    path.write_bytes(garbage(seed, 900))
    settings, problems = app_settings.load_checked(QSettings(str(path), QSettings.Format.IniFormat))
    assert problems[0] == app_settings.DAMAGED
    assert app_settings.problem_sentence(problems).startswith("Файл настроек был повреждён")
    assert settings.hotkeys == AppSettings().hotkeys and settings.stages == AppSettings().stages
    again = tmp_path / "again.conf"  # a path Qt has not cached: what is on disk now
    shutil.copy(path, again)
    assert app_settings.load_checked(QSettings(str(again), QSettings.Format.IniFormat)) == (settings, [])


def test_a_flag_or_hotkey_of_garbage_falls_back_to_its_default(tmp_path):
    path = tmp_path / "Vidimo.conf"
    store = QSettings(str(path), QSettings.Format.IniFormat)
    app_settings.save(AppSettings(rate_percent=20), store)
    store.setValue("stage_text", "ф§")
    store.setValue("hotkeys/describe_screen", "<ctrl>+<alt>+<пробел>")
    store.setValue("hotkeys/describe_window", "w")
    settings, problems = app_settings.load_checked(store)
    assert settings.stages["text"] is True, "a damaged flag used to turn reading text off"
    assert settings.hotkeys["describe_screen"] == AppSettings().hotkeys["describe_screen"]
    assert settings.hotkeys["describe_window"] == AppSettings().hotkeys["describe_window"], "typing w would fire"
    assert settings.rate_percent == 20
    assert {"Читать текст", "сочетание клавиш «Описать экран»", "сочетание клавиш «Описать активное окно»"} \
        <= set(problems)


def test_a_damaged_settings_file_is_said_at_start_and_the_hotkey_works(card, start_app, screen, tmp_path):
    written = QSettings(str(tmp_path / "written.conf"), QSettings.Format.IniFormat)
    app_settings.save(AppSettings(ocr_engine="tesseract", device="cpu").with_stages(caption=False, people=False,
                                                                                   ui=False), written)
    written.sync()
    text = (tmp_path / "written.conf").read_bytes()
    cut = text.index(b"voice_engine")  # garbage from here on: the voice and every hotkey
    (tmp_path / "Vidimo.conf").write_bytes(text[:cut] + garbage(7, len(text) - cut))
    store = QSettings(str(tmp_path / "Vidimo.conf"), QSettings.Format.IniFormat)
    start_app(store)
    wait_for(lambda: any(line.startswith("Файл настроек был повреждён") for line in heard(tmp_path)),
             "the damaged file to be said")
    before = len(heard(tmp_path))
    press(screen)
    assert FIRST_LINE in said_after(tmp_path, before, "a description by the default hotkey")


# -- a huge picture on the clipboard ------------------------------------------------------------

def png(width: int, height: int) -> bytes:
    """A real white RGB PNG, made row by row (20000 × 20000 needs no 1.2 GB here)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(1)
    row = b"\x00" + b"\xff" * (width * 3)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def test_a_huge_clipboard_picture_is_refused_aloud_and_the_next_one_is_described(start_app, screen, tmp_path):
    import io

    from conftest import render_lines

    start_app()
    huge = QMimeData()
    huge.setData("image/png", png(20000, 20000))  # as an image viewer or a browser offers a copied picture
    QApplication.clipboard().setMimeData(huge)
    before = len(heard(tmp_path))
    press(screen, "ctrl+alt+shift+v")
    assert said_after(tmp_path, before, "the refusal").startswith("Изображение слишком большое")

    picture = io.BytesIO()
    render_lines([(40, 40, "Буфер обмена")], size=(500, 120)).save(picture, "PNG")
    small = QMimeData()
    small.setData("image/png", picture.getvalue())
    QApplication.clipboard().setMimeData(small)
    press(screen, "ctrl+alt+shift+v")
    assert "Буфер обмена" in said_after(tmp_path, before + 1, "the next picture")


# -- nothing left behind ------------------------------------------------------------------------

def test_every_request_of_a_burst_is_answered_once_so_nothing_is_kept_for_it(qtbot):
    """The explorer keeps each description's screenshot until its request is answered: requests a
    newer one superseded used to get no answer at all, and a burst of presses kept every screenshot."""
    from PIL import Image

    from vidimo.settings import CoreSettings
    from vidimo.shell.worker import SUPERSEDED, Worker

    worker = Worker()
    answers: list[tuple[int, str]] = []
    worker.finished.connect(lambda request_id, scene: answers.append((request_id, "finished")))
    worker.failed.connect(lambda request_id, message: answers.append((request_id, message)))
    worker.configure(CoreSettings(device="cpu", stages=("text",), ocr_engine="tesseract"))
    try:
        ids = [worker.submit(detail="normal", image=Image.new("RGB", (640, 400), "white")) for _ in range(20)]
        wait_for(lambda: len(answers) >= len(ids), "an answer to every request")
        qtbot.wait(300)
    finally:
        worker.shutdown()
    assert sorted(request_id for request_id, _ in answers) == ids, "each request answered exactly once"
    assert dict(answers) == {**{request_id: SUPERSEDED for request_id in ids[:-1]}, ids[-1]: "finished"}


def test_a_superseded_description_leaves_no_analysis_queued():
    """A description cut short by a newer press used to leave its analyses queued on the analysis
    threads (Tesseract cannot stop midway, but the queued ones were never dropped): after a burst
    of 100 presses the last description waited behind about a hundred readings of the screen."""
    from PIL import Image

    from vidimo.models.base import Analyzer
    from vidimo.pipeline import Cancelled, Pipeline

    started, release = threading.Semaphore(0), threading.Event()

    class Reader(Analyzer):
        name = "text"
        calls = 0

        def _load(self, device) -> None:  # noqa: ANN001
            pass

        def _analyze(self, image, request):  # noqa: ANN001, ANN202
            Reader.calls += 1
            started.release()
            release.wait(HANG_GUARD_S)
            return []

    pipeline = Pipeline([Reader(device="cpu")])
    image = Image.new("RGB", (64, 48), "white")
    try:
        for press in range(5):  # each one superseded at once by the next
            with pytest.raises(Cancelled):
                pipeline.describe(image, cancelled=lambda: True)
        assert started.acquire(timeout=HANG_GUARD_S), "the first reading started"
        release.set()
        scene = pipeline.describe(image)
    finally:
        release.set()
        pipeline.close()
    assert scene.get("text") == []
    assert Reader.calls == 2, "only the reading already running and the last one ran"


def _threads() -> list[str]:
    return sorted(thread.name for thread in threading.enumerate())


def _native_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def _children() -> list[int]:
    pid, found = os.getpid(), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_work_leaves_no_thread_open_file_or_child_process_behind(card, start_app, screen, tmp_path):
    """Descriptions by hotkey (Tesseract runs as a child process), speech on a sound card (a
    PortAudio stream and thread each time) and two rebuilds of the pipeline (its analysis threads
    are ended by ``Pipeline.close``): afterwards the counts are those of the start."""
    controller = start_app(voice_engine="rhvoice")
    ours = set(_children())  # the virtual screen and its window
    before = len(heard(tmp_path))
    press(screen)  # the first description opens what is kept: the screen grabber, the X connection
    said_after(tmp_path, before, "the first description")
    controller.stop_speech()
    wait_for(lambda: set(_children()) == ours, "Tesseract to end")
    time.sleep(0.5)
    start = (_threads(), _native_threads(), _open_files())

    for rebuild in range(2):
        done = len(heard(tmp_path))
        press(screen)
        said_after(tmp_path, done, f"description {rebuild + 2}")
        ready = []
        controller.worker.ready.connect(lambda *_: ready.append(True))
        controller.worker.configure(controller.settings.core())
        wait_for(lambda: ready, "the rebuilt pipeline")
    controller.stop_speech()

    def settled() -> bool:
        return set(_children()) == ours and (_threads(), _native_threads(), _open_files()) == start

    try:
        wait_for(settled, "threads, files and children back to the start", timeout=60)
    except AssertionError:
        assert (_threads(), _native_threads(), _open_files(), set(_children())) == (*start, ours)


def test_quitting_ends_every_part_even_when_one_fails(start_app):
    """«Выход» stopped at the first part that failed (the hotkey listener of a lost X
    connection): the worker and the sound went on, and the app never ended."""
    controller = start_app(greeting=False)
    hotkeys_stop, app = controller.hotkeys.stop, QApplication.instance()
    left: list[bool] = []
    closed: list[str] = []
    audio, pointer = controller.audio, controller.explorer.clicker.pointer
    for part, name in ((audio, "sound"), (pointer, "pointer")):
        part.close = lambda name=name, close=part.close: (closed.append(name), close())

    def lost() -> None:
        raise RuntimeError("the X connection of the hotkey listener is gone")

    controller.hotkeys.stop = lost
    try:
        quit_app = type(app).quit
        type(app).quit = staticmethod(lambda: left.append(True))
        try:
            controller.quit()
        finally:
            type(app).quit = quit_app
    finally:
        controller.hotkeys.stop = hotkeys_stop
    assert not controller.worker._thread.is_alive(), "the worker was shut down"
    assert closed[:2] == ["sound", "pointer"], "the sound and the pointer were closed"
    assert left == [True], "the app was asked to end"
