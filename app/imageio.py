"""Opening any image a user might hand us, safely, as an 8-bit RGB picture.

Handles CMYK, 16-bit, palette and transparent images, animated GIFs (first frame)
and EXIF rotation; rejects empty, broken, non-image and oversized files with a
Russian message (:class:`BadImageError`) instead of a traceback or a hang.
"""
from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from vidimo.errors import BadImageError

log = logging.getLogger(__name__)

#: Largest picture we agree to decode (pixels). 80 MP covers two 8K screens side by side.
MAX_PIXELS = 80_000_000
#: Largest file we read (bytes).
MAX_FILE_BYTES = 200 * 1024 * 1024


def load_image(path: str | Path) -> Image.Image:
    """Read ``path`` and return an RGB image; :class:`BadImageError` for anything unusable."""
    path = Path(path)
    if not path.exists():
        raise BadImageError(f"Файл не найден: {path}")
    if path.is_dir():
        raise BadImageError(f"Это папка, а не изображение: {path}")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise BadImageError(f"Не удалось прочитать файл {path.name}: {error.strerror or error}") from error
    if size == 0:
        raise BadImageError(f"Файл пуст: {path.name}")
    if size > MAX_FILE_BYTES:
        raise BadImageError(f"Файл слишком большой ({size // (1024 * 1024)} МБ): {path.name}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadImageError(f"Не удалось прочитать файл {path.name}: {error.strerror or error}") from error
    return decode_image(data, name=path.name)


def decode_image(data: bytes, name: str = "изображение") -> Image.Image:
    """Decode image bytes (a file, the clipboard, a drop) into RGB; see :func:`load_image`.

    The size is read from the header and checked before anything is decoded, so a
    20000 × 20000 picture costs no memory: it is refused with a Russian message."""
    if not data:
        raise BadImageError(f"Файл пуст: {name}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise BadImageError(too_big(name, width, height))
            image.seek(0)
            image.load()
    except BadImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImageError(f"Изображение слишком большое, чтобы его открыть безопасно: {name}") from None
    except UnidentifiedImageError:
        raise BadImageError(f"Это не изображение или его формат не поддерживается: {name}") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        log.info("cannot decode %s: %s", name, error)
        raise BadImageError(f"Изображение повреждено или обрезано, его не удалось прочитать: {name}") from None
    if image.width == 0 or image.height == 0:
        raise BadImageError(f"Изображение пустое (ноль пикселей): {name}")
    try:
        return to_rgb(ImageOps.exif_transpose(image))
    except (OSError, ValueError) as error:
        log.info("cannot convert %s: %s", name, error)
        raise BadImageError(f"Не удалось преобразовать изображение: {name}") from None


def too_big(name: str, width: int, height: int) -> str:
    """The Russian message for a picture over :data:`MAX_PIXELS`."""
    return (f"Изображение слишком большое: {width} × {height} точек. "
            f"Можно не больше {MAX_PIXELS // 1_000_000} мегапикселей: {name}")


def to_rgb(image: Image.Image) -> Image.Image:
    """8-bit RGB; transparency is composed over white (how viewers show it)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        pixels = np.asarray(image, dtype=np.float64)
        peak = 65535.0 if image.mode.startswith("I;16") or pixels.max() > 255 else 255.0
        image = Image.fromarray(np.clip(pixels * (255.0 / peak), 0, 255).astype(np.uint8), "L")
    elif image.mode == "F":
        pixels = np.asarray(image, dtype=np.float64)
        span = float(pixels.max() - pixels.min()) or 1.0
        image = Image.fromarray(((pixels - pixels.min()) * (255.0 / span)).astype(np.uint8), "L")
    if image.mode in ("P", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(canvas, rgba).convert("RGB")
    if image.mode != "RGB":
        return image.convert("RGB")
    return image.copy()


#: Seconds to wait for an image URL that was dropped onto the app.
FETCH_TIMEOUT = 10


def fetch_image(url: str) -> Image.Image:
    """Download an image URL (dragged from a browser) and decode it; Russian errors."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 - http(s) only
            data = response.read(MAX_FILE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError):
        raise BadImageError(f"Не удалось загрузить изображение по ссылке: {url}") from None
    if len(data) > MAX_FILE_BYTES:
        raise BadImageError(f"Изображение по ссылке слишком большое: {url}")
    return decode_image(data, name=url.rsplit("/", 1)[-1] or url)
