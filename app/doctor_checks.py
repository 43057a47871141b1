"""The checks of ``vidimo doctor`` that look at this computer: the session, sound, voices, Tesseract,
the video card, the tray, global hotkeys, the accessibility bus and the keyring.

Each check returns :class:`~vidimo.doctor.Finding`s with a Russian sentence and what to do about a
problem. None of them needs Qt, none touches the network, and none raises: an unexpected failure
is itself a finding. They run on whatever thread calls them (the app runs them off the GUI thread).
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

from vidimo.doctor import BROKEN, NOTE, OK, WARNING, Finding

log = logging.getLogger(__name__)

#: Free video memory the captioner and the translator need together (the README's target: 3 GB).
CAPTION_GPU_MEMORY = 3 * 2**30
#: What the voices are asked to say.
SAMPLE = "Проверка голоса."
WAYLAND_HOTKEYS = ("в сеансе Wayland программы не могут ловить сочетания клавиш сами. Назначьте в настройках "
                   "системы сочетания на команды «vidimo describe --screen» и «vidimo describe --window»")


def is_wayland() -> bool:
    return os.environ.get("XDG_SESSION_TYPE") == "wayland" or bool(os.environ.get("WAYLAND_DISPLAY"))


def _x11_display():  # noqa: ANN202 - Xlib Display or None
    """A connection to the X server of ``DISPLAY``, or ``None``."""
    if not os.environ.get("DISPLAY"):
        return None
    try:
        from Xlib import display as xdisplay

        return xdisplay.Display()
    except Exception as error:  # noqa: BLE001 - no python-xlib, no server, refused
        log.info("no X11 connection: %s", error)
        return None


def check_session() -> list[Finding]:
    """X11, Wayland, or no graphical session at all."""
    if is_wayland():
        return [Finding("Сеанс", WARNING, "Wayland: " + WAYLAND_HOTKEYS + ". Снимок экрана делается через "
                        "XWayland и может не включать окна Wayland.")]
    if os.environ.get("DISPLAY"):
        connection = _x11_display()
        if connection is None:
            return [Finding("Сеанс", BROKEN, f"X11, но сервер {os.environ['DISPLAY']} не отвечает.",
                            "Запустите Видимо на рабочем столе, где вы работаете.")]
        connection.close()
        return [Finding("Сеанс", OK, f"X11 (экран {os.environ['DISPLAY']}).")]
    return [Finding("Сеанс", WARNING, "графического сеанса нет (DISPLAY и WAYLAND_DISPLAY не заданы): "
                    "значок в лотке и сочетания клавиш здесь не работают; описывать файлы можно командой "
                    "vidimo describe ФАЙЛ --say.")]


def check_sound() -> list[Finding]:
    """The default output device accepts audio (a few milliseconds of silence)."""
    try:
        import numpy as np
        import sounddevice
    except OSError:
        return [Finding("Звук", BROKEN, "не установлена библиотека PortAudio.", "sudo apt install libportaudio2")]
    try:
        device = sounddevice.query_devices(kind="output")
        with sounddevice.OutputStream(samplerate=22050, channels=1, dtype="float32") as stream:
            stream.write(np.zeros((441, 1), dtype="float32"))
    except Exception as error:  # noqa: BLE001 - PortAudioError, ValueError: no device
        log.info("sound output check failed: %s", error)
        return [Finding("Звук", BROKEN, "нет работающего устройства вывода звука: Видимо не сможет говорить "
                        "своим голосом.", "Проверьте, что звуковая карта или наушники подключены и не выключены "
                        "(alsamixer, pavucontrol); вместо собственного голоса можно выбрать в настройках "
                        "программу экранного доступа.")]
    return [Finding("Звук", OK, f"устройство вывода «{device['name']}» принимает звук.")]


def _speaks(engine) -> str | None:  # noqa: ANN001 - a SpeechEngine
    """``None`` when ``engine`` says :data:`SAMPLE` with some sound, else what went wrong (English)."""
    try:
        audio = engine.synthesize(SAMPLE)
    except Exception as error:  # noqa: BLE001 - any engine failure is the finding
        return f"{type(error).__name__}: {error}"
    return "empty audio" if audio.is_empty or audio.duration < 0.2 else None


def _try_voices(engine, name: str, voices, silent) -> list[Finding]:  # noqa: ANN001 - engine, voices, callable
    """A finding per voice of ``engine`` (called ``name``): it says :data:`SAMPLE`, or it is
    installed but silent (``silent(voice)`` says how)."""
    findings = []
    for voice in voices:
        engine.voice = voice.id
        problem = _speaks(engine)
        part = f"Голос {name} «{voice.title}»"
        if problem is None:
            findings.append(Finding(part, OK, "говорит."))
        else:
            log.info("%s voice %s failed: %s", name, voice.id, problem)
            findings.append(Finding(part, WARNING, silent(voice)))
    return findings


def check_voices() -> list[Finding]:
    """Each installed Russian voice of RHVoice and espeak-ng says a sentence; Edge is only named
    (trying it would send text to Microsoft). Broken only when no offline voice works."""
    from vidimo.doctor_voices import espeak_voices, rhvoice_voices
    from vidimo.speech.espeak import EspeakEngine
    from vidimo.speech.rhvoice import RHVoiceEngine

    findings: list[Finding] = []
    working = 0
    rhvoice = RHVoiceEngine()
    if not rhvoice.available():
        findings.append(Finding("Голоса RHVoice", WARNING, "не установлены.",
                                "sudo apt install librhvoice5 rhvoice-russian (в Debian — раздел non-free)"))
    else:
        try:
            said = _try_voices(rhvoice, "RHVoice", rhvoice_voices(),
                               lambda voice: f"установлен ({voice.folder}), но не говорит; вместо него прозвучит "
                                             "другой голос.")
        finally:
            rhvoice.close()
        working += sum(f.state == OK for f in said)
        findings += said
    espeak = EspeakEngine()
    if not espeak.available():
        findings.append(Finding("Голоса eSpeak NG", WARNING, "не установлены.", "sudo apt install espeak-ng"))
    else:
        said = _try_voices(espeak, "eSpeak NG", espeak_voices(), lambda voice: "установлен, но не говорит.")
        working += sum(f.state == OK for f in said)
        findings += said
    findings.append(Finding("Голоса Microsoft Edge", NOTE, "работают через интернет и только если выбраны в "
                            "настройках; здесь не проверяются, чтобы не отправлять текст в Microsoft."))
    if working == 0:
        findings.append(Finding("Речь", BROKEN, "ни один голос без интернета не работает: Видимо будет молчать.",
                                "sudo apt install espeak-ng librhvoice5 rhvoice-russian"))
    return findings


def check_tesseract() -> list[Finding]:
    """The Tesseract program and its Russian and English data (``TESSDATA_PREFIX`` honoured)."""
    program = shutil.which("tesseract")
    if program is None:
        return [Finding("Tesseract", BROKEN, "программа распознавания текста не установлена: текст на экране "
                        "читаться не будет.", "sudo apt install tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng")]
    try:
        listing = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30)
        version = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        log.info("tesseract failed: %s", error)
        return [Finding("Tesseract", BROKEN, "программа установлена, но не запускается.",
                        "sudo apt install --reinstall tesseract-ocr")]
    languages = {line.strip() for line in listing.stdout.splitlines()[1:] if line.strip()}
    words = (version.stdout or version.stderr).split()
    findings = [Finding("Tesseract", OK, f"версия {words[1] if len(words) > 1 else 'неизвестна'}.")]
    for code, language, text in (("rus", "русского", "русский"), ("eng", "английского", "английский")):
        part = f"Данные Tesseract для {language} языка ({code})"
        if code in languages:
            findings.append(Finding(part, OK, "есть."))
        else:
            findings.append(Finding(part, BROKEN, f"нет: {text} текст не будет прочитан.",
                                    f"sudo apt install tesseract-ocr-{code}"))
    return findings


def check_device() -> list[Finding]:
    """The processor, and the NVIDIA video card: driver, CUDA in PyTorch, memory."""
    from vidimo.models.device import cpu_has_bf16

    findings = [Finding("Процессор", NOTE, f"{_cpu_name()}; "
                        + ("умеет bf16: описание сцены быстрее." if cpu_has_bf16() else "без bf16."))]
    driver = Path("/proc/driver/nvidia/version")
    if not driver.exists() and not Path("/dev/nvidia0").exists():
        findings.append(Finding("Видеокарта", NOTE, "NVIDIA не найдена: модели работают на процессоре."))
        return findings
    version = ""
    try:
        first = driver.read_text(encoding="utf-8").splitlines()[0]
        version = next((word for word in first.split() if word[:1].isdigit() and "." in word), "")
    except (OSError, IndexError):
        pass
    try:
        import torch

        usable = torch.cuda.is_available()
    except Exception as error:  # noqa: BLE001 - a broken driver raises here
        log.info("CUDA check failed: %s", error)
        usable = False
    if not usable:
        findings.append(Finding("Видеокарта", WARNING, f"драйвер NVIDIA {version} есть, но PyTorch не может "
                                "работать с видеокартой: модели работают на процессоре, медленнее.",
                                "Переустановите Видимо (installer/linux/install.sh): он поставит PyTorch с CUDA; "
                                "проверьте драйвер командой nvidia-smi."))
        return findings
    name = torch.cuda.get_device_name(0)
    try:
        free, total = torch.cuda.mem_get_info(0)
    except Exception as error:  # noqa: BLE001
        log.info("CUDA memory query failed: %s", error)
        free = total = 0
    memory = f"свободно {free / 2**30:.1f} из {total / 2**30:.1f} ГБ памяти" if total else "память узнать не удалось"
    text = f"{name}, драйвер {version or 'неизвестной версии'}, CUDA {torch.version.cuda}; {memory}."
    if total and free < CAPTION_GPU_MEMORY:
        return findings + [Finding("Видеокарта", WARNING, text + " Для описания сцены на видеокарте нужно около "
                                   "3 ГБ свободной памяти; пока её нет, описание сцены идёт на процессоре.")]
    return findings + [Finding("Видеокарта", OK, text)]


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "процессор"


def _session_bus():  # noqa: ANN202 - a jeepney blocking connection, or None
    try:
        from jeepney.io.blocking import open_dbus_connection

        return open_dbus_connection(bus="SESSION")
    except Exception as error:  # noqa: BLE001 - no bus address, no jeepney, refused
        log.info("no D-Bus session bus: %s", error)
        return None


def _has_owner(connection, name: str) -> bool:  # noqa: ANN001
    from jeepney import new_method_call
    from jeepney.bus_messages import message_bus

    try:
        reply = connection.send_and_get_reply(new_method_call(message_bus, "NameHasOwner", "s", (name,)), timeout=3)
        return bool(reply.body[0])
    except Exception as error:  # noqa: BLE001
        log.info("NameHasOwner(%s) failed: %s", name, error)
        return False


def check_tray() -> list[Finding]:
    """A tray host: the X11 system tray selection, or a StatusNotifier watcher on D-Bus."""
    hosts = []
    connection = _x11_display()
    if connection is not None:
        try:
            atom = connection.intern_atom(f"_NET_SYSTEM_TRAY_S{connection.get_default_screen()}")
            if connection.get_selection_owner(atom) != 0:
                hosts.append("область уведомлений X11")
        except Exception as error:  # noqa: BLE001
            log.info("tray selection check failed: %s", error)
        finally:
            connection.close()
    bus = _session_bus()
    if bus is not None:
        try:
            if _has_owner(bus, "org.kde.StatusNotifierWatcher"):
                hosts.append("StatusNotifier")
        finally:
            bus.close()
    if hosts:
        return [Finding("Системный лоток", OK, f"есть ({', '.join(hosts)}): значок Видимо будет там.")]
    return [Finding("Системный лоток", WARNING, "не найден: вместо значка Видимо откроет своё окно с теми же "
                    "командами.", "В GNOME включите расширение AppIndicator, если нужен значок.")]


def check_hotkeys() -> list[Finding]:
    """Global hotkeys: pynput listens through the X11 RECORD extension; Wayland does not allow it."""
    if is_wayland():
        return [Finding("Сочетания клавиш", WARNING, WAYLAND_HOTKEYS + ".")]
    connection = _x11_display()
    if connection is None:
        return [Finding("Сочетания клавиш", WARNING, "без графического сеанса не работают.")]
    try:
        record = connection.has_extension("RECORD")
    finally:
        connection.close()
    if record:
        return [Finding("Сочетания клавиш", OK, "можно ловить (расширение X11 RECORD есть).")]
    return [Finding("Сочетания клавиш", WARNING, "не будут работать: у X-сервера нет расширения RECORD. "
                    "Пользуйтесь меню Видимо.")]


def check_accessibility() -> list[Finding]:
    """The accessibility bus through which screen readers (Orca) see Vidimo's windows."""
    bus = _session_bus()
    if bus is None:
        return [Finding("Специальные возможности", WARNING, "нет сеансовой шины D-Bus: программы экранного "
                        "доступа не увидят окна Видимо.", "Запускайте Видимо в обычном сеансе рабочего стола.")]
    from jeepney import DBusAddress, Properties, new_method_call

    try:
        address = DBusAddress("/org/a11y/bus", bus_name="org.a11y.Bus", interface="org.a11y.Bus")
        bus.send_and_get_reply(new_method_call(address, "GetAddress"), timeout=5)
        try:
            reader = bus.send_and_get_reply(Properties(DBusAddress(
                "/org/a11y/bus", bus_name="org.a11y.Bus", interface="org.a11y.Status")).get("ScreenReaderEnabled"),
                timeout=5).body[0][1]
        except Exception:  # noqa: BLE001 - older at-spi without the property
            reader = False
    except Exception as error:  # noqa: BLE001
        log.info("accessibility bus check failed: %s", error)
        return [Finding("Специальные возможности", WARNING, "шина специальных возможностей (AT-SPI) не отвечает: "
                        "программы экранного доступа не увидят окна Видимо.", "sudo apt install at-spi2-core")]
    finally:
        bus.close()
    said = " Программа экранного доступа сейчас включена." if reader else ""
    return [Finding("Специальные возможности", OK, "шина AT-SPI работает: Orca и другие программы экранного "
                    "доступа видят окна Видимо." + said)]


def check_keyring() -> list[Finding]:
    """The system keyring, where the language-model server's key is kept (only that key)."""
    try:
        import keyring

        backend = keyring.get_keyring()
        priority = getattr(backend, "priority", 0)
    except Exception as error:  # noqa: BLE001
        log.info("keyring check failed: %s", error)
        backend, priority = None, 0
    if backend is None or priority <= 0 or type(backend).__module__.startswith("keyring.backends.fail"):
        return [Finding("Хранилище паролей", WARNING, "нет: ключ сервера языковой модели сохранить нельзя (он "
                        "нужен, только если вы пользуетесь сервером).",
                        "sudo apt install gnome-keyring (или KWallet в KDE)")]
    return [Finding("Хранилище паролей", OK, f"есть ({type(backend).__name__}).")]
