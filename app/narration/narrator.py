"""Turning a :class:`Scene` into natural Russian: a pure function, no models, no I/O.

Each registered stage (:mod:`vidimo.stages`) reads its own findings; they are put together in
the stages' ``rank`` order: the scene caption, the people, the interface, the text, then what
could not be done. ``brief`` keeps counts and the first lines, ``normal`` is the everyday level,
``full`` reads everything with places.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from vidimo import stages
from vidimo.narration import phrases as ru
from vidimo.narration.options import DEFAULT_THRESHOLD, NarrationOptions

if TYPE_CHECKING:
    from vidimo.scene import Scene


def narrate(scene: Scene, *, caption_threshold: float = DEFAULT_THRESHOLD) -> str:
    """The Russian description of ``scene`` at ``scene.detail``; never empty."""
    options = NarrationOptions(caption_threshold=caption_threshold)
    sentences: list[str] = []
    for stage in sorted(stages.all_stages(), key=lambda s: s.rank):
        sentences += stage.narrate(scene, options)
    if not sentences:
        sentences.append(ru.NOTHING_FOUND)
    sentences += scene.warnings
    return " ".join(sentences)
