"""Russian messages about problems: missing models, missing programs, failed stages."""
from __future__ import annotations

from vidimo.models import registry
from vidimo.models.errors import EngineUnavailableError, ModelMissingError

#: What each analyzer does, for messages: «Не удалось {what}».
STAGE_NAMES = {
    "text": "распознать текст",
    "people": "найти людей",
    "ui": "найти элементы интерфейса",
    "caption": "описать сцену",
}


def model_missing(error: ModelMissingError) -> str:
    """«Не скачана модель «…» (что она делает). Скачать: vidimo models download NAME.»"""
    if error.name == "ui-detector":
        return "Не найден детектор элементов интерфейса, который входит в Видимо. Переустановите программу."
    purpose = registry.spec(error.name).purpose if error.name in registry.REGISTRY else ""
    detail = f" ({purpose})" if purpose else ""
    return (f"Не скачана модель «{error.title}»{detail}. "
            f"Скачать её можно командой: vidimo models download {error.name}.")


def engine_missing(error: EngineUnavailableError) -> str:
    return f"Не установлена программа {error.engine}. Установить: {error.hint}."


def stage_failed(stage: str) -> str:
    return f"Не удалось {STAGE_NAMES.get(stage, stage)}: внутренняя ошибка, подробности в журнале."


def reduced(stage: str, error: ModelMissingError) -> str:
    """A stage ran without one of its models."""
    if stage == "people":
        return f"Людей без видимого лица не считаю. {model_missing(error)}"
    if stage == "caption" and error.name == "opus-mt-en-ru":
        return f"Описание сцены звучит по-английски: нет переводчика. {model_missing(error)}"
    if stage == "text" and error.name == "easyocr-cyrillic":
        return f"Русский текст сейчас не распознаётся, только английский. {model_missing(error)}"
    return model_missing(error)
