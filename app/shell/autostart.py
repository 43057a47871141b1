"""Start at login: the XDG autostart entry ``$XDG_CONFIG_HOME/autostart/vidimo.desktop``.

The entry's presence is the setting («Запускать при входе в систему»); nothing else stores it.
Turning it on copies the menu launcher that ``installer/linux/install.sh`` made; where Vidimo was
not installed that way (``make run``), the entry starts the Python that runs now. Runs on the GUI
thread; the files are small.
"""
from __future__ import annotations

import logging
import os
import shlex
import sys
from importlib.resources import files
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "vidimo.desktop"
#: Marks the entry as enabled for GNOME (others read its presence).
ENABLED_KEY = "X-GNOME-Autostart-enabled"


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    return Path(value) if value and Path(value).is_absolute() else Path.home() / fallback


def autostart_file() -> Path:
    """``~/.config/autostart/vidimo.desktop`` (``XDG_CONFIG_HOME`` honoured)."""
    return _xdg("XDG_CONFIG_HOME", ".config") / "autostart" / FILE_NAME


def launcher_file() -> Path:
    """The applications-menu entry the installer writes: ``~/.local/share/applications/vidimo.desktop``."""
    return _xdg("XDG_DATA_HOME", ".local/share") / "applications" / FILE_NAME


def template() -> str:
    """The desktop entry shipped in ``vidimo.resources``, with ``@EXEC@`` and ``@ICON@`` to fill."""
    return files("vidimo.resources").joinpath(FILE_NAME).read_text(encoding="utf-8")


def _own_command() -> str:
    """How to start the Vidimo that runs now: its ``vidimo`` script, else ``python -m vidimo``."""
    script = Path(sys.executable).parent / "vidimo"
    argv = [str(script)] if script.is_file() else [sys.executable, "-m", "vidimo"]
    return " ".join(shlex.quote(part) for part in argv)


def entry_text() -> str:
    """The autostart entry: the installed launcher's text, or one made for the running Vidimo."""
    launcher = launcher_file()
    if launcher.is_file():
        text = launcher.read_text(encoding="utf-8")
    else:
        icon = str(files("vidimo.resources").joinpath("vidimo.svg"))
        text = template().replace("@EXEC@", _own_command()).replace("@ICON@", icon)
    lines = [line for line in text.splitlines() if not line.startswith((ENABLED_KEY, "Hidden="))]
    return "\n".join(lines) + f"\n{ENABLED_KEY}=true\n"


def enabled() -> bool:
    """True when Vidimo starts at login: the entry exists and is not hidden or disabled."""
    path = autostart_file()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    values = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    return values.get("Hidden", "false").strip() != "true" and values.get(ENABLED_KEY, "true").strip() != "false"


def set_enabled(on: bool) -> None:
    """Write or remove the entry; ``OSError`` when the folder cannot be written."""
    path = autostart_file()
    if on:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(entry_text(), encoding="utf-8")
        temporary.replace(path)
        log.info("autostart entry written: %s", path)
    else:
        path.unlink(missing_ok=True)
        log.info("autostart entry removed: %s", path)
