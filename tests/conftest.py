"""Shared fixtures: rendered screens, public-domain photos, an isolated model cache, tiny models.

Tests never touch the network: the Hugging Face cache is a fresh temporary folder
in offline mode, and ultralytics runs with ``YOLO_OFFLINE=1``.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

os.environ.setdefault("YOLO_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_BOLD if bold else FONT, size)


def render_lines(
    lines: list[tuple[int, int, str]],
    size: tuple[int, int] = (1280, 720),
    *,
    dark: bool = False,
    text_size: int = 18,
) -> Image.Image:
    """A screen with ``(x, y, text)`` lines, dark-on-light or light-on-dark."""
    background, ink = ((32, 33, 36), (232, 234, 237)) if dark else ((255, 255, 255), (20, 20, 20))
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    for x, y, text in lines:
        draw.text((x, y), text, font=font(text_size), fill=ink)
    return image


@pytest.fixture(autouse=True)
def isolated_models(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty model cache and no model overrides."""
    home = tmp_path_factory.mktemp("hf_home")
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for name in list(os.environ):
        if name.startswith("VIDIMO_MODEL_") or name == "VIDIMO_SPEECH_LOG":
            monkeypatch.delenv(name)
    return home


@pytest.fixture(scope="session")
def photo_woman() -> Path:
    """Astronaut Eileen Collins, NASA (public domain), as shipped by scikit-image."""
    import skimage

    return Path(skimage.__file__).parent / "data" / "astronaut.png"


@pytest.fixture(scope="session")
def photo_grace_hopper() -> Path:
    """Rear Admiral Grace Hopper, US Navy (public domain), as shipped by matplotlib."""
    import matplotlib

    return Path(matplotlib.__file__).parent / "mpl-data" / "sample_data" / "grace_hopper.jpg"


@pytest.fixture(scope="session")
def settings_screen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1920×1080 settings-like screen: a title, a left column, a dark panel on the right."""
    image = Image.new("RGB", (1920, 1080), "white")
    draw = ImageDraw.Draw(image)
    draw.text((100, 60), "Настройки почты", font=font(30, bold=True), fill="black")
    left = ["Имя пользователя: Иван Петров", "Сервер: mail.example.com", "Порт 993, шифрование SSL",
            "Проверять почту каждые 5 минут"]
    for i, line in enumerate(left):
        draw.text((100, 140 + i * 34), line, font=font(18), fill="black")
    draw.rectangle((1100, 100, 1800, 500), fill=(30, 30, 34))
    right = ["Тёмная тема включена", "Version 2.4.1 build 77"]
    for i, line in enumerate(right):
        draw.text((1140, 140 + i * 34), line, font=font(18), fill=(235, 235, 235))
    path = tmp_path_factory.mktemp("screens") / "settings screen.png"
    image.save(path)
    return path


@pytest.fixture(scope="session")
def tiny_yolo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised YOLO11n (real architecture, 80 COCO classes) saved as a checkpoint."""
    os.environ["YOLO_OFFLINE"] = "1"
    from ultralytics import YOLO

    folder = tmp_path_factory.mktemp("yolo")
    model = YOLO("yolo11n.yaml")
    model.save(str(folder / "yolo11n.pt"))
    return folder


@pytest.fixture(scope="session")
def tiny_florence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Florence-2 trained to give one known caption per task prompt."""
    from tiny_models import build_florence

    return build_florence(tmp_path_factory.mktemp("florence"))


@pytest.fixture(scope="session")
def untrained_florence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same architecture with random weights: it rambles with low confidence."""
    from tiny_models import build_florence

    return build_florence(tmp_path_factory.mktemp("florence-random"), train_steps=0, seed=3)


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny MarianMT en→ru trained on the tiny captions (it says «пуговицей» for «button»)."""
    from tiny_models import build_marian

    return build_marian(tmp_path_factory.mktemp("marian"))
