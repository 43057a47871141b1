"""A small window that takes dragged image files and image URLs (tray icons cannot take drops)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class DropWindow(QWidget):
    """``dropped(str)`` with a local path or an http(s) URL; ``open_requested`` for the dialog."""

    dropped = Signal(str)
    open_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Перетащите изображение")
        self.setAccessibleName("Окно для перетаскивания изображений")
        self.setAcceptDrops(True)
        self.setMinimumSize(360, 200)
        layout = QVBoxLayout(self)
        self.label = QLabel("Перетащите сюда файл изображения или ссылку на него.")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.label)
        self.open_button = QPushButton("Открыть изображение…")
        self.open_button.setAccessibleName("Открыть изображение")
        self.open_button.clicked.connect(self.open_requested.emit)
        layout.addWidget(self.open_button)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.dropped.emit(url.toLocalFile())
            elif url.scheme() in ("http", "https"):
                self.dropped.emit(url.toString())
            else:
                continue
            event.acceptProposedAction()
            return

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
