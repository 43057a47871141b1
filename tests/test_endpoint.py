"""The optional OpenAI-compatible endpoint: translation and compose mode, with local fallbacks.

A loopback HTTP server in the test speaks ``/v1/chat/completions``; the key lives in an
in-memory keyring backend, as it would in the OS keyring.
"""
from __future__ import annotations

import http.server
import json
import threading
import time
from pathlib import Path

import keyring
import keyring.backend
import pytest
from PIL import Image

from vidimo import secrets
from vidimo.compose import compose
from vidimo.models.device import Device
from vidimo.models.findings import TextLine
from vidimo.models.translate import llm
from vidimo.models.translate.chain import TranslatorChain
from vidimo.models.translate.llm import ChatTranslator, EndpointError, LlmEndpoint
from vidimo.pipeline import Pipeline
from vidimo.scene import Scene
from vidimo.settings import CoreSettings

CPU = Device("cpu")


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture()
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


class ChatServer:
    """Answers chat completions with ``reply``. ``mode``: "ok"; "slow" (answers after 3 s);
    "stall" (answers only when the test ends, so the client's own timeout decides); "error"
    (HTTP 500) or "unauthorized" (HTTP 401), each echoing the request in its error message,
    as some servers do; "empty" (a reply with no text)."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.reply = "Перевод от сервера."
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.released = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                body = json.loads(raw)
                outer.requests.append(body)
                outer.headers.append({k.lower(): v for k, v in self.headers.items()})
                if outer.mode == "slow":
                    time.sleep(3)
                if outer.mode == "stall":
                    outer.released.wait(30)
                status = {"error": 500, "unauthorized": 401}.get(outer.mode)
                if status:
                    echo = json.dumps({"error": {"message": f"cannot handle {raw.decode()}"}}).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(echo)))
                    self.end_headers()
                    self.wfile.write(echo)
                    return
                if outer.mode == "empty":
                    outer.reply = ""
                payload = json.dumps({
                    "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": body["model"],
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": outer.reply}}],
                }).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def chat_server():
    server = ChatServer()
    yield server
    server.released.set()
    server.server.shutdown()


def test_default_timeout_is_three_seconds():
    assert llm.TIMEOUT == 3.0 and LlmEndpoint("http://x", "m").timeout == 3.0


def test_translation_sends_text_and_glossary_only(chat_server: ChatServer):
    endpoint = LlmEndpoint(chat_server.url, "local-model", api_key="secret-key")
    assert ChatTranslator(endpoint).translate("A red button.") == "Перевод от сервера."
    [request] = chat_server.requests
    assert request["model"] == "local-model"
    system, user = request["messages"]
    assert user == {"role": "user", "content": "A red button."}
    assert "button → кнопка" in system["content"]
    assert "image_url" not in json.dumps(request)
    assert chat_server.headers[0]["authorization"] == "Bearer secret-key"
    assert "secret-key" not in repr(endpoint)


@pytest.mark.parametrize("mode", ["slow", "error"])
def test_endpoint_failures_raise_quickly(chat_server: ChatServer, mode: str):
    chat_server.mode = mode
    started = time.monotonic()
    with pytest.raises(EndpointError):
        llm.chat(LlmEndpoint(chat_server.url, "m", timeout=1.0), "system", "text")
    assert time.monotonic() - started < 2.5, "no retries, the timeout holds"


class Local:
    name = "marian"

    def translate(self, text: str) -> str:
        return "Локальный перевод."


@pytest.mark.parametrize("mode", ["ok", "slow", "error"])
def test_chain_falls_back_to_the_local_translator(chat_server: ChatServer, mode: str):
    chat_server.mode = mode
    chain = TranslatorChain([ChatTranslator(LlmEndpoint(chat_server.url, "m", timeout=1.0)), Local()])
    expected = {"ok": ("Перевод от сервера.", "llm")}.get(mode, ("Локальный перевод.", "marian"))
    assert (chain.translate("A cat."), chain.last_used) == expected


def test_key_is_read_from_the_keyring(memory_keyring, chat_server: ChatServer, monkeypatch, tiny_florence: Path,
                                      tiny_marian: Path):
    monkeypatch.setenv("VIDIMO_MODEL_FLORENCE_2_BASE", str(tiny_florence))
    monkeypatch.setenv("VIDIMO_MODEL_OPUS_MT_EN_RU", str(tiny_marian))
    secrets.set_api_key("from-keyring")
    settings = CoreSettings(device="cpu", stages=("caption",), llm_base_url=chat_server.url, llm_model="m",
                            llm_translate=True)
    scene = Pipeline.from_settings(settings).describe(Image.new("RGB", (64, 64), "white"), "brief")
    assert scene.caption.ru == "Перевод от сервера."
    assert chat_server.headers[-1]["authorization"] == "Bearer from-keyring"
    assert chat_server.requests[-1]["messages"][1]["content"] == "A man at a desk."


def test_endpoint_is_off_by_default(chat_server: ChatServer, monkeypatch, tiny_florence: Path, tiny_marian: Path):
    monkeypatch.setenv("VIDIMO_MODEL_FLORENCE_2_BASE", str(tiny_florence))
    monkeypatch.setenv("VIDIMO_MODEL_OPUS_MT_EN_RU", str(tiny_marian))
    settings = CoreSettings(device="cpu", stages=("caption",), llm_base_url=chat_server.url, llm_model="m")
    scene = Pipeline.from_settings(settings).describe(Image.new("RGB", (64, 64), "white"), "brief")
    assert scene.caption.ru == "Мужчина за столом."
    assert chat_server.requests == []


def test_compose_replaces_the_narration_with_one_paragraph(chat_server: ChatServer):
    chat_server.reply = "На экране окно с надписью «Выход»."
    scene = Scene(800, 600, texts=[TextLine("Выход", (10, 10, 90, 30), 0.9)], timings_ms={"text": 5.0},
                  narration="Текст: «Выход».")
    assert compose(scene, LlmEndpoint(chat_server.url, "m")) == "На экране окно с надписью «Выход»."
    sent = json.loads(chat_server.requests[0]["messages"][1]["content"])
    assert sent["texts"][0]["text"] == "Выход" and "timings_ms" not in sent and "narration" not in sent


def test_compose_failure_keeps_the_local_narration(chat_server: ChatServer, settings_screen: Path):
    from vidimo.imageio import load_image
    from vidimo.models.text.analyzer import TextAnalyzer

    chat_server.mode = "error"
    pipeline = Pipeline([TextAnalyzer(CPU, "tesseract")], compose_with=LlmEndpoint(chat_server.url, "m"))
    scene = pipeline.describe(load_image(settings_screen))
    assert scene.narration.startswith("Текст, ")
    assert "compose" in scene.timings_ms
    # The user who turned the server on hears that it was not used, and why.
    assert scene.warnings == [f"Сервер языковой модели вернул ошибку 500. {LOCAL}"]
    assert scene.narration.endswith(scene.warnings[0])


LOCAL = "Описание сделано на этом компьютере, без сервера."


@pytest.mark.parametrize(("mode", "key", "problem"), [
    ("error", "k", "Сервер языковой модели вернул ошибку 500."),
    ("unauthorized", "k", "Сервер языковой модели отказал в доступе: проверьте ключ"),
    ("unauthorized", "", "Сервер языковой модели отказал в доступе: ключа нет в хранилище паролей; "
                         "сохраните его командой «vidimo llm-key set»."),
    ("stall", "k", "Сервер языковой модели не ответил за 0,5 секунды."),
    ("empty", "k", "Сервер языковой модели прислал пустой ответ."),
])
def test_the_endpoint_says_in_russian_why_it_was_not_used(chat_server: ChatServer, mode, key, problem):
    endpoint = LlmEndpoint(chat_server.url, "m", api_key=key, timeout=0.5)
    assert endpoint.problem is None
    chain = TranslatorChain([ChatTranslator(endpoint), Local()])
    chat_server.mode = mode
    assert chain.translate("A cat.") == "Локальный перевод."
    assert endpoint.problem.startswith(problem) and endpoint.problem.endswith(LOCAL)
    assert len(chat_server.requests) == 1, "one try, no retries"
    chat_server.released.set()
    chat_server.mode, chat_server.reply = "ok", "Кошка."
    assert chain.translate("A cat.") == "Кошка." and endpoint.problem is None, "a success clears it"


def test_the_timeout_is_said_in_whole_russian_words():
    assert [llm.seconds_ru(s) for s in (1, 2, 3, 5, 11, 21, 0.5)] == [
        "1 секунду", "2 секунды", "3 секунды", "5 секунд", "11 секунд", "21 секунду", "0,5 секунды"]


def test_compose_failure_is_told(chat_server: ChatServer):
    chat_server.mode = "error"
    endpoint = LlmEndpoint(chat_server.url, "m")
    assert compose(Scene(10, 10, narration="Текст: «Выход»."), endpoint) is None
    assert endpoint.problem == f"Сервер языковой модели вернул ошибку 500. {LOCAL}"


class BrokenKeyring(MemoryKeyring):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service, username):
        raise self.error


@pytest.mark.parametrize(("error", "problem"), [
    (keyring.errors.NoKeyringError(), secrets.NO_KEYRING),
    (keyring.errors.KeyringLocked(), secrets.LOCKED),
    (RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown"), secrets.KEYRING_FAILED),
])
def test_a_keyring_failure_is_told_and_explains_a_refusal(chat_server: ChatServer, error, problem):
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring(error))
    try:
        endpoint = secrets.endpoint_from_keyring(chat_server.url, "m")
    finally:
        keyring.set_keyring(previous)
    assert endpoint.api_key == "" and endpoint.problem == problem
    assert "хранилищ" in problem.lower()
    chat_server.mode = "unauthorized"
    with pytest.raises(EndpointError):
        llm.chat(endpoint, "system", "text")
    assert endpoint.problem == f"Сервер языковой модели отказал в доступе: ключ не удалось прочитать из хранилища паролей. {LOCAL}"


def test_the_key_comes_from_the_keyring_with_no_problem(memory_keyring, chat_server: ChatServer):
    secrets.set_api_key("stored-key")
    endpoint = secrets.endpoint_from_keyring(chat_server.url, "m")
    assert endpoint.problem is None and ChatTranslator(endpoint).translate("A cat.") == "Перевод от сервера."
    assert chat_server.headers[-1]["authorization"] == "Bearer stored-key"
    assert "stored-key" not in repr(endpoint)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/v1", "http://localhost:11434/v1", "http://[::1]:1234/v1",
                                 "https://openrouter.ai/api/v1", "HTTPS://example.com/v1"])
def test_https_or_this_computer_is_allowed(url: str):
    assert llm.url_problem(url) is None
    assert LlmEndpoint(url, "m").problem is None


@pytest.mark.parametrize("url", ["http://openrouter.ai/api/v1", "http://192.168.1.5:11434/v1",
                                 "http://localhost.example.com/v1", "ftp://example.com", "openrouter.ai/api/v1"])
def test_plain_http_to_another_computer_is_refused_before_connecting(url: str, monkeypatch):
    import openai

    monkeypatch.setattr(openai, "OpenAI", lambda **options: pytest.fail("a client was made"))
    endpoint = LlmEndpoint(url, "m")
    assert "https://" in endpoint.problem and endpoint.problem.endswith(LOCAL)
    chain = TranslatorChain([ChatTranslator(endpoint), Local()])
    assert chain.translate("A cat.") == "Локальный перевод."
    assert "https://" in endpoint.problem
