"""The one result the pipeline returns: everything found in an image, JSON-serializable."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from vidimo.models.findings import Caption, Person, TextLine, UiElement

#: Detail levels, from the shortest description to the longest.
DETAIL_LEVELS = ("brief", "normal", "full")
#: How the levels are called in the interface.
DETAIL_NAMES_RU = {"brief": "Кратко", "normal": "Обычно", "full": "Подробно"}


@dataclass
class Scene:
    """Findings of all analyzers for one image; boxes are in that image's pixels.

    ``warnings`` are Russian sentences about what could not be done (a missing
    model, a failed analyzer); ``timings_ms`` maps stage names to milliseconds.
    """

    width: int
    height: int
    detail: str = "normal"
    texts: list[TextLine] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    ui_elements: list[UiElement] = field(default_factory=list)
    caption: Caption | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    narration: str = ""
    #: Indices of ``texts`` used as interface labels (not read again as plain text).
    label_lines: set[int] = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``: lists for boxes, ``None`` for what is unknown."""

        def boxes_as_lists(item: dict[str, Any]) -> dict[str, Any]:
            return {k: list(v) if k.endswith("box") and v is not None else v for k, v in item.items()}

        return {
            "narration": self.narration,
            "detail": self.detail,
            "image": {"width": self.width, "height": self.height},
            "texts": [boxes_as_lists({k: v for k, v in asdict(t).items() if k != "words"}) for t in self.texts],
            "people": [boxes_as_lists(asdict(p)) for p in self.people],
            "ui_elements": [boxes_as_lists(asdict(u)) for u in self.ui_elements],
            "caption": asdict(self.caption) if self.caption else None,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "warnings": list(self.warnings),
        }
