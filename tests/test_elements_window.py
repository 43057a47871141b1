"""The «Элементы окна» and «Найти на экране» windows (offscreen, pytest-qt), and the explorer's
rules for clicking: raise the window, check the place, click, say what changed; a moved or
changed window is never clicked. The screen, the window manager and the mouse are stand-ins."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import replace  # noqa: E402

import pytest  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402
from PySide6.QtCore import QEvent, QObject, Qt, Signal  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from vidimo import explore, stages  # noqa: E402
from vidimo.models.findings import TextLine, UiElement  # noqa: E402
from vidimo.scene import Scene  # noqa: E402
from vidimo.shell import capture, explorer, pointer  # noqa: E402
from vidimo.shell.capture import Rect, Shot, WindowRef  # noqa: E402
from vidimo.shell.elements_window import ElementsWindow  # noqa: E402
from vidimo.shell.find_window import FindWindow  # noqa: E402

ELEMENTS = [
    UiElement("checkbox", (20, 40, 38, 58), "Почта", "unchecked", 0.9),
    UiElement("checkbox", (20, 70, 38, 88), "Календарь", "checked", 0.9),
    UiElement("text_field", (100, 100, 260, 130), "Имя", None, 0.9, value="Иван"),
    UiElement("button", (120, 160, 200, 190), "Отмена", None, 0.9),
    UiElement("button", (210, 160, 290, 190), "OK", None, 0.9),
]
TEXTS = [TextLine("Что включить?", (20, 10, 140, 25), 0.9)]


def window_scene(elements=ELEMENTS) -> Scene:
    return Scene(300, 200, ui_elements=list(elements), texts=list(TEXTS))


def focusable(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(window) and w.isEnabled()]


@pytest.fixture()
def elements_window(qtbot) -> ElementsWindow:
    window = ElementsWindow()
    qtbot.addWidget(window)
    window.show_entries("Выбор", explore.entries(window_scene()))
    window.present()
    qtbot.waitExposed(window)
    return window


def type_text(widget: QWidget, text: str) -> None:
    """Keys typed one by one (QTest's keyClicks takes ASCII only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def rows(window: ElementsWindow) -> list[str]:
    return [window.list.item(i).text() for i in range(window.list.count())]


def test_the_list_reads_every_element_with_state_and_position(elements_window):
    assert elements_window.windowTitle() == "Элементы окна «Выбор»"
    assert rows(elements_window) == ["Флажок «Почта», не отмечен", "Флажок «Календарь», отмечен",
                                     "Поле «Имя», «Иван»", "Кнопка «Отмена»", "Кнопка «OK»", "Текст «Что включить?»"]
    accessible = elements_window.list.item(1).data(Qt.ItemDataRole.AccessibleTextRole)
    assert accessible == "Флажок «Календарь», отмечен, 2 из 6"


def test_every_control_is_named_for_screen_readers(qtbot, elements_window):
    finder = FindWindow()
    qtbot.addWidget(finder)
    finder.present()
    for window in (elements_window, finder):
        unnamed = [type(w).__name__ for w in focusable(window) if not w.accessibleName()]
        assert unnamed == [], f"{type(window).__name__}: {unnamed}"
        assert window.accessibleName()


def test_typing_filters_by_label_and_kind(qtbot, elements_window):
    assert elements_window.filter.hasFocus()
    type_text(elements_window.filter, "почта")
    assert rows(elements_window) == ["Флажок «Почта», не отмечен"]
    elements_window.filter.clear()
    type_text(elements_window.filter, "кнопка")
    assert rows(elements_window) == ["Кнопка «Отмена»", "Кнопка «OK»"]
    elements_window.filter.clear()
    type_text(elements_window.filter, "ок")
    assert rows(elements_window) == ["Кнопка «OK»"], "typed in Cyrillic, the button reads in Latin"
    elements_window.filter.clear()
    type_text(elements_window.filter, "корзина")
    assert rows(elements_window) == [] and elements_window.status.text() == "Нет подходящих элементов"


def test_keyboard_down_into_the_list_reads_enter_clicks_shift_enter_right_clicks(qtbot, elements_window):
    said: list[str] = []
    activated: list[tuple[str, str]] = []
    elements_window.speak.connect(said.append)
    elements_window.activated.connect(lambda entry, button: activated.append((entry.label, button)))
    qtbot.keyClick(elements_window.filter, Qt.Key.Key_Down)
    assert elements_window.list.hasFocus()
    assert said[-1] == "Флажок «Почта», не отмечен, 1 из 6"
    qtbot.keyClick(elements_window.list, Qt.Key.Key_Down)
    assert said[-1] == "Флажок «Календарь», отмечен, 2 из 6"
    qtbot.keyClick(elements_window.list, Qt.Key.Key_Return)
    qtbot.keyClick(elements_window.list, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(elements_window.list, Qt.Key.Key_Menu)
    assert activated == [("Календарь", "left"), ("Календарь", "right"), ("Календарь", "right")]
    qtbot.keyClick(elements_window.list, Qt.Key.Key_Up)
    qtbot.keyClick(elements_window.list, Qt.Key.Key_Up)
    assert elements_window.filter.hasFocus(), "Up from the first entry goes back to the filter"
    # Typing in the list goes on in the filter.
    qtbot.keyClick(elements_window.filter, Qt.Key.Key_Down)
    type_text(elements_window.list, "им")
    assert elements_window.filter.text() == "им" and rows(elements_window) == ["Поле «Имя», «Иван»"]


def test_escape_closes_the_list(qtbot, elements_window):
    with qtbot.waitSignal(elements_window.dismissed, timeout=1000):
        qtbot.keyClick(elements_window.filter, Qt.Key.Key_Escape)
    assert not elements_window.isVisible()


def test_the_find_window_asks_on_enter_and_closes_on_escape(qtbot):
    finder = FindWindow()
    qtbot.addWidget(finder)
    finder.present()
    type_text(finder.field, "Сохранить")
    with qtbot.waitSignal(finder.search, timeout=1000) as asked:
        qtbot.keyClick(finder.field, Qt.Key.Key_Return)
    assert asked.args == ["Сохранить"]
    with qtbot.waitSignal(finder.dismissed, timeout=1000):
        qtbot.keyClick(finder.field, Qt.Key.Key_Escape)


# -- the explorer, with a stand-in screen, window manager, mouse and worker ----------------------------

def draw_window(elements=ELEMENTS) -> Image.Image:
    image = Image.new("RGB", (300, 200), (246, 245, 244))
    draw = ImageDraw.Draw(image)
    for element in elements:
        fill = (53, 132, 228) if element.state == "checked" else "white"
        draw.rectangle(element.box, fill=fill, outline=(100, 100, 100))
    return image


class Screen:
    """A 1600×900 virtual screen with one window at ``frame``; the window manager and the mouse."""

    def __init__(self) -> None:
        self.frame = Rect(900, 500, 300, 200)
        self.content = draw_window()
        self.active = 7
        self.exists = True
        self.clicks: list[tuple[int, int, str]] = []
        self.moves: list[tuple[int, int]] = []
        self.raised: list[int] = []
        #: What a click does to the screen (the program's answer to it).
        self.on_click = lambda: None

    def pixels(self) -> Image.Image:
        screen = Image.new("RGB", (1600, 900), (20, 60, 90))
        if self.exists:
            screen.paste(self.content, (self.frame.left, self.frame.top))
        return screen

    def window(self, window_id: int | None = None) -> WindowRef | None:
        window_id = self.active if window_id is None else window_id
        if window_id == 7:
            return WindowRef(7, "Выбор", self.frame) if self.exists else None
        return WindowRef(window_id, "Сохранение", Rect(0, 0, 100, 100))

    def window_shot(self, window_id: int | None = None) -> Shot:
        ref = self.window(window_id)
        return Shot(self.grab(ref.frame), ref.frame, ref)

    def screen_shot(self, at=None) -> Shot:
        rect = Rect(0, 0, 1600, 900)
        return Shot(self.grab(rect), rect)

    def grab(self, rect: Rect) -> Image.Image:
        return self.pixels().crop((rect.left, rect.top, rect.left + rect.width, rect.top + rect.height))

    def activate(self, window_id: int) -> bool:
        self.raised.append(window_id)
        self.active = window_id
        return True


class FakeWorker(QObject):
    finished = Signal(int, object)
    failed = Signal(int, str)

    def is_stale(self, request_id: int) -> bool:
        return False


class Host:
    """The controller as the explorer sees it: speech, quiet requests, settings."""

    def __init__(self) -> None:
        self.worker = FakeWorker()
        self.said: list[str] = []
        self.requests: list[tuple[int, Image.Image, tuple[str, ...]]] = []
        self.described = 0

    def say(self, text: str, *, interrupt: bool = True) -> None:
        self.said.append(text)

    def error(self, message: str) -> None:
        self.said.append(message)

    def submit_quietly(self, image, *, skip, earcon=True) -> int:
        self.requests.append((len(self.requests) + 1, image, skip))
        return len(self.requests)

    def stage_enabled(self, name: str) -> bool:
        return name != "caption"

    def describe_window(self) -> None:
        self.described += 1

    def answer(self, scene: Scene) -> None:
        self.worker.finished.emit(self.requests[-1][0], scene)


class Mouse:
    def __init__(self, screen: Screen, reason: str | None = None) -> None:
        self.screen, self.reason = screen, reason

    def unavailable(self) -> str | None:
        return self.reason

    def click(self, x: int, y: int, button: str = "left") -> None:
        self.screen.clicks.append((x, y, button))
        self.screen.on_click()

    def move(self, x: int, y: int) -> None:
        self.screen.moves.append((x, y))

    def position(self) -> tuple[int, int]:
        return self.screen.frame.left + 250, self.screen.frame.top + 175


@pytest.fixture()
def setup(qtbot, monkeypatch):
    screen = Screen()
    for name in ("window", "window_shot", "screen_shot", "grab", "activate"):
        monkeypatch.setattr(capture, "grab_rect" if name == "grab" else name, getattr(screen, name))
    monkeypatch.setattr(capture, "warm_up", lambda: None)
    monkeypatch.setattr(capture, "keys_down", lambda: False)
    monkeypatch.setattr(explorer, "AFTER_CLICK_MS", 10)
    host = Host()
    made = explorer.Explorer(host)
    made.pointer = Mouse(screen)
    qtbot.addWidget(made.elements)
    qtbot.addWidget(made.finder)
    yield screen, host, made
    qtbot.wait(300)  # timers the test left running fire while the stand-ins are still in place


def open_list(qtbot, host: Host, made: explorer.Explorer) -> None:
    made.explore()
    assert set(host.requests[-1][2]) == set(stages.names()) - {"ui", "text"}, "only elements and text are read"
    host.answer(window_scene())
    qtbot.waitUntil(made.elements.isVisible, timeout=2000)
    made.pointer.screen.active = 555  # the list has the focus now


def choose(qtbot, made: explorer.Explorer, query: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    made.elements.filter.setText(query)
    qtbot.keyClick(made.elements.filter, Qt.Key.Key_Down)
    qtbot.keyClick(made.elements.list, Qt.Key.Key_Return, modifier)


def test_enter_clicks_the_indicator_in_screen_pixels_and_says_the_new_state(qtbot, setup):
    screen, host, made = setup
    open_list(qtbot, host, made)
    assert host.said[-1] == "Элементы окна «Выбор»: 6"
    ticked = [replace(ELEMENTS[0], state="checked"), *ELEMENTS[1:]]
    screen.on_click = lambda: setattr(screen, "content", draw_window(ticked))
    choose(qtbot, made, "Почта")
    qtbot.waitUntil(lambda: bool(screen.clicks), timeout=2000)
    assert screen.clicks == [(900 + 29, 500 + 49, "left")]
    assert screen.raised[-1] == 7, "the window was raised again before the click"
    qtbot.waitUntil(lambda: len(host.requests) == 2, timeout=2000)
    qtbot.waitUntil(made.elements.isVisible, timeout=2000)
    assert made.elements.filter.text() == "" and made.elements.filter.hasFocus()
    host.answer(window_scene(ticked))
    qtbot.waitUntil(lambda: host.said[-1] == "Флажок «Почта» отмечен.", timeout=2000)


def test_shift_enter_right_clicks_the_middle_of_a_button(qtbot, setup):
    screen, host, made = setup
    open_list(qtbot, host, made)
    choose(qtbot, made, "OK", Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(screen.clicks), timeout=2000)
    assert screen.clicks == [(900 + 250, 500 + 175, "right")]


def test_a_field_is_clicked_and_left_for_typing(qtbot, setup):
    screen, host, made = setup
    open_list(qtbot, host, made)
    choose(qtbot, made, "Имя")
    qtbot.waitUntil(lambda: bool(screen.clicks), timeout=2000)
    assert screen.clicks == [(900 + 180, 500 + 115, "left")]
    assert host.said[-1] == "Поле «Имя», «Иван». Можно печатать."
    qtbot.wait(50)
    assert not made.elements.isVisible() and len(host.requests) == 1


def test_a_window_moved_since_the_list_is_not_clicked_and_the_user_is_told(qtbot, setup):
    screen, host, made = setup
    open_list(qtbot, host, made)
    screen.frame = Rect(700, 300, 300, 200)
    choose(qtbot, made, "OK")
    qtbot.waitUntil(lambda: len(host.requests) == 2, timeout=2000)
    assert screen.clicks == []
    assert any("Окно сдвинулось" in line and "Нажатие отменено" in line for line in host.said)
    host.answer(window_scene())
    qtbot.waitUntil(lambda: host.said[-1] == "Список обновлён: 6.", timeout=2000)
    choose(qtbot, made, "OK")
    qtbot.waitUntil(lambda: bool(screen.clicks), timeout=2000)
    assert screen.clicks == [(700 + 250, 300 + 175, "left")], "the fresh list clicks where the window is now"


def test_a_window_changed_at_the_element_is_not_clicked(qtbot, setup, monkeypatch):
    screen, host, made = setup
    monkeypatch.setattr(pointer, "SETTLE_TIMEOUT_S", 0.05)
    open_list(qtbot, host, made)
    screen.content = draw_window([replace(ELEMENTS[0], state="checked"), *ELEMENTS[1:]])
    choose(qtbot, made, "Почта")
    qtbot.waitUntil(lambda: any("изменилось" in line for line in host.said), timeout=2000)
    assert screen.clicks == []


def test_a_window_that_closed_after_a_click_is_said(qtbot, setup):
    screen, host, made = setup
    open_list(qtbot, host, made)
    screen.on_click = lambda: setattr(screen, "exists", False)
    choose(qtbot, made, "OK")
    qtbot.waitUntil(lambda: "Окно «Выбор» закрылось." in host.said, timeout=2000)
    assert not made.elements.isVisible()


def test_a_window_that_opened_after_a_click_is_said(qtbot, setup):
    screen, host, made = setup
    open_list(qtbot, host, made)
    screen.on_click = lambda: setattr(screen, "active", 90001)
    choose(qtbot, made, "OK")
    qtbot.waitUntil(lambda: "Открылось окно «Сохранение»." in host.said, timeout=2000)


def test_where_clicks_are_impossible_the_list_still_reads_and_says_why(qtbot, setup):
    screen, host, made = setup
    made.pointer = Mouse(screen, reason="В сеансе Wayland Видимо не может нажимать на элементы.")
    open_list(qtbot, host, made)
    choose(qtbot, made, "OK")
    assert screen.clicks == []
    assert host.said[-1] == "В сеансе Wayland Видимо не может нажимать на элементы. Кнопка «OK»."


def test_find_points_at_the_match_and_enter_again_clicks_it(qtbot, setup):
    screen, host, made = setup
    made.find()
    assert made.finder.isVisible()
    made.search("отмена")
    assert host.said[-1] == "Ещё читаю экран, сейчас найду."
    screen_scene = Scene(1600, 900, ui_elements=[replace(e, box=(e.box[0] + 900, e.box[1] + 500, e.box[2] + 900,
                                                                  e.box[3] + 500)) for e in ELEMENTS])
    host.answer(screen_scene)
    assert host.said[-1] == "Кнопка «Отмена», внизу по центру. Enter ещё раз — нажать."
    assert screen.moves == [(1060, 675)] and screen.clicks == []
    made.search("отмена")
    qtbot.waitUntil(lambda: bool(screen.clicks), timeout=2000)
    assert screen.clicks == [(1060, 675, "left")]
    made.search("корзина")
    assert host.said[-1] == "«корзина» не найдено."


def test_under_the_pointer_the_element_is_said(qtbot, setup):
    screen, host, made = setup
    made.under_pointer()
    host.answer(Scene(1600, 900, ui_elements=[replace(ELEMENTS[4], box=(1110, 660, 1190, 690))]))
    assert host.said[-1] == "Кнопка «OK»"


def test_what_changed_since_the_last_description_of_the_window(qtbot, setup):
    screen, host, made = setup
    made.what_changed()
    assert host.described == 1 and "ещё не описывалось" in host.said[-1]
    made.remember(77, screen.window_shot())
    host.worker.finished.emit(77, window_scene())
    made.what_changed()
    host.answer(window_scene([*ELEMENTS[:4]]))
    assert host.said[-1] == "Исчезло: кнопка «OK»."


def test_the_commands_are_in_the_menu_the_fallback_window_and_the_settings(qtbot):
    from vidimo.shell.actions import BY_ID
    from vidimo.shell.app_settings import AppSettings
    from vidimo.shell.main_window import MainWindow
    from vidimo.shell.settings_window import SettingsWindow
    from vidimo.shell.tray import build_menu

    commands = (("explore", "e"), ("find", "f"), ("under_pointer", "m"), ("what_changed", "c"))
    for action_id, key in commands:
        assert BY_ID[action_id].hotkey == f"<ctrl>+<alt>+<shift>+{key}"
    settings = AppSettings()
    menu = build_menu(QApplication.instance(), settings.hotkeys, lambda action: None)
    entries = [a.text() for a in menu.actions()]
    assert "Элементы окна…\tCtrl+Alt+Shift+E" in entries and "Что изменилось\tCtrl+Alt+Shift+C" in entries
    fallback = MainWindow(settings.hotkeys)
    qtbot.addWidget(fallback)
    window = SettingsWindow(settings)
    qtbot.addWidget(window)
    for action_id, _ in commands:
        assert action_id in fallback.buttons and action_id in window.hotkey_edits


def test_a_window_without_elements_is_said_and_no_empty_list_opens(qtbot, setup):
    screen, host, made = setup
    made.explore()
    host.answer(Scene(300, 200))
    assert host.said[-1] == "В окне «Выбор» не найдено ни одного элемента."
    assert not made.elements.isVisible()


def test_descriptions_of_closed_windows_are_not_kept_for_ever(qtbot, setup):
    """Each description was kept as the previous one of its window, for «what changed», and a
    window closed never comes back by its id: over hours of dialogs the app's memory grew with
    every one. The most recent windows are kept; the oldest are let go."""
    _, host, made = setup
    image = Image.new("RGB", (100, 100), "white")
    windows = [*range(1, 101), 1, *range(101, 201)]  # the first window is described again midway
    for request_id, window_id in enumerate(windows, start=1):
        shot = Shot(image, Rect(0, 0, 100, 100), WindowRef(window_id, f"Окно {window_id}", Rect(0, 0, 100, 100)))
        made.remember(request_id, shot)
        host.worker.finished.emit(request_id, window_scene())
    kept = [key[1] for key in made.previous]
    assert len(kept) == explorer.PREVIOUS_KEPT
    assert kept == list(range(201 - explorer.PREVIOUS_KEPT, 201)), "the most recently described are kept"
    made.remember(len(windows) + 1, Shot(image, Rect(0, 0, 100, 100), WindowRef(170, "Окно 170", Rect(0, 0, 100, 100))))
    host.worker.finished.emit(len(windows) + 1, window_scene())
    assert [key[1] for key in made.previous][-1] == 170, "a window described again counts as recent"
