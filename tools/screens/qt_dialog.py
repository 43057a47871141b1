"""A real Qt dialog on the generated desktop: message boxes, input dialogs, forms, tabs, lists
and Qt's own file dialog, with Russian text and Qt's Russian translation.

Run by the generator on the desktop (the project's venv has PySide6) with a JSON spec:

    python tools/screens/qt_dialog.py SPEC.json

``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1`` (look.py) makes Qt publish its accessibility tree over
AT-SPI like GTK. ``VIDIMO_SCREENS_DARK=1`` gives the Fusion style a dark palette.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, Qt, QTranslator
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QInputDialog,
    QLabel, QLineEdit, QListWidget, QMessageBox, QPushButton, QRadioButton, QSlider, QTabWidget, QVBoxLayout,
    QWidget,
)

ICONS = {"question": QMessageBox.Icon.Question, "info": QMessageBox.Icon.Information,
         "warning": QMessageBox.Icon.Warning, "error": QMessageBox.Icon.Critical}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e8e8e8"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e8e8e8"),
                         (QPalette.ColorRole.Button, "#353535"), (QPalette.ColorRole.ButtonText, "#e8e8e8"),
                         (QPalette.ColorRole.Highlight, "#3584e4"), (QPalette.ColorRole.HighlightedText, "#ffffff")):
        palette.setColor(role, QColor(colour))
    return palette


def fields(spec: dict) -> QWidget:
    """A page of labelled fields, options and a slider, as ``spec["fields"]`` lists them."""
    page = QWidget()
    form = QFormLayout(page)
    for field in spec.get("fields", []):
        kind, label = field["kind"], field["label"]
        if kind == "line":
            edit = QLineEdit(field.get("value", ""))
            if field.get("password"):
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, edit)
        elif kind == "combo":
            combo = QComboBox()
            combo.addItems(field["values"])
            form.addRow(label, combo)
        elif kind == "check":
            box = QCheckBox(label)
            box.setChecked(field["checked"])
            form.addRow(box)
        elif kind == "radio":
            for i, text in enumerate(field["values"]):
                radio = QRadioButton(text)
                radio.setChecked(i == field["chosen"])
                form.addRow(label if i == 0 else "", radio)
        elif kind == "slider":
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setValue(field["value"])
            form.addRow(label, slider)
        elif kind == "list":
            items = QListWidget()
            items.addItems(field["values"])
            items.setCurrentRow(field.get("chosen", 0))
            form.addRow(label, items)
    return page


def build(spec: dict) -> QWidget:
    kind = spec["kind"]
    if kind in ICONS:
        box = QMessageBox(ICONS[kind], spec["title"], spec["text"])
        if spec.get("detail"):
            box.setInformativeText(spec["detail"])
        for text in spec.get("buttons", []):
            box.addButton(text, QMessageBox.ButtonRole.AcceptRole)
        if not spec.get("buttons"):
            box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        return box
    if kind == "input":
        dialog = QInputDialog()
        dialog.setWindowTitle(spec["title"])
        dialog.setLabelText(spec["text"])
        if spec.get("items"):
            dialog.setComboBoxItems(spec["items"])
        else:
            dialog.setTextValue(spec.get("value", ""))
        return dialog
    if kind == "file":
        dialog = QFileDialog(None, spec["title"], spec["folder"])
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        return dialog
    dialog = QDialog()
    dialog.setWindowTitle(spec["title"])
    layout = QVBoxLayout(dialog)
    if spec.get("text"):
        layout.addWidget(QLabel(spec["text"]))
    if kind == "tabs":
        tabs = QTabWidget()
        for name in spec["tabs"]:
            tabs.addTab(fields(spec) if name == spec["tabs"][0] else QWidget(), name)
        layout.addWidget(tabs)
    else:
        layout.addWidget(fields(spec))
    buttons = QDialogButtonBox()
    for text in spec.get("buttons", []):
        buttons.addButton(QPushButton(text), QDialogButtonBox.ButtonRole.AcceptRole)
    layout.addWidget(buttons)
    return dialog


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    app = QApplication([sys.argv[0]])
    translator = QTranslator()
    if translator.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    app.setStyle("Fusion")
    if os.environ.get("VIDIMO_SCREENS_DARK") == "1":
        app.setPalette(dark_palette())
    window = build(spec)
    window.setWindowTitle(spec["title"])
    if spec.get("size"):
        window.resize(*spec["size"])
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
