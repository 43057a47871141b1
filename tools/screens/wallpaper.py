"""Wallpapers and photo-like pictures, made from a seed (no image files are stored or downloaded).

A wallpaper is a plain dark desktop, a two-colour gradient, or a generated «photo»: a sky with
hills, a sunset, a night sky with bright stars (the dots the interface detector must not take for
radio buttons), blurred lights. The same pictures fill the news cards of generated web pages.
"""
from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

KINDS = ("plain", "gradient", "hills", "sunset", "night", "bokeh")


def _gradient(width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> np.ndarray:
    t = np.linspace(0.0, 1.0, height)[:, None, None]
    rows = (1 - t) * np.array(top, float) + t * np.array(bottom, float)
    return np.repeat(rows, width, axis=1)


def photo(width: int, height: int, rng: random.Random, kind: str | None = None) -> Image.Image:
    """A photo-like picture of ``kind`` (one of KINDS but «plain»; random if not given)."""
    kind = kind or rng.choice(KINDS[2:])
    noise = np.random.default_rng(rng.randrange(2**32))
    if kind == "night":
        pixels = _gradient(width, height, (5, 8, 30), (25, 30, 60))
        for _ in range(int(width * height / 900)):
            x, y = noise.integers(0, width), noise.integers(0, height)
            pixels[y, x] = 200 + noise.integers(0, 55)
        image = Image.fromarray(pixels.clip(0, 255).astype(np.uint8))
        draw = ImageDraw.Draw(image)
        for _ in range(max(3, width * height // 40000)):
            x, y, r = rng.randrange(width), rng.randrange(height), rng.uniform(1.5, 3.5)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 240))
        return image
    if kind == "sunset":
        pixels = _gradient(width, height, (40, 30, 90), (250, 140, 60))
    elif kind == "bokeh":
        pixels = _gradient(width, height, tuple(rng.randrange(0, 80) for _ in range(3)),
                           tuple(rng.randrange(20, 120) for _ in range(3)))
    else:
        pixels = _gradient(width, height, (110, 160, 220), (200, 225, 245))
    image = Image.fromarray(pixels.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image, "RGBA")
    if kind == "bokeh":
        for _ in range(40):
            x, y, r = rng.randrange(width), rng.randrange(height), rng.uniform(0.02, 0.08) * width
            colour = tuple(rng.randrange(120, 256) for _ in range(3))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(*colour, rng.randrange(40, 120)))
        image = image.filter(ImageFilter.GaussianBlur(max(2, width // 200)))
    else:
        for layer in range(3):
            base = height * (0.55 + 0.13 * layer)
            points = [(0, height)]
            for x in range(0, width + 40, 40):
                points.append((x, base + rng.uniform(-0.12, 0.08) * height))
            points.append((width, height))
            shade = 40 + 35 * layer if kind == "hills" else 20 + 15 * layer
            colour = (shade // 2, shade, shade // 2) if kind == "hills" else (shade, shade // 2, shade)
            draw.polygon(points, fill=colour)
        image = image.filter(ImageFilter.GaussianBlur(1))
    grain = noise.normal(0, 6, (height, width, 1))
    return Image.fromarray((np.asarray(image, float) + grain).clip(0, 255).astype(np.uint8))


def wallpaper(width: int, height: int, rng: random.Random, kind: str) -> Image.Image:
    """The desktop background: ``plain`` (dark), ``gradient``, or a photo kind."""
    if kind == "plain":
        shade = rng.randrange(0, 40)
        return Image.new("RGB", (width, height), (shade, shade, shade + rng.randrange(0, 20)))
    if kind == "gradient":
        top = tuple(rng.randrange(0, 256) for _ in range(3))
        bottom = tuple(rng.randrange(0, 256) for _ in range(3))
        return Image.fromarray(_gradient(width, height, top, bottom).astype(np.uint8))
    return photo(width, height, rng, kind)
