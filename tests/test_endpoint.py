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
    """Answers chat completions with ``reply``; ``mode`` may be "ok", "slow" or "error"."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.reply = "Перевод от сервера."
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(body)
                outer.headers.append({k.lower(): v for k, v in self.headers.items()})
                if outer.mode == "slow":
                    time.sleep(3)
                if outer.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "boom"}}')
                    return
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
