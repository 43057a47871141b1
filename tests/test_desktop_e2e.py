"""End to end under Xvfb: the app starts in the tray, a hotkey describes the screen aloud,
and a second hotkey mid-speech cuts the first description short.

A tray host (trayer) runs on the virtual screen; an ALSA ``file`` device, paced to real
time by ``pv``, stands in for the sound card and records what was played;
``VIDIMO_SPEECH_LOG`` records what was said.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_session import wait_for

TESTS = Path(__file__).resolve().parent
NEEDED = ("Xvfb", "xdotool", "trayer", "pv")
pytestmark = pytest.mark.skipif(not all(shutil.which(p) for p in NEEDED),
                                reason="needs Xvfb, xdotool, trayer and pv (make test installs them)")


def settled_size(path: Path, quiet: float = 2.0, timeout: float = 120) -> int:
    """File size once it has stopped growing for ``quiet`` seconds (playback finished)."""
    deadline = time.monotonic() + timeout
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else 0
        if size != last:
            last, since = size, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return size
        time.sleep(0.1)
    raise AssertionError("audio never stopped")


@pytest.fixture()
def desktop(tmp_path: Path):
    """A virtual screen with a tray host; yields the environment for programs on it."""
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    display = f":{xvfb.stdout.readline().strip()}"
    env = {**os.environ, "DISPLAY": display, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / ".config"),
           "VIDIMO_SPEECH_LOG": str(tmp_path / "speech.log"), "VIDIMO_INSTANCE": f"vidimo-e2e-{os.getpid()}",
           "HF_HUB_OFFLINE": "1", "YOLO_OFFLINE": "1"}
    env.pop("QT_QPA_PLATFORM", None)
    (tmp_path / ".asoundrc").write_text(
        # Every stream is appended to played.raw through pv, which paces it like a real sound card.
        'pcm.!default { type file slave.pcm "null" file "|pv -qL 96000 -B 4096 >>%s" format "raw" }\n'
        % (tmp_path / "played.raw"))
    config = tmp_path / ".config" / "Vidimo"
    config.mkdir(parents=True)
    (config / "Vidimo.conf").write_text(
        "[General]\nstage_caption=false\nstage_people=false\nvoice_engine=rhvoice\n", encoding="utf-8")
    tray = subprocess.Popen(["trayer"], env=env, stderr=subprocess.DEVNULL)
    processes = [xvfb, tray]
    yield env, tmp_path, processes
    for process in reversed(processes):
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_hotkey_describes_the_screen_and_a_second_press_interrupts(desktop):
    env, home, processes = desktop
    log, audio = home / "speech.log", home / "played.raw"
    lines = lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []  # noqa: E731
    app = subprocess.Popen([sys.executable, "-m", "vidimo"], env=env, stdout=subprocess.DEVNULL,
                           stderr=open(home / "app.err", "w"))
    processes.append(app)
    wait_for(lambda: len(lines()) >= 1, 60, "the greeting")
    assert lines()[0] == "Видимо запущено. Описать экран: Control Alt Shift D."
    greeting_bytes = settled_size(audio)
    assert greeting_bytes > 0, "the greeting reached the sound device"

    from vidimo.speech.rhvoice import RHVoiceEngine

    voice = RHVoiceEngine()
    bytes_per_second = greeting_bytes / voice.synthesize(lines()[0]).duration

    processes.append(subprocess.Popen([sys.executable, str(TESTS / "e2e_window.py")], env=env))
    wait_for(lambda: subprocess.run(["xdotool", "search", "--name", "Тестовое окно"], env=env,
                                    capture_output=True).returncode == 0, 30, "the test window")
    time.sleep(1)
    subprocess.run(["xdotool", "key", "ctrl+alt+shift+d"], env=env, check=True)
    wait_for(lambda: len(lines()) >= 2, 90, "the first description")
    first = lines()[1]
    assert "«Строка номер 1: проверка чтения экрана». «Строка номер 2: проверка чтения экрана»." in first
    # A listener gets about 25 s of text in «normal»; the rest is counted, not read.
    assert "«Строка номер 8: проверка чтения экрана», и ещё шесть строк." in first
    full_seconds = voice.synthesize(first).duration
    voice.close()
    wait_for(lambda: audio.stat().st_size > greeting_bytes + 1.5 * bytes_per_second, 60, "speech to start")
    subprocess.run(["xdotool", "key", "ctrl+alt+shift+d"], env=env, check=True)
    wait_for(lambda: len(lines()) >= 3, 90, "the second description")
    assert lines()[2] == first
    spoken_seconds = (settled_size(audio) - greeting_bytes) / bytes_per_second
    # Uninterrupted, both descriptions would play in full (2 × full_seconds).
    assert full_seconds > 8
    assert spoken_seconds < 1.5 * full_seconds, (spoken_seconds, full_seconds)
    assert spoken_seconds > full_seconds, "the second description was played in full"
    assert app.poll() is None, "the app is still running"

    # A later `vidimo describe PATH` hands its request to the running app, which speaks it.
    from PIL import Image, ImageDraw, ImageFont

    sign = home / "вывеска.png"
    image = Image.new("RGB", (420, 200), "white")
    ImageDraw.Draw(image).text((60, 60), "Выход", fill="black",
                               font=ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 48))
    image.save(sign)
    handed = subprocess.run([sys.executable, "-m", "vidimo", "describe", str(sign)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert handed.returncode == 0 and "передан" in handed.stderr
    wait_for(lambda: len(lines()) >= 4, 60, "the handed-over description")
    assert lines()[3] == "Текст: «Выход»."


def test_describe_screen_works_without_the_app(desktop):
    env, home, processes = desktop
    processes.append(subprocess.Popen([sys.executable, str(TESTS / "e2e_window.py")], env=env))
    wait_for(lambda: subprocess.run(["xdotool", "search", "--name", "Тестовое окно"], env=env,
                                    capture_output=True).returncode == 0, 30, "the test window")
    time.sleep(1)
    result = subprocess.run([sys.executable, "-m", "vidimo", "describe", "--screen", "--json", "--no-caption",
                             "--no-people"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    import json

    texts = " | ".join(t["text"] for t in json.loads(result.stdout)["texts"])
    assert texts.startswith("Строка номер 1: проверка чтения экрана | Строка номер 2")
    assert "Строка номер 14" in texts
