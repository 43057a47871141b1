"""Looks for generated interfaces: Fusion, and style sheets imitating Windows 11, macOS,
GNOME/Adwaita and web pages, each in light and dark."""
from __future__ import annotations

import random

from PySide6.QtGui import QColor, QPalette

ACCENTS = ["#0067c0", "#007aff", "#3584e4", "#0d6efd", "#198754", "#6f42c1", "#d63384"]


def _sheet(name: str, dark: bool, accent: str, radius: int) -> str:
    bg, fg, field, border = (("#202020", "#f0f0f0", "#2d2d2d", "#555555") if dark else
                             ("#f3f3f3", "#1b1b1b", "#ffffff", "#c8c8c8"))
    if name == "fusion":
        return ""
    button_bg = accent if name == "web" else field
    button_fg = "#ffffff" if name == "web" else fg
    return f"""
    QWidget {{ background: {bg}; color: {fg}; }}
    QPushButton {{ background: {button_bg}; color: {button_fg}; border: 1px solid {border};
                  border-radius: {radius}px; padding: 5px 14px; }}
    QLineEdit, QSpinBox, QComboBox {{ background: {field}; border: 1px solid {border};
                  border-radius: {max(2, radius - 2)}px; padding: 3px 6px; }}
    QTabBar::tab {{ background: {bg}; padding: 6px 14px; border-bottom: 2px solid {border}; }}
    QTabBar::tab:selected {{ border-bottom: 2px solid {accent}; }}
    QListWidget {{ background: {field}; border: 1px solid {border}; }}
    QMenuBar {{ background: {bg}; }}
    QSlider::groove:horizontal {{ height: 4px; background: {border}; border-radius: 2px; }}
    QSlider::handle:horizontal {{ background: {accent}; width: 16px; margin: -6px 0; border-radius: 8px; }}
    QLabel {{ background: transparent; }}
    """


def random_theme(rng: random.Random) -> tuple[str, bool, str]:
    """(style sheet, dark, name)."""
    name = rng.choice(["fusion", "win11", "macos", "adwaita", "web"])
    dark = rng.random() < 0.4
    radius = {"fusion": 2, "win11": 4, "macos": 6, "adwaita": 5, "web": rng.choice([0, 4, 8])}[name]
    return _sheet(name, dark, rng.choice(ACCENTS), radius), dark, name


def palette(dark: bool) -> QPalette:
    pal = QPalette()
    if dark:
        for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#eeeeee"),
                             (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#eeeeee"),
                             (QPalette.ColorRole.Button, "#3a3a3a"), (QPalette.ColorRole.ButtonText, "#eeeeee"),
                             (QPalette.ColorRole.Link, "#6ab0ff")):
            pal.setColor(role, QColor(colour))
    return pal
