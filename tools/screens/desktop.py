"""A real desktop on a virtual screen: Xvfb, openbox, a tint2 task bar and a wallpaper, with
programs run as an ordinary user in Russian and their accessibility trees one call away.

    with Desktop((1600, 900), "dark", 1.0) as desktop:
        editor = desktop.open(["mousepad", "/home/user/письмо.txt"], title="письмо.txt")
        dialog = desktop.open(["zenity", "--question", "--title=Удаление", "--text=Удалить?"], title="Удаление")
        image = desktop.capture()
        apps = desktop.tree()

Every process it starts is recorded (``processes``: Xvfb and the agent here, ``spawned``: what
the agent started) and ended by :meth:`close`; the agent is a child subreaper and also ends
whatever those programs started themselves. Runs on the caller's thread; one desktop per object.
"""
from __future__ import annotations

import json
import logging
import os
import random
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from tools.screens import namespace
from tools.screens.look import Look, environment, write_config
from tools.screens.wallpaper import wallpaper
from tools.screens.x11 import X11, Window

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
NEEDED = ("Xvfb", "openbox", "tint2", "feh", "dbus-daemon", "/usr/libexec/at-spi-bus-launcher",
          namespace.SYSTEM_PYTHON)


#: A screen is taken once STABLE_GRABS grabs STABLE_GAP seconds apart show the same pixels.
STABLE_GAP = 0.07
STABLE_GRABS = 2


class DesktopError(RuntimeError):
    """The desktop or a program on it did not start."""


def missing_programs() -> list[str]:
    """Programs the desktop needs that are not installed (installer/dev-packages.sh installs them)."""
    return [p for p in NEEDED if not (shutil.which(p) or os.access(p, os.X_OK))]


class Desktop:
    """Context manager for one running desktop (see the module docstring)."""

    def __init__(self, size: tuple[int, int] = (1280, 800), theme: str = "light", scale: float = 1.0, *,
                 look: Look | None = None, wallpaper_kind: str = "gradient", seed: int = 0) -> None:
        self.look = look or Look(size=tuple(size), theme=theme, scale=scale)
        self.wallpaper_kind = wallpaper_kind
        self.seed = seed
        self.workdir: Path | None = None
        self.home: Path | None = None
        self.display = ""
        self.x11: X11 | None = None
        #: Processes started here: pid → what it is (Xvfb, the agent).
        self.processes: dict[int, str] = {}
        #: Processes the agent started: pid → argv[0].
        self.spawned: dict[int, str] = {}
        #: Every pid signalled while closing.
        self.ended: list[int] = []
        self._xvfb: subprocess.Popen | None = None
        self._agent: subprocess.Popen | None = None
        self._grabber = None
        self._tree_cache: dict[int, tuple[tuple, list[dict]]] = {}
        self.env: dict[str, str] = {}

    # --- life cycle -------------------------------------------------------------------------

    def __enter__(self) -> "Desktop":
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        missing = missing_programs()
        if missing:
            raise DesktopError(f"not installed: {', '.join(missing)} (run installer/dev-packages.sh)")
        self.workdir = Path(tempfile.mkdtemp(prefix="vidimo-desktop-"))
        os.chmod(self.workdir, 0o755)
        self.home = self.workdir / "home"
        self.home.mkdir()
        write_config(self.look, self.home)
        locpath = self.workdir / "locale"
        shutil.copytree(namespace.russian_locale(), locpath)
        self._start_xvfb()
        self.x11 = X11(self.display)
        # 96 here: GTK 3 multiplies this by GDK_SCALE and GDK_DPI_SCALE, which carry the scale.
        self.x11.set_resources("Xft.dpi:\t96\nXft.antialias:\t1\nXft.hinting:\t1\n"
                               "Xft.hintstyle:\thintslight\nXft.rgba:\tnone\n")
        self.env = {**environment(self.look, locpath), "DISPLAY": self.display}
        self._start_agent()
        picture = self.workdir / "wallpaper.png"
        width, height = self.look.size
        wallpaper(width, height, random.Random(self.seed), self.wallpaper_kind).save(picture)
        self.run(["feh", "--no-fehbg", "--bg-fill", str(picture)], timeout=20)
        self.spawn(["openbox", "--config-file", f"{namespace.HOME}/.config/openbox/rc.xml"])
        self.wait(lambda: self.x11._property(self.x11.root, "_NET_SUPPORTING_WM_CHECK"), 20, "openbox")
        if self.look.panel:
            self.spawn(["tint2", "-c", f"{namespace.HOME}/.config/tint2/tint2rc"])
            self.wait(lambda: any(w.kind == "dock" for w in self.windows()), 20, "the tint2 panel")

    def _start_xvfb(self) -> None:
        width, height = self.look.size
        self._xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", "1", "-screen", "0", f"{width}x{height}x24", "-dpi", "96",
             "-nolisten", "tcp"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.processes[self._xvfb.pid] = "Xvfb"
        ready, _, _ = select.select([self._xvfb.stdout], [], [], 20)
        number = self._xvfb.stdout.readline().strip() if ready else ""
        if not number:
            raise DesktopError("Xvfb did not start")
        self.display = f":{number}"

    def _start_agent(self) -> None:
        agent = self.workdir / "agent.py"
        shutil.copy(HERE / "agent.py", agent)
        inner = [namespace.SYSTEM_PYTHON, "-u", str(agent)]
        if not namespace.available():
            raise DesktopError("user and mount namespaces are not available here (unshare --map-root-user "
                               "--mount failed); programs would run as root with its warnings")
        argv = namespace.command(self.workdir, self.home, inner)
        env = dict(self.env)
        self._agent_log = open(self.workdir / "agent.log", "wb")
        self._agent = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=self._agent_log, start_new_session=True)
        self.processes[self._agent.pid] = "agent"
        reply = self._read(30)
        if "ready" not in reply:
            raise DesktopError(f"the agent did not start: {reply}")

    def close(self) -> None:
        """Ends every process this desktop started (the agent ends its own), removes its files."""
        if self._agent is not None and self._agent.poll() is None:
            try:
                reply = self._request({"op": "quit"}, timeout=30)
                self.ended += reply.get("ended", [])
            except (DesktopError, OSError, ValueError) as error:
                log.warning("the agent did not quit cleanly: %s", error)
            try:
                self._agent.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self._agent.pid, signal.SIGKILL)
                self._agent.wait(timeout=10)
            self.ended.append(self._agent.pid)
        # Anything the agent left behind in its process group (it should be nothing).
        if self._agent is not None:
            try:
                os.killpg(self._agent.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        for pid in self.spawned:
            if _alive(pid):
                log.warning("killing leftover process %d (%s)", pid, self.spawned[pid])
                _kill(pid)
                self.ended.append(pid)
        if self._grabber is not None:
            self._grabber.close()
            self._grabber = None
        if self.x11 is not None:
            try:
                self.x11.close()
            except Exception:  # noqa: BLE001 - the server may already be gone
                pass
            self.x11 = None
        if self._xvfb is not None and self._xvfb.poll() is None:
            self._xvfb.terminate()
            try:
                self._xvfb.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._xvfb.kill()
                self._xvfb.wait(timeout=10)
            self.ended.append(self._xvfb.pid)
        if getattr(self, "_agent_log", None) is not None:
            self._agent_log.close()
        if self.workdir is not None and not os.environ.get("VIDIMO_KEEP_DESKTOP"):
            shutil.rmtree(self.workdir, ignore_errors=True)

    # --- talking to the agent ---------------------------------------------------------------

    def _read(self, timeout: float) -> dict:
        assert self._agent is not None and self._agent.stdout is not None
        ready, _, _ = select.select([self._agent.stdout], [], [], timeout)
        if not ready:
            raise DesktopError("the agent did not answer")
        line = self._agent.stdout.readline()
        if not line:
            raise DesktopError("the agent exited (see agent.log)")
        return json.loads(line)

    def _request(self, request: dict, timeout: float = 60) -> dict:
        assert self._agent is not None and self._agent.stdin is not None
        self._agent.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode())
        self._agent.stdin.flush()
        reply = self._read(timeout)
        if "error" in reply:
            raise DesktopError(reply["error"])
        return reply

    def spawn(self, argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> int:
        """Starts a program on the desktop as the user; returns its pid (recorded)."""
        log_path = str(self.workdir / "programs.log") if self.workdir else None
        pid = self._request({"op": "spawn", "argv": argv, "env": env or {}, "cwd": cwd, "log": log_path})["pid"]
        self.spawned[pid] = argv[0]
        return pid

    def end(self, pid: int, kill: bool = False) -> None:
        """Ends a program (and whatever it started); ``kill`` skips the polite SIGTERM."""
        self.ended += self._request({"op": "end", "pid": pid, "kill": kill})["ended"]

    def alive(self, pid: int) -> bool:
        return bool(self._request({"op": "alive", "pid": pid})["alive"])

    def run(self, argv: list[str], timeout: float = 30) -> None:
        """Runs a short program on the desktop and waits for it to finish."""
        pid = self.spawn(argv)
        self.wait(lambda: not self.alive(pid), timeout, argv[0])

    def tree(self, pids: list[int] | None = None) -> list[dict]:
        """The accessibility trees of the running applications (see agent.py for the format)."""
        return self._request({"op": "tree", "pids": pids}, timeout=120)["apps"]

    def trees(self, wanted: dict[int, tuple]) -> list[dict]:
        """Trees of the processes in ``wanted`` (pid → a key that changes when the window's
        content or size does); a tree whose key is unchanged is reused. Node extents are
        absolute, but truth.py reads them relative to the top-level node, so a tree stays right
        while its window only moves."""
        stale = [pid for pid, key in wanted.items() if self._tree_cache.get(pid, (None, []))[0] != key]
        if stale:
            fresh: dict[int, list[dict]] = {}
            for app in self.tree(stale):
                fresh.setdefault(app["pid"], []).append(app)
            for pid in stale:
                # An application that has not registered yet is asked again next time.
                self._tree_cache[pid] = (wanted[pid] if pid in fresh else None, fresh.get(pid, []))
        return [app for pid in wanted for app in self._tree_cache.get(pid, (None, []))[1]]

    # --- windows ----------------------------------------------------------------------------

    @staticmethod
    def wait(predicate: Callable[[], object], timeout: float, what: str) -> object:
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise DesktopError(f"timed out waiting for {what}")
            time.sleep(0.05)

    def windows(self) -> list[Window]:
        """Managed windows, bottom of the stack first."""
        assert self.x11 is not None
        return self.x11.windows()

    def window(self, *, title: str | None = None, pid: int | None = None) -> Window | None:
        """The topmost window whose title contains ``title`` and/or whose process is ``pid``."""
        for window in reversed(self.windows()):
            if title is not None and title not in window.title:
                continue
            if pid is not None and window.pid != pid:
                continue
            if window.kind == "dock":
                continue
            return window
        return None

    def wait_window(self, *, title: str | None = None, pid: int | None = None, timeout: float = 30) -> Window:
        found = self.wait(lambda: self.window(title=title, pid=pid), timeout, f"window {title or pid}")
        return found  # type: ignore[return-value]

    def open(self, argv: list[str], *, title: str | None = None, env: dict[str, str] | None = None,
             timeout: float = 30) -> Window:
        """Starts a program and waits for its window (by ``title``, else by pid)."""
        pid = self.spawn(argv, env)
        try:
            return self.wait_window(title=title, pid=None if title else pid, timeout=timeout)
        except DesktopError:
            self.end(pid)
            raise

    def write_file(self, relative: str, text: str) -> str:
        """Writes a file under the desktop's home; returns its path as programs see it."""
        assert self.home is not None
        path = self.home / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return f"{namespace.HOME}/{relative}"

    def zenity(self, *args: str, title: str, timeout: float = 30) -> Window:
        """Opens ``zenity --title=TITLE ARGS…`` and waits for its window (it gets the focus)."""
        return self.open(["zenity", f"--title={title}", *args], title=title, timeout=timeout)

    def truth(self, infos: dict | None = None) -> dict:
        """The ground truth of the screen as it is now (see truth.py); ``infos`` maps window
        ids to what the caller put in them (``truth.WindowInfo``)."""
        from tools.screens import truth

        windows = self.windows()
        pids = sorted({w.pid for w in windows if w.pid and w.kind != "dock" and not w.hidden})
        return truth.build(windows, self.tree(pids), infos or {}, self.look)

    def place(self, window: Window, x: int, y: int, width: int | None = None, height: int | None = None) -> Window:
        """Moves (and resizes) a window's frame; returns it as it is afterwards."""
        assert self.x11 is not None
        self.x11.move_resize(window, x, y, width, height)
        target = (x, y)

        def placed() -> Window | None:
            current = next((w for w in self.windows() if w.id == window.id), None)
            if current is None:
                return None
            sized = (width is None or abs(current.frame[2] - current.frame[0] - width) <= 2) and \
                    (height is None or abs(current.frame[3] - current.frame[1] - height) <= 2)
            return current if current.frame[:2] == target and sized else None

        try:
            return self.wait(placed, 5, f"window {window.title} to move")  # type: ignore[return-value]
        except DesktopError:
            # Windows with a minimum size or fixed size stop short; take what the WM did.
            return next(w for w in self.windows() if w.id == window.id)

    def activate(self, window: Window) -> None:
        """Raises and focuses a window, and waits until openbox says it is active and on top."""
        assert self.x11 is not None
        self.x11.activate(window)

        def on_top() -> bool:
            stack = [w for w in self.windows() if w.kind != "dock"]
            return bool(stack) and stack[-1].id == window.id and stack[-1].active

        self.wait(on_top, 5, f"window {window.title} to become active")

    def iconify(self, window: Window) -> None:
        """Minimises a window and waits until it is hidden."""
        assert self.x11 is not None
        self.x11.iconify(window)
        self.wait(lambda: all(w.hidden for w in self.windows() if w.id == window.id), 5,
                  f"window {window.title} to minimise")

    # --- pixels -----------------------------------------------------------------------------

    def capture(self, stable: bool = True, timeout: float = 4.0) -> Image.Image:
        """The whole screen as an RGB image (no mouse pointer); with ``stable``, once grabs
        ``STABLE_GAP`` seconds apart have stopped changing (programs have finished redrawing)."""
        if self._grabber is None:
            import mss

            factory = getattr(mss, "MSS", None) or mss.mss
            self._grabber = factory(display=self.display)
        assert self.x11 is not None
        self.x11.settle(0.03)
        shot = self._grabber.grab(self._grabber.monitors[0])
        deadline = time.monotonic() + timeout
        same = 0
        while stable and same < STABLE_GRABS and time.monotonic() < deadline:
            time.sleep(STABLE_GAP)
            again = self._grabber.grab(self._grabber.monitors[0])
            same = same + 1 if again.bgra == shot.bgra else 0
            shot = again
        return Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")


def app_environment(desktop: Desktop, home: Path, *, instance: str, voice: str = "silent",
                    speech_log: Path | None = None) -> dict[str, str]:
    """The environment to run Vidimo on ``desktop`` as a new user whose home is ``home``: speech
    logged to ``speech_log`` (default ``home/speech.log``), a sound card that takes audio at once
    and throws it away, no scene captions, the download offer already answered, nothing online."""
    env = {**os.environ, "DISPLAY": desktop.display, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "VIDIMO_SPEECH_LOG": str(speech_log or home / "speech.log"), "VIDIMO_INSTANCE": instance,
           "HF_HUB_OFFLINE": "1", "YOLO_OFFLINE": "1", "NO_AT_BRIDGE": "1"}
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
        env.pop(name, None)
    (home / ".asoundrc").write_text('pcm.!default { type file slave.pcm "null" file "/dev/null" format "raw" }\n')
    config = home / ".config" / "Vidimo"
    config.mkdir(parents=True, exist_ok=True)
    (config / "Vidimo.conf").write_text(f"[General]\nstage_caption=false\nvoice_engine={voice}\n"
                                        "download_offer_said=true\ndownloads_declined=true\n", encoding="utf-8")
    return env


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("utf-8", "replace")
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
