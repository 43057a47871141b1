"""The Qt training-data generator labels what a window shows: marks in list rows, options in any order."""
from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtWidgets import QApplication, QTreeWidget  # noqa: E402

from tools.ui_detector.generate_qt import Page  # noqa: E402


def _shown(page: Page) -> list[tuple[str, QRect]]:
    page.window.resize(page.window.sizeHint().expandedTo(page.window.minimumSizeHint()))
    page.window.show()
    QApplication.processEvents()
    try:
        return page.boxes()
    finally:
        page.window.close()


def test_each_mark_in_a_list_row_is_labelled_inside_the_list(qapp):
    kinds = set()
    for seed in range(12):
        page = Page(random.Random(seed))
        page.checklist()
        boxes = _shown(page)
        tree = page.window.findChild(QTreeWidget)
        view = QRect(tree.viewport().mapTo(page.window, QPoint(0, 0)), tree.viewport().size())
        assert len(boxes) == tree.topLevelItemCount()
        assert all(view.contains(rect) and 10 <= rect.width() <= 24 for _, rect in boxes)
        names = [name for name, _ in boxes]
        kind = names[0].split("_")[0]
        assert all(name.startswith(kind) for name in names)  # one list, one kind of mark
        if kind == "radio":
            assert names.count("radio_checked") == 1
        kinds.add(kind)
    assert kinds == {"checkbox", "radio"}


def test_radios_come_before_checkboxes_as_well_as_after(qapp):
    """A detector must tell the kinds apart by their look, not by their place in a column."""
    orders = set()
    for seed in range(20):
        page = Page(random.Random(seed))
        page.options()
        kinds = [name.split("_")[0] for name, _ in _shown(page)]
        if {"checkbox", "radio"} <= set(kinds):
            orders.add(kinds[0])
    assert orders == {"checkbox", "radio"}


def test_filled_radios_are_round_at_every_size_and_checkboxes_are_not(qapp):
    """With a radius of half the size rounded down, odd-sized radios were drawn as rounded squares."""
    import math

    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QCheckBox, QRadioButton, QStyle, QStyleOptionButton, QVBoxLayout, QWidget

    from tools.ui_detector.themes import _filled_indicators

    for size in range(13, 21):
        window = QWidget()
        window.setStyleSheet("QWidget { background: #ffffff; }"
                             + _filled_indicators(False, "#3584e4", size, 3, "#8a8a8a"))
        layout = QVBoxLayout(window)
        marks = [QRadioButton("a"), QCheckBox("b")]
        for mark in marks:
            mark.setChecked(True)
            layout.addWidget(mark)
        window.show()
        QApplication.processEvents()
        image = window.grab().toImage()
        shares = []
        for mark, element in zip(marks, (QStyle.SubElement.SE_RadioButtonIndicator,
                                         QStyle.SubElement.SE_CheckBoxIndicator)):
            option = QStyleOptionButton()
            mark.initStyleOption(option)
            rect = mark.style().subElementRect(element, option, mark).translated(mark.pos())
            pixels = [QColor(image.pixel(x, y)).lightness() for x in range(rect.left(), rect.right() + 1)
                      for y in range(rect.top(), rect.bottom() + 1)]
            shares.append(sum(p < 230 for p in pixels) / len(pixels))
        window.close()
        radio, checkbox = shares
        assert radio < math.pi / 4, (size, radio)  # a disc fills π/4 of its square, a squircle more
        assert checkbox > 0.9, (size, checkbox)   # a square with slightly rounded corners
