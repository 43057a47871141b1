"""Private by default: with default settings no network connection is even attempted, the
command works with no network at all, and logs hold neither screen text nor the endpoint key.

The CLI and the app's describe path run in a fresh Python under an audit hook, installed
before anything of Vidimo is imported, that records and blocks every socket connection,
name lookup and HTTP request (local Unix sockets excepted). The offline switches the rest
of the suite sets (``HF_HUB_OFFLINE``, ``YOLO_OFFLINE``) are taken away: a user does not set them.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from conftest import render_lines

#: Guard against hangs only.
HANG_GUARD_S = 300
PAGE_TEXT = "Выписка по счёту"

AUDIT_WRAPPER = '''\
"""Runs ``-m MODULE ARGS`` or ``SCRIPT ARGS`` under an audit hook that blocks the network."""
import json, os, runpy, socket, sys, traceback

RECORD = os.environ["VIDIMO_AUDIT_RECORD"]
WATCHED = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
           "socket.getnameinfo", "socket.sendto", "socket.sendmsg", "socket.bind",
           "http.client.connect", "urllib.Request", "ftplib.connect", "smtplib.connect"}
_active = False


def hook(event, args):
    global _active
    if event not in WATCHED or _active:
        return
    if event.startswith("socket.") and args and isinstance(args[0], socket.socket) \\
            and args[0].family == socket.AF_UNIX:
        return  # a local socket on this computer (D-Bus, a local server), not the network
    _active = True
    try:
        frames = [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_stack()[:-1]][-14:]
        with open(RECORD, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"event": event, "args": repr(args)[:300], "stack": frames}) + "\\n")
    finally:
        _active = False
    raise OSError(f"network blocked by the privacy test: {event}")


sys.addaudithook(hook)
if sys.argv[1] == "-m":
    sys.argv = [sys.argv[2], *sys.argv[3:]]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
'''

APP_PATH = '''\
"""The app's describe path with the app's default settings, without Qt windows:
the worker's pipeline describes the image, the audio thread's chain speaks the narration."""
import sys

from vidimo.imageio import load_image
from vidimo.pipeline import Pipeline
from vidimo.settings import CoreSettings
from vidimo.shell.app_settings import AppSettings
from vidimo.speech.chain import SpeechChain, build_engines

app = AppSettings()
assert app.core() == CoreSettings(), "the app's defaults are the core defaults"
pipeline = Pipeline.from_settings(app.core())
print("warnings:", pipeline.warm_up())
scene = pipeline.describe(load_image(sys.argv[1]), app.detail)
chain = SpeechChain(build_engines(app.voice_engine, app.rate_percent))
audio = chain.synthesize(scene.narration)
chain.close()
print(scene.narration)
print("caption:", scene.caption is not None)
print("voice:", chain.last_engine, round(audio.duration, 1))
'''


def user_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a user with default settings: no offline switches, an empty model cache
    (the suite's, from ``HF_HOME``), an instance name of its own (no running Vidimo to hand over to)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE", "YOLO_OFFLINE",
                        "VIDIMO_SPEECH_LOG", "VIDIMO_DEBUG") and not k.startswith("VIDIMO_MODEL_")}
    env.update({"VIDIMO_INSTANCE": f"vidimo-privacy-{os.getpid()}", "VIDIMO_AUDIT_RECORD": str(tmp_path / "net.jsonl"),
                "XDG_CONFIG_HOME": str(tmp_path / "config")}, **extra)
    return env


def audited(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, list]:
    """Runs ``args`` (``-m vidimo …`` or a script) under the audit hook; the result and the attempts."""
    wrapper = tmp_path / "audited.py"
    wrapper.write_text(AUDIT_WRAPPER, encoding="utf-8")
    env = env or user_env(tmp_path)
    result = subprocess.run([sys.executable, str(wrapper), *args], capture_output=True, text=True,
                            timeout=HANG_GUARD_S, env=env, cwd=tmp_path)
    record = Path(env["VIDIMO_AUDIT_RECORD"])
    attempts = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()] if record.exists() else []
    return result, attempts


def explain(attempts: list) -> str:
    return "network attempts:\n" + "\n".join(
        f"{a['event']} {a['args']}\n    " + "\n    ".join(a["stack"]) for a in attempts)


@pytest.fixture()
def bank_page(tmp_path: Path) -> Path:
    path = tmp_path / "выписка.png"
    render_lines([(60, 90, PAGE_TEXT)], size=(640, 240), text_size=40).save(path)
    return path


def test_the_audit_hook_sees_a_lookup_and_a_connection(tmp_path: Path):
    """The harness itself: a program that looks up a name and connects is caught, and blocked."""
    script = tmp_path / "phone_home.py"
    script.write_text("import socket, urllib.request\n"
                      "for call in (lambda: socket.getaddrinfo('example.com', 443),\n"
                      "             lambda: socket.socket().connect(('127.0.0.1', 9)),\n"
                      "             lambda: urllib.request.urlopen('https://example.com', timeout=1)):\n"
                      "    try:\n        call()\n    except OSError as error:\n        print(error)\n",
                      encoding="utf-8")
    result, attempts = audited(tmp_path, str(script))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("network blocked by the privacy test") == 3
    assert [a["event"] for a in attempts] == ["socket.getaddrinfo", "socket.connect", "urllib.Request"]
    assert any("phone_home.py" in frame for frame in attempts[0]["stack"]), "the caller is named"


@pytest.mark.parametrize("out", [False, True], ids=["text", "wav"])
def test_cli_with_default_settings_opens_no_connection(tmp_path: Path, bank_page: Path, out: bool):
    wav = tmp_path / "описание.wav"
    result, attempts = audited(tmp_path, "-m", "vidimo", "describe", str(bank_page),
                               *(["--out", str(wav)] if out else []))
    assert attempts == [], explain(attempts)
    assert result.returncode == 0, result.stderr
    assert PAGE_TEXT in result.stdout
    if out:
        import soundfile

        data, rate = soundfile.read(wav)
        assert len(data) / rate > 1.0


def test_app_describe_path_with_every_default_stage_opens_no_connection(
        tmp_path: Path, bank_page: Path, tiny_florence: Path, tiny_marian: Path, tiny_yolo: Path):
    """Every default stage has its model (the tiny ones stand in), so transformers, ultralytics,
    the face model and Tesseract are all loaded and run, and the default voice speaks."""
    script = tmp_path / "app_path.py"
    script.write_text(APP_PATH, encoding="utf-8")
    env = user_env(tmp_path, VIDIMO_MODEL_FLORENCE_2_BASE=str(tiny_florence),
                   VIDIMO_MODEL_OPUS_MT_EN_RU=str(tiny_marian), VIDIMO_MODEL_YOLO_COCO=str(tiny_yolo))
    result, attempts = audited(tmp_path, str(script), str(bank_page), env=env)
    assert attempts == [], explain(attempts)
    assert result.returncode == 0, result.stderr
    assert "warnings: []" in result.stdout, f"every stage loaded its model: {result.stdout}{result.stderr[-3000:]}"
    assert PAGE_TEXT in result.stdout and "caption: True" in result.stdout
    voice = result.stdout.strip().splitlines()[-1].split()
    assert voice[1] in ("rhvoice", "espeak") and float(voice[2]) > 1.0


def unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not unshare_works(), reason="unshare -n needs root or user namespaces")
def test_cli_works_with_no_network_at_all(tmp_path: Path, bank_page: Path):
    """In a network namespace of its own (only a downed loopback), DNS and connects fail at the C level."""
    wav = tmp_path / "описание.wav"
    env = user_env(tmp_path)
    result = subprocess.run(["unshare", "-n", sys.executable, "-m", "vidimo", "describe", str(bank_page),
                             "--out", str(wav)], capture_output=True, text=True, timeout=HANG_GUARD_S, env=env,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert PAGE_TEXT in result.stdout and wav.stat().st_size > 16000
    assert "Traceback" not in result.stderr


KEY = "sk-or-v1-Geheim-4242-do-not-log"
SCREEN = "Пин-код карты 4417"


@pytest.mark.parametrize("mode", ["ok", "unauthorized", "error", "stall"])
def test_logs_hold_neither_screen_text_nor_the_key(caplog, monkeypatch, mode: str):
    """Everything logged at DEBUG, by us and the libraries, while the key is read from the keyring
    and screen text goes to an endpoint that answers, refuses, fails echoing the request, or stalls."""
    from test_endpoint import ChatServer, Local, MemoryKeyring

    from vidimo import secrets
    from vidimo.compose import compose
    from vidimo.models.findings import TextLine
    from vidimo.models.translate.chain import TranslatorChain
    from vidimo.models.translate.llm import ChatTranslator
    from vidimo.scene import Scene

    monkeypatch.delenv("VIDIMO_DEBUG", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    server = ChatServer()
    server.mode = mode
    try:
        caplog.set_level(logging.DEBUG)
        secrets.set_api_key(KEY)
        endpoint = secrets.endpoint_from_keyring(server.url, "m")
        endpoint.timeout = 0.5
        TranslatorChain([ChatTranslator(endpoint), Local()]).translate(f"A card saying {SCREEN}.")
        compose(Scene(800, 600, texts=[TextLine(SCREEN, (10, 10, 300, 40), 0.9)], narration=SCREEN), endpoint)
    finally:
        keyring.set_keyring(previous)
        server.released.set()
        server.server.shutdown()
    assert server.headers and all(h["authorization"] == f"Bearer {KEY}" for h in server.headers)
    assert any(SCREEN in json.dumps(r, ensure_ascii=False) for r in server.requests), "the text was sent"
    logged = caplog.text + "".join(repr(r.args) for r in caplog.records)
    assert caplog.records, "the capture works"
    assert KEY not in logged and "Geheim" not in logged
    assert SCREEN not in logged and "4417" not in logged


def test_verbose_cli_with_a_failing_endpoint_logs_no_screen_text_nor_key(tmp_path: Path, bank_page: Path):
    """``vidimo -v describe`` with compose on, a key in the keyring, and a server that refuses
    and echoes the request: stderr holds neither the page's text nor the key."""
    from test_endpoint import ChatServer

    backend = tmp_path / "fake_keyring.py"
    backend.write_text(
        "import keyring.backend\n\n\nclass Stored(keyring.backend.KeyringBackend):\n    priority = 1\n\n"
        f"    def get_password(self, service, username):\n        return {KEY!r}\n\n"
        "    def set_password(self, service, username, password):\n        pass\n\n"
        "    def delete_password(self, service, username):\n        pass\n", encoding="utf-8")
    env = user_env(tmp_path, PYTHON_KEYRING_BACKEND="fake_keyring.Stored", PYTHONPATH=str(tmp_path))
    server = ChatServer()
    try:
        for mode in ("unauthorized", "error"):
            server.mode = mode
            result = subprocess.run(
                [sys.executable, "-m", "vidimo", "-v", "describe", str(bank_page), "--no-caption", "--no-people",
                 "--llm-url", server.url, "--llm-model", "m", "--compose"],
                capture_output=True, text=True, timeout=HANG_GUARD_S, env=env, cwd=tmp_path)
            assert result.returncode == 0, result.stderr
            assert PAGE_TEXT in result.stdout, "the local narration is printed"
            assert "INFO" in result.stderr or "WARNING" in result.stderr, "verbose logging is on"
            assert PAGE_TEXT not in result.stderr and KEY not in result.stderr, result.stderr
    finally:
        server.server.shutdown()
    assert len(server.requests) == 2 and server.headers[-1]["authorization"] == f"Bearer {KEY}"
    assert PAGE_TEXT in server.requests[-1]["messages"][1]["content"]
