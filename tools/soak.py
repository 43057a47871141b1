"""Soak run of the desktop app: hundreds of descriptions by hotkey, and bursts of presses, on a real
desktop under Xvfb, with the app's memory, threads and open files followed from start to end.

    .venv/bin/python -m tools.soak                          # 500 descriptions, 2 bursts
    .venv/bin/python -m tools.soak -n 100 --bursts 2 --json soak.json

The desktop is :class:`tools.screens.desktop.Desktop` (openbox, a tint2 panel whose tray holds the
app). Screens vary from press to press: a window of this script (``--window`` mode) whose text,
theme, size and place change before every press, and zenity dialogs of several kinds with Russian
text; the screen hotkey and the active-window hotkey take turns. The sound card is an ALSA ``file``
device paced to real time by ``pv``, so speech takes as long as it would on a real card and every
press interrupts the description being read. ``VIDIMO_SPEECH_LOG`` says what was heard; the app's
log (``-v``) says when each description is done ("request N described in … ms").

A burst is 100 presses in 10 seconds, each on a screen of its own; it is answered when exactly one
description comes (no other is heard, none other is done) and it is the last press's.

Figures: resident memory (RSS) after description 20 and at the end, and the growth; threads and
open files (by name and target) at the start, after description 20 and at the end; child
processes and temporary files left; time per description; crashes and logged errors. Every process
started here is recorded and ended at the end, by its id. Runs on the main thread.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger("soak")

ROOT = Path(__file__).resolve().parent.parent
HOTKEYS = {"screen": ("Control_L", "Alt_L", "Shift_L", "d"), "window": ("Control_L", "Alt_L", "Shift_L", "w")}
DESCRIBED = re.compile(r"request (\d+) described in (\d+) ms")
FAILED = re.compile(r"request (\d+) failed")
#: Bytes per second of the paced sound card (RHVoice: 24 kHz mono float32).
CARD_BYTES_PER_S = 96000
ZENITY_KINDS = ("question", "info", "warning", "entry", "checklist", "radiolist", "list", "forms")
WINDOW_TITLE = "Заметки"


# -- the window this script shows (``--window``) --------------------------------------------------

def window_main() -> int:
    """A window whose text, theme and frame change on a JSON line on stdin; ``ok`` once repainted."""
    from PySide6.QtCore import QSocketNotifier, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setWordWrap(True)
    label.setWindowTitle(WINDOW_TITLE)
    label.resize(900, 600)
    label.show()
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def answer() -> None:
        print("ok", flush=True)

    def command() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        order = json.loads(line)
        dark = order.get("dark", False)
        label.setStyleSheet(f"background: {'#202124' if dark else 'white'}; color: {'#e8eaed' if dark else '#141414'};"
                            f" padding: 24px; font-size: {order.get('font', 18)}pt;")
        label.setText(order["text"])
        label.setWindowTitle(order.get("title", WINDOW_TITLE))
        x, y, width, height = order.get("frame", (40, 40, 900, 600))
        label.setGeometry(x, y, width, height)
        label.repaint()
        QTimer.singleShot(30, answer)  # the X server has the new pixels by then

    notifier.activated.connect(command)
    answer()
    return app.exec()


class Keyboard:
    """Key presses through XTEST on one kept connection (a press costs no process start, so a
    burst of 100 presses fits in 10 seconds on a busy machine)."""

    def __init__(self, display: str) -> None:
        from Xlib import display as xdisplay

        self._display = xdisplay.Display(display)

    def press(self, keys: tuple[str, ...]) -> None:
        from Xlib import X, XK
        from Xlib.ext import xtest

        codes = [self._display.keysym_to_keycode(XK.string_to_keysym(key)) for key in keys]
        for code in codes:
            xtest.fake_input(self._display, X.KeyPress, code)
        for code in reversed(codes):
            xtest.fake_input(self._display, X.KeyRelease, code)
        self._display.sync()

    def close(self) -> None:
        self._display.close()


# -- what the soak measures -------------------------------------------------------------------------

def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def threads(pid: int) -> list[str]:
    names = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            names.append((task / "comm").read_text().strip())
        except OSError:
            pass
    return sorted(names)


def open_files(pid: int) -> list[str]:
    """Targets of the open descriptors, with pipe and socket numbers left out (``pipe``, ``socket``)."""
    targets = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        targets.append(re.sub(r":\[\d+\]$", "", target))
    return sorted(targets)


def children(pid: int) -> list[str]:
    """Live child processes of ``pid``: ``name (pid)``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        if int(rest[1]) == pid and rest[0] != "Z":
            found.append(f"{name} ({stat.parent.name})")
    return found


@dataclass
class Probe:
    """The app at one moment."""

    when: str
    rss_mb: float
    threads: list[str]
    files: list[str]
    children: list[str]

    @classmethod
    def take(cls, when: str, pid: int) -> "Probe":
        return cls(when, round(rss_mb(pid), 1), threads(pid), open_files(pid), children(pid))


def difference(before: list[str], after: list[str]) -> dict[str, int]:
    """What ``after`` has more (+) or fewer (-) of than ``before``, by name."""
    counts = Counter(after)
    counts.subtract(Counter(before))
    return {name: n for name, n in sorted(counts.items()) if n}


@dataclass
class Figures:
    machine: dict = field(default_factory=dict)
    descriptions: int = 0
    failed: list[int] = field(default_factory=list)
    seconds_to_done: list[float] = field(default_factory=list)
    seconds_to_speech: list[float] = field(default_factory=list)
    app_ms: list[int] = field(default_factory=list)
    rss_curve: list[tuple[int, float]] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    bursts: list[dict] = field(default_factory=list)
    crash: str | None = None
    errors_logged: int = 0
    temp_files_start: list[str] = field(default_factory=list)
    temp_files_left: list[str] = field(default_factory=list)
    processes: dict[str, str] = field(default_factory=dict)
    minutes: float = 0.0


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    flags = Path("/proc/cpuinfo").read_text()
    return {"cpu": model, "cores": os.cpu_count(), "avx512_bf16": "avx512_bf16" in flags,
            "uptime_start": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}


# -- the run ----------------------------------------------------------------------------------------

class Soak:
    """One desktop, one app, one window of ours; :meth:`close` ends every process started."""

    def __init__(self, seed: int, listen_s: float) -> None:
        from tools.screens.content import Texts
        from tools.screens.desktop import Desktop

        self.rng = random.Random(seed)
        self.texts = Texts("eval", self.rng)
        self.listen_s = listen_s
        self.figures = Figures(machine=machine())
        #: pid → what it is: every process this script started itself.
        self.started: dict[int, str] = {}
        self.workdir = Path(tempfile.mkdtemp(prefix="vidimo-soak-"))
        self.desktop = Desktop((1280, 800), "light", 1.0, seed=seed)
        self.desktop.start()
        self.env = self._app_env()
        self.keyboard = Keyboard(self.desktop.display)
        self.app: subprocess.Popen | None = None
        self.window: subprocess.Popen | None = None
        self._log_offset = 0
        self._log_lines: list[str] = []
        self.requests = 0
        self.began = time.monotonic()
        #: After which descriptions the bursts come (by default spread evenly over the run).
        self.burst_at: list[int] = []

    # -- processes --------------------------------------------------------------------------
    def _app_env(self) -> dict[str, str]:
        home = self.workdir / "home"
        config = home / ".config" / "Vidimo"
        config.mkdir(parents=True)
        (home / "tmp").mkdir()
        (home / ".asoundrc").write_text(
            'pcm.!default { type file slave.pcm "null" file "|pv -qL %d -B 4096 >>%s" format "raw" }\n'
            % (CARD_BYTES_PER_S, self.workdir / "played.raw"), encoding="utf-8")
        # Default settings; the first start's offer of downloads was answered already.
        (config / "Vidimo.conf").write_text("[General]\nformat=2\ndownload_offer_said=true\n"
                                            "download_offer_answer=declined\n", encoding="utf-8")
        env = {**os.environ, "DISPLAY": self.desktop.display, "HOME": str(home),
               "XDG_CONFIG_HOME": str(home / ".config"), "TMPDIR": str(home / "tmp"),
               "VIDIMO_SPEECH_LOG": str(self.workdir / "speech.log"),
               "VIDIMO_INSTANCE": f"vidimo-soak-{os.getpid()}",
               "HF_HOME": os.environ.get("HF_HOME", str(Path.home() / ".cache" / "huggingface")),
               "HF_HUB_OFFLINE": "1", "YOLO_OFFLINE": "1"}
        for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "VIDIMO_DEBUG", "DBUS_SESSION_BUS_ADDRESS"):
            env.pop(name, None)
        return env

    def _start(self, argv: list[str], what: str, **options) -> subprocess.Popen:  # noqa: ANN003
        process = subprocess.Popen(argv, **options)
        self.started[process.pid] = what
        log.info("started %s (pid %d)", what, process.pid)
        return process

    def start(self) -> None:
        self.window = self._start([sys.executable, "-m", "tools.soak", "--window"], "screen window",
                                  cwd=ROOT, env={**self.env, "HOME": os.environ.get("HOME", "/root")},
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.window.stdout is not None
        self.window.stdout.readline()
        self.app = self._start([sys.executable, "-m", "vidimo", "-v"], "vidimo", cwd=ROOT, env=self.env,
                               stdout=subprocess.DEVNULL, stderr=open(self.workdir / "app.log", "w"),
                               start_new_session=True)
        began = time.monotonic()
        self.wait(lambda: self.heard(), 300, "the greeting")
        log.info("greeted after %.1f s", time.monotonic() - began)
        self.quiet()
        # Models load after the greeting; the start counts are taken once a description has no
        # first-time work left (after one description, spoken to its end).
        self.describe(0, settle=True)
        self.figures.probes.append(Probe.take("start", self.app.pid))
        log.info("ready after %.1f s: %s", time.monotonic() - began, self.figures.probes[-1].rss_mb)
        self.figures.temp_files_start = self.temp_files()

    def close(self) -> None:
        """Ends the app (SIGTERM, as a session does at logout; then SIGKILL), our window and the
        desktop, and records each process with how it ended."""
        ended: dict[str, str] = {}
        for pid, what in reversed(list(self.started.items())):
            process = self.app if self.app is not None and pid == self.app.pid else self.window
            if process is None or process.pid != pid:
                continue
            left = children(pid) if process is self.app and process.poll() is None else []
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
            ended[str(pid)] = f"{what}: exit {process.returncode}"
            if process is self.app:
                try:  # what the app started and left in its session (its own process group)
                    os.killpg(pid, signal.SIGKILL)
                    ended[f"{pid}-group"] = f"left in the app's session and killed: {left or 'unknown'}"
                except ProcessLookupError:
                    pass
        self.keyboard.close()
        self.desktop.close()
        ended["desktop"] = f"{len(set(self.desktop.ended))} processes (Xvfb, its agent, openbox, tint2, zenity) ended"
        self.figures.processes = ended
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- what the app says and logs ----------------------------------------------------------
    def log_lines(self) -> list[str]:
        path = self.workdir / "app.log"
        with path.open(encoding="utf-8", errors="replace") as handle:
            handle.seek(self._log_offset)
            chunk = handle.read()
        complete = chunk[:chunk.rfind("\n") + 1]
        self._log_offset += len(complete.encode("utf-8", errors="replace"))
        self._log_lines += complete.splitlines()
        return self._log_lines

    def heard(self) -> list[str]:
        path = self.workdir / "speech.log"
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    def played(self) -> int:
        path = self.workdir / "played.raw"
        return path.stat().st_size if path.exists() else 0

    def wait(self, predicate, timeout: float, what: str):  # noqa: ANN001, ANN201
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            self.check_alive()
            time.sleep(0.02)
        raise TimeoutError(f"timed out waiting for {what}")

    def check_alive(self) -> None:
        if self.app is not None and self.app.poll() is not None:
            raise RuntimeError(f"the app exited with {self.app.returncode}")

    def quiet(self, still_s: float = 1.5, timeout: float = 180) -> None:
        """Wait until the sound card has taken nothing for ``still_s`` and no stream is open."""
        last, since = -1, time.monotonic()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            size = self.played()
            streaming = any(name.startswith(("pv", "sh")) for name in children(self.app.pid))
            if size != last or streaming:
                last, since = size, time.monotonic()
            elif time.monotonic() - since >= still_s:
                return
            self.check_alive()
            time.sleep(0.05)
        raise TimeoutError("speech never ended")

    # -- screens ------------------------------------------------------------------------------
    def show_text(self, text: str, *, dark: bool = False, font: int = 18,
                  frame: tuple[int, int, int, int] = (40, 40, 900, 600), title: str = WINDOW_TITLE) -> None:
        assert self.window is not None and self.window.stdin is not None and self.window.stdout is not None
        self.window.stdin.write(json.dumps({"text": text, "dark": dark, "font": font, "frame": frame,
                                            "title": title}, ensure_ascii=False) + "\n")
        self.window.stdin.flush()
        self.window.stdout.readline()

    def our_window(self):  # noqa: ANN201 - tools.screens.x11.Window
        return self.desktop.wait_window(pid=self.window.pid, timeout=10)

    def screen(self, index: int) -> tuple[str, int | None]:
        """Set up the screen of description ``index``: the hotkey to press, and a dialog to close."""
        rng = self.rng
        kind = index % 4
        if kind in (0, 1, 2):
            lines = [f"Описание номер {index}."] + [self.texts.sentence() for _ in range(rng.randint(2, 9))]
            width, height = rng.randint(500, 1100), rng.randint(300, 700)
            frame = (rng.randint(0, 1280 - width), rng.randint(30, 800 - height), width, height)
            self.show_text("\n".join(lines), dark=kind == 1, font=rng.choice((12, 14, 16, 18, 22)), frame=frame,
                           title=f"{self.texts.title()} — {index}")
            self.desktop.activate(self.our_window())
            return ("window" if kind == 2 else "screen"), None
        from tools.screens.dialogs import dialog

        argv, _info = dialog(ZENITY_KINDS[(index // 4) % len(ZENITY_KINDS)], self.texts, rng)
        title = next(a.split("=", 1)[1] for a in argv if a.startswith("--title="))
        pid = self.desktop.spawn(["zenity", *argv])
        self.desktop.wait_window(title=title, timeout=30)
        time.sleep(0.3)  # the dialog has drawn itself
        return rng.choice(("screen", "window")), pid

    def press(self, hotkey: str) -> None:
        self.keyboard.press(HOTKEYS[hotkey])

    # -- descriptions -------------------------------------------------------------------------
    def describe(self, index: int, *, settle: bool = False) -> None:
        """One description: a new screen, the hotkey, the wait until it is done (and spoken to its
        end with ``settle``; else heard for ``listen_s``, then cut short by the next press)."""
        hotkey, dialog_pid = self.screen(index)
        heard_before = len(self.heard())
        done_before = len(self.done_lines())
        pressed = time.monotonic()
        self.press(hotkey)
        self.requests += 1
        first_heard: list[float] = []  # when its first words were heard, often before it is done

        def finished() -> bool:
            if not first_heard and len(self.heard()) > heard_before:
                first_heard.append(time.monotonic())
            return len(self.done_lines()) > done_before

        self.wait(finished, 240, f"description {index}")
        done = time.monotonic() - pressed
        line = self.done_lines()[-1]
        found = DESCRIBED.search(line)
        if found is None:
            self.figures.failed.append(index)
        else:
            self.figures.app_ms.append(int(found.group(2)))
        self.wait(lambda: len(self.heard()) > heard_before, 60, f"speech of description {index}")
        spoken = (first_heard[0] if first_heard else time.monotonic()) - pressed
        if index > 0:
            self.figures.descriptions += 1
            self.figures.seconds_to_done.append(round(done, 2))
            self.figures.seconds_to_speech.append(round(spoken, 2))
        if settle:
            self.quiet()
        else:
            time.sleep(self.listen_s)
        if dialog_pid is not None:
            self.desktop.end(dialog_pid)

    def done_lines(self) -> list[str]:
        return [line for line in self.log_lines() if DESCRIBED.search(line) or FAILED.search(line)]

    def burst(self, number: int, presses: int, seconds: float) -> dict:
        """``presses`` presses in ``seconds``, each on a screen of its own; then the answer."""
        self.show_text("", title=f"Серия {number}")
        self.desktop.activate(self.our_window())
        heard_before = len(self.heard())
        done_before = len(self.done_lines())
        started = time.monotonic()
        for press in range(1, presses + 1):
            self.show_text(f"Серия {number}, нажатие {press}.", font=28, frame=(40, 40, 900, 400),
                           title=f"Серия {number}")
            self.press("screen")
            self.requests += 1
            pause = started + press * seconds / presses - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        took = time.monotonic() - started
        self.wait(lambda: len(self.done_lines()) > done_before, 240, f"the answer to burst {number}")
        self.quiet()
        done = self.done_lines()[done_before:]
        heard = self.heard()[heard_before:]
        marks = sorted({int(m) for line in heard for m in re.findall(rf"Серия {number}, нажатие (\d+)", line)})
        ids = [int(m.group(1)) for line in done if (m := DESCRIBED.search(line))]
        result = {"burst": number, "presses": presses, "seconds": round(took, 1), "descriptions_done": len(done),
                  "heard_lines": len(heard), "presses_heard": marks, "request_ids": ids,
                  "answered_once_by_the_last": len(done) == 1 and marks == [presses] and len(ids) == 1}
        log.info("burst %d: %s", number, result)
        return result

    def run(self, count: int, bursts: int, presses: int, seconds: float, minutes: float | None) -> Figures:
        started = self.began = time.monotonic()
        self.start()
        burst_at = set(self.burst_at) or {round(count * (b + 1) / (bursts + 1)) for b in range(bursts)}
        number = 0
        for index in range(1, count + 1):
            if minutes is not None and time.monotonic() - started > minutes * 60:
                log.warning("time is up after %d descriptions", index - 1)
                break
            self.describe(index, settle=index == 20)
            if index == 20:
                self.figures.probes.append(Probe.take("after description 20", self.app.pid))
            if index % 10 == 0:
                self.figures.rss_curve.append((index, round(rss_mb(self.app.pid), 1)))
                log.info("%d descriptions, RSS %.1f MB, %d threads, %d files", index, rss_mb(self.app.pid),
                         len(threads(self.app.pid)), len(open_files(self.app.pid)))
            if index in burst_at:
                number += 1
                self.figures.bursts.append(self.burst(number, presses, seconds))
        self.quiet()
        time.sleep(1.0)
        self.figures.probes.append(Probe.take("end", self.app.pid))
        return self.figures

    def temp_files(self) -> list[str]:
        """What the app keeps in its temporary folder (its instance socket, caches of libraries)."""
        tmp = self.workdir / "home" / "tmp"
        return sorted(p.name for p in tmp.iterdir()) if tmp.exists() else []

    def finish(self) -> None:
        """Errors the app logged, temporary files it left, minutes taken."""
        self.figures.minutes = round((time.monotonic() - self.began) / 60, 1)
        lines = self.log_lines() if (self.workdir / "app.log").exists() else []
        self.figures.errors_logged = sum(1 for line in lines if line.startswith(("ERROR", "CRITICAL", "Traceback")))
        self.figures.temp_files_left = self.temp_files()
        errors = [line for line in lines if line.startswith(("ERROR", "CRITICAL", "Traceback"))][:20]
        if errors:
            log.warning("the app logged errors: %s", errors)


# -- report -----------------------------------------------------------------------------------------

def report(figures: Figures) -> str:
    probes = {p.when: p for p in figures.probes}
    start, twenty, end = probes.get("start"), probes.get("after description 20"), probes.get("end")
    out = [f"CPU: {figures.machine.get('cpu')}, {figures.machine.get('cores')} cores, "
           f"avx512_bf16: {'yes' if figures.machine.get('avx512_bf16') else 'no'}",
           f"load at start: {figures.machine.get('uptime_start')}",
           f"load at end:   {figures.machine.get('uptime_end', '')}",
           f"descriptions: {figures.descriptions} in {figures.minutes} min; failed: {len(figures.failed)}; "
           f"crash: {figures.crash or 'none'}; errors logged: {figures.errors_logged}"]
    if figures.seconds_to_done:
        done, spoken = figures.seconds_to_done, figures.seconds_to_speech
        out.append(f"time per description (press → done): median {statistics.median(done):.2f} s, "
                   f"90th percentile {sorted(done)[int(0.9 * (len(done) - 1))]:.2f} s, max {max(done):.2f} s")
        out.append(f"press → first speech: median {statistics.median(spoken):.2f} s, max {max(spoken):.2f} s; "
                   f"in the app: median {statistics.median(figures.app_ms)} ms")
    if twenty and end:
        out.append(f"RSS: start {start.rss_mb if start else '?'} MB, after description 20 {twenty.rss_mb} MB, "
                   f"end {end.rss_mb} MB, growth since 20: {end.rss_mb - twenty.rss_mb:+.1f} MB")
    for probe in (start, twenty, end):
        if probe is not None:
            out.append(f"{probe.when}: {len(probe.threads)} threads, {len(probe.files)} open files, "
                       f"children {probe.children or 'none'}")
    if start and end:
        out.append(f"threads end - start: {difference(start.threads, end.threads) or 'none'}")
        out.append(f"files end - start: {difference(start.files, end.files) or 'none'}")
    for burst in figures.bursts:
        out.append(f"burst {burst['burst']}: {burst['presses']} presses in {burst['seconds']} s → "
                   f"{burst['descriptions_done']} description(s) done, presses heard {burst['presses_heard']}: "
                   f"{'answered once, by the last' if burst['answered_once_by_the_last'] else 'NOT answered once'}")
    out.append(f"temporary files at start: {figures.temp_files_start or 'none'}; "
               f"at the end: {figures.temp_files_left or 'none'}")
    out.append("processes started here and ended: "
               + "; ".join(f"{pid} {what}" for pid, what in figures.processes.items()))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--window", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-n", "--descriptions", type=int, default=500)
    parser.add_argument("--bursts", type=int, default=2)
    parser.add_argument("--burst-presses", type=int, default=100)
    parser.add_argument("--burst-seconds", type=float, default=10.0)
    parser.add_argument("--burst-at", type=lambda text: [int(n) for n in text.split(",")], default=[],
                        help="after which descriptions the bursts come (e.g. 100,200); overrides --bursts")
    parser.add_argument("--listen", type=float, default=1.0, help="seconds of each description heard")
    parser.add_argument("--minutes", type=float, default=None, help="stop starting descriptions after this")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.window:
        return window_main()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")

    def stop(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # ``kill PID`` stops the soak and still ends what it started
    soak = Soak(args.seed, args.listen)
    soak.burst_at = args.burst_at
    try:
        soak.run(args.descriptions, args.bursts, args.burst_presses, args.burst_seconds, args.minutes)
    except (RuntimeError, TimeoutError) as error:
        soak.figures.crash = str(error)
        log.error("the soak stopped: %s", error)
    except KeyboardInterrupt:
        log.warning("the soak was stopped")
        soak.figures.crash = "stopped by hand"
    finally:
        soak.finish()
        soak.figures.machine["uptime_end"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        soak.close()
    print(report(soak.figures))
    if args.json:
        args.json.write_text(json.dumps(asdict(soak.figures), ensure_ascii=False, indent=1), encoding="utf-8")
    ok = soak.figures.crash is None and all(b["answered_once_by_the_last"] for b in soak.figures.bursts)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
