"""The settings window (Russian). Fully keyboard operable: every control has a label and an
accessible name, Tab reaches every control, Escape closes, changes apply at once.

Hotkeys are recorded by pressing them (:class:`~vidimo.shell.hotkey_edit.HotkeyEdit`), the voice
list names every installed Russian voice of the chosen engine, rate and volume are sliders that
say their value, and models download one after another with their progress said every 25 %.
Runs on the GUI thread; downloads run on their own threads.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QLabel, QLineEdit,
                               QListWidget, QProgressBar, QPushButton, QScrollArea, QSlider, QVBoxLayout,
                               QWidget)

from vidimo import stages
from vidimo.doctor_voices import installed_voices
from vidimo.narration.russian import agree
from vidimo.shell.actions import BY_ID, readable_hotkey, spoken_hotkey
from vidimo.shell.app_settings import AppSettings
from vidimo.shell.hotkey_edit import HotkeyEdit
from vidimo.shell.hotkeys import conflicts
from vidimo.models.translate.llm import url_problem
from vidimo.speech.chain import engine_titles

DETAILS = {"brief": "Кратко", "normal": "Обычно", "full": "Подробно"}
DEVICES = {"auto": "Автоматически", "cuda": "Видеокарта", "cpu": "Процессор"}
OCR = {"auto": "Автоматически", "tesseract": "Tesseract", "craft+tesseract": "CRAFT и Tesseract", "easyocr": "EasyOCR"}
CAPTIONERS = {"auto": "Автоматически", "florence-2-base": "Florence-2 base (быстрее)",
              "florence-2-large": "Florence-2 large (точнее)"}
DEFAULT_VOICE = "По умолчанию"
#: A slider's value is said once it has rested this long (holding an arrow key says only the last).
SAY_VALUE_MS = 400
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


def percent_words(value: int, *, signed: bool = False) -> str:
    """«30 процентов», «минус 20 процентов», «плюс 1 процент»."""
    sign = ("плюс " if value > 0 else "минус " if value < 0 else "") if signed else ""
    return f"{sign}{abs(value)} {agree('процент', abs(value))}"


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
    #: A model finished downloading and is whole (its registry name): the pipeline can use it now.
    downloaded = Signal(str)
    #: «Проверить Видимо» was pressed.
    check_requested = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Настройки")  # the desktop adds « — Видимо» after it
        self.settings = settings
        self._downloads: list[DownloadThread] = []
        #: Models still to fetch, in order; the one fetching now is ``self._fetching``.
        self._queue: list[str] = []
        self._fetching: str | None = None
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container, not a stop for Tab
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self._build_start()
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

    def _build_start(self) -> None:
        form = self._group("Запуск")
        self.autostart = self._row(form, "Запускать при входе в систему", QCheckBox())
        self.autostart.setChecked(self.settings.autostart)
        self.autostart.toggled.connect(self._apply)
        self.check_button = self._row(form, "Проверить Видимо", QPushButton("Проверить Видимо"))
        self.check_button.setAccessibleDescription("Проверяет звук, голоса, распознавание текста, модели и сеанс "
                                                   "и читает отчёт")
        self.check_button.clicked.connect(self.check_requested.emit)

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
        self.rate = self._row(form, "Скорость речи, процентов", self._slider(-50, 100, s.rate_percent))
        self.volume = self._row(form, "Громкость, процентов", self._slider(0, 100, s.volume_percent))
        self.voice_engine.currentIndexChanged.connect(self._fill_voices)
        for widget in (self.output, self.voice_engine, self.voice_name):
            widget.currentIndexChanged.connect(self._apply)
        self._say_value = QTimer(self)
        self._say_value.setSingleShot(True)
        self._say_value.setInterval(SAY_VALUE_MS)
        self._say_value.timeout.connect(self._value_said)
        self._moved: QSlider | None = None
        for slider in (self.rate, self.volume):
            slider.valueChanged.connect(self._apply)
            slider.valueChanged.connect(lambda _value, moved=slider: self._slider_moved(moved))

    @staticmethod
    def _slider(low: int, high: int, value: int) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(low, high)
        slider.setSingleStep(5)
        slider.setPageStep(10)
        slider.setTickInterval(25)
        slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        slider.setValue(value)
        return slider

    def _slider_moved(self, slider: QSlider) -> None:
        self._moved = slider
        self._say_value.start()

    def _value_said(self) -> None:
        if self._moved is self.rate:
            self.message.emit(f"Скорость речи: {percent_words(self.rate.value(), signed=True)}.")
        elif self._moved is self.volume:
            self.message.emit(f"Громкость: {percent_words(self.volume.value())}.")

    def _fill_voices(self) -> None:
        """Every installed Russian voice of the chosen engine, «По умолчанию» first."""
        engine = self.voice_engine.currentData()
        self.voice_name.blockSignals(True)
        self.voice_name.clear()
        self.voice_name.addItem(DEFAULT_VOICE, "")
        for voice in installed_voices(engine):
            self.voice_name.addItem(voice.title, voice.id)
        self.voice_name.setCurrentIndex(max(0, self.voice_name.findData(self.settings.voice_name)))
        self.voice_name.blockSignals(False)

    def _build_hotkeys(self) -> None:
        form = self._group("Сочетания клавиш")
        self.hotkey_edits: dict[str, HotkeyEdit] = {}
        for action_id, hotkey in self.settings.hotkeys.items():
            edit = self._row(form, BY_ID[action_id].title, HotkeyEdit(hotkey))
            edit.said.connect(self.message.emit)
            edit.recorded.connect(self._apply)
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
        self.download([self.model_names[max(0, self.models.currentRow())]])

    def download(self, names: list[str]) -> None:
        """Fetch the models ``names`` one after another, each said as it starts and ends, its progress
        shown in the bar and said every 25 %."""
        self._queue += [name for name in names if name not in self._queue and name != self._fetching]
        if self._fetching is None:
            self._next_download()

    def _next_download(self) -> None:
        from vidimo.doctor_models import size_text
        from vidimo.models import registry

        if not self._queue:
            self._fetching = None
            return
        name = self._fetching = self._queue.pop(0)
        model = registry.spec(name)
        left = f" Потом ещё {len(self._queue)}." if self._queue else ""
        self.message.emit(f"Скачиваю модель «{model.title}», {size_text(model.size_mb)}.{left}")
        self.download_progress.setValue(0)
        self.models.setCurrentRow(self.model_names.index(name))
        thread = DownloadThread(name, self)
        thread.progress.connect(self._on_progress)
        thread.done.connect(self._on_downloaded)
        self._downloads.append(thread)
        thread.start()

    def _on_progress(self, name: str, done: int, total: int) -> None:
        if total:
            percent = min(100, int(done * 100 / total))
            if percent // 25 > self.download_progress.value() // 25:
                self.message.emit(f"Загружено {percent_words(percent // 25 * 25)}.")
            self.download_progress.setValue(percent)

    def _on_downloaded(self, name: str, problem: str) -> None:
        from vidimo.models import registry

        self.message.emit(problem or f"Модель «{registry.spec(name).title}» скачана.")
        self._refresh_models()
        if not problem:
            self.downloaded.emit(name)
        self._next_download()

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
        hotkeys = {action: edit.hotkey() for action, edit in self.hotkey_edits.items()}
        return replace(
            self.settings, detail=self.detail.currentData(), device=self.device.currentData(),
            stages={name: box.isChecked() for name, box in self.stage_boxes.items()},
            ocr_engine=self.ocr_engine.currentData(),
            captioner=self.captioner.currentData(), voice_engine=self.voice_engine.currentData(),
            voice_name=self.voice_name.currentData() or "", rate_percent=self.rate.value(),
            volume_percent=self.volume.value(), output=self.output.currentData(),
            llm_base_url=self.llm_url.text().strip(),
            llm_model=self.llm_model.text().strip(), llm_translate=self.llm_translate.isChecked(),
            llm_compose=self.llm_compose.isChecked(), hotkeys=hotkeys, autostart=self.autostart.isChecked(),
        )

    def _apply(self, *_args) -> None:  # noqa: ANN002 - any signal's arguments
        settings = self.current()
        clashing = conflicts(settings.hotkeys)
        refused = url_problem(settings.llm_base_url) if settings.llm_base_url else None
        if refused:
            self.message.emit(refused)
            settings = replace(settings, llm_base_url=self.settings.llm_base_url)
        if clashing:
            names = ", ".join(f"«{BY_ID[a].title}»" for a in clashing)
            hotkey = settings.hotkeys[clashing[0]]
            self.hotkey_status.setText(f"Одинаковые сочетания у команд {names}: {readable_hotkey(hotkey)}. "
                                       "Новое сочетание не сохранено.")
            self.message.emit(f"Одинаковые сочетания у команд {names}: {spoken_hotkey(hotkey)}. "
                              "Новое сочетание не сохранено.")
            settings = replace(settings, hotkeys=self.settings.hotkeys)
            for action, edit in self.hotkey_edits.items():
                edit.setText(self.settings.hotkeys[action])
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


#: The order in which the first start names what works (then any other stage, as declared).
ABILITY_ORDER = ("text", "ui", "people", "caption", "windows")
#: Models without which a stage works, but less: what it still does then.
REDUCED = {"yolo-coco": ("people", "люди по лицам"), "easyocr-cyrillic": ("text", "чтение текста")}
#: Models without which a stage does nothing.
NEEDED = {"florence-2-base": "caption", "florence-2-large": "caption"}


def what_works(stage_names: list[str], missing: list[str]) -> str:
    """The first start's sentence about what works now: «Работает: чтение текста, кнопки, поля и
    флажки, люди по лицам.» ``stage_names``: the stages switched on; ``missing``: models not on disk."""
    order = [n for n in ABILITY_ORDER if n in stage_names] + [n for n in stage_names if n not in ABILITY_ORDER]
    abilities = {name: stages.stage(name).ability for name in order}
    for model in missing:
        if model in NEEDED:
            abilities.pop(NEEDED[model], None)
        elif model in REDUCED and REDUCED[model][0] in abilities:
            abilities[REDUCED[model][0]] = REDUCED[model][1]
    if not abilities:
        return "Видимо запущено, но все виды анализа выключены в настройках."
    return "Работает: " + ", ".join(abilities.values()) + "."


class DownloadOffer(QDialog):
    """The first start's offer of downloads: one checkbox per model (what it adds, its size), all
    ticked. ``chosen(names)`` on «Скачать выбранные»; ``declined()`` on «Не скачивать» or Escape."""

    chosen = Signal(list)
    declined = Signal()

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        from vidimo.doctor_models import size_text
        from vidimo.models import registry

        super().__init__(parent)
        self.setWindowTitle("Скачать модели")
        self._answered = False
        layout = QVBoxLayout(self)
        intro = QLabel("Эти загрузки добавят Видимо умения. Отметьте нужные. Скачать их можно и потом: "
                       "Настройки, раздел «Модели».")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: dict[str, QCheckBox] = {}
        for name in names:
            model = registry.spec(name)
            box = QCheckBox(f"{model.title}: {model.purpose}, {size_text(model.size_mb)}")
            box.setAccessibleName(box.text())
            box.setChecked(True)
            layout.addWidget(box)
            self.boxes[name] = box
        self.download_button = QPushButton("Скачать выбранные")
        self.download_button.setDefault(True)
        self.download_button.clicked.connect(self._download)
        self.decline_button = QPushButton("Не скачивать")
        self.decline_button.clicked.connect(self._decline)
        layout.addWidget(self.download_button)
        layout.addWidget(self.decline_button)
        if self.boxes:
            next(iter(self.boxes.values())).setFocus()

    def _download(self) -> None:
        names = [name for name, box in self.boxes.items() if box.isChecked()]
        self._answered = True
        self.hide()
        if names:
            self.chosen.emit(names)
        else:
            self.declined.emit()

    def _decline(self) -> None:
        if not self._answered:
            self._answered = True
            self.declined.emit()
        self.hide()

    def reject(self) -> None:  # noqa: D102 - Escape and the window's close button decline
        self._decline()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        self._decline()
        super().closeEvent(event)
