"""The ``vidimo`` command as a new user runs it: describe, speak, JSON, exit codes, models, bench."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import render_lines

#: Guard against hangs only; speed targets live in ``vidimo bench``.
HANG_GUARD_S = 120


def vidimo(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "vidimo", *args], capture_output=True, text=True,
                          timeout=HANG_GUARD_S, env=full_env, cwd=cwd)


@pytest.fixture()
def exit_sign(tmp_path: Path) -> Path:
    path = tmp_path / "вывеска выход.png"
    render_lines([(120, 80, "Выход")], size=(480, 240), text_size=40).save(path)
    return path


def test_describe_prints_russian_narration(exit_sign: Path):
    result = vidimo("describe", str(exit_sign))
    assert result.returncode == 0, result.stderr
    assert "Текст: «Выход»." in result.stdout
    assert "Traceback" not in result.stderr


def test_a_dialog_is_read_as_a_window_unless_the_interface_stage_is_off():
    dialog = str(Path(__file__).parent / "data" / "real_screens" / "gtk_question.png")
    result = vidimo("describe", dialog, "--no-caption", "--no-people")
    assert result.returncode == 0, result.stderr
    assert "Вопрос: «Вы действительно хотите удалить файл?». Один значок. Кнопки: «Нет», «Да»." in result.stdout
    plain = vidimo("describe", dialog, "--no-caption", "--no-people", "--no-ui")
    assert plain.returncode == 0 and "Кнопки" not in plain.stdout and "«Нет»" in plain.stdout


def test_json_has_the_documented_shape(photo_woman: Path):
    result = vidimo("describe", str(photo_woman), "--json", "--detail", "full")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"narration", "detail", "image", "texts", "people", "ui_elements", "caption",
                         "timings_ms", "warnings"}
    assert data["detail"] == "full" and data["image"] == {"width": 512, "height": 512}
    [person] = data["people"]
    assert person["gender"] == "female" and isinstance(person["age"], int)
    assert len(person["box"]) == 4 and all(isinstance(v, int) for v in person["box"])
    assert 0 <= person["confidence"] <= 1
    assert data["caption"] is None
    for element in data["ui_elements"]:  # a photo: at most pictures, which are not read as a window
        assert set(element) >= {"type", "box", "label", "state", "confidence"} and element["type"] in ("icon", "image")
    assert set(data["timings_ms"]) >= {"ui", "people", "text", "narration"}
    assert data["narration"].startswith("На изображении женщина около")
    assert any("vidimo models download yolo-coco" in w for w in data["warnings"])
    for text in data["texts"]:
        assert set(text) >= {"text", "box", "confidence"}


def test_out_writes_a_wav_of_the_narration(exit_sign: Path, tmp_path: Path):
    import soundfile

    out = tmp_path / "описание.wav"
    result = vidimo("describe", str(exit_sign), "--out", str(out))
    assert result.returncode == 0, result.stderr
    data, rate = soundfile.read(out)
    assert 0.8 < len(data) / rate < 30


def test_say_plays_to_the_sound_device_and_logs_the_transcript(exit_sign: Path, tmp_path: Path):
    """An ALSA ``file`` device stands in for the sound card: it records what was played."""
    raw = tmp_path / "played.raw"
    (tmp_path / ".asoundrc").write_text(
        'pcm.!default { type file slave.pcm "null" file "%s" format "raw" }\n' % raw)
    log = tmp_path / "speech.log"
    result = vidimo("describe", str(exit_sign), "--say", "--no-people", "--no-caption",
                    env={"HOME": str(tmp_path), "VIDIMO_SPEECH_LOG": str(log)})
    assert result.returncode == 0, result.stderr
    assert log.read_text(encoding="utf-8").strip() == "Текст: «Выход»."
    assert raw.stat().st_size > 16000, "audio reached the device"


@pytest.mark.parametrize(
    ("content", "phrase"),
    [(b"", "пуст"), (b"%PDF-1.4 not an image", "не изображение")],
)
def test_bad_input_exits_2_with_a_russian_message(tmp_path: Path, content: bytes, phrase: str):
    path = tmp_path / "плохой файл.png"
    path.write_bytes(content)
    result = vidimo("describe", str(path))
    assert result.returncode == 2
    assert phrase in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_truncated_and_huge_images_exit_2(tmp_path: Path):
    from test_imageio import _bomb_png

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_bomb_png(30000, 30000))
    cut = tmp_path / "cut.png"
    Image.effect_noise((300, 300), 50).convert("RGB").save(cut)
    cut.write_bytes(cut.read_bytes()[:2000])
    for path in (bomb, cut):
        result = vidimo("describe", str(path))
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr


def test_missing_file_and_bad_option_exit_2(tmp_path: Path):
    assert vidimo("describe", str(tmp_path / "нет.png")).returncode == 2
    wrong = vidimo("describe", "x.png", "--detail", "max")
    assert wrong.returncode == 2 and "Ошибка в параметрах" in wrong.stderr


def test_required_model_missing_exits_3(exit_sign: Path, tmp_path: Path):
    result = vidimo("describe", str(exit_sign), "--ocr", "craft+tesseract",
                    env={"VIDIMO_MODEL_EASYOCR_CRAFT": str(tmp_path / "нет")})
    assert result.returncode == 3
    assert "vidimo models download easyocr-craft" in result.stderr


def test_models_list_and_offline_download(tmp_path: Path):
    listing = vidimo("models", "list")
    assert listing.returncode == 0
    rows = {line.split()[0]: line.split()[1] for line in listing.stdout.splitlines() if line[:1].isalpha()}
    assert rows["easyocr-english"] == "есть" and rows["florence-2-large"] == "нет"
    failed = vidimo("models", "download", "opus-mt-en-ru", env={"HF_HUB_OFFLINE": "1"})
    assert failed.returncode == 1 and "Не удалось скачать" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert vidimo("models", "download", "нет-такой").returncode == 2


def test_bench_prints_every_stage(settings_screen: Path):
    result = vidimo("bench", str(settings_screen), "--repeat", "1", "--json", "--no-caption")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert set(figures["median_ms"]) >= {"people", "text", "narration", "speech", "total", "first_audio"}
    assert figures["first_audio_ms"] > 0 and figures["total_ms"] > 0 and isinstance(figures["cpu_flags"], list)
    assert figures["engines"]["text"] == "tesseract" and figures["engines"]["speech"] in ("rhvoice", "espeak")
    assert figures["image"] == {"path": str(settings_screen), "width": 1920, "height": 1080}


def test_app_without_a_desktop_says_so():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "vidimo"], capture_output=True, text=True, env=env,
                            timeout=HANG_GUARD_S)
    assert result.returncode == 1 and "нет графического сеанса" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_captioner_chosen_by_name_but_not_downloaded_exits_3(exit_sign: Path):
    result = vidimo("describe", str(exit_sign), "--captioner", "florence-2-large")
    assert result.returncode == 3, result.stderr
    assert "vidimo models download florence-2-large" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_caption_bench_without_florence_says_what_to_download(tmp_path: Path):
    result = vidimo("bench", "--caption-only", "--device", "cpu")
    assert result.returncode == 3, result.stderr
    assert "vidimo models download florence-2-base" in result.stderr
    assert "--random-weights" in result.stderr
    assert "Traceback" not in result.stderr and "Внутренняя ошибка" not in result.stderr


def test_descriptions_say_what_is_there_and_missing_models_go_to_stderr(exit_sign: Path):
    """Without Florence-2 and the body detector, a description used to end with ~15 s of notices."""
    result = vidimo("describe", str(exit_sign))
    assert result.returncode == 0
    assert result.stdout.strip() == "Текст: «Выход»."
    assert "vidimo models download florence-2-base" in result.stderr
    assert "vidimo models download yolo-coco" in result.stderr


def test_a_plain_http_server_on_another_computer_is_refused(exit_sign: Path):
    result = vidimo("describe", str(exit_sign), "--llm-url", "http://example.org/v1", "--llm-model", "m",
                    "--compose")
    assert result.returncode == 2 and "https" in result.stderr and "Traceback" not in result.stderr
