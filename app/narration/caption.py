"""Reading the scene caption: as fact when the model is sure, flagged or left out when not."""
from __future__ import annotations

from typing import TYPE_CHECKING

from vidimo.narration import phrases as ru
from vidimo.narration.options import NarrationOptions

if TYPE_CHECKING:
    from vidimo.scene import Scene


def caption_sentences(scene: Scene, options: NarrationOptions) -> list[str]:
    """The caption (Russian when translated); an unsure one is flagged in ``brief`` and replaced
    by «Не удалось уверенно распознать…» otherwise."""
    caption = scene.caption
    if caption is None or not (caption.ru or caption.en):
        return []
    text = (caption.ru or caption.en).strip()
    if text and text[-1] not in ".!?…":
        text += "."
    if caption.confidence >= options.caption_threshold:
        return [ru.CAPTION.format(caption=text)]
    if scene.detail == "brief":
        return [ru.CAPTION.format(caption=text), ru.CAPTION_UNSURE_SUFFIX]
    return [ru.CAPTION_UNRELIABLE]
