"""Florence-2 captioning with native transformers (no ``trust_remote_code``).

Detail levels map to Florence's task tokens; confidence is the mean probability of
the generated tokens, special tokens excluded (the earlier project validated a
threshold of 0.64 on it). Generation stops early when the request is cancelled. On a CPU
without bf16 the linear layers run with int8 weights (:func:`vidimo.models.device.prepare`).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from vidimo.models.device import Device, prepare
from vidimo.models.errors import AnalysisCancelled

log = logging.getLogger(__name__)

TASKS = {"brief": "<CAPTION>", "normal": "<DETAILED_CAPTION>", "full": "<MORE_DETAILED_CAPTION>"}
MAX_NEW_TOKENS = {"brief": 40, "normal": 100, "full": 200}


@dataclass(frozen=True)
class GeneratedCaption:
    """English caption text, its confidence, and how many tokens were generated."""

    text: str
    confidence: float
    tokens: int


def _cancel_criteria(cancelled: Callable[[], bool]):  # noqa: ANN202 - transformers object
    """A stopping criterion that ends generation as soon as ``cancelled()`` is true."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class CancelFlag(StoppingCriteria):
        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor, **kwargs) -> torch.BoolTensor:
            return torch.full((input_ids.shape[0],), bool(cancelled()), dtype=torch.bool, device=input_ids.device)

    return StoppingCriteriaList([CancelFlag()])


def load_florence(folder: Path, device: Device):  # noqa: ANN201 - a transformers model
    """The Florence-2 model of a checkpoint folder, ready on ``device`` in its number format
    (int8 linear layers on CPUs without bf16, see :func:`vidimo.models.device.prepare`)."""
    from transformers import Florence2ForConditionalGeneration

    model = Florence2ForConditionalGeneration.from_pretrained(str(folder), dtype=device.torch_dtype())
    return prepare(model, device)


class FlorenceCaptioner:
    """Loads a Florence-2 checkpoint folder and captions images on one device."""

    def __init__(self, folder: Path, device: Device, *, static_cache: bool | None = None) -> None:
        from transformers import AutoProcessor

        self.device = device
        self.dtype = device.torch_dtype()
        self.processor = AutoProcessor.from_pretrained(str(folder))
        self.model = load_florence(folder, device)
        log.info("Florence-2 on %s in %s", device.name, device.format)
        # A static KV cache avoids re-allocating per token: a large win on CUDA.
        self.static_cache = device.is_cuda if static_cache is None else static_cache
        tokenizer = self.processor.tokenizer
        self._special_ids = set(tokenizer.all_special_ids)

    def _inputs(self, image: Image.Image, detail: str) -> dict:
        inputs = self.processor(images=image, text=TASKS[detail], return_tensors="pt")
        inputs = inputs.to(self.device.name)
        inputs["pixel_values"] = inputs["pixel_values"].to(self.dtype)
        return inputs

    def caption(
        self,
        image: Image.Image,
        detail: str = "normal",
        *,
        cancelled: Callable[[], bool] | None = None,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = None,
    ) -> GeneratedCaption:
        """Caption ``image`` at ``detail``; raises :class:`AnalysisCancelled` if cancelled."""
        import torch

        cancelled = cancelled or (lambda: False)
        options = {
            "max_new_tokens": max_new_tokens or MAX_NEW_TOKENS[detail],
            "do_sample": False,
            "num_beams": 1,
            "output_scores": True,
            "return_dict_in_generate": True,
            "stopping_criteria": _cancel_criteria(cancelled),
        }
        if min_new_tokens:
            options["min_new_tokens"] = min_new_tokens
        if self.static_cache:
            options["cache_implementation"] = "static"
        with torch.inference_mode():
            output = self.model.generate(**self._inputs(image, detail), **options)
        if cancelled():
            raise AnalysisCancelled
        generated = output.sequences[0, -len(output.scores):]
        log_probs = self.model.compute_transition_scores(output.sequences, output.scores, normalize_logits=True)[0]
        keep = [i for i, token in enumerate(generated.tolist()) if token not in self._special_ids]
        probabilities = log_probs[keep].float().exp() if keep else torch.zeros(0)
        confidence = float(probabilities.mean()) if len(probabilities) else 0.0
        text = self.processor.batch_decode(generated.unsqueeze(0), skip_special_tokens=True)[0]
        return GeneratedCaption(" ".join(text.split()), round(confidence, 4), len(output.scores))

    def time_encoder(self, image: Image.Image, repeat: int = 3) -> float:
        """Median milliseconds of the vision encoder alone (for ``vidimo bench``)."""
        import statistics

        import torch

        pixels = self._inputs(image, "brief")["pixel_values"]
        times = []
        with torch.inference_mode():
            for _ in range(repeat):
                self._sync()
                started = time.perf_counter()
                self.model.get_image_features(pixel_values=pixels)
                self._sync()
                times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    def _sync(self) -> None:
        if self.device.is_cuda:
            import torch

            torch.cuda.synchronize()
