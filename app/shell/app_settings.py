"""The app's settings: the core ones plus the shell's, stored with QSettings.

Fields are declared once in :class:`AppSettings`; loading and saving walk them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from PySide6.QtCore import QSettings

from vidimo.settings import CoreSettings
from vidimo.shell.actions import ACTIONS

OUTPUTS = ("voice", "screen_reader")
#: Version of the stored settings. 2: the interface stage left its trial and is on by default;
#: an «off» stored by version 1 was that trial's default, so it is not carried over.
FORMAT = 2


def default_hotkeys() -> dict[str, str]:
    return {a.id: a.hotkey for a in ACTIONS if a.hotkey}


@dataclass
class AppSettings:
    """Everything the settings window edits."""

    detail: str = "normal"
    device: str = "auto"
    stage_caption: bool = True
    stage_ui: bool = True
    stage_people: bool = True
    stage_text: bool = True
    ocr_engine: str = "auto"
    captioner: str = "auto"
    voice_engine: str = "auto"
    voice_name: str = ""
    rate_percent: int = 0
    volume_percent: int = 100
    output: str = "voice"
    ui_language: str = "ru"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_translate: bool = False
    llm_compose: bool = False
    hotkeys: dict[str, str] = field(default_factory=default_hotkeys)

    def core(self) -> CoreSettings:
        """The part the pipeline needs."""
        stages = tuple(s for s in ("caption", "ui", "people", "text") if getattr(self, f"stage_{s}"))
        return CoreSettings(detail=self.detail, device=self.device, stages=stages, ocr_engine=self.ocr_engine,
                            captioner=self.captioner, voice=self.voice_engine, rate_percent=self.rate_percent,
                            llm_base_url=self.llm_base_url, llm_model=self.llm_model,
                            llm_translate=self.llm_translate, llm_compose=self.llm_compose)


def load(store: QSettings) -> AppSettings:
    """Read settings; unknown or malformed values fall back to the defaults."""
    settings = AppSettings()
    values = {}
    for item in fields(AppSettings):
        if item.name == "hotkeys":
            continue
        default = getattr(settings, item.name)
        raw = store.value(item.name, default)
        try:
            if isinstance(default, bool):
                values[item.name] = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
            else:
                values[item.name] = type(default)(raw)
        except (TypeError, ValueError):
            values[item.name] = default
    if _stored_format(store) < 2:
        values.pop("stage_ui", None)
    hotkeys = default_hotkeys()
    store.beginGroup("hotkeys")
    for action_id in list(hotkeys):
        hotkeys[action_id] = str(store.value(action_id, hotkeys[action_id]))
    store.endGroup()
    return replace(settings, **values, hotkeys=hotkeys)


def _stored_format(store: QSettings) -> int:
    try:
        return int(store.value("format", 1))
    except (TypeError, ValueError):
        return 1


def save(settings: AppSettings, store: QSettings) -> None:
    store.setValue("format", FORMAT)
    for item in fields(AppSettings):
        if item.name != "hotkeys":
            store.setValue(item.name, getattr(settings, item.name))
    store.beginGroup("hotkeys")
    for action_id, hotkey in settings.hotkeys.items():
        store.setValue(action_id, hotkey)
    store.endGroup()
    store.sync()
