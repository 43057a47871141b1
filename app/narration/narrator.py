"""Turning a :class:`Scene` into natural Russian: a pure function, no models, no I/O.

Each registered stage (:mod:`vidimo.stages`) reads its own findings; they are put together in the
stages' rank order, which differs for a screen (a window was found: the window, its text, then
the people and the caption) and for a photo (the people, the text, the caption). Slow stages come
last, so a description can be spoken while it is made (:func:`final_sentences`) and still equal
the whole one (:func:`narrate`). ``brief`` keeps counts and the first lines, ``normal`` is the
everyday level, ``full`` reads everything with places.
"""
from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from vidimo import stages
from vidimo.narration import phrases as ru
from vidimo.narration.options import DEFAULT_THRESHOLD, NarrationOptions
from vidimo.narration.windows import active_window, front_title_known, reads_as_window

if TYPE_CHECKING:
    from vidimo.scene import Scene

#: The stages whose findings decide whether the image is read as a screen or as a photo.
DECIDE_ORDER = ("ui", "windows")


def final_sentences(scene: Scene, settled: Collection[str] | None = None, *,
                    caption_threshold: float = DEFAULT_THRESHOLD) -> list[str]:
    """The sentences of the description that no later finding can change, in order.

    ``settled`` names the stages that are done (or do not run); ``None`` means all. A stage is read
    once every stage its narration reads is settled, and only after the stages before it, so the
    list only ever grows while a scene is being made: speak what is new in it.
    """
    registered = stages.all_stages()
    done = set(settled) if settled is not None else {s.name for s in registered}
    decided = set(DECIDE_ORDER) & set(stages.names()) <= done
    if not decided and not ("windows" in done and front_title_known(scene)):
        return []  # a titled window in front makes it a screen whatever the controls turn out to be
    screen = (decided and reads_as_window(scene)) or active_window(scene) is not None
    options = NarrationOptions(caption_threshold=caption_threshold)
    sentences: list[str] = []
    ordered = sorted(registered, key=lambda s: s.screen_rank if screen else s.photo_rank)
    for stage in ordered:
        if not stage.final(scene, done):
            return sentences
        sentences += stage.narrate(scene, options)
    for stage in ordered:
        if stage.closing is not None:
            sentences += stage.closing(scene, options)
    return sentences


def narrate(scene: Scene, *, caption_threshold: float = DEFAULT_THRESHOLD) -> str:
    """The Russian description of ``scene`` at ``scene.detail``; never empty."""
    sentences = final_sentences(scene, caption_threshold=caption_threshold) or [ru.NOTHING_FOUND]
    return " ".join([*sentences, *scene.warnings])
