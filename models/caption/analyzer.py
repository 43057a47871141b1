"""The caption analyzer: Florence-2 describes the scene in English, a translator makes it Russian.

Florence-2-large on CUDA (fp16) and -base on the CPU by default; both selectable.
Translation goes to a chat endpoint first when one is configured, then to the
local MarianMT; without a translator the English caption is kept and
:attr:`missing_models` says why.
"""
from __future__ import annotations

import logging

from PIL import Image

from vidimo.models import registry
from vidimo.models.base import Analyzer, Request
from vidimo.models.caption.florence import FlorenceCaptioner
from vidimo.models.device import Device
from vidimo.models.errors import ModelMissingError
from vidimo.models.findings import Caption
from vidimo.models.integrity import loading
from vidimo.models.translate.chain import TranslatorChain
from vidimo.models.translate.llm import ChatTranslator, LlmEndpoint

log = logging.getLogger(__name__)

CAPTIONERS = ("auto", "florence-2-base", "florence-2-large")


def choose_captioner(choice: str, device: Device) -> str:
    """The Florence-2 checkpoint ``choice`` stands for on ``device``."""
    if choice not in CAPTIONERS:
        raise ValueError(f"unknown captioner {choice!r}; expected one of {CAPTIONERS}")
    if choice != "auto":
        return choice
    return "florence-2-large" if device.is_cuda else "florence-2-base"


class CaptionAnalyzer(Analyzer[Caption]):
    """One :class:`Caption` per image (none when the model says nothing)."""

    name = "caption"

    def __init__(self, device: str | Device = "auto", model: str = "auto",
                 endpoint: LlmEndpoint | None = None) -> None:
        super().__init__(device)
        if model not in CAPTIONERS:
            raise ValueError(f"unknown captioner {model!r}")
        self._model_choice = model
        self._endpoint = endpoint
        self.model_name: str | None = None
        self.captioner: FlorenceCaptioner | None = None
        self.translators = TranslatorChain([])

    def _load(self, device: Device) -> None:
        """Loads Florence-2 and the translators; a missing or damaged captioner is a
        :class:`ModelMissingError` (or its :class:`~vidimo.models.errors.ModelCorruptError`), a
        missing or damaged translator only leaves the caption in English."""
        self.model_name = choose_captioner(self._model_choice, device)
        captioner = registry.spec(self.model_name)
        folder = registry.require(captioner.name)
        with loading(captioner.name, captioner.title):
            self.captioner = FlorenceCaptioner(folder, device)
        translators = [ChatTranslator(self._endpoint)] if self._endpoint else []
        translator = registry.spec("opus-mt-en-ru")
        try:
            from vidimo.models.translate.marian import MarianTranslator

            folder = registry.require(translator.name)
            with loading(translator.name, translator.title):
                translators.append(MarianTranslator(folder, device))
        except ModelMissingError as error:
            self.missing_models.append(error)
        self.translators = TranslatorChain(translators)
        self._warm_up()

    def warm_up(self) -> None:
        """Loading already ran one short generation (:meth:`_warm_up`); a second is not needed."""
        self.load()

    def _warm_up(self) -> None:
        """One short generation so the first real request does not pay for lazy set-up."""
        assert self.captioner is not None
        self.captioner.caption(Image.new("RGB", (64, 64), "gray"), "brief", max_new_tokens=2)

    def _analyze(self, image: Image.Image, request: Request) -> list[Caption]:
        assert self.captioner is not None
        generated = self.captioner.caption(image, request.detail, cancelled=request.cancelled)
        if not generated.text:
            return []
        russian = self.translators.translate(generated.text)
        return [Caption(en=generated.text, ru=russian, confidence=generated.confidence)]
