"""Makes real full-desktop screenshots with ground truth, reproducibly from a seed.

    python tools/screens/generate.py --seed 1 --count 60 --split eval OUT_DIR

Each screen is ``OUT_DIR/<split>-<seed>-<n>.png`` with ``.json`` beside it (see truth.py). The
run is a series of desktop sessions — one per look (resolution, light or dark, scale, fonts,
window-manager theme, wallpaper), the six resolution × theme pairs in turn — and within a
session the same running applications are moved, resized, stacked, minimised and refilled
between shots, with a new zenity dialog of the next kind in front of most of them, so a shot
costs a fraction of a second rather than a program start. ``eval`` and ``train`` use disjoint
text and page styles (content.py, pages.py).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import logging
import random
import shutil
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tools.screens import dialogs, truth  # noqa: E402
from tools.screens.content import SPLITS, Texts  # noqa: E402
from tools.screens.desktop import Desktop, DesktopError  # noqa: E402
from tools.screens.look import FONTS, OPENBOX_THEMES, SIZES, THEMES, Look  # noqa: E402
from tools.screens.pages import PageServer  # noqa: E402
from tools.screens.programs import Browser, Editor, Files, Program, Terminal, inside  # noqa: E402
from tools.screens.wallpaper import KINDS as WALLPAPERS  # noqa: E402
from Xlib.error import XError  # noqa: E402

log = logging.getLogger("screens")

#: Scales that make sense at each resolution (a 1280×800 screen at 2× is 640×400 of room), taken in
#: turn so that the first six sessions hold all four: 1, 1.25 / 1.5, 1 / 2, 1.5 (light / dark).
SCALES_FOR = {(1280, 800): (1.0, 1.25), (1920, 1080): (1.5, 1.0, 1.25), (2560, 1440): (2.0, 1.5, 1.25)}
DIALOG_SHARE = 0.75
#: How often a shown program gets new content (a restart for Mousepad and PCManFM; twice as often
#: for Chromium and xterm, which change in place).
REFILL_SHARE = 0.2
#: How often a shown program's window is resized rather than only moved.
RESIZE_SHARE = 0.35


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def plan(seed: int, count: int, split: str) -> list[tuple[Look, str, int]]:
    """(look, wallpaper kind, number of shots) per session; the six size × theme pairs in turn."""
    rng = random.Random(f"plan/{split}/{seed}")
    pairs = list(itertools.product(SIZES, THEMES))
    sessions = len(pairs) * max(1, round(count / (len(pairs) * 12))) if count >= len(pairs) else count
    per = [count // sessions + (1 if i < count % sessions else 0) for i in range(sessions)]
    looks = []
    for i, shots in enumerate(per):
        size, theme = pairs[i % len(pairs)]
        scales = SCALES_FOR[size]
        look = Look(size=size, theme=theme, scale=scales[(i // len(pairs) + THEMES.index(theme)) % len(scales)],
                    font=FONTS[0] if split == "eval" or rng.random() < 0.5 else rng.choice(FONTS),
                    font_size=rng.choice((9.0, 10.0, 10.0, 11.0)),
                    openbox_theme=OPENBOX_THEMES[theme][0] if split == "eval" else rng.choice(OPENBOX_THEMES[theme]))
        looks.append((look, rng.choice(WALLPAPERS), shots))
    return looks


class Session:
    """One desktop and its programs, making shots."""

    def __init__(self, desktop: Desktop, split: str, rng: random.Random, page_port: int) -> None:
        self.desktop, self.split, self.rng = desktop, split, rng
        look = desktop.look
        self.programs: list[Program] = [Editor(desktop, split), Files(desktop, split),
                                         Terminal(desktop, split, look.dark, look.scale),
                                         Browser(desktop, split, look.dark, look.scale, page_port, free_port())]
        self.dialog_pid: int | None = None
        self.dialog_id: int | None = None
        self.dialog_info: truth.WindowInfo | None = None
        #: The next shot's dialog, already starting: (pid, info, move it?, where to).
        self.pending: tuple | None = None
        kinds = dialogs.KINDS + dialogs.QT_KINDS
        self.kinds = itertools.cycle(rng.sample(kinds, len(kinds)))
        # Programs on the desktop may not see the repository (a home folder is hidden there).
        self.qt_tool = desktop.workdir / "qt_dialog.py"
        shutil.copy(Path(__file__).with_name("qt_dialog.py"), self.qt_tool)

    def start(self) -> None:
        for program in list(self.programs):
            try:
                program.start(self.rng)
            except DesktopError as error:
                log.warning("%s did not start (%s); trying once more", program.app, error)
                program.stop()
                try:
                    program.start(self.rng)
                except DesktopError:
                    log.warning("%s left out of this session", program.app)
                    program.stop()
                    self.programs.remove(program)
        if self.rng.random() < DIALOG_SHARE:
            self.prepare_dialog(self.rng)

    def layout(self, program: Program, rng: random.Random) -> None:
        """Raises the program's window and moves it; sometimes resizes it too (a resize costs a
        fresh accessibility tree, a move does not)."""
        width, height = self.desktop.look.size
        room = height - self.desktop.look.panel_height
        window = program.window()
        if window is None:
            return
        self.desktop.activate(window)
        w, h = window.frame[2] - window.frame[0], window.frame[3] - window.frame[1]
        resize = not isinstance(program, Terminal) and (rng.random() < RESIZE_SHARE or w > width or h > room)
        if resize:
            w = round(width * rng.uniform(0.35, 0.8))
            h = round(room * rng.uniform(0.45, 0.95))
        x = rng.randint(-w // 10, width - w + w // 10) if rng.random() < 0.2 else rng.randint(0, max(0, width - w))
        y = rng.randint(0, max(0, room - h))
        if resize:
            self.desktop.place(window, x, y, w, h)
        else:
            self.desktop.place(window, x, y)  # a terminal's size is its character grid

    def prepare_dialog(self, rng: random.Random) -> None:
        """Starts the next shot's dialog now, so that it loads while this shot is labelled."""
        kind = next(self.kinds)
        texts = Texts(self.split, rng)
        folder = next((p for p in self.programs if isinstance(p, Files) and p.info.content), None)
        text_file = self.desktop.home / "Документы" / f"текст-{rng.randrange(10**6)}.txt"
        text_file.parent.mkdir(exist_ok=True)
        text_file.write_text("\n\n".join(texts.paragraph(2) for _ in range(rng.randint(2, 5))), encoding="utf-8")
        folder_path = "/home/user"
        if folder is not None:
            folder_path = f"/home/user/Папки/{folder.info.content[0]}"
        env = None
        if kind in dialogs.QT_KINDS:
            spec, info = dialogs.qt_dialog(kind, texts, rng, folder=folder_path)
            spec_file = self.desktop.workdir / f"qt-{rng.randrange(10**9)}.json"
            spec_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
            argv = [sys.executable, str(self.qt_tool), str(spec_file)]
            env = {"VIDIMO_SCREENS_DARK": "1" if self.desktop.look.dark else "0"}
        else:
            argv, info = dialogs.dialog(kind, texts, rng, folder=folder_path,
                                        text_file=inside(self.desktop, text_file))
        if kind == "text-info":
            info.content += [p for p in text_file.read_text(encoding="utf-8").split("\n") if p]
        self.pending = (self.desktop.spawn(argv, env), info, rng.random() < 0.6, rng.random(), rng.random())

    def show_dialog(self) -> None:
        """Replaces the dialog on screen with the prepared one (or with none)."""
        if self.dialog_pid is not None:
            self.desktop.end(self.dialog_pid, kill=True)
            self.dialog_pid = self.dialog_id = self.dialog_info = None
        if self.pending is None:
            return
        pid, info, move, dx, dy = self.pending
        self.pending = None
        window = self.desktop.wait_window(pid=pid, timeout=30)
        self.dialog_pid, self.dialog_id, self.dialog_info = pid, window.id, info
        if move:
            width, height = self.desktop.look.size
            fw, fh = window.frame[2] - window.frame[0], window.frame[3] - window.frame[1]
            x = min(max(0, window.frame[0] + round((dx - 0.5) * width / 2)), max(0, width - fw))
            y = min(max(0, window.frame[1] + round((dy - 0.5) * height / 2.5)), max(0, height - fh))
            window = self.desktop.place(window, x, y)
        self.desktop.activate(window)

    def shot(self, rng: random.Random, moves: int = 0) -> list[tuple]:
        """Arranges the desktop and takes one screen, then ``moves`` more with the front window
        moved elsewhere (cheap: nothing restarts, no tree is read again); returns
        [(image, truth, raw trees)]."""
        if self.pending is not None:
            # Its window takes the focus when it maps: let that happen before arranging the rest.
            self.desktop.wait_window(pid=self.pending[0], timeout=30)
        shown = rng.sample(self.programs, rng.randint(1, len(self.programs)))
        for program in self.programs:
            share = 2 * REFILL_SHARE if isinstance(program, (Browser, Terminal)) else REFILL_SHARE
            if program.pid is None or (program in shown and rng.random() < share):
                program.refill(rng)
        for program in self.programs:
            window = program.window()
            if program not in shown and window is not None and not window.hidden:
                self.desktop.iconify(window)
        for program in shown:
            self.layout(program, rng)
        self.show_dialog()
        taken = []
        for move in range(moves + 1):
            if move:
                self.move_front(rng)
            taken.append(self.take(last=move == moves))
        return taken

    def move_front(self, rng: random.Random) -> None:
        """Moves the active window to another place on the screen."""
        front = next((w for w in reversed(self.desktop.windows()) if w.active), None)
        if front is None:
            return
        width, height = self.desktop.look.size
        room = height - self.desktop.look.panel_height
        w, h = front.frame[2] - front.frame[0], front.frame[3] - front.frame[1]
        self.desktop.place(front, rng.randint(0, max(0, width - w)), rng.randint(0, max(0, room - h)))

    def take(self, last: bool = True) -> tuple:
        """Captures the screen and labels it; after the ``last`` capture of an arrangement the next
        dialog starts loading while this one is labelled."""
        image = self.desktop.capture()
        windows = self.desktop.windows()
        if last and self.rng.random() < DIALOG_SHARE:
            self.prepare_dialog(self.rng)
        infos = {}
        wanted: dict[int, tuple] = {}
        for program in self.programs:
            window = next((w for w in windows if w.id == program.window_id), None)
            if window is None or window.hidden or program.pid is None:
                continue
            if isinstance(program, Terminal):
                program.place_lines(window)
            infos[window.id] = program.info
            wanted[program.pid] = (hash(tuple(program.info.content)), window.client[2] - window.client[0],
                                   window.client[3] - window.client[1])
        if self.dialog_id is not None and self.dialog_info is not None and self.dialog_pid is not None:
            infos[self.dialog_id] = self.dialog_info
            wanted[self.dialog_pid] = (self.dialog_id,)
        apps = self.desktop.trees(wanted)
        labels = truth.build(windows, apps, infos, self.desktop.look)
        raw = {"windows": [asdict(w) for w in windows], "apps": apps,
               "infos": {str(k): asdict(v) for k, v in infos.items()}}
        return image, labels, raw

    def close(self) -> None:
        for program in self.programs:
            program.pid = None


def generate(seed: int, count: int, split: str, out: Path, keep_raw: bool = False, moves: int = 0) -> dict:
    """Makes ``count`` screens into ``out``; returns a summary (screens per second among them)."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    shot_seconds = 0.0
    made = 0
    with PageServer() as server, ThreadPoolExecutor(max_workers=1) as writer:
        pending = []
        for session_index, (look, wallpaper_kind, shots) in enumerate(plan(seed, count, split)):
            rng = random.Random(f"session/{split}/{seed}/{session_index}")
            log.info("session %d: %s %s ×%g, %d screens", session_index, look.size, look.theme, look.scale, shots)
            with Desktop(look=look, wallpaper_kind=wallpaper_kind, seed=rng.randrange(2**31)) as desktop:
                session = Session(desktop, split, rng, server.port)
                session.start()
                shot_index = 0
                while shot_index < shots:
                    shot_rng = random.Random(f"shot/{split}/{seed}/{session_index}/{shot_index}")
                    began = time.monotonic()
                    try:
                        taken = session.shot(shot_rng, moves=min(moves, shots - shot_index - 1))
                    except (DesktopError, XError) as error:
                        log.warning("shot skipped: %s", error)
                        shot_index += 1
                        continue
                    shot_seconds += time.monotonic() - began
                    shot_index += len(taken)
                    for image, labels, raw in taken:
                        name = f"{split}-{seed}-{made:05d}"
                        labels.update({
                            "image": f"{name}.png", "seed": seed, "split": split, "session": session_index,
                            "look": asdict(look), "wallpaper": wallpaper_kind,
                            "theme": look.theme, "scale": look.scale,
                        })
                        pending.append(writer.submit(_save, out, name, image, labels, raw if keep_raw else None))
                        made += 1
                session.close()
        for job in pending:
            job.result()
    total = time.monotonic() - started
    return {"screens": made, "seconds": round(total, 1), "screens_per_second": round(made / max(total, 1e-9), 2),
            "screens_per_second_of_running_desktop": round(made / max(shot_seconds, 1e-9), 2)}


def _save(out: Path, name: str, image, labels: dict, raw: dict | None) -> None:  # noqa: ANN001 - PIL image
    image.save(out / f"{name}.png", compress_level=1)
    (out / f"{name}.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1), encoding="utf-8")
    if raw is not None:
        with gzip.open(out / f"{name}.raw.json.gz", "wt", encoding="utf-8") as handle:
            json.dump(raw, handle, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--split", choices=SPLITS, default="eval")
    parser.add_argument("--moves", type=int, default=None,
                        help="extra screens per arrangement with the front window moved "
                             "(default: 0 for eval, 2 for train, where speed matters)")
    parser.add_argument("--raw", action="store_true",
                        help="also keep the window list and accessibility trees (to rebuild the truth)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    moves = args.moves if args.moves is not None else (0 if args.split == "eval" else 2)
    summary = generate(args.seed, args.count, args.split, args.out, keep_raw=args.raw, moves=moves)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
