"""``vidimo models list`` and ``vidimo models download``: what is on disk, and fetching the rest."""
from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from vidimo.models import registry

log = logging.getLogger(__name__)


def _size(megabytes: float) -> str:
    return f"{megabytes / 1024:.1f} ГБ" if megabytes >= 1024 else f"{megabytes:.0f} МБ"


def print_list() -> int:
    """One line per model: name, present or not, size, purpose."""
    for model in registry.REGISTRY.values():
        folder = registry.locate(model)
        if folder is None:
            status, size = "нет", _size(model.size_mb)
        else:
            status, size = "есть", _size(registry.disk_size(folder) / 1024 / 1024)
        print(f"{model.name:18} {status:4} {size:>8}  {model.purpose}  [{model.licence}]")
    print(f"\nКэш моделей: {registry.hf_home()}")
    return 0


def download(names: Sequence[str]) -> int:
    """Fetch the named models (all missing ones when none is named); 1 if any failed."""
    unknown = [n for n in names if n not in registry.REGISTRY]
    if unknown:
        print(f"Нет такой модели: {', '.join(unknown)}. Список: vidimo models list", file=sys.stderr)
        return 2
    wanted = list(names) or [m.name for m in registry.REGISTRY.values() if registry.locate(m) is None]
    if not wanted:
        print("Все модели уже скачаны.")
        return 0
    failed = 0
    for name in wanted:
        model = registry.spec(name)
        print(f"Скачиваю «{model.title}» ({_size(model.size_mb)}) — {model.purpose}…", file=sys.stderr)
        try:
            folder = registry.download(name)
        except Exception as error:  # noqa: BLE001 - network, disk and hub errors all end the same way
            log.info("download of %s failed: %r", name, error)
            print(f"Не удалось скачать «{model.title}»: нет соединения с сервером или нет места на диске.",
                  file=sys.stderr)
            failed += 1
            continue
        print(f"Готово: {name} → {folder}")
    return 1 if failed else 0
