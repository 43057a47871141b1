"""Renders random but plausible interfaces with real Qt widgets and writes a YOLO dataset.

    python tools/ui_detector/generate_qt.py OUT --count 3000 --seed 1 [--split train]

Layouts (dialogs, forms, settings pages with tabs, lists with toolbars, web-like
pages), styles and themes, fonts and sizes, Russian and English labels are drawn
from a seeded random generator, so a dataset is reproducible. Boxes come from the
widgets' geometry. Runs offscreen (QT_QPA_PLATFORM=offscreen).
"""
from __future__ import annotations

import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QRect, QSize, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel,  # noqa: E402
                               QLineEdit, QListWidget, QMenuBar, QPushButton, QRadioButton, QSlider, QSpinBox,
                               QStyle, QStyleOptionButton, QTabBar, QToolButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from vidimo.models.ui_detector.classes import CLASSES  # noqa: E402
from tools.ui_detector import words  # noqa: E402
from tools.ui_detector.dataset import parse_args, split_folders, write_data_yaml, yolo_line  # noqa: E402
from tools.ui_detector.themes import palette, random_theme  # noqa: E402

CLASS_ID = {name: i for i, name in enumerate(CLASSES)}
FONTS = ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Condensed", "Liberation Sans", "Noto Sans"]
ICONS = [QStyle.StandardPixmap.SP_DialogOpenButton, QStyle.StandardPixmap.SP_DialogSaveButton,
         QStyle.StandardPixmap.SP_TrashIcon, QStyle.StandardPixmap.SP_BrowserReload,
         QStyle.StandardPixmap.SP_FileDialogNewFolder, QStyle.StandardPixmap.SP_ArrowBack,
         QStyle.StandardPixmap.SP_ArrowForward, QStyle.StandardPixmap.SP_MediaPlay,
         QStyle.StandardPixmap.SP_DialogHelpButton, QStyle.StandardPixmap.SP_ComputerIcon]


class Page:
    """One generated window and the elements to label on it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.language = rng.choice(["ru", "en"])
        self.window = QWidget()
        self.elements: list[tuple[str, QWidget, QRect | None]] = []  # class, widget, rect in widget coords
        sheet, self.dark, self.theme = random_theme(rng)
        self.window.setStyleSheet(sheet)
        if self.theme == "fusion":
            self.window.setPalette(palette(self.dark))
            self.window.setAutoFillBackground(True)
        font = QFont(rng.choice(FONTS))
        font.setPointSizeF(rng.uniform(8.5, 13.5))
        self.window.setFont(font)
        self.layout = QVBoxLayout(self.window)
        self.layout.setContentsMargins(*(rng.randint(6, 24) for _ in range(4)))
        self.layout.setSpacing(rng.randint(4, 14))

    def words(self, table: dict, count: int = 1) -> list[str]:
        return words.pick(self.rng, table, self.language, count)

    def add(self, name: str, widget: QWidget, rect: QRect | None = None) -> None:
        self.elements.append((name, widget, rect))

    # -- parts -------------------------------------------------------------------------------
    def menubar(self) -> None:
        bar = QMenuBar()
        for title in self.words(words.MENUS, self.rng.randint(3, 6)):
            action = bar.addMenu(title).menuAction()
            self.elements.append(("menu_item", bar, None))
            self.elements[-1] = ("menu_item", bar, action)  # resolved after layout
        self.layout.addWidget(bar)

    def toolbar(self) -> None:
        row = QHBoxLayout()
        for _ in range(self.rng.randint(2, 6)):
            button = QToolButton()
            button.setIcon(self.window.style().standardIcon(self.rng.choice(ICONS)))
            size = self.rng.choice([16, 20, 24, 32])
            button.setIconSize(button.iconSize().scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
            button.setAutoRaise(self.rng.random() < 0.5)
            row.addWidget(button)
            self.add("icon", button)
        row.addStretch(1)
        self.layout.addLayout(row)

    def tabs(self) -> None:
        bar = QTabBar()
        for title in self.words(words.TABS, self.rng.randint(2, 5)):
            bar.addTab(title)
        bar.setCurrentIndex(self.rng.randrange(bar.count()))
        bar.setExpanding(False)
        self.layout.addWidget(bar)
        for index in range(bar.count()):
            self.elements.append(("tab", bar, index))

    def title_and_question(self) -> None:
        title = QLabel(self.words(words.TITLES)[0])
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.layout.addWidget(title)
        if self.rng.random() < 0.6:
            question = QLabel(self.words(words.QUESTIONS)[0])
            question.setWordWrap(True)
            self.layout.addWidget(question)

    def form(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(self.rng.randint(6, 18))
        row = 0
        for label in self.words(words.FIELDS, self.rng.randint(1, 4)):
            field = QSpinBox() if self.rng.random() < 0.1 else QLineEdit()
            if isinstance(field, QLineEdit):
                field.setPlaceholderText(label if self.rng.random() < 0.3 else "")
                if self.rng.random() < 0.4:
                    field.setText(self.rng.choice(["Иван", "ivan@example.com", "8080", "Anna", "Москва"]))
            if self.rng.random() < 0.5:
                grid.addWidget(QLabel(label + ":"), row, 0)
                grid.addWidget(field, row, 1)
            else:
                grid.addWidget(QLabel(label), row, 0, 1, 2)
                row += 1
                grid.addWidget(field, row, 0, 1, 2)
            self.add("text_field", field)
            row += 1
        if self.rng.random() < 0.5:
            combo = QComboBox()
            combo.addItems(self.words(words.ITEMS, 3))
            grid.addWidget(QLabel(self.words(words.FIELDS)[0] + ":"), row, 0)
            grid.addWidget(combo, row, 1)
            self.add("dropdown", combo)
            row += 1
        if self.rng.random() < 0.35:
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setValue(self.rng.randint(0, 99))
            grid.addWidget(QLabel(self.words(words.OPTIONS)[0]), row, 0)
            grid.addWidget(slider, row, 1)
            self.add("slider", slider)
            row += 1
        self.layout.addLayout(grid)

    def options(self) -> None:
        """Checkboxes and a radio group, either first: a place in a column says nothing of the kind."""
        groups = [self.checkboxes, self.radios]
        self.rng.shuffle(groups)
        for group in groups:
            group()

    def checkboxes(self) -> None:
        for text in self.words(words.OPTIONS, self.rng.randint(1, 4)):
            box = QCheckBox(text)
            box.setChecked(self.rng.random() < 0.5)
            self.layout.addWidget(box)
            self.add("checkbox_checked" if box.isChecked() else "checkbox_unchecked", box)

    def radios(self) -> None:
        if self.rng.random() < 0.4:
            return
        radios = [QRadioButton(t) for t in self.words(words.OPTIONS, self.rng.randint(2, 3))]
        radios[self.rng.randrange(len(radios))].setChecked(True)
        row = QHBoxLayout() if self.rng.random() < 0.4 else None
        for radio in radios:
            (row.addWidget(radio) if row else self.layout.addWidget(radio))
        if row:
            row.addStretch(1)
            self.layout.addLayout(row)
        for radio in radios:
            self.add("radio_checked" if radio.isChecked() else "radio_unchecked", radio)

    def checklist(self) -> None:
        """Options as rows of a list under a column header, as GTK and settings pages show them:
        checkboxes (any number checked) or radios (one checked), the mark in its own narrow
        column or beside the text."""
        rng = self.rng
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        radio = rng.random() < 0.5
        own_column = rng.random() < 0.7
        title = self.words(words.COLUMNS)[0]
        tree.setColumnCount(2 if own_column else 1)
        tree.setHeaderLabels(["", title] if own_column else [title])
        tree.setHeaderHidden(rng.random() < 0.2)
        texts = self.words(words.OPTIONS if rng.random() < 0.6 else words.ITEMS, rng.randint(2, 6))
        row_height, indent = rng.randint(22, 32), rng.randint(2, 8)
        marks = []
        for text in texts:
            item = QTreeWidgetItem(tree)
            item.setSizeHint(0, QSize(24, row_height))
            mark = QRadioButton() if radio else QCheckBox()
            if own_column:
                item.setText(1, text)
            else:
                mark.setText(text)
            cell = QWidget()
            cell_layout = QHBoxLayout(cell)
            cell_layout.setContentsMargins(indent, 0, 0, 0)
            cell_layout.addWidget(mark)
            cell_layout.addStretch(1)
            tree.setItemWidget(item, 0, cell)
            marks.append(mark)
        if radio:
            marks[rng.randrange(len(marks))].setChecked(True)
        else:
            for mark in marks:
                mark.setChecked(rng.random() < 0.5)
        if own_column:
            tree.setColumnWidth(0, rng.randint(26, 40))
        tree.setMinimumHeight(rng.randint(30, 60) + row_height * len(texts))
        self.layout.addWidget(tree)
        for mark in marks:
            kind = "radio" if radio else "checkbox"
            self.add(f"{kind}_{'checked' if mark.isChecked() else 'unchecked'}", mark, tree.viewport())

    def listing(self) -> None:
        items = QListWidget()
        items.addItems(self.words(words.ITEMS, self.rng.randint(3, 7)))
        items.setCurrentRow(self.rng.randrange(items.count()))
        items.setMinimumHeight(self.rng.randint(120, 220))
        self.layout.addWidget(items)
        for index in range(items.count()):
            self.elements.append(("list_item", items, index))

    def links(self) -> None:
        row = QHBoxLayout()
        for text in self.words(words.LINKS, self.rng.randint(1, 3)):
            colour = self.rng.choice(["#6ab0ff", "#8ab4f8"] if self.dark else ["#0645ad", "#0d6efd", "#1a73e8"])
            underline = "underline" if self.rng.random() < 0.7 else "none"
            link = QLabel(f'<a href="#" style="color:{colour}; text-decoration:{underline}">{text}</a>')
            link.setTextFormat(Qt.TextFormat.RichText)
            row.addWidget(link)
            self.add("link", link)
        row.addStretch(1)
        self.layout.addLayout(row)

    def picture(self) -> None:
        pixmap = QPixmap(self.rng.randint(80, 260), self.rng.randint(60, 180))
        painter = QPainter(pixmap)
        gradient = QLinearGradient(0, 0, pixmap.width(), pixmap.height())
        for stop in (0.0, 0.5, 1.0):
            gradient.setColorAt(stop, QColor(*(self.rng.randint(0, 255) for _ in range(3))))
        painter.fillRect(pixmap.rect(), gradient)
        for _ in range(self.rng.randint(2, 8)):
            painter.setBrush(QColor(*(self.rng.randint(0, 255) for _ in range(3))))
            painter.drawEllipse(self.rng.randint(0, pixmap.width()), self.rng.randint(0, pixmap.height()),
                                self.rng.randint(10, 60), self.rng.randint(10, 60))
        painter.end()
        label = QLabel()
        label.setPixmap(pixmap)
        label.setFixedSize(pixmap.size())
        self.layout.addWidget(label)
        self.add("image", label)

    def buttons(self) -> None:
        row = QHBoxLayout()
        if self.rng.random() < 0.7:
            row.addStretch(1)
        for text in self.words(words.BUTTONS, self.rng.randint(1, 3)):
            button = QPushButton(text)
            button.setDefault(self.rng.random() < 0.3)
            row.addWidget(button)
            self.add("button", button)
        self.layout.addLayout(row)

    # -- assembling --------------------------------------------------------------------------
    def build(self) -> None:
        rng = self.rng
        if rng.random() < 0.35:
            self.menubar()
        if rng.random() < 0.35:
            self.toolbar()
        if rng.random() < 0.35:
            self.tabs()
        if rng.random() < 0.6:
            self.title_and_question()
        parts = [self.form, self.options, self.checklist, self.listing, self.links, self.picture]
        rng.shuffle(parts)
        for part in parts[: rng.randint(1, 4)]:
            part()
        self.layout.addStretch(1)
        self.buttons()
        hint = self.window.sizeHint()
        self.window.resize(max(hint.width(), rng.randint(320, 1100)), max(hint.height(), rng.randint(240, 800)))

    def boxes(self) -> list[tuple[str, QRect]]:
        """Element boxes in window pixels, clipped to the window."""
        found = []
        frame = self.window.rect()
        for name, widget, extra in self.elements:
            rect = self._rect(name, widget, extra)
            if rect is None:
                continue
            rect = rect.intersected(frame)
            if rect.width() >= 4 and rect.height() >= 4 and widget.isVisible():
                found.append((name, rect))
        return found

    def _rect(self, name: str, widget: QWidget, extra) -> QRect | None:  # noqa: ANN001
        origin = widget.mapTo(self.window, QPoint(0, 0))
        if name == "menu_item":
            local = widget.actionGeometry(extra)
        elif name == "tab":
            local = widget.tabRect(extra)
        elif name == "list_item":
            item = widget.item(extra)
            local = widget.visualItemRect(item).translated(widget.viewport().pos())
            if not widget.viewport().rect().translated(widget.viewport().pos()).contains(local.center()):
                return None
        elif name.startswith(("checkbox", "radio")):
            option = QStyleOptionButton()
            widget.initStyleOption(option)
            element = (QStyle.SubElement.SE_CheckBoxIndicator if name.startswith("checkbox")
                       else QStyle.SubElement.SE_RadioButtonIndicator)
            local = widget.style().subElementRect(element, option, widget)
            if isinstance(extra, QWidget):  # a mark in a list row: labelled only when its viewport shows it whole
                rect = local.translated(origin)
                view = QRect(extra.mapTo(self.window, QPoint(0, 0)), extra.size())
                return rect if view.contains(rect) else None
        elif name == "link":
            metrics = widget.fontMetrics()
            text = widget.text().split(">", 1)[1].split("<", 1)[0]
            width, height = metrics.horizontalAdvance(text), metrics.height()
            local = QRect(0, (widget.height() - height) // 2, width, height)
        else:
            local = widget.rect()
        return local.translated(origin)


def render(seed: int, out_image: Path, out_label: Path) -> dict:
    rng = random.Random(seed)
    page = Page(rng)
    page.build()
    page.window.show()
    QApplication.processEvents()
    image = page.window.grab().toImage()
    scale = rng.choice([1.0, 1.0, 1.25, 1.5]) if image.width() < 900 else 1.0
    boxes = page.boxes()
    if scale != 1.0:
        image = image.scaled(int(image.width() * scale), int(image.height() * scale),
                             Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    image.save(str(out_image), "JPG", 88)
    width, height = image.width(), image.height()
    lines = []
    for name, rect in boxes:
        lines.append(yolo_line(CLASS_ID[name], rect.x() * scale, rect.y() * scale,
                               (rect.x() + rect.width()) * scale, (rect.y() + rect.height()) * scale, width, height))
    out_label.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.window.close()
    page.window.deleteLater()
    return {"theme": page.theme, "dark": page.dark, "language": page.language, "boxes": len(lines)}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(__doc__.splitlines()[0], argv, count=3000, seed=1)
    app = QApplication.instance() or QApplication([])
    images, labels = split_folders(args.out, args.split)
    for index in range(args.count):
        seed = args.seed * 1_000_003 + index
        render(seed, images / f"qt_{args.seed}_{index:05d}.jpg", labels / f"qt_{args.seed}_{index:05d}.txt")
        if index % 50 == 0:
            app.processEvents()
    write_data_yaml(args.out)


if __name__ == "__main__":
    main()
