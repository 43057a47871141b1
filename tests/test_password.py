"""A filled password field is read as hidden, whatever OCR makes of its dots; labels stay out of values."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from conftest import font  # noqa: E402
from vidimo.models.ui_detector.password import is_hidden_password  # noqa: E402


def login_form(qtbot, dark: bool) -> Image.Image:
    """A Qt login form with both fields filled, rendered as the user sees it."""
    from PIL.ImageQt import fromqimage
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

    window = QWidget()
    if dark:
        palette = QPalette()
        for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.Base, "#1e1e1e"),
                             (QPalette.ColorRole.Text, "#e8e8e8"), (QPalette.ColorRole.WindowText, "#e8e8e8"),
                             (QPalette.ColorRole.Button, "#3c3c3c"), (QPalette.ColorRole.ButtonText, "#e8e8e8")):
            palette.setColor(role, QColor(colour))
        window.setPalette(palette)
        window.setAutoFillBackground(True)
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Вход в систему"))
    form = QFormLayout()
    login, password = QLineEdit("ivan.petrov"), QLineEdit("secret123")
    password.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow("Логин:", login)
    form.addRow("Пароль:", password)
    layout.addLayout(form)
    buttons = QHBoxLayout()
    buttons.addStretch()
    buttons.addWidget(QPushButton("Отмена"))
    buttons.addWidget(QPushButton("Войти"))
    layout.addLayout(buttons)
    qtbot.addWidget(window)
    window.resize(420, 200)
    window.show()
    qtbot.waitExposed(window)
    login.setFocus()
    return fromqimage(window.grab().toImage()).convert("RGB")


@pytest.fixture(scope="module")
def pipeline():
    from vidimo.models.device import Device
    from vidimo.models.text.analyzer import TextAnalyzer
    from vidimo.models.ui_detector.analyzer import UiAnalyzer
    from vidimo.pipeline import Pipeline

    return Pipeline([UiAnalyzer(Device("cpu")), TextAnalyzer(Device("cpu"), "tesseract")])


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_filled_login_form_reads_the_login_and_hides_the_password(qtbot, pipeline, dark):
    scene = pipeline.describe(login_form(qtbot, dark))
    fields = {e.label: e for e in scene.ui_elements if e.type == "text_field"}
    assert set(fields) == {"Логин", "Пароль"}, scene.narration
    assert fields["Логин"].value == "ivan.petrov"
    assert fields["Пароль"].state == "password" and fields["Пароль"].value is None
    assert "Поле «Логин»: «ivan.petrov»." in scene.narration
    assert "Поле «Пароль»: пароль скрыт." in scene.narration
    assert "secret" not in scene.narration


def field_with(text: str, *, dark: bool = False, size: tuple[int, int] = (260, 26)) -> Image.Image:
    background, ink = ("#1e1e1e", "#e8e8e8") if dark else ("white", "#202020")
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0] - 1, size[1] - 1), outline="#9a9a9a")
    draw.text((6, 4), text, font=font(14), fill=ink)
    return image


@pytest.mark.parametrize("dark", [False, True])
def test_dots_are_a_hidden_password_and_text_is_not(dark):
    assert is_hidden_password(field_with("●●●●●●●●", dark=dark))
    assert is_hidden_password(field_with("••••••", dark=dark))
    for text in ("ivan.petrov", "Загрузка...", "ooo OOO", "• пункт", "", "12:00"):
        assert not is_hidden_password(field_with(text, dark=dark)), text
