"""Looks for generated interfaces: Fusion, and style sheets imitating Windows 11, macOS,
GNOME/Adwaita and web pages, each in light and dark."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

from PySide6.QtGui import QColor, QPalette

ACCENTS = ["#0067c0", "#007aff", "#3584e4", "#0d6efd", "#198754", "#6f42c1", "#d63384"]


def _sheet(name: str, dark: bool, accent: str, radius: int) -> str:
    bg, fg, field, border = (("#202020", "#f0f0f0", "#2d2d2d", "#555555") if dark else
                             ("#f3f3f3", "#1b1b1b", "#ffffff", "#c8c8c8"))
    if name == "fusion":
        return ""
    header = "#8a8a8a" if dark else "#7f7f7f"
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
    QListWidget, QTreeWidget {{ background: {field}; border: 1px solid {border}; }}
    QTreeWidget QWidget {{ background: transparent; }}
    QHeaderView::section {{ background: {field}; color: {header}; font-weight: bold; padding: 2px 6px;
                  border: none; border-bottom: 1px solid {border}; border-right: 1px solid {border}; }}
    QMenuBar {{ background: {bg}; }}
    QSlider::groove:horizontal {{ height: 4px; background: {border}; border-radius: 2px; }}
    QSlider::handle:horizontal {{ background: {accent}; width: 16px; margin: -6px 0; border-radius: 8px; }}
    QLabel {{ background: transparent; }}
    """


MARKS = {
    "tick": '<path d="M3.5 8.5l3 3 6-7" fill="none" stroke="white" stroke-width="2.2" stroke-linecap="round"/>',
    "dot": '<circle cx="8" cy="8" r="3.5" fill="white"/>',
}


def _mark(name: str) -> str:
    """Path of a 16 px white check mark or radio dot, written once to the temporary folder."""
    path = Path(tempfile.gettempdir()) / "vidimo-ui-marks" / f"{name}.svg"
    if not path.is_file():
        path.parent.mkdir(exist_ok=True)
        path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">{MARKS[name]}</svg>')
    return path.as_posix()


def _filled_indicators(dark: bool, accent: str, size: int, radius: int, outline: str) -> str:
    """Checkboxes and radios as GNOME, macOS, Windows 11 and browsers draw them: accent fill and a white mark."""
    field = "#2d2d2d" if dark else "#ffffff"
    return f"""
    QCheckBox::indicator, QRadioButton::indicator {{ width: {size}px; height: {size}px;
                  border: 1px solid {outline}; background: {field}; }}
    QCheckBox::indicator {{ border-radius: {radius}px; }}
    QRadioButton::indicator {{ border-radius: {(size + 1) // 2}px; }}
    QCheckBox::indicator:checked {{ background: {accent}; border-color: {accent}; image: url({_mark("tick")}); }}
    QRadioButton::indicator:checked {{ background: {accent}; border-color: {accent}; image: url({_mark("dot")}); }}
    """


def random_theme(rng: random.Random) -> tuple[str, bool, str]:
    """(style sheet, dark, name)."""
    name = rng.choice(["fusion", "win11", "macos", "adwaita", "web"])
    dark = rng.random() < 0.4
    radius = {"fusion": 2, "win11": 4, "macos": 6, "adwaita": 5, "web": rng.choice([0, 4, 8])}[name]
    accent = rng.choice(ACCENTS)
    sheet = _sheet(name, dark, accent, radius)
    if name != "fusion" and rng.random() < 0.7:
        outline = rng.choice(["#8f8f8f", "#6e6e6e"] if dark else ["#8a8a8a", "#c0bdb6", "#b0b0b0"])
        sheet += _filled_indicators(dark, accent, rng.randint(13, 20), rng.choice([2, 3, 4]), outline)
    return sheet, dark, name


def palette(dark: bool) -> QPalette:
    pal = QPalette()
    if dark:
        for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#eeeeee"),
                             (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#eeeeee"),
                             (QPalette.ColorRole.Button, "#3a3a3a"), (QPalette.ColorRole.ButtonText, "#eeeeee"),
                             (QPalette.ColorRole.Link, "#6ab0ff")):
            pal.setColor(role, QColor(colour))
    return pal
