"""``vidimo models list`` and ``vidimo models download``: what is on disk, fetching the rest, and
saying in Russian why a download failed (also for the settings window's download button)."""
from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from vidimo.models import registry
from vidimo.models.download import reason_for
from vidimo.models.errors import DownloadError

log = logging.getLogger(__name__)

#: Why a download failed, said after «Не удалось скачать «…»: ».
_PROBLEMS = {
    "offline": "загрузка моделей отключена (переменная HF_HUB_OFFLINE), а на диске модели нет",
    "no_connection": "нет соединения с сервером. Проверьте подключение к интернету и повторите",
    "refused": "сервер отказал в доступе к файлу",
    "not_found": "сервер не нашёл файл модели",
    "server": "сервер ответил ошибкой. Повторите позже",
    "interrupted": ("соединение прервалось. Повторите загрузку: она продолжится с того места, "
                    "где остановилась"),
    "checksum": ("файл пришёл повреждённым: не совпала контрольная сумма. Повреждённый файл удалён, "
                 "повторите загрузку"),
    "disk_full": "на диске не хватает места",
    "permission": "нет прав на запись в папку моделей",
    "unknown": "непредвиденная ошибка, подробности в журнале",
}


def _size(megabytes: float) -> str:
    return f"{megabytes / 1024:.1f} ГБ" if megabytes >= 1024 else f"{megabytes:.0f} МБ"


def _free_space(folder: str | None) -> str:
    """«Свободно N МБ в ПАПКА» for the nearest existing folder, or ``""``."""
    path = Path(folder) if folder else registry.hf_home()
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        free = shutil.disk_usage(path).free
    except OSError:
        return ""
    return f" Свободно {_size(free / 1024 / 1024)} в {path}"


def download_problem(title: str, error: BaseException) -> str:
    """The Russian sentence for a failed download of the model titled ``title``, by its cause:
    no connection, the server refusing or not finding it, a bad checksum, a full disk, no
    permission, a broken connection (which the next try resumes)."""
    reason = error.reason if isinstance(error, DownloadError) else reason_for(error)
    sentence = f"Не удалось скачать «{title}»: {_PROBLEMS.get(reason, _PROBLEMS['unknown'])}."
    if reason in ("disk_full", "permission"):
        folder = error.folder if isinstance(error, DownloadError) else None
        where = folder or str(registry.hf_home())
        if reason == "disk_full":
            sentence += f" Нужно около {_size(_model_size(title))}.{_free_space(where)}."
        else:
            sentence += f" Папка: {where}. Другую папку можно задать переменной HF_HOME."
    return sentence


def _model_size(title: str) -> int:
    return next((m.size_mb for m in registry.REGISTRY.values() if m.title == title), 0)


def print_list() -> int:
    """One line per model: name, state (есть / нет / повреждена), size, purpose."""
    for model in registry.REGISTRY.values():
        state = registry.check(model)
        if state.folder is None:
            status, size = "нет", _size(model.size_mb)
        elif state.problem:
            status, size = "повреждена", _size(model.size_mb)
        else:
            files = state.folder / model.filename if model.filename else state.folder
            status, size = "есть", _size(registry.disk_size(files) / 1024 / 1024)
        print(f"{model.name:18} {status:10} {size:>8}  {model.purpose}  [{model.licence}]")
    print(f"\nКэш моделей: {registry.hf_home()}")
    if any(registry.check(m).problem for m in registry.REGISTRY.values()):
        print("Повреждённую модель скачивает заново: vidimo models download ИМЯ")
    return 0


def download(names: Sequence[str], *, force: bool = False) -> int:
    """Fetch the named models (all missing or damaged ones when none is named); 1 if any failed.

    A named model that is whole is not fetched again unless ``force``; a damaged one always is.
    """
    unknown = [n for n in names if n not in registry.REGISTRY]
    if unknown:
        print(f"Нет такой модели: {', '.join(unknown)}. Список: vidimo models list", file=sys.stderr)
        return 2
    wanted = list(names) or [m.name for m in registry.REGISTRY.values() if not registry.check(m).present]
    if not wanted:
        print("Все модели уже скачаны.")
        return 0
    failed = 0
    for name in wanted:
        model = registry.spec(name)
        state = registry.check(model, thorough=True)
        if state.present and not force:
            print(f"Уже скачана и цела: {name} → {state.folder}")
            continue
        verb = "Скачиваю заново" if state.folder is not None else "Скачиваю"
        print(f"{verb} «{model.title}» ({_size(model.size_mb)}) — {model.purpose}…", file=sys.stderr)
        try:
            folder = registry.download(name, force=force, state=state)
        except Exception as error:  # noqa: BLE001 - every failure is told by its cause
            log.info("download of %s failed: %r", name, error)
            print(download_problem(model.title, error), file=sys.stderr)
            failed += 1
            continue
        print(f"Готово: {name} → {folder}")
    return 1 if failed else 0
