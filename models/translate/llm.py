"""An OpenAI-compatible chat endpoint (OpenRouter, Ollama, LM Studio, vLLM) via ``openai``.

Only text is sent, never an image. Calls give up after ``timeout`` seconds with no
retries, so a slow or absent server costs at most that long before the local path.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from vidimo.models.translate.glossary import instructions

log = logging.getLogger(__name__)

#: Seconds to wait for the endpoint before falling back to the local translator.
TIMEOUT = 3.0


class EndpointError(Exception):
    """The endpoint did not answer usefully in time (network, HTTP error, empty reply)."""


@dataclass(frozen=True)
class LlmEndpoint:
    """Where to send text. ``api_key`` comes from the OS keyring and is never logged."""

    base_url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout: float = TIMEOUT


def chat(endpoint: LlmEndpoint, system: str, user: str) -> str:
    """One chat completion; the reply text, or :class:`EndpointError`."""
    import openai

    client = openai.OpenAI(base_url=endpoint.base_url, api_key=endpoint.api_key or "not-needed",
                           timeout=endpoint.timeout, max_retries=0)
    try:
        reply = client.chat.completions.create(
            model=endpoint.model,
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            temperature=0.2,
        )
    except openai.OpenAIError as error:
        raise EndpointError(f"{error.__class__.__name__}: {error}") from None
    finally:
        client.close()
    content = (reply.choices[0].message.content or "").strip() if reply.choices else ""
    if not content:
        raise EndpointError("empty reply")
    return content


TRANSLATE_SYSTEM = (
    "You translate image descriptions from English into natural, fluent Russian for blind users. "
    "Reply with the Russian translation only, no comments. Use these words for interface elements:\n"
)


class ChatTranslator:
    """English → Russian through a chat endpoint, with the interface glossary."""

    name = "llm"

    def __init__(self, endpoint: LlmEndpoint) -> None:
        self.endpoint = endpoint

    def translate(self, text: str) -> str:
        return chat(self.endpoint, TRANSLATE_SYSTEM + instructions(), text)
