"""The one result the pipeline returns: everything found in an image, JSON-serializable."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from vidimo import stages
from vidimo.models.findings import Caption, Person, TextLine, UiElement

#: Detail levels, from the shortest description to the longest.
DETAIL_LEVELS = ("brief", "normal", "full")
#: How the levels are called in the interface.
DETAIL_NAMES_RU = {"brief": "Кратко", "normal": "Обычно", "full": "Подробно"}


def _plain(finding: Any) -> Any:  # noqa: ANN401 - any stage's finding
    """A finding as JSON data: boxes as lists; a text line without its word boxes."""
    if not is_dataclass(finding):
        raise TypeError(f"a finding must be a dataclass, not {type(finding).__name__}")
    data = asdict(finding)
    data.pop("words", None)
    return {k: list(v) if k.endswith("box") and v is not None else v for k, v in data.items()}


@dataclass(init=False)
class Scene:
    """Findings of all stages for one image; boxes are in that image's pixels.

    ``findings`` holds each stage's findings under the stage's name (see :mod:`vidimo.stages`);
    ``texts``, ``people``, ``ui_elements`` and ``caption`` are the built-in stages' findings.
    ``warnings`` are Russian sentences about what failed (spoken after the description);
    ``notices`` say what a missing model would add (not spoken in descriptions);
    ``timings_ms`` maps stage and step names to milliseconds.
    """

    width: int
    height: int
    detail: str
    findings: dict[str, Any]
    timings_ms: dict[str, float]
    warnings: list[str]
    notices: list[str]
    narration: str
    #: Indices of ``texts`` used as interface labels (not read again as plain text).
    label_lines: set[int]
    #: Lines read from the windows' title bars, added to ``texts`` once the page is read.
    title_lines: list[TextLine]

    def __init__(self, width: int, height: int, detail: str = "normal", *,
                 texts: list[TextLine] | None = None, people: list[Person] | None = None,
                 ui_elements: list[UiElement] | None = None, caption: Caption | None = None,
                 findings: dict[str, Any] | None = None, timings_ms: dict[str, float] | None = None,
                 warnings: list[str] | None = None, notices: list[str] | None = None,
                 narration: str = "", label_lines: set[int] | None = None) -> None:
        self.width, self.height, self.detail = width, height, detail
        self.findings = dict(findings or {})
        for name, value in (("text", texts), ("people", people), ("ui", ui_elements), ("caption", caption)):
            if value is not None:
                self.findings[name] = value
        self.timings_ms = dict(timings_ms or {})
        self.warnings = list(warnings or [])
        self.notices = list(notices or [])
        self.narration = narration
        self.label_lines = set(label_lines or ())
        self.title_lines = []

    def get(self, stage_name: str) -> Any:  # noqa: ANN401 - a stage's findings
        """The findings of a registered stage (empty when it found nothing or did not run)."""
        stage = stages.stage(stage_name)
        return self.findings.get(stage.name, stage.empty())

    def put(self, stage_name: str, findings: list) -> None:
        """Store what a registered stage's analyzer returned (one finding for a single-finding stage)."""
        stage = stages.stage(stage_name)
        self.findings[stage.name] = (findings[0] if findings else None) if stage.single else list(findings)

    @property
    def texts(self) -> list[TextLine]:
        return self.get("text")

    @texts.setter
    def texts(self, value: list[TextLine]) -> None:
        self.findings["text"] = value

    @property
    def people(self) -> list[Person]:
        return self.get("people")

    @people.setter
    def people(self, value: list[Person]) -> None:
        self.findings["people"] = value

    @property
    def ui_elements(self) -> list[UiElement]:
        return self.get("ui")

    @ui_elements.setter
    def ui_elements(self, value: list[UiElement]) -> None:
        self.findings["ui"] = value

    @property
    def caption(self) -> Caption | None:
        return self.get("caption")

    @caption.setter
    def caption(self, value: Caption | None) -> None:
        self.findings["caption"] = value

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``: each stage's findings under its ``json_key``, lists for boxes,
        ``None`` for what is unknown. Findings of a stage that is not registered are an error."""
        unknown = set(self.findings) - set(stages.names())
        if unknown:
            raise KeyError(f"findings of unregistered stages: {sorted(unknown)}")
        data: dict[str, Any] = {"narration": self.narration, "detail": self.detail,
                                "image": {"width": self.width, "height": self.height}}
        for stage in stages.all_stages():
            found = self.get(stage.name)
            if stage.single:
                data[stage.json_key] = _plain(found) if found is not None else None
            else:
                data[stage.json_key] = [_plain(f) for f in found]
        data["timings_ms"] = {k: round(v, 1) for k, v in self.timings_ms.items()}
        data["warnings"] = list(dict.fromkeys([*self.warnings, *self.notices]))
        return data
