"""``vidimo doctor``: every part told in a Russian line, each broken part named, the exit code, --say."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vidimo import doctor
from vidimo.doctor import BROKEN, OK, STATE_WORDS, WARNING

#: A sound card that accepts audio and plays it nowhere at once (ALSA's null device).
NULL_SOUND = "pcm.!default { type null }\n"
#: A sound card that is not there.
NO_SOUND = "pcm.!default { type hw card 42 }\n"
TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")


def _home(tmp_path: Path, asoundrc: str) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / ".asoundrc").write_text(asoundrc, encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "VIDIMO_SPEECH_LOG": str(tmp_path / "speech.log")}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "DBUS_SESSION_BUS_ADDRESS"):
        env.pop(name, None)
    return env


def test_every_check_is_told_in_a_russian_line_and_read_aloud(tmp_path: Path):
    env = _home(tmp_path, NULL_SOUND)
    result = subprocess.run([sys.executable, "-m", "vidimo", "doctor", "--say"], env=env, capture_output=True,
                            text=True, timeout=600)
    lines = result.stdout.splitlines()
    assert lines[0] == "Проверка Видимо." and lines[-1].startswith("Итог:"), result.stdout
    for line in lines[1:-1]:
        assert line.split(". ", 1)[0] in STATE_WORDS.values(), line
    told = "\n".join(lines)
    from vidimo.models import registry

    for part in ["Сеанс", "Звук", "Голос RHVoice «Анна (женский голос)»", "Голос eSpeak NG «русский»",
                 "Tesseract", "Данные Tesseract для русского языка (rus)", "Данные Tesseract для английского языка (eng)",
                 "Детектор элементов интерфейса", "Модели лиц, пола и возраста", "Процессор", "Видеокарта",
                 "Системный лоток", "Сочетания клавиш", "Специальные возможности", "Хранилище паролей",
                 *(f"Модель «{model.title}»" for model in registry.REGISTRY.values())]:
        assert f". {part}: " in told, part
    assert "В порядке. Звук: устройство вывода" in told
    assert "Сведения. Модель «YOLO11n COCO»: не скачана (поиск людей в кадре, в том числе без видимого лица, " \
           "6 МБ). Что сделать: vidimo models download yolo-coco" in told
    assert "В порядке. Детектор элементов интерфейса: цел и загружается." in told
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[-1].startswith("Итог: ошибок нет")
    said = (tmp_path / "speech.log").read_text(encoding="utf-8").splitlines()
    assert said[0] == "Проверка Видимо." and said[-1] == lines[-1]
    assert any(line.startswith("В порядке: Звук") for line in said), said
    assert "Внимание. Сеанс: графического сеанса нет" in "\n".join(said)


def test_no_sound_device_is_named_and_breaks_the_check(tmp_path: Path):
    """sounddevice reads the ALSA configuration once, when it is imported: a fresh process."""
    probe = ("from vidimo.doctor_checks import check_sound\n"
             "for finding in check_sound(): print(finding.state, finding.line)\n")
    broken = subprocess.run([sys.executable, "-c", probe], env=_home(tmp_path, NO_SOUND), capture_output=True,
                            text=True, timeout=120)
    assert broken.stdout.startswith(f"{BROKEN} Ошибка. Звук: нет работающего устройства вывода звука"), broken
    assert "программу экранного доступа" in broken.stdout
    working = subprocess.run([sys.executable, "-c", probe], env=_home(tmp_path, NULL_SOUND), capture_output=True,
                             text=True, timeout=120)
    assert working.stdout.startswith(f"{OK} В порядке. Звук: устройство вывода"), working


def test_missing_russian_language_data_is_named_with_the_package(tmp_path: Path, monkeypatch):
    from vidimo.doctor_checks import check_tesseract

    only_english = tmp_path / "tessdata"
    only_english.mkdir()
    (only_english / "eng.traineddata").symlink_to(TESSDATA / "eng.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(only_english))
    findings = {f.part: f for f in check_tesseract()}
    russian = findings["Данные Tesseract для русского языка (rus)"]
    assert russian.state == BROKEN and russian.fix == "sudo apt install tesseract-ocr-rus"
    assert russian.line == ("Ошибка. Данные Tesseract для русского языка (rus): нет: русский текст не будет "
                            "прочитан. Что сделать: sudo apt install tesseract-ocr-rus")
    assert findings["Данные Tesseract для английского языка (eng)"].state == OK
    assert doctor.exit_code(list(findings.values())) == 1
    assert "Данные Tesseract для русского языка (rus)" in doctor.summary(list(findings.values()))
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract program at all
    [missing] = check_tesseract()
    assert missing.state == BROKEN and missing.part == "Tesseract" and "tesseract-ocr-rus" in missing.fix


def test_a_corrupted_model_is_named_with_the_command_that_fetches_it_again(isolated_models: Path):
    from vidimo.doctor_models import check_models
    from vidimo.models import registry

    weights = isolated_models / "vidimo" / "yolo-coco" / "yolo11n.pt"
    weights.parent.mkdir(parents=True)
    weights.write_bytes(b"PK\x03\x04" + bytes(registry.spec("yolo-coco").size - 4))
    findings = {f.part: f for f in check_models(load=False)}
    damaged = findings["Модель «YOLO11n COCO»"]
    assert damaged.state == BROKEN and "повреждена" in damaged.text
    assert damaged.fix == "vidimo models download yolo-coco"
    assert findings["Модель «Florence-2 base»"].state == "note", "a model never downloaded is not an error"
    assert doctor.exit_code(list(findings.values())) == 1


def test_a_damaged_interface_detector_is_named(tmp_path: Path, monkeypatch):
    from vidimo.doctor_models import check_ui_detector

    (tmp_path / "ui_detector.pt").write_bytes(b"PK\x03\x04 not a checkpoint")
    monkeypatch.setenv("VIDIMO_MODEL_UI_DETECTOR", str(tmp_path))
    finding = check_ui_detector(load=True)
    assert finding.state == BROKEN and finding.part == "Детектор элементов интерфейса"
    assert finding.fix == "Переустановите Видимо."


def test_a_wayland_session_is_named_with_the_commands_to_bind(monkeypatch):
    from vidimo.doctor_checks import check_hotkeys, check_session

    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    [session] = check_session()
    assert session.state == WARNING and session.line.startswith("Внимание. Сеанс: Wayland")
    [hotkeys] = check_hotkeys()
    assert hotkeys.state == WARNING and "vidimo describe --screen" in hotkeys.text
    assert doctor.exit_code([session, hotkeys]) == 0, "Wayland is a warning: Vidimo works there"


def test_no_voice_at_all_is_broken(monkeypatch):
    from vidimo.doctor_checks import check_voices

    monkeypatch.setattr("vidimo.speech.rhvoice.RHVoiceEngine.available", lambda self: False)
    monkeypatch.setattr("vidimo.speech.espeak.EspeakEngine._program", staticmethod(lambda: None))
    findings = check_voices()
    assert [f.part for f in findings if f.state == BROKEN] == ["Речь"]
    assert "sudo apt install" in next(f for f in findings if f.part == "Голоса RHVoice").fix


@pytest.mark.skipif(not shutil.which("Xvfb"), reason="needs Xvfb (make test installs it)")
def test_a_session_without_a_tray_is_named_and_a_tray_is_found(tmp_path: Path, monkeypatch):
    from vidimo.doctor_checks import check_hotkeys, check_session, check_tray

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    tray = None
    try:
        monkeypatch.setenv("DISPLAY", f":{xvfb.stdout.readline().strip()}")
        assert check_session()[0].state == OK
        assert check_hotkeys()[0].state == OK
        [none] = check_tray()
        assert none.state == WARNING and "окно" in none.text
        if shutil.which("trayer"):
            tray = subprocess.Popen(["trayer"], stderr=subprocess.DEVNULL)
            import time

            deadline = time.monotonic() + 20
            while check_tray()[0].state != OK and time.monotonic() < deadline:
                time.sleep(0.2)
            assert check_tray()[0].state == OK
    finally:
        for process in (tray, xvfb):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)
