"""The long-running applications of a generated desktop, each able to show new content without
a restart where the application allows it: Mousepad (a Russian document), PCManFM (a folder of
Russian file names, in icon, compact or list view), xterm (a shell session, refilled through a
FIFO) and Chromium (generated pages, switched through its DevTools HTTP endpoints).
"""
from __future__ import annotations

import json
import logging
import os
import random
import textwrap
import time
import urllib.request
from pathlib import Path

from tools.screens import namespace
from tools.screens.content import EXTENSIONS, Texts
from tools.screens.desktop import Desktop, DesktopError
from tools.screens.pages import HOST, TEMPLATES, Page, styles
from tools.screens.truth import WindowInfo
from tools.screens.x11 import Window

log = logging.getLogger(__name__)


def inside(desktop: Desktop, path: Path) -> str:
    """The path a program on the desktop sees for a file under the desktop's home."""
    return namespace.HOME + "/" + str(path.relative_to(desktop.home)) if desktop.home in path.parents else str(path)


class Program:
    """One application window on the desktop."""

    app = ""

    def __init__(self, desktop: Desktop, split: str) -> None:
        self.desktop = desktop
        self.split = split
        self.pid: int | None = None
        self.window_id: int | None = None
        self.info = WindowInfo(app=self.app, kind=self.app)

    def window(self) -> Window | None:
        return next((w for w in self.desktop.windows() if w.id == self.window_id), None)

    def stop(self) -> None:
        if self.pid is not None:
            self.desktop.end(self.pid)
        self.pid = self.window_id = None

    def refill(self, rng: random.Random) -> None:
        """New content (restarting the program where it cannot change in place)."""
        self.stop()
        self.start(rng)

    def start(self, rng: random.Random) -> None:
        raise NotImplementedError


class Editor(Program):
    """Mousepad with a document of Russian sentences, lines kept under 70 characters."""

    app = "mousepad"

    def start(self, rng: random.Random) -> None:
        texts = Texts(self.split, rng)
        folder = self.desktop.home / "Документы"
        folder.mkdir(exist_ok=True)
        path = folder / texts.file_name("txt")
        lines: list[str] = []
        for _ in range(rng.randint(2, 6)):
            lines += textwrap.wrap(texts.paragraph(rng.randint(1, 3)), rng.randint(48, 70)) + [""]
        path.write_text("\n".join(lines), encoding="utf-8")
        self.pid = self.desktop.spawn(["mousepad", inside(self.desktop, path)])
        self.window_id = self.desktop.wait_window(title=path.name, timeout=30).id
        self.info = WindowInfo(app=self.app, kind="editor", content=[path.name, *[x for x in lines if x]])


class Files(Program):
    """PCManFM on a folder of Russian file and folder names."""

    app = "pcmanfm"

    def start(self, rng: random.Random) -> None:
        texts = Texts(self.split, rng)
        base = self.desktop.home / "Папки"
        folder = base / f"{texts.folder()} {rng.randrange(1000)}"
        folder.mkdir(parents=True, exist_ok=True)
        names = set()
        while len(names) < rng.randint(4, 14):
            names.add(texts.file_name() if rng.random() < 0.75 else texts.folder())
        stamp = 1_700_000_000 + rng.randrange(50_000_000)
        for name in sorted(names):
            path = folder / name
            if "." in name and name.rsplit(".", 1)[1] in EXTENSIONS:
                path.write_bytes(b"x" * rng.randrange(1, 300_000))
            else:
                path.mkdir(exist_ok=True)
            os.utime(path, (stamp, stamp - rng.randrange(10_000_000)))
        config = self.desktop.home / ".config" / "pcmanfm" / "default"
        config.mkdir(parents=True, exist_ok=True)
        view = rng.choice(["icon", "compact", "list"])
        (config / "pcmanfm.conf").write_text(
            f"[ui]\nview_mode={view}\nshow_hidden=0\nside_pane_mode={rng.choice(['places', 'dirtree'])}\n"
            f"show_statusbar={rng.choice([0, 1])}\n", encoding="utf-8")
        self.pid = self.desktop.spawn(["pcmanfm", "--no-desktop", inside(self.desktop, folder)])
        self.window_id = self.desktop.wait_window(title=folder.name, timeout=30).id
        self.info = WindowInfo(app=self.app, kind=f"files-{view}", content=[folder.name, *sorted(names)])


class Terminal(Program):
    """xterm reading what to show from a FIFO, so a refill is a write, not a restart."""

    app = "xterm"
    BORDER = 2

    def __init__(self, desktop: Desktop, split: str, dark: bool, scale: float) -> None:
        super().__init__(desktop, split)
        self.dark = dark
        self.scale = scale
        self.fifo = desktop.workdir / f"terminal-{id(self)}"
        self.columns, self.rows = 80, 24

    def start(self, rng: random.Random) -> None:
        if not self.fifo.exists():
            os.mkfifo(self.fifo)
        self.columns, self.rows = rng.randint(60, 100), rng.randint(14, 30)
        colours = ["-bg", "#1e1e1e", "-fg", "#d0d0d0"] if self.dark else ["-bg", "white", "-fg", "black"]
        self.pid = self.desktop.spawn([
            "xterm", "-u8", "-xrm", "XTerm*utf8Title: true", "-fa", "DejaVu Sans Mono",
            "-fs", f"{10 * self.scale:g}", "-geometry", f"{self.columns}x{self.rows}", *colours,
            "-e", "sh", "-c", f"while true; do cat {self.fifo}; done"])
        self.window_id = self.desktop.wait_window(pid=self.pid, timeout=30).id
        self.write(rng)

    def refill(self, rng: random.Random) -> None:
        if self.pid is None:
            self.start(rng)
        else:
            self.write(rng)

    def write(self, rng: random.Random) -> None:
        from tools.screens.content import COMMANDS

        texts = Texts(self.split, rng)
        host = rng.choice(["ноутбук", "дом", "работа", "сервер"])
        prompt = f"user@{host}:~$ "
        title = f"user@{host}: ~"
        shown: list[str] = []
        while len(shown) < self.rows - 6:
            command, kind = rng.choice(COMMANDS[self.split])
            shown.append(prompt + command)
            if kind == "sentences" or command.startswith(("cat", "head")):
                shown += textwrap.wrap(texts.paragraph(2), self.columns - 1)
            elif command.startswith("echo"):
                shown.append(command.split(" ", 1)[1])
            elif command.startswith("ls"):
                shown += textwrap.wrap("  ".join(texts.file_name().replace(" ", "_") for _ in range(6)),
                                       self.columns - 1)
            else:
                shown.append(texts.label(30))
        shown = shown[: self.rows - 2] + [prompt]
        payload = f"\033]2;{title}\007\033[2J\033[H" + "\r\n".join(shown)
        deadline = time.monotonic() + 10
        while True:
            try:
                handle = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise DesktopError("the terminal does not read its FIFO") from None
                time.sleep(0.02)
        os.set_blocking(handle, True)
        os.write(handle, payload.encode("utf-8"))
        os.close(handle)
        self.desktop.wait(lambda: (w := self.window()) is not None and w.title == title, 10, "the terminal title")
        self.info = WindowInfo(app=self.app, kind="terminal", content=[title, *shown])
        self.lines = shown

    def place_lines(self, window: Window) -> None:
        """Boxes of the printed lines, from the character cell the window's size implies."""
        width = window.client[2] - window.client[0] - 2 * self.BORDER
        height = window.client[3] - window.client[1] - 2 * self.BORDER
        cell_w, cell_h = width / self.columns, height / self.rows
        self.info.lines = [
            (line, (self.BORDER, round(self.BORDER + i * cell_h), round(self.BORDER + len(line) * cell_w),
                    round(self.BORDER + (i + 1) * cell_h)))
            for i, line in enumerate(self.lines) if line.strip()]


class Browser(Program):
    """Chromium showing generated pages; a refill opens the next page in a new tab and closes the old."""

    app = "chromium"

    def __init__(self, desktop: Desktop, split: str, dark: bool, scale: float, port: int, debug_port: int) -> None:
        super().__init__(desktop, split)
        self.dark, self.scale, self.port, self.debug_port = dark, scale, port, debug_port
        self.page: Page | None = None

    def _page(self, rng: random.Random) -> Page:
        template = rng.choice(TEMPLATES + ("news",))  # news cards twice as often: the hardest page
        dark_page = self.dark if rng.random() < 0.8 else not self.dark
        return Page(self.split, template, rng.choice(styles(self.split, dark_page)), rng.randrange(10**6))

    def start(self, rng: random.Random) -> None:
        self.page = self._page(rng)
        width, height = self.desktop.look.size
        argv = ["chromium", "--lang=ru", "--no-first-run", "--no-default-browser-check", "--disable-sync",
                "--password-store=basic", "--disable-gpu", "--test-type", "--disable-features=Translate",
                f"--user-data-dir={namespace.HOME}/.chromium", "--force-renderer-accessibility",
                f"--remote-debugging-port={self.debug_port}", f"--force-device-scale-factor={self.scale:g}",
                f"--host-resolver-rules=MAP {HOST} 127.0.0.1:{self.port}",
                f"--window-size={width * 2 // 3},{height * 2 // 3}", "--window-position=40,40"]
        if self.dark:
            argv.append("--force-dark-mode")
        self.pid = self.desktop.spawn([*argv, f"http://{HOST}{self.page.path}"])
        self.window_id = self.desktop.wait_window(title=self.page.title or None, pid=None if self.page.title
                                                  else self.pid, timeout=60).id
        self._loaded()

    def _loaded(self) -> None:
        assert self.page is not None

        def showing() -> Window | None:
            # Chromium may replace its window (at a new scale factor): find it by title again.
            return next((w for w in reversed(self.desktop.windows()) if w.wm_class.lower().startswith("chrom")
                         and w.title.startswith(self.page.title)), None)

        self.window_id = self.desktop.wait(showing, 30, "the page").id
        self.info = WindowInfo(app=self.app, kind=f"page-{self.page.template}", content=list(self.page.content))

    def _devtools(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(f"http://127.0.0.1:{self.debug_port}{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310 - our own local Chromium
            body = reply.read()
        try:
            return json.loads(body)
        except ValueError:
            return body

    def refill(self, rng: random.Random) -> None:
        if self.pid is None:
            self.start(rng)
            return
        old = [t["id"] for t in self._devtools("/json/list") if t.get("type") == "page"]
        self.page = self._page(rng)
        self._devtools(f"/json/new?http://{HOST}{self.page.path}", "PUT")
        for tab in old:
            self._devtools(f"/json/close/{tab}")
        self._loaded()
