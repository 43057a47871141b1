"""Optional "compose" mode: the structured Scene (never the image) in, one fluent Russian paragraph out."""
from __future__ import annotations

import json
import logging

from vidimo.models.translate.llm import EndpointError, LlmEndpoint, chat
from vidimo.scene import Scene

log = logging.getLogger(__name__)

SYSTEM = (
    "You describe screens and pictures to blind Russian speakers. You get the findings of image "
    "analyzers as JSON: a caption, people with gender and age, interface elements, and text lines in "
    "reading order. Write one fluent, calm Russian paragraph that says what is there. Quote visible "
    "text exactly, in «ёлочки». Mention every warning. Never invent what is not in the findings. "
    "Reply with the paragraph only."
)


def scene_for_endpoint(scene: Scene) -> str:
    """The findings as compact JSON: no timings, no narration, no pixels."""
    data = scene.to_dict()
    for private in ("timings_ms", "narration"):
        data.pop(private, None)
    return json.dumps(data, ensure_ascii=False)


def compose(scene: Scene, endpoint: LlmEndpoint) -> str | None:
    """A paragraph from the endpoint, or ``None`` (the local narration stays) when it fails;
    ``endpoint.problem`` then says why, in Russian."""
    try:
        return chat(endpoint, SYSTEM, scene_for_endpoint(scene))
    except EndpointError as error:
        log.warning("compose failed (%s), keeping the local narration", error)
        return None
