"""Local MarianMT translation (``Helsinki-NLP/opus-mt-en-ru``): private, offline after download."""
from __future__ import annotations

import re
from pathlib import Path

from vidimo.models.device import Device, prepare
from vidimo.models.translate.glossary import repair

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def split_sentences(text: str) -> list[str]:
    """Sentences of an English paragraph (Marian translates sentence by sentence best)."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def load_marian(folder: Path, device: Device):  # noqa: ANN201 - a transformers model
    """The MarianMT model of a checkpoint folder, ready on ``device`` in its number format."""
    from transformers import MarianMTModel

    return prepare(MarianMTModel.from_pretrained(str(folder), dtype=device.torch_dtype()), device)


class MarianTranslator:
    """English → Russian with a Marian checkpoint folder; one batch per paragraph."""

    name = "marian"

    def __init__(self, folder: Path, device: Device) -> None:
        from transformers import MarianTokenizer

        self.device = device
        self.tokenizer = MarianTokenizer.from_pretrained(str(folder))
        self.model = load_marian(folder, device)

    def translate(self, text: str) -> str:
        import torch

        sentences = split_sentences(text)
        if not sentences:
            return ""
        batch = self.tokenizer(sentences, return_tensors="pt", padding=True, truncation=True).to(self.device.name)
        with torch.inference_mode():
            output = self.model.generate(**batch, num_beams=1, do_sample=False, max_new_tokens=200)
        translated = self.tokenizer.batch_decode(output, skip_special_tokens=True)
        return repair(" ".join(t.strip() for t in translated))
