"""Any file a user hands us is described or rejected with a clear Russian message."""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vidimo.errors import BadImageError
from vidimo.imageio import decode_image, load_image


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG file whose header declares a huge picture."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "пуст"),
        (b"Hello, this is a text file, not a picture.\n" * 10, "не изображение"),
        (_bomb_png(30000, 30000), "слишком большое"),
    ],
)
def test_unusable_files_are_rejected_in_russian(tmp_path: Path, content: bytes, phrase: str):
    path = tmp_path / "input.png"
    path.write_bytes(content)
    with pytest.raises(BadImageError) as error:
        load_image(path)
    assert phrase in str(error.value)


def test_truncated_png_is_reported_as_damaged(tmp_path: Path):
    data = _png_bytes(Image.effect_noise((400, 300), 60).convert("RGB"))
    path = tmp_path / "cut.png"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(BadImageError, match="повреждено"):
        load_image(path)


def test_missing_file_and_folder(tmp_path: Path):
    with pytest.raises(BadImageError, match="не найден"):
        load_image(tmp_path / "нет такого.png")
    with pytest.raises(BadImageError, match="папка"):
        load_image(tmp_path)


def test_cmyk_jpeg_becomes_rgb(tmp_path: Path):
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (64, 48), (0, 255, 255, 0)).save(path, "JPEG")
    image = load_image(path)
    assert image.mode == "RGB" and image.size == (64, 48)
    red, green, blue = image.getpixel((32, 24))
    assert red > 200 and green < 60 and blue < 60


def test_16_bit_png_keeps_its_brightness(tmp_path: Path):
    path = tmp_path / "deep.png"
    ramp = np.tile(np.linspace(0, 65535, 256, dtype=np.uint16), (32, 1))
    Image.fromarray(ramp).save(path)
    image = load_image(path)
    row = np.asarray(image)[0, :, 0]
    assert image.mode == "RGB"
    assert row[0] < 5 and row[-1] > 250 and row[128] in range(110, 146)


def test_animated_gif_gives_its_first_frame(tmp_path: Path):
    path = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("white", "black", "red")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    image = load_image(path)
    assert image.getpixel((20, 15)) == (255, 255, 255)


def test_transparency_is_shown_over_white(tmp_path: Path):
    path = tmp_path / "alpha.png"
    rgba = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    rgba.putpixel((0, 0), (0, 0, 255, 255))
    rgba.save(path)
    image = load_image(path)
    assert image.getpixel((10, 10)) == (255, 255, 255)
    assert image.getpixel((0, 0)) == (0, 0, 255)


def test_paths_with_spaces_and_cyrillic(tmp_path: Path):
    folder = tmp_path / "Мои снимки экрана"
    folder.mkdir()
    path = folder / "снимок 1.png"
    Image.new("RGB", (10, 10), "white").save(path)
    assert load_image(path).size == (10, 10)


def test_clipboard_bytes_decode_like_files():
    assert decode_image(_png_bytes(Image.new("L", (5, 7), 128))).size == (5, 7)
    with pytest.raises(BadImageError):
        decode_image(b"")
