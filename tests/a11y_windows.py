"""Shows every window of Vidimo at once, as the app makes them, for the accessibility audit
(tests/test_atspi_audit.py): the fallback window, settings, the description's text, the drop window,
the offer of downloads, the check's report, and the elements list and search where present.

``--flawed`` shows instead a window with the faults the audit must catch: a field without a name,
a label not tied to its field, a title that repeats the app's name, a button Tab cannot reach.
Prints ``ready`` when every window is shown.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


def flawed_window() -> QWidget:
    window = QWidget()
    window.setWindowTitle("Видимо — окно с ошибками")
    layout = QVBoxLayout(window)
    layout.addWidget(QLineEdit())  # no name at all
    layout.addWidget(QLabel("Адрес:"))  # looks like the field's label, but is not tied to it
    address = QLineEdit()
    address.setAccessibleName("Адрес сервера")
    layout.addWidget(address)
    unreachable = QPushButton("Отправить")
    unreachable.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a mouse can press it, Tab cannot reach it
    layout.addWidget(unreachable)
    return window


def windows() -> list[QWidget]:
    from vidimo.doctor import BROKEN, OK, Finding, report
    from vidimo.models.findings import TextLine
    from vidimo.scene import Scene
    from vidimo.shell.app_settings import AppSettings
    from vidimo.shell.drop_window import DropWindow
    from vidimo.shell.main_window import MainWindow, ReportWindow
    from vidimo.shell.result_window import ResultWindow
    from vidimo.shell.settings_window import DownloadOffer, SettingsWindow

    settings = AppSettings()
    result = ResultWindow()
    result.show_scene(Scene(width=800, height=600, texts=[TextLine(text="Строка", box=(10, 10, 200, 30),
                                                                    confidence=0.9)]))
    check = ReportWindow()
    check.show_report(report([Finding("Звук", OK, "работает."), Finding("Tesseract", BROKEN, "нет.", "sudo apt")]))
    shown = [MainWindow(settings.hotkeys), SettingsWindow(settings), result, DropWindow(),
             DownloadOffer(["florence-2-base", "yolo-coco"]), check]
    try:
        from vidimo.explore import Entry
        from vidimo.shell.elements_window import ElementsWindow
        from vidimo.shell.find_window import FindWindow
    except ImportError:
        return shown
    elements = ElementsWindow()
    elements.show_entries("Анкета", [Entry(kind="button", box=(0, 0, 80, 30), label="Отправить"),
                                     Entry(kind="checkbox", box=(0, 40, 80, 60), label="Почта")])
    return [*shown, elements, FindWindow()]


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Vidimo")
    app.setApplicationDisplayName("Видимо")  # as vidimo.shell.main.run does
    app.setOrganizationName("Vidimo")
    shown = [flawed_window()] if "--flawed" in sys.argv else windows()
    for window in shown:
        window.show()
    QTimer.singleShot(500, lambda: print("ready", flush=True))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
