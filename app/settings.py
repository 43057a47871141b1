"""Settings of the core, declared once; the command line and the desktop shell fill them in."""
from __future__ import annotations

from dataclasses import dataclass, field

from vidimo import stages as stage_registry
from vidimo.narration.options import DEFAULT_THRESHOLD

__all__ = ["DEFAULT_THRESHOLD", "CoreSettings"]


@dataclass
class CoreSettings:
    """What to analyze, on which device, with which engines, and whether text may leave the computer.

    ``llm_translate`` and ``llm_compose`` send text (never an image) to the endpoint;
    both are off by default. The endpoint key is not here: it lives in the OS keyring.
    """

    detail: str = "normal"
    device: str = "auto"
    #: The stages to run (see :mod:`vidimo.stages`); by default every stage that is on by default.
    stages: tuple[str, ...] = field(default_factory=stage_registry.default_names)
    ocr_engine: str = "auto"
    captioner: str = "auto"
    caption_threshold: float = DEFAULT_THRESHOLD
    voice: str = "auto"
    rate_percent: int = 0
    llm_base_url: str = ""
    llm_model: str = ""
    llm_translate: bool = False
    llm_compose: bool = False

    @property
    def uses_endpoint(self) -> bool:
        return bool(self.llm_base_url and self.llm_model and (self.llm_translate or self.llm_compose))
