"""The settings window (Russian). Fully keyboard operable: every control has a label and an
accessible name, Tab reaches every control, Escape closes, changes apply at once."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QLabel, QLineEdit,
                               QListWidget, QProgressBar, QPushButton, QScrollArea, QSpinBox, QVBoxLayout,
                               QWidget)

from vidimo import stages
from vidimo.shell.actions import BY_ID
from vidimo.shell.app_settings import AppSettings
from vidimo.shell.hotkeys import conflicts
from vidimo.models.translate.llm import url_problem
from vidimo.speech.chain import engine_titles

DETAILS = {"brief": "Кратко", "normal": "Обычно", "full": "Подробно"}
DEVICES = {"auto": "Автоматически", "cuda": "Видеокарта", "cpu": "Процессор"}
OCR = {"auto": "Автоматически", "tesseract": "Tesseract", "craft+tesseract": "CRAFT и Tesseract", "easyocr": "EasyOCR"}
CAPTIONERS = {"auto": "Автоматически", "florence-2-base": "Florence-2 base (быстрее)",
              "florence-2-large": "Florence-2 large (точнее)"}
VOICES = {"auto": [""], "edge": ["ru-RU-SvetlanaNeural", "ru-RU-DmitryNeural"],
          "rhvoice": ["anna", "elena", "irina", "aleksandr"], "espeak": ["ru"], "silent": [""]}
OUTPUTS = {"voice": "Собственный голос Видимо", "screen_reader": "Программа экранного доступа"}
SERVER_WARNING = ("Когда включён перевод или составление рассказа через сервер, текст описания "
                  "(но не изображение) уходит с этого компьютера на указанный сервер.")


class DownloadThread(QThread):
    """Downloads one model in the background; progress and the outcome come back by signals."""

    progress = Signal(str, int, int)
    done = Signal(str, str)   # model name, and a Russian sentence on failure ("" when it worked)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name

    def run(self) -> None:
        from vidimo.models import registry

        from vidimo.model_commands import download_problem

        try:
            registry.download(self.name, progress=lambda done, total: self.progress.emit(self.name, done, total))
        except Exception as error:  # noqa: BLE001 - any failure is reported by its cause, not raised
            self.done.emit(self.name, download_problem(registry.spec(self.name).title, error))
            return
        self.done.emit(self.name, "")


def _combo(choices: dict[str, str], current: str) -> QComboBox:
    box = QComboBox()
    for key, title in choices.items():
        box.addItem(title, key)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class SettingsWindow(QDialog):
    """``changed(AppSettings)`` after every edit; ``message(str)`` for things to say aloud."""

    changed = Signal(object)
    message = Signal(str)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Видимо — настройки")
        self.settings = settings
        self._downloads: list[DownloadThread] = []
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container, not a stop for Tab
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self._build_description()
        self._build_voice()
        self._build_hotkeys()
        self._build_models()
        self._build_server()
        self.close_button = QPushButton("Закрыть")
        self.close_button.setAccessibleName("Закрыть настройки")
        self.close_button.clicked.connect(self.close)
        outer.addWidget(self.close_button)
        self.resize(560, 640)

    # -- building ------------------------------------------------------------------------------
    def _group(self, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        self.body_layout.addWidget(box)
        return form

    def _row(self, form: QFormLayout, label: str, widget: QWidget) -> QWidget:
        widget.setAccessibleName(label)
        if isinstance(widget, QCheckBox):
            widget.setText(label)
            form.addRow(widget)
        else:
            caption = QLabel(f"{label}:")
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        return widget

    def _build_description(self) -> None:
        form = self._group("Описание")
        s = self.settings
        self.detail = self._row(form, "Подробность", _combo(DETAILS, s.detail))
        self.stage_boxes: dict[str, QCheckBox] = {}
        for stage in stages.all_stages():
            box = self._row(form, stage.setting, QCheckBox())
            box.setChecked(s.stages.get(stage.name, stage.default))
            self.stage_boxes[stage.name] = box
        self.ocr_engine = self._row(form, "Распознавание текста", _combo(OCR, s.ocr_engine))
        self.captioner = self._row(form, "Модель описания сцены", _combo(CAPTIONERS, s.captioner))
        self.device = self._row(form, "Устройство для моделей", _combo(DEVICES, s.device))
        for combo in (self.detail, self.ocr_engine, self.captioner, self.device):
            combo.currentIndexChanged.connect(self._apply)
        for box in self.stage_boxes.values():
            box.toggled.connect(self._apply)

    def _build_voice(self) -> None:
        form = self._group("Речь")
        s = self.settings
        self.output = self._row(form, "Куда выводить описание", _combo(OUTPUTS, s.output))
        self.voice_engine = self._row(form, "Голосовой движок", _combo(engine_titles(), s.voice_engine))
        self.voice_name = self._row(form, "Голос", QComboBox())
        self._fill_voices()
        self.rate = self._row(form, "Скорость речи, процентов", QSpinBox())
        self.rate.setRange(-50, 100)
        self.rate.setValue(s.rate_percent)
        self.volume = self._row(form, "Громкость, процентов", QSpinBox())
        self.volume.setRange(0, 100)
        self.volume.setValue(s.volume_percent)
        self.voice_engine.currentIndexChanged.connect(self._fill_voices)
        for widget in (self.output, self.voice_engine, self.voice_name):
            widget.currentIndexChanged.connect(self._apply)
        for spin in (self.rate, self.volume):
            spin.valueChanged.connect(self._apply)

    def _fill_voices(self) -> None:
        engine = self.voice_engine.currentData()
        self.voice_name.blockSignals(True)
        self.voice_name.clear()
        for voice in VOICES.get(engine, [""]):
            self.voice_name.addItem(voice or "По умолчанию", voice)
        self.voice_name.setCurrentIndex(max(0, self.voice_name.findData(self.settings.voice_name)))
        self.voice_name.blockSignals(False)

    def _build_hotkeys(self) -> None:
        form = self._group("Сочетания клавиш")
        self.hotkey_edits: dict[str, QLineEdit] = {}
        for action_id, hotkey in self.settings.hotkeys.items():
            edit = QLineEdit(hotkey)
            edit.setAccessibleDescription("Формат: <ctrl>+<alt>+<shift>+d")
            self._row(form, BY_ID[action_id].title, edit)
            edit.editingFinished.connect(self._apply)
            self.hotkey_edits[action_id] = edit
        self.hotkey_status = QLabel("")
        self.hotkey_status.setAccessibleName("Состояние сочетаний клавиш")
        form.addRow(self.hotkey_status)

    def _build_models(self) -> None:
        from vidimo.models import registry

        form = self._group("Модели")
        self.models = self._row(form, "Модели", QListWidget())
        self.model_names = list(registry.REGISTRY)
        self._refresh_models()
        self.download_button = self._row(form, "Скачать выбранную модель", QPushButton("Скачать"))
        self.download_button.clicked.connect(self._download_selected)
        self.download_progress = self._row(form, "Ход загрузки", QProgressBar())
        self.download_progress.setRange(0, 100)
        self.download_progress.setValue(0)

    def _refresh_models(self) -> None:
        from vidimo.models import registry

        current = self.models.currentRow()
        self.models.clear()
        for name in self.model_names:
            model = registry.spec(name)
            found = registry.check(model)
            state = "скачана" if found.present else "повреждена" if found.folder is not None else "не скачана"
            self.models.addItem(f"{model.title} — {model.purpose}, {model.size_mb} МБ: {state}")
        self.models.setCurrentRow(max(0, current))

    def _download_selected(self) -> None:
        from vidimo.models import registry

        name = self.model_names[max(0, self.models.currentRow())]
        title = registry.spec(name).title
        self.message.emit(f"Скачиваю модель «{title}».")
        thread = DownloadThread(name, self)
        thread.progress.connect(self._on_progress)
        thread.done.connect(self._on_downloaded)
        self._downloads.append(thread)
        thread.start()

    def _on_progress(self, name: str, done: int, total: int) -> None:
        if total:
            percent = int(done * 100 / total)
            if percent // 25 > self.download_progress.value() // 25:
                self.message.emit(f"Загружено {percent} процентов.")
            self.download_progress.setValue(percent)

    def _on_downloaded(self, name: str, problem: str) -> None:
        from vidimo.models import registry

        self.message.emit(problem or f"Модель «{registry.spec(name).title}» скачана.")
        self._refresh_models()

    def _build_server(self) -> None:
        form = self._group("Сервер языковой модели (необязательно)")
        s = self.settings
        warning = QLabel(SERVER_WARNING)
        warning.setWordWrap(True)
        form.addRow(warning)
        self.llm_translate = self._row(form, "Переводить описание сцены через сервер", QCheckBox())
        self.llm_translate.setChecked(s.llm_translate)
        self.llm_compose = self._row(form, "Составлять рассказ через сервер", QCheckBox())
        self.llm_compose.setChecked(s.llm_compose)
        self.llm_url = self._row(form, "Адрес сервера", QLineEdit(s.llm_base_url))
        self.llm_model = self._row(form, "Модель на сервере", QLineEdit(s.llm_model))
        self.llm_key = self._row(form, "Ключ доступа", QLineEdit())
        self.llm_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.llm_key.setAccessibleDescription("Хранится в системном хранилище паролей")
        self.save_key = self._row(form, "Сохранить ключ", QPushButton("Сохранить ключ"))
        self.save_key.clicked.connect(self._store_key)
        for box in (self.llm_translate, self.llm_compose):
            box.toggled.connect(self._apply)
        for edit in (self.llm_url, self.llm_model):
            edit.editingFinished.connect(self._apply)

    def _store_key(self) -> None:
        from keyring.errors import KeyringError

        from vidimo import secrets

        key = self.llm_key.text().strip()
        if not key:
            self.message.emit("Ключ пустой, ничего не сохранено.")
            return
        try:
            secrets.set_api_key(key)
        except KeyringError:
            self.message.emit("Не удалось сохранить ключ: нет системного хранилища паролей.")
            return
        self.llm_key.clear()
        self.message.emit("Ключ сохранён.")

    # -- applying ------------------------------------------------------------------------------
    def current(self) -> AppSettings:
        """Settings as the controls show them now."""
        hotkeys = {action: edit.text().strip() for action, edit in self.hotkey_edits.items()}
        return replace(
            self.settings, detail=self.detail.currentData(), device=self.device.currentData(),
            stages={name: box.isChecked() for name, box in self.stage_boxes.items()},
            ocr_engine=self.ocr_engine.currentData(),
            captioner=self.captioner.currentData(), voice_engine=self.voice_engine.currentData(),
            voice_name=self.voice_name.currentData() or "", rate_percent=self.rate.value(),
            volume_percent=self.volume.value(), output=self.output.currentData(),
            llm_base_url=self.llm_url.text().strip(),
            llm_model=self.llm_model.text().strip(), llm_translate=self.llm_translate.isChecked(),
            llm_compose=self.llm_compose.isChecked(), hotkeys=hotkeys,
        )

    def _apply(self, *_args) -> None:  # noqa: ANN002 - any signal's arguments
        settings = self.current()
        clashing = conflicts(settings.hotkeys)
        refused = url_problem(settings.llm_base_url) if settings.llm_base_url else None
        if refused:
            self.message.emit(refused)
            settings = replace(settings, llm_base_url=self.settings.llm_base_url)
        if clashing:
            names = ", ".join(BY_ID[a].title for a in clashing)
            self.hotkey_status.setText(f"Одинаковые сочетания у команд: {names}. Они не сохранены.")
            self.message.emit(self.hotkey_status.text())
            settings = replace(settings, hotkeys=self.settings.hotkeys)
        else:
            self.hotkey_status.setText("")
        if settings != self.settings:
            self.settings = settings
            self.changed.emit(settings)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
