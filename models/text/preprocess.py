"""Image preparation that screen text needs before recognition.

* light-on-dark regions (dark themes, dark panels) are inverted, so every region
  reads dark-on-light, which is what Tesseract expects;
* small images and small crops are upscaled so UI-sized text reaches the glyph
  height recognisers are trained on.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

#: Background luminance below which a region is treated as a dark theme.
DARK_BACKGROUND = 110
#: Downscale factor for estimating the background.
BACKGROUND_FACTOR = 6
#: Glyph height (pixels) recognisers read best; crops are scaled towards it.
TARGET_LINE_HEIGHT = 40


def normalize_polarity(gray: Image.Image) -> Image.Image:
    """Invert the regions whose background is dark, leaving light regions as they are.

    The background is estimated by a 5×5 median over a copy downscaled six times, a
    window of about 30 pixels: wider than the strokes of large text, narrower than a
    dark menu bar. Text strokes are thin, so the median sees the background.
    """
    width, height = gray.size
    factor = max(1, min(BACKGROUND_FACTOR, min(width, height) // 10))
    small = gray.resize((max(1, width // factor), max(1, height // factor)), Image.Resampling.BILINEAR)
    background = small.filter(ImageFilter.MedianFilter(5)).resize(gray.size, Image.Resampling.BILINEAR)
    pixels = np.asarray(gray)
    dark = np.asarray(background) < DARK_BACKGROUND
    if not dark.any():
        return gray
    return Image.fromarray(np.where(dark, 255 - pixels, pixels).astype(np.uint8))


#: A pixel this far (0–255) from a crop's background is ink.
INK_CONTRAST = 40


def crop_is_dark(gray_crop: Image.Image) -> bool:
    """True when a text crop is light text on a darker background: a dark theme, or white text on
    a coloured title bar (the background alone is not dark there). The background is the crop's
    median, row by row; the ink is what stands far from it, lighter or darker."""
    pixels = np.asarray(gray_crop, dtype=np.int16)
    if not pixels.size:
        return False
    background = np.median(pixels, axis=1, keepdims=True)  # row by row: title bars are gradients
    lighter = int((pixels > background + INK_CONTRAST).sum())
    darker = int((pixels < background - INK_CONTRAST).sum())
    if lighter + darker < 4:
        return float(np.median(pixels)) < DARK_BACKGROUND
    return lighter > darker


def page_scale(size: tuple[int, int]) -> float:
    """Upscale factor for full-page recognition: small images (icons, crops, tiny
    windows) get 2× so their UI text is tall enough; screens stay at 1× for speed."""
    width, height = size
    return 2.0 if max(width, height) < 1000 else 1.0


def line_scale(line_height: int) -> float:
    """Factor that brings one text line to about :data:`TARGET_LINE_HEIGHT` pixels."""
    if line_height <= 0:
        return 1.0
    return max(1.0, min(4.0, TARGET_LINE_HEIGHT / line_height))
