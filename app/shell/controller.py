"""The app's controller: user commands in, requests to the worker out, results spoken.

Runs on the GUI thread and never waits on a model: capture is quick and happens
here, everything slow happens on the worker thread or the audio thread.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

import soundfile
from PIL import Image
from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from vidimo import messages, stages
from vidimo.errors import BadImageError, VidimoError
from vidimo.imageio import MAX_PIXELS, decode_image, load_image, too_big
from vidimo.scene import DETAIL_LEVELS, Scene
from vidimo.shell import app_settings, capture
from vidimo.shell.actions import BY_ID, spoken_hotkey
from vidimo.shell.app_settings import AppSettings
from vidimo.shell.drop_window import DropWindow
from vidimo.shell.explorer import Explorer
from vidimo.shell.hotkeys import GlobalHotkeys, HotkeyError
from vidimo.shell.main_window import MainWindow, ReportWindow
from vidimo.shell.result_window import ResultWindow
from vidimo.shell.screen_reader import ScreenReaderOutput
from vidimo.shell.settings_window import DownloadOffer, SettingsWindow, what_works
from vidimo.shell.single_instance import InstanceServer, Reply
from vidimo.shell.tray import Tray
from vidimo.shell.worker import Worker
from vidimo.speech.base import Audio
from vidimo.speech.chain import SpeechChain, build_engines
from vidimo.speech.queue import AudioQueue
from vidimo.speech.transcript import log_utterance

log = logging.getLogger(__name__)

#: After this long without a result, a soft tick repeats until the description is ready.
WORKING_EARCON_MS = 1500
WAYLAND_HINT = ("В сеансе Wayland программы не могут ловить сочетания клавиш сами. Назначьте в настройках "
                "системы сочетание на команду «vidimo describe --screen», а для активного окна — "
                "«vidimo describe --window». Они работают и при запущенном Видимо, и без него.")
IMAGE_FILTER = "Изображения (*.png *.jpg *.jpeg *.gif *.bmp *.webp *.tif *.tiff);;Все файлы (*)"
SUPERSEDED = "Запрос прерван более новым."
#: Stored once the app has said which downloads would add what.
OFFER_SAID_KEY = "download_offer_said"
#: The answer to the offer of downloads: ``accepted`` or ``declined`` (never asked again).
OFFER_ANSWER_KEY = "download_offer_answer"
CHECKING = "Проверяю Видимо: звук, голоса, распознавание текста, модели и сеанс. Это займёт несколько секунд."
OFFER_DECLINED = "Хорошо, ничего не скачиваю. Скачать модели можно потом в настройках, в разделе «Модели»."


@dataclass(frozen=True)
class Asked:
    """How a description was asked for: by this app's own commands (the defaults), or by another
    start (``vidimo describe …``) with its options and, when it waits, the way to answer it."""

    detail: str | None = None
    skip: tuple[str, ...] = ()
    speak: bool = True
    reply: Reply | None = None

    @classmethod
    def from_message(cls, message: dict, reply: Reply | None) -> "Asked":
        """Options of a message from another start; unknown values are ignored."""
        detail = message.get("detail")
        skip = message.get("skip") if isinstance(message.get("skip"), list) else []
        return cls(detail=detail if detail in DETAIL_LEVELS else None,
                   skip=tuple(s for s in skip if s in stages.names()),
                   speak=message.get("speak", True) is not False, reply=reply)

    def answer(self, answer: dict) -> None:
        if self.reply is not None:
            self.reply.send(answer)


def is_wayland() -> bool:
    """True in a Wayland session, where global key grabs are not allowed."""
    import os

    return os.environ.get("XDG_SESSION_TYPE") == "wayland" or bool(os.environ.get("WAYLAND_DISPLAY"))


def load_earcons() -> dict[str, Audio]:
    sounds = files("vidimo.resources").joinpath("sounds")
    earcons = {}
    for name in ("captured", "working", "done", "error"):
        with sounds.joinpath(f"{name}.wav").open("rb") as handle:
            data, rate = soundfile.read(handle, dtype="float32")
        earcons[name] = Audio.from_array(data, rate)
    return earcons


#: Picture types taken from the clipboard as the program that copied them encoded them: the size is
#: read from the header before anything is decoded (Qt would decode a 20000 × 20000 picture, or
#: refuse it over its own memory limit and say nothing about why).
CLIPBOARD_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp", "image/tiff")
CLIPBOARD_NAME = "изображение из буфера"


def clipboard_image(clipboard, data) -> Image.Image | None:  # noqa: ANN001 - QClipboard, QMimeData
    """The clipboard's picture as RGB, ``None`` when it holds none; :class:`BadImageError` (Russian)
    for one too big or broken."""
    for kind in CLIPBOARD_TYPES:
        if data is not None and data.hasFormat(kind):
            encoded = bytes(data.data(kind))
            if encoded:
                return decode_image(encoded, name=CLIPBOARD_NAME)
    image = clipboard.image()
    if image.isNull():
        return None
    if image.width() * image.height() > MAX_PIXELS:
        raise BadImageError(too_big(CLIPBOARD_NAME, image.width(), image.height()))
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return decode_image(bytes(buffer.data()), name=CLIPBOARD_NAME)


class Controller(QObject):
    """Owns the windows, the worker, the hotkeys and the audio queue."""

    #: (Any thread → GUI thread) the audio thread could not speak: a Russian sentence.
    speech_failed = Signal(str)
    #: (Check thread → GUI thread) the findings of «Проверить Видимо».
    checked = Signal(list)

    def __init__(self, store: QSettings, *, use_tray: bool = True) -> None:
        super().__init__()
        self.store = store
        self.settings, self._settings_problems = app_settings.load_checked(store)
        self.audio = AudioQueue(self._chain(), volume=self.settings.volume_percent / 100)
        self.audio.on_error = self.speech_failed.emit
        self.speech_failed.connect(self._on_speech_failed)
        self.screen_reader = ScreenReaderOutput()
        self.earcons = load_earcons()
        self.last_scene: Scene | None = None
        #: Requests in the worker, by id: how each was asked for.
        self._asked: dict[int, Asked] = {}
        #: Sentences of the current request already spoken while the rest was being made.
        self._heard: dict[int, list[str]] = {}
        self._warned: set[str] = set()
        self.worker = Worker(self)
        self.worker.words.connect(self._on_words)
        self.worker.finished.connect(self._on_result)
        self.worker.failed.connect(self._on_failed)
        self.worker.ready.connect(self._on_ready)
        self.worker.problem.connect(lambda text: self.say(text, interrupt=False))
        self.hotkeys = GlobalHotkeys(self)
        self.hotkeys.triggered.connect(self.dispatch)
        self.server = InstanceServer(self)
        self.server.received.connect(self.handle_message)
        self.working = QTimer(self)
        self.working.setInterval(WORKING_EARCON_MS)
        self.working.timeout.connect(lambda: self.audio.play(self.earcons["working"]))
        self.tray: Tray | None = None
        self.main_window: MainWindow | None = None
        if use_tray and Tray.available():
            self.tray = Tray(self.settings.hotkeys, self)
            self.tray.triggered.connect(self.dispatch)
        else:
            self.main_window = MainWindow(self.settings.hotkeys)
            self.main_window.triggered.connect(self.dispatch)
        self.result_window = ResultWindow()
        self.drop_window = DropWindow()
        self.drop_window.dropped.connect(self.describe_path)
        self.drop_window.open_requested.connect(self.open_image)
        self.settings_window: SettingsWindow | None = None
        self.download_offer: DownloadOffer | None = None
        self.report_window: ReportWindow | None = None
        self._checking = False
        self.checked.connect(self._on_checked)
        self.explorer = Explorer(self, self)

    def _chain(self) -> SpeechChain:
        engines = build_engines(self.settings.voice_engine, self.settings.rate_percent)
        for engine in engines:
            if self.settings.voice_name and hasattr(engine, "voice") and engine.name == self.settings.voice_engine:
                engine.voice = self.settings.voice_name
        return SpeechChain(engines)

    # -- start and stop ----------------------------------------------------------------------
    def start(self) -> None:
        """Greet at once; models load in the background afterwards."""
        if not self.server.listen():
            log.warning("could not listen for other starts")
        if self.tray is not None:
            self.tray.show()
        if self.main_window is not None:
            self.main_window.show()
        hotkey = self.settings.hotkeys.get("describe_screen")
        greeting = "Видимо запущено."
        if hotkey:
            greeting += f" Описать экран: {spoken_hotkey(hotkey)}."
        self.say(greeting)
        if self._settings_problems:
            self.say(app_settings.problem_sentence(self._settings_problems), interrupt=False)
        self._register_hotkeys()
        self.worker.configure(self.settings.core())

    def _register_hotkeys(self) -> None:
        if is_wayland():
            self.say(WAYLAND_HINT, interrupt=False)
            return
        try:
            self.hotkeys.register(self.settings.hotkeys)
        except HotkeyError as error:
            self.say(f"{error} Пользуйтесь меню Видимо.", interrupt=False)

    def quit(self) -> None:
        """Stop the hotkeys, the worker, the speech and the pointer, each one even when one before
        it failed, and leave: «Выход» always ends the app."""
        for stop in (self.hotkeys.stop, self.worker.shutdown, self.audio.close, self.explorer.clicker.pointer.close):
            try:
                stop()
            except Exception:  # noqa: BLE001 - the app must still end
                log.exception("while quitting, %s failed", getattr(stop, "__qualname__", stop))
        QApplication.instance().quit()

    # -- output --------------------------------------------------------------------------------
    def say(self, text: str, *, interrupt: bool = True) -> None:
        """Speak with our voice, or through the user's screen reader when chosen and present."""
        if self.settings.output == "screen_reader" and self.screen_reader.available():
            log_utterance(text)
            self.screen_reader.speak(text)
            return
        self.audio.say(text, interrupt=interrupt)

    def _on_speech_failed(self, message: str) -> None:
        """Our voice failed: the user hears it through their screen reader when one runs, and sees
        it as a notification and in the fallback window; the next utterance tries the voice again."""
        log.warning("%s", message)
        if self.screen_reader.available():
            self.screen_reader.speak(message)
        if self.tray is not None:
            self.tray.notify(message)
        if self.main_window is not None:
            self.main_window.show_status(message)

    def stop_speech(self) -> None:
        self.audio.stop()
        if self.settings.output == "screen_reader" and self.screen_reader.available():
            self.screen_reader.stop()

    # -- commands ------------------------------------------------------------------------------
    def dispatch(self, action_id: str) -> None:
        """Run a command from the tray, the window, a hotkey or another start."""
        handlers = {
            "describe_screen": self.describe_screen, "describe_window": self.describe_window,
            "describe_clipboard": self.describe_clipboard, "open_image": self.open_image,
            "drop_window": self.show_drop_window, "repeat": self.repeat, "show_text": self.show_text,
            "stop_speech": self.stop_speech, "settings": self.show_settings, "quit": self.quit,
            "doctor": self.check_vidimo,
            "explore": self.explorer.explore, "find": self.explorer.find,
            "under_pointer": self.explorer.under_pointer, "what_changed": self.explorer.what_changed,
        }
        handler = handlers.get(action_id)
        if handler is None:
            log.warning("unknown action %s", action_id)
            return
        try:
            handler()
        except Exception:  # noqa: BLE001 - a failed command is spoken, the app carries on
            log.exception("action %s failed", action_id)
            self._error(f"Не удалось выполнить команду «{BY_ID[action_id].title}».")

    def _submit(self, asked: Asked | None = None, **request) -> int:  # noqa: ANN003 - image= or path=
        asked = asked or Asked()
        for older in self._asked.values():  # a newer request supersedes them in the worker
            older.answer({"error": SUPERSEDED})
        self._asked.clear()
        self._heard.clear()
        if asked.speak:
            self.stop_speech()
            self.audio.play(self.earcons["captured"], interrupt=True)
            self.working.start()
        request_id = self.worker.submit(detail=asked.detail or self.settings.detail, skip=asked.skip, **request)
        self._asked[request_id] = asked
        return request_id

    def describe_screen(self, asked: Asked | None = None) -> None:
        shot = capture.screen_shot()
        self.explorer.remember(self._submit(asked, image=shot.image, windows=shot.windows), shot)

    def describe_window(self, asked: Asked | None = None) -> None:
        shot = capture.window_shot()
        if shot.window is None and (asked is None or asked.speak):
            self.say("Активное окно не найдено, описываю весь экран.")
        self.explorer.remember(self._submit(asked, image=shot.image, windows=shot.windows), shot)

    def submit_quietly(self, image: Image.Image, *, skip: tuple[str, ...], earcon: bool = True) -> int:
        """A request whose result a command handles itself (the elements list, search, what changed):
        the capture sound and working ticks, and nothing said here when it ends."""
        if earcon:
            self.stop_speech()
            self.audio.play(self.earcons["captured"], interrupt=True)
            self.working.start()
        return self._submit(Asked(skip=skip, speak=False), image=image)

    def stage_enabled(self, name: str) -> bool:
        return bool(self.settings.stages.get(name))

    def error(self, message: str) -> None:
        """The error sound and a Russian message."""
        self._error(message)

    def describe_clipboard(self) -> None:
        clipboard = QGuiApplication.clipboard()
        data = clipboard.mimeData()
        if data is not None and data.hasUrls():
            local = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            if local:
                self.describe_path(local[0])
                return
        try:
            image = clipboard_image(clipboard, data)
        except VidimoError as error:  # too big, broken: said, and the next command works
            self._error(str(error))
            return
        if image is None:
            self.say("В буфере обмена нет изображения.")
            return
        self._submit(image=image)

    def describe_path(self, path: str, asked: Asked | None = None) -> None:
        asked = asked or Asked()
        try:
            if path.startswith(("http://", "https://")):
                from vidimo.imageio import fetch_image

                self._submit(asked, image=fetch_image(path))
                return
            load_image(path)  # fail fast on bad input, with the Russian message
        except VidimoError as error:
            asked.answer({"error": str(error), "exit_code": error.exit_code})
            if asked.speak:
                self._error(str(error))
            return
        self._submit(asked, path=Path(path))

    def open_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(None, "Открыть изображение", str(Path.home()), IMAGE_FILTER)
        if path:
            self.describe_path(path)

    def show_drop_window(self) -> None:
        self.drop_window.show()
        self.drop_window.raise_()
        self.drop_window.activateWindow()

    def repeat(self) -> None:
        self.say(self.last_scene.narration if self.last_scene else "Описаний ещё не было.")

    def show_text(self) -> None:
        self.result_window.show_scene(self.last_scene)
        self.result_window.show()
        self.result_window.raise_()
        self.result_window.activateWindow()

    def show_settings(self) -> None:
        if self.settings_window is None:
            self.settings_window = SettingsWindow(self.settings)
            self.settings_window.changed.connect(self.apply_settings)
            self.settings_window.message.connect(lambda text: self.say(text, interrupt=False))
            self.settings_window.downloaded.connect(lambda _name: self.worker.configure(self.settings.core()))
            self.settings_window.check_requested.connect(lambda: self.dispatch("doctor"))
        self.settings_window.show()
        self.settings_window.raise_()
        self.settings_window.activateWindow()

    def apply_settings(self, settings: AppSettings) -> None:
        """Save and use new settings at once (no restart)."""
        previous, self.settings = self.settings, settings
        app_settings.save(settings, self.store)
        if (settings.voice_engine, settings.voice_name, settings.rate_percent) != (
                previous.voice_engine, previous.voice_name, previous.rate_percent):
            self.audio.chain = self._chain()
        self.audio.volume = settings.volume_percent / 100
        if settings.autostart != previous.autostart:
            self._apply_autostart(settings.autostart)
        if settings.hotkeys != previous.hotkeys:
            self._register_hotkeys()
            if self.tray is not None:
                self.tray.rebuild(settings.hotkeys)
        if settings.core() != previous.core():
            self.worker.configure(settings.core())

    def _apply_autostart(self, on: bool) -> None:
        """Write or remove the login entry, and say so; a failure is said and the setting kept as it was."""
        from vidimo.shell import autostart

        try:
            autostart.set_enabled(on)
        except OSError as error:
            log.warning("autostart entry not changed: %s", error)
            self.settings = replace(self.settings, autostart=not on)
            self.say(f"Не удалось изменить запуск при входе в систему: нет доступа к папке "
                     f"{autostart.autostart_file().parent}.", interrupt=False)
            return
        self.say("Видимо будет запускаться при входе в систему." if on
                 else "Видимо больше не будет запускаться при входе в систему.", interrupt=False)

    # -- «Проверить Видимо» ------------------------------------------------------------------
    def check_vidimo(self) -> None:
        """Run the checks of ``vidimo doctor`` off the GUI thread (models are not loaded again: the
        worker has loaded what it uses); the report is shown and read aloud when they end."""
        import threading

        from vidimo import doctor

        if self._checking:
            self.say("Проверка уже идёт.")
            return
        self._checking = True
        self.say(CHECKING)

        def run() -> None:
            findings = list(doctor.run_checks(load_models=False))
            self.checked.emit(findings)

        threading.Thread(target=run, name="vidimo-check", daemon=True).start()

    def _on_checked(self, findings: list) -> None:
        from vidimo import doctor

        self._checking = False
        if self.report_window is None:
            self.report_window = ReportWindow()
            self.report_window.again.connect(lambda: self.dispatch("doctor"))
        self.report_window.show_report(doctor.report(findings))
        for line in doctor.spoken(findings):
            self.say(line, interrupt=False)

    def handle_message(self, message: dict, reply: Reply | None = None) -> None:
        """A request from another start (``vidimo`` again, ``vidimo describe …``), with its options
        (detail, stages to skip, whether to speak); a waiting start gets the description back."""
        action = message.get("action")
        asked = Asked.from_message(message, reply)
        try:
            if action == "describe_path" and isinstance(message.get("path"), str):
                self.describe_path(message["path"], asked)
            elif action == "describe_screen":
                self.describe_screen(asked)
            elif action == "describe_window":
                self.describe_window(asked)
            elif action == "activate":
                self.say("Видимо уже запущено.")
                asked.answer({"ok": True})
            else:
                asked.answer({"error": "Неизвестная команда."})
        except Exception:  # noqa: BLE001 - a failed request is answered and spoken, the app carries on
            log.exception("request %s from another start failed", action)
            asked.answer({"error": "Не удалось выполнить запрос: внутренняя ошибка Видимо."})
            self._error("Не удалось выполнить запрос: внутренняя ошибка.")

    # -- results -------------------------------------------------------------------------------
    def _on_ready(self, problems: list, missing: list) -> None:
        """Models are loaded: say what failed, and once ever (the first start, as a rule), what works
        and what a download would add, offered in a window with the sizes (the descriptions themselves
        never list missing models)."""
        for problem in problems:
            if problem not in self._warned:
                self._warned.add(problem)
                self.say(problem, interrupt=False)
        if missing and not self.store.value(OFFER_SAID_KEY, False, type=bool):
            self.store.setValue(OFFER_SAID_KEY, True)
            self.say(what_works(list(self.settings.core().stages), [error.name for error in missing]),
                     interrupt=False)
            self.say(messages.download_offer(missing), interrupt=False)
            self.offer_downloads(list(dict.fromkeys(error.name for error in missing)))

    def offer_downloads(self, names: list[str]) -> None:
        """The window that offers ``names`` with their sizes; an answer is stored and never asked again."""
        from vidimo.models import registry

        names = [name for name in names if name in registry.REGISTRY]
        if not names:
            return
        if any(name.startswith("florence-2") for name in names) and "opus-mt-en-ru" not in names \
                and not registry.check(registry.spec("opus-mt-en-ru")).present:
            names.append("opus-mt-en-ru")  # a caption is said in Russian only with the translator
        self.download_offer = DownloadOffer(names)
        self.download_offer.chosen.connect(self._downloads_chosen)
        self.download_offer.declined.connect(self._downloads_declined)
        self.download_offer.show()
        self.download_offer.raise_()
        self.download_offer.activateWindow()

    def _downloads_chosen(self, names: list) -> None:
        self.store.setValue(OFFER_ANSWER_KEY, "accepted")
        self.show_settings()
        assert self.settings_window is not None
        self.settings_window.download(list(names))

    def _downloads_declined(self) -> None:
        self.store.setValue(OFFER_ANSWER_KEY, "declined")
        self.say(OFFER_DECLINED, interrupt=False)

    def _on_words(self, request_id: int, sentences: list) -> None:
        """The first parts of a description, spoken while the rest is being made."""
        if self.worker.is_stale(request_id) or not self._asked.get(request_id, Asked()).speak:
            return
        if request_id not in self._heard:
            self.working.stop()
            self.audio.play(self.earcons["done"], interrupt=True)
        self._heard.setdefault(request_id, []).extend(sentences)
        self.say(" ".join(sentences), interrupt=False)

    def _on_result(self, request_id: int, scene: Scene) -> None:
        asked = self._asked.pop(request_id, Asked())
        asked.answer({"narration": scene.narration, "scene": scene.to_dict()})
        heard = " ".join(self._heard.pop(request_id, []))
        if self.worker.is_stale(request_id):
            return
        self.working.stop()
        if not asked.speak:
            return
        self.last_scene = scene
        if self.result_window.isVisible():
            self.result_window.show_scene(scene)
        text = self._without_repeated_warnings(scene)
        if not heard:
            self.audio.play(self.earcons["done"], interrupt=True)
            self.say(text, interrupt=False)
        elif text.startswith(heard) and text[len(heard):].strip():
            self.say(text[len(heard):].strip(), interrupt=False)

    def _without_repeated_warnings(self, scene: Scene) -> str:
        """The narration, with warnings already heard in this session left out."""
        text = scene.narration
        for warning in scene.warnings:
            if warning in self._warned:
                text = text.replace(f" {warning}", "").replace(warning, "")
            self._warned.add(warning)
        return text.strip() or "Ничего нового."

    def _on_failed(self, request_id: int, message: str) -> None:
        asked = self._asked.pop(request_id, Asked())
        asked.answer({"error": message})
        if self.worker.is_stale(request_id):
            return
        if asked.speak:
            self._error(message)
        else:
            self.working.stop()

    def _error(self, message: str) -> None:
        self.working.stop()
        self.audio.play(self.earcons["error"], interrupt=True)
        self.say(message, interrupt=False)
