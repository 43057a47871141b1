"""How soon the real app starts speaking after the hotkey, on a real desktop under Xvfb.

    python tools/first_words.py [--presses 20] [--size 1920x1080] [--theme light|dark]

A desktop from tools/screens (openbox, a task bar, Mousepad with a letter, a zenity question in
front) runs the app as a user runs it. Each press of Ctrl+Alt+Shift+D (xdotool) is timed to the
first line of speech the app hands to the sound device (``VIDIMO_SPEECH_LOG`` is written when an
utterance's first audio reaches the device) and to the last line of the description. The first
press after start is reported on its own. Prints medians and the worst, with the CPU.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.screens.desktop import Desktop, app_environment  # noqa: E402

QUESTION = "Вы действительно хотите удалить файл «отчёт.docx»?"
#: After the app logs a description as done, its last part is said within this long.
QUIET_S = 1.0
DESCRIBED = re.compile(r"request \d+ described in")
#: A press is given this long to be described.
LISTEN_S = 180


def _wait(predicate, timeout: float) -> float | None:  # noqa: ANN001 - any predicate
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(0.005)
    return None


def _cpu() -> str:
    from vidimo.bench import _cpu_flags, _cpu_name

    return f"{_cpu_name()} ({os.cpu_count()} cores; {' '.join(_cpu_flags())})"


def _listen(lines, before: int, finished) -> tuple[list[float], float | None]:  # noqa: ANN001 - callables
    """When each new line of speech came, until the app is done with the description and nothing
    more came for :data:`QUIET_S`; and when it was done (``None``: not within :data:`LISTEN_S`)."""
    said: list[float] = []
    count, ended = before, None
    deadline = time.monotonic() + LISTEN_S
    while time.monotonic() < deadline:
        now, seen = time.monotonic(), len(lines())
        said += [now] * (seen - count)
        count = max(count, seen)
        if ended is None and finished():
            ended = now
        if ended is not None and said and now - max(ended, said[-1]) >= QUIET_S:
            break
        time.sleep(0.005)
    return said, ended


def run(presses: int, size: tuple[int, int], theme: str) -> dict:
    home = Path(tempfile.mkdtemp(prefix="vidimo-first-words-"))
    log = home / "speech.log"
    lines = lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []  # noqa: E731
    with Desktop(size, theme, 1.0) as desktop:
        letter = desktop.write_file("Документы/письмо.txt", "Дорогая Анна!\nВстреча перенесена на четверг.\n")
        editor = desktop.open(["mousepad", letter], title="письмо.txt")
        desktop.place(editor, 60, 40, int(size[0] * 0.55), int(size[1] * 0.65))
        # A sound card that takes audio at once: each line is logged as soon as it is synthesized, so
        # the last line's time is when the whole description was ready to be heard.
        env = app_environment(desktop, home, instance=f"vidimo-first-words-{os.getpid()}", voice="rhvoice",
                              speech_log=log)
        started = time.monotonic()
        app = subprocess.Popen([sys.executable, "-m", "vidimo", "-v"], env=env, stdout=subprocess.DEVNULL,
                               stderr=open(home / "app.err", "w"))
        done = lambda: len(DESCRIBED.findall((home / "app.err").read_text(encoding="utf-8")))  # noqa: E731
        try:
            greeted = _wait(lambda: any(line.startswith("Видимо запущено") for line in lines()), 120)
            dialog = desktop.zenity("--question", f"--text={QUESTION}", "--ok-label=Да", "--cancel-label=Нет",
                                    title="Удаление файла")
            desktop.place(dialog, size[0] // 3, size[1] // 3)
            desktop.activate(dialog)
            first, total = [], []
            for press in range(presses + 1):
                before, described = len(lines()), done()
                pressed = time.monotonic()
                subprocess.run(["xdotool", "key", "ctrl+alt+shift+d"], env=env, check=True)
                said, finished = _listen(lines, before, lambda: done() > described)
                if not said or finished is None:
                    raise SystemExit(f"press {press}: not said in {LISTEN_S} s; see {home / 'app.err'}")
                first.append(said[0] - pressed)
                total.append(said[-1] - pressed)
                time.sleep(0.5)
        finally:
            app.terminate()
            app.wait(timeout=20)
    steady_first, steady_total = first[1:], total[1:]
    return {
        "cpu": _cpu(), "load": os.getloadavg(), "screen": f"{size[0]}×{size[1]} {theme}", "presses": presses,
        "start_to_greeting_s": round(greeted - started, 2) if greeted else None,
        "first_press": {"first_audio_s": round(first[0], 2), "described_s": round(total[0], 2)},
        "first_audio_s": {"median": round(statistics.median(steady_first), 2), "worst": round(max(steady_first), 2)},
        "described_s": {"median": round(statistics.median(steady_total), 2), "worst": round(max(steady_total), 2)},
        "last_description": " ".join(lines()[-3:]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    print(json.dumps(run(args.presses, (width, height), args.theme), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
