"""An OpenAI-compatible chat endpoint (OpenRouter, Ollama, LM Studio, vLLM) via ``openai``.

Only text is sent, never an image, and only over https unless the server is on this
computer (plain http to a remote host is refused before any connection). Calls give up
after ``timeout`` seconds with no retries, so a slow or absent server costs at most that
long before the local path. The endpoint remembers why its last call failed, as a Russian
sentence in :attr:`LlmEndpoint.problem`, so the user learns that the server is not used.
Neither the key nor the text sent or received is ever logged.
"""
from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from vidimo.models.translate.glossary import instructions

log = logging.getLogger(__name__)

#: Seconds to wait for the endpoint before falling back to the local translator.
TIMEOUT = 3.0
#: Ends every failure sentence: the description still comes, made without the server.
LOCAL_FALLBACK = "Описание сделано на этом компьютере, без сервера."
NO_ACCESS = "Сервер языковой модели отказал в доступе"


class EndpointError(Exception):
    """The endpoint did not answer usefully in time (network, HTTP error, empty reply, refused URL).

    ``str(error)`` is English for the log and never holds the text sent or the server's reply;
    ``problem`` is the Russian sentence for the user.
    """

    def __init__(self, detail: str, problem: str) -> None:
        super().__init__(detail)
        self.problem = problem


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(base_url: str) -> str | None:
    """A Russian sentence when ``base_url`` may not be used, else ``None``.

    https is required unless the server is on this computer (localhost, 127.0.0.1, ::1).
    """
    parts = urlsplit(base_url.strip())
    try:
        host = parts.hostname or ""
    except ValueError:
        host = ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return (f"Адрес сервера языковой модели «{base_url}» не подходит: он должен начинаться с https://, "
                f"например https://openrouter.ai/api/v1.")
    if parts.scheme.lower() == "http" and not is_loopback(host):
        return ("Адрес сервера языковой модели должен начинаться с https://: по http текст описания шёл бы "
                "по сети незашифрованным. Без https можно обращаться только к серверу на этом компьютере "
                "(localhost, 127.0.0.1).")
    return None


def seconds_ru(seconds: float) -> str:
    """«3 секунды», «1 секунду», «5 секунд», «0,5 секунды» (after «за»)."""
    if seconds != int(seconds):
        return f"{seconds:g} секунды".replace(".", ",")
    whole = int(seconds)
    if whole % 10 == 1 and whole % 100 != 11:
        return f"{whole} секунду"
    if whole % 10 in (2, 3, 4) and whole % 100 not in (12, 13, 14):
        return f"{whole} секунды"
    return f"{whole} секунд"


@dataclass(eq=False)
class LlmEndpoint:
    """Where to send text. ``api_key`` comes from the OS keyring and is never logged;
    ``key_problem`` is the Russian reason the keyring could not be read, if it could not.

    Used on one thread at a time (the CLI's, or the app's worker thread).
    """

    base_url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout: float = TIMEOUT
    key_problem: str | None = field(default=None, repr=False)
    _problem: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        refusal = url_problem(self.base_url)
        self._problem = f"{refusal} {LOCAL_FALLBACK}" if refusal else self.key_problem

    @property
    def problem(self) -> str | None:
        """Why the most recent call failed, as a Russian sentence; ``None`` after a success.

        Before the first call it says what is already known: a refused address or an
        unreadable keyring.
        """
        return self._problem

    @property
    def refused(self) -> bool:
        """True when the address may not be used at all (plain http to another computer)."""
        return url_problem(self.base_url) is not None

    def _failed(self, detail: str, problem: str) -> EndpointError:
        self._problem = f"{problem} {LOCAL_FALLBACK}"
        log.warning("LLM endpoint not used: %s", detail)
        return EndpointError(detail, self._problem)

    def _access_problem(self) -> str:
        if self.key_problem:
            return f"{NO_ACCESS}: ключ не удалось прочитать из хранилища паролей."
        if not self.api_key:
            return f"{NO_ACCESS}: ключа нет в хранилище паролей; сохраните его командой «vidimo llm-key set»."
        return f"{NO_ACCESS}: проверьте ключ (новый сохраняет команда «vidimo llm-key set»)."

    def _status_problem(self, status: int) -> str:
        if status in (401, 403):
            return self._access_problem()
        if status == 404:
            return f"Сервер языковой модели не нашёл модель «{self.model}» или адрес неверен (ошибка 404)."
        if status == 429:
            return "Сервер языковой модели отклонил запрос: слишком много запросов (ошибка 429)."
        return f"Сервер языковой модели вернул ошибку {status}."


def chat(endpoint: LlmEndpoint, system: str, user: str) -> str:
    """One chat completion; the reply text, or :class:`EndpointError` (``endpoint.problem`` says why)."""
    refusal = url_problem(endpoint.base_url)
    if refusal:
        raise endpoint._failed("refused: plain http to another computer, or not a URL", refusal)
    import openai

    client = openai.OpenAI(base_url=endpoint.base_url, api_key=endpoint.api_key or "not-needed",
                           timeout=endpoint.timeout, max_retries=0)
    try:
        reply = client.chat.completions.create(
            model=endpoint.model,
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            temperature=0.2,
        )
    except openai.APITimeoutError:
        raise endpoint._failed(f"no answer within {endpoint.timeout:g} s",
                               f"Сервер языковой модели не ответил за {seconds_ru(endpoint.timeout)}.") from None
    except openai.APIConnectionError as error:
        cause = error.__cause__.__class__.__name__ if error.__cause__ else "unknown"
        raise endpoint._failed(f"no connection ({cause})", "Не удалось соединиться с сервером языковой модели.") \
            from None
    except openai.APIStatusError as error:
        raise endpoint._failed(f"HTTP {error.status_code}", endpoint._status_problem(error.status_code)) from None
    except openai.OpenAIError as error:
        raise endpoint._failed(f"{error.__class__.__name__}",
                               "Сервер языковой модели ответил непонятно.") from None
    finally:
        client.close()
    try:
        content = (reply.choices[0].message.content or "").strip() if reply.choices else ""
    except (AttributeError, IndexError, TypeError):
        raise endpoint._failed("malformed reply", "Сервер языковой модели ответил непонятно.") from None
    if not content:
        raise endpoint._failed("empty reply", "Сервер языковой модели прислал пустой ответ.")
    endpoint._problem = None
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
