"""Russian messages about problems: missing models, missing programs, failed stages."""
from __future__ import annotations

from vidimo.models import registry
from vidimo.models.errors import EngineUnavailableError, ModelCorruptError, ModelMissingError

def model_missing(error: ModelMissingError) -> str:
    """«Не скачана модель «…» (что она делает). Скачать: vidimo models download NAME.»
    A model whose files are damaged or incomplete is told as such (:func:`model_corrupt`)."""
    if isinstance(error, ModelCorruptError):
        return model_corrupt(error)
    if error.name == "ui-detector":
        return "Не найден детектор элементов интерфейса, который входит в Видимо. Переустановите программу."
    purpose = registry.spec(error.name).purpose if error.name in registry.REGISTRY else ""
    detail = f" ({purpose})" if purpose else ""
    return (f"Не скачана модель «{error.title}»{detail}. "
            f"Скачать её можно командой: vidimo models download {error.name}.")


def model_corrupt(error: ModelCorruptError) -> str:
    """«Модель «…» скачана не полностью или повреждена. Скачать заново: vidimo models download NAME.»"""
    if error.name == "ui-detector":
        return ("Детектор элементов интерфейса, который входит в Видимо, повреждён или не подходит к этой "
                "версии программы. Переустановите программу.")
    purpose = registry.spec(error.name).purpose if error.name in registry.REGISTRY else ""
    detail = f" ({purpose})" if purpose else ""
    return (f"Модель «{error.title}»{detail} скачана не полностью или повреждена. "
            f"Скачать её заново можно командой: vidimo models download {error.name}.")


#: What the stage that moved to the processor does, for :func:`gpu_fallback`.
_STAGE_SUBJECTS = {
    "text": "Распознавание текста",
    "people": "Поиск людей",
    "ui": "Поиск элементов интерфейса",
    "caption": "Описание сцены",
}


def gpu_fallback(stage: str, problem: str) -> str:
    """Said once when a stage leaves the video card for the processor (``problem``: ``memory``
    or ``driver``, from :func:`vidimo.models.device.gpu_problem`)."""
    cause = "не хватило памяти видеокарты" if problem == "memory" else "видеокарта или её драйвер недоступны"
    subject = _STAGE_SUBJECTS.get(stage, f"Этап «{stage}»")
    return f"{subject} до конца работы идёт на процессоре: {cause}. Это медленнее, но описание будет."


def engine_missing(error: EngineUnavailableError) -> str:
    return f"Не установлена программа {error.engine}. Установить: {error.hint}."


def stage_failed(name: str) -> str:
    """«Не удалось распознать текст: …» for a stage or step declared in :mod:`vidimo.stages`."""
    from vidimo import stages

    return f"Не удалось {stages.failure(name)}: внутренняя ошибка, подробности в журнале."


def reduced(stage: str, error: ModelMissingError) -> str:
    """A stage ran without one of its models."""
    if stage == "people":
        return f"Людей без видимого лица не считаю. {model_missing(error)}"
    if stage == "caption" and error.name == "opus-mt-en-ru":
        return f"Описание сцены звучит по-английски: нет переводчика. {model_missing(error)}"
    if stage == "text" and error.name == "easyocr-cyrillic":
        return f"Русский текст сейчас не распознаётся, только английский. {model_missing(error)}"
    return model_missing(error)


def download_offer(missing: list[ModelMissingError]) -> str:
    """What downloading the missing models would add, said once (not in every description)."""
    parts = []
    for error in missing:
        model = registry.REGISTRY.get(error.name)
        parts.append(f"«{error.title}» — {model.purpose}, {model.size_mb} МБ" if model else f"«{error.title}»")
    return ("Можно скачать модели: " + "; ".join(parts) + ". Это делается в настройках, в разделе «Модели», "
            "или командой vidimo models download.")
