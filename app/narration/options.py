"""What the narration needs besides the scene: the caption confidence threshold."""
from __future__ import annotations

from dataclasses import dataclass

#: Captions less sure than this are not read as fact (the seed project's 0.64).
DEFAULT_THRESHOLD = 0.64


@dataclass(frozen=True)
class NarrationOptions:
    """``caption_threshold``: below it a caption is flagged as unsure (brief) or not read."""

    caption_threshold: float = DEFAULT_THRESHOLD
