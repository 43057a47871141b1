"""A plain window with known Russian text, for the end-to-end test to describe."""
import sys

from PySide6.QtWidgets import QApplication, QLabel

LINES = [f"Строка номер {n}: проверка чтения экрана" for n in range(1, 15)]

app = QApplication(sys.argv)
label = QLabel("\n".join(LINES))
font = label.font()
font.setPointSize(18)
label.setFont(font)
label.setStyleSheet("background: white; color: black; padding: 20px;")
label.setWindowTitle("Тестовое окно")
label.move(0, 0)
label.resize(1100, 860)
label.show()
app.exec()
