"""A desktop for tests: a virtual screen (Xvfb), a D-Bus session with the accessibility bus, and an
ALSA sound card that takes audio and plays it nowhere; and :class:`Walker`, which reads and works
a program's accessibility tree through Debian's Python (``tests/atspi_walker.py``).

Every process started here is ended by :meth:`DesktopSession.close`, by its PID.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
ATSPI_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
NULL_SOUND = "pcm.!default { type null }\n"


def missing_programs() -> list[str]:
    """What a session needs and this machine lacks (installer/dev-packages.sh installs it all)."""
    missing = [p for p in ("Xvfb", "dbus-daemon", "dbus-send", "xdotool") if not shutil.which(p)]
    if not Path(ATSPI_LAUNCHER).exists():
        missing.append("at-spi2-core")
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"],
                                                          capture_output=True).returncode != 0:
        missing.append("python3-pyatspi")
    return missing


def wait_for(predicate: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class DesktopSession:
    """Xvfb, a session bus and the accessibility bus, for programs run with :attr:`env`.

    ``home`` becomes the programs' home folder (with the null sound card in ``.asoundrc``)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.processes: list[subprocess.Popen] = []
        xvfb = self._start(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                           stdout=subprocess.PIPE, text=True)
        display = f":{xvfb.stdout.readline().strip()}"
        read, write = os.pipe()
        self._start(["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--print-address={write}"],
                    pass_fds=(write,))
        os.close(write)
        address = os.read(read, 4096).decode().strip().splitlines()[0]
        os.close(read)
        home.mkdir(parents=True, exist_ok=True)
        (home / ".asoundrc").write_text(NULL_SOUND, encoding="utf-8")
        self.env = {**os.environ, "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": address, "HOME": str(home),
                    "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
        for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                     "XDG_CACHE_HOME", "AT_SPI_BUS_ADDRESS"):
            self.env.pop(name, None)
        self._start([ATSPI_LAUNCHER, "--launch-immediately"], env=self.env)
        wait_for(lambda: subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus",
                                         "/org/a11y/bus", "org.a11y.Bus.GetAddress"], env=self.env,
                                        capture_output=True).returncode == 0, 20, "the accessibility bus")

    def _start(self, argv: list[str], **options) -> subprocess.Popen:  # noqa: ANN003
        options.setdefault("stderr", subprocess.DEVNULL)
        process = subprocess.Popen(argv, **options)
        self.processes.append(process)
        return process

    def start(self, argv: list[str], *, log: Path | None = None, **options) -> subprocess.Popen:  # noqa: ANN003
        """A program on this desktop (its output in ``log``); ended with the session."""
        output = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
        return self._start(argv, env=options.pop("env", self.env), stdout=output, stderr=output, **options)

    def walker(self) -> "Walker":
        walker = Walker(self)
        self.processes.append(walker.process)
        return walker

    def window_titles(self, pid: int) -> list[str]:
        """Titles of the program's mapped windows as the X server holds them (what a window list shows)."""
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid), "--name", ""],
                               env=self.env, capture_output=True, text=True).stdout.split()
        titles = []
        for window in found:
            name = subprocess.run(["xdotool", "getwindowname", window], env=self.env, capture_output=True,
                                  text=True).stdout.strip()
            if name:
                titles.append(name)
        return titles

    def focus_window(self, pid: int, title: str) -> None:
        """Give the keyboard to the program's window titled ``title`` (there is no window manager)."""
        import re

        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid), "--name",
                                f"^{re.escape(title)}$"], env=self.env, capture_output=True, text=True).stdout.split()
        assert found, f"no window titled {title!r}"
        subprocess.run(["xdotool", "windowraise", found[0], "windowfocus", "--sync", found[0]], env=self.env,
                       check=True)

    def key(self, *keys: str) -> None:
        subprocess.run(["xdotool", "key", "--delay", "40", *keys], env=self.env, check=True)

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


class Walker:
    """The test side of ``tests/atspi_walker.py``: one request, one reply."""

    def __init__(self, session: DesktopSession) -> None:
        self.process = subprocess.Popen([SYSTEM_PYTHON, str(TESTS / "atspi_walker.py")], env=session.env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert json.loads(self.process.stdout.readline()) == {"ready": True}

    def ask(self, **request) -> dict:  # noqa: ANN003
        self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply

    def windows(self, pid: int) -> list[list[dict]]:
        return self.ask(op="tree", pid=pid)["windows"]

    def window(self, pid: int, index: int) -> list[dict]:
        """One window's nodes (a quicker walk than :meth:`windows`)."""
        return self.ask(op="tree", pid=pid, window=index)["windows"][index]

    def find(self, pid: int, role: str, name: str) -> dict | None:
        """The first showing node with this role and name, in any window of the program."""
        try:
            windows = self.windows(pid)
        except RuntimeError:
            return None
        return next((n for nodes in windows for n in nodes if n["role"] == role and n["name"] == name), None)

    def act(self, pid: int, node: dict, action: str = "") -> None:
        self.ask(op="act", pid=pid, path=node["path"], action=action)

    def focus(self, pid: int, node: dict) -> bool:
        return self.ask(op="focus", pid=pid, path=node["path"])["done"]
