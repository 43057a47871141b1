"""Trying translators in order: the endpoint when enabled, then the local model."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

log = logging.getLogger(__name__)


class Translator(Protocol):
    name: str

    def translate(self, text: str) -> str: ...


class TranslatorChain:
    """The first translator that answers wins; ``last_used`` names it.

    A failure is logged by its kind only: error messages may quote the text
    (a server echoing its input), and logs hold no screen text.
    """

    def __init__(self, translators: Sequence[Translator]) -> None:
        self.translators = list(translators)
        self.last_used: str | None = None

    def translate(self, text: str) -> str | None:
        """Russian text, or ``None`` when every translator failed."""
        for translator in self.translators:
            try:
                result = translator.translate(text)
            except Exception as error:  # noqa: BLE001 - any failure means: try the next one
                log.warning("translator %s failed (%s), trying the next", translator.name, error.__class__.__name__)
                continue
            if result.strip():
                self.last_used = translator.name
                return result.strip()
        return None
