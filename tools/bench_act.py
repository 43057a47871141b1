"""What the elements list adds to detection, hotkey to click, measured in the running app.

Starts Xvfb, openbox and ``python -m vidimo -v`` (interface and text only, the silent voice), opens
a zenity checklist, and N times: presses Ctrl+Alt+Shift+E, waits for the list, types «Почта», Down,
Enter. The app logs its own timings of each command (``explore timings: …``); this script reads
them and prints the medians:

- ``capture``: the hotkey's grab of the window; ``list``: the result put in the list, shown, said;
- ``detection``: the worker's interface and text reading (what the rest is added to);
- ``to_front``: Enter until the window manager has the listed window in front again;
- ``keys_held``: the wait for the Enter key to be released (how long the user holds it);
- ``verify_and_click``: the element's area grabbed again and compared, then the click.

Added to detection = capture + list + to_front + verify_and_click (``keys_held`` is the user's).

    python tools/bench_act.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = ("capture", "list", "detection", "to_front", "keys_held", "verify_and_click", "enter_to_click")
ADDED = ("capture", "list", "to_front", "verify_and_click")
TIMINGS = re.compile(r"explore timings: (.*)")


def wait_for(predicate, timeout: float, what: str):  # noqa: ANN001, ANN201 - any predicate, its value
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {what}")


def _cpu() -> str:
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        text = info.read()
    name = re.search(r"model name\s*:\s*(.*)", text)
    flags = re.search(r"flags\s*:\s*(.*)", text)
    bf16 = "avx512_bf16" in (flags.group(1).split() if flags else [])
    return f"{name.group(1) if name else '?'}, {os.cpu_count()} cores, avx512_bf16: {'yes' if bf16 else 'no'}"


def run(runs: int) -> dict[str, list[float]]:
    home = Path(tempfile.mkdtemp(prefix="vidimo-bench-act-"))
    processes: list[subprocess.Popen] = []
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    processes.append(xvfb)
    env = {**os.environ, "DISPLAY": f":{xvfb.stdout.readline().strip()}", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / ".config"), "VIDIMO_SPEECH_LOG": str(home / "speech.log"),
           "VIDIMO_INSTANCE": f"vidimo-bench-{os.getpid()}", "HF_HUB_OFFLINE": "1", "YOLO_OFFLINE": "1",
           "NO_AT_BRIDGE": "1", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "VIDIMO_DEBUG"):
        env.pop(name, None)
    (home / ".asoundrc").write_text('pcm.!default { type file slave.pcm "null" file "/dev/null" format "raw" }\n')
    config = home / ".config" / "Vidimo"
    config.mkdir(parents=True)
    (config / "Vidimo.conf").write_text(
        "[General]\nstage_caption=false\nstage_people=false\nvoice_engine=silent\n", encoding="utf-8")
    log = home / "app.err"

    def xdo(*args: str) -> str:
        return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True).stdout.strip()

    def layout(name: str) -> None:
        subprocess.run(["setxkbmap", "-layout", name], env=env, check=True)
        time.sleep(0.3)

    def said() -> list[str]:
        path = home / "speech.log"
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    found: dict[str, list[float]] = {step: [] for step in STEPS}
    try:
        layout("us,ru")
        processes.append(subprocess.Popen(["openbox"], env=env, stderr=subprocess.DEVNULL))
        time.sleep(1)
        with log.open("w") as errors:
            processes.append(subprocess.Popen([sys.executable, "-m", "vidimo", "-v"], env=env,
                                              stdout=subprocess.DEVNULL, stderr=errors))
        wait_for(said, 120, "the app's greeting")
        for index in range(runs + 1):  # the first run warms the models up and is not counted
            dialog = subprocess.Popen(["zenity", "--list", "--checklist", "--title=Выбор", "--text=Что включить?",
                                       "--column=", "--column=Параметр", "FALSE", "Почта", "TRUE", "Календарь"],
                                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for(lambda: xdo("getactivewindow", "getwindowname") == "Выбор", 30, "the dialog")
            time.sleep(0.5)
            before, logged = len(said()), len(TIMINGS.findall(log.read_text(encoding="utf-8")))
            layout("us,ru")
            xdo("key", "ctrl+alt+shift+e")
            wait_for(lambda: any(line.startswith("Элементы окна") for line in said()[before:]), 120, "the list")
            wait_for(lambda: xdo("getactivewindow", "getwindowname").startswith("Элементы окна"), 30, "its focus")
            layout("ru,us")
            xdo("type", "--delay", "40", "Почта")
            xdo("key", "--delay", "40", "Down", "Return")
            lines = wait_for(lambda: TIMINGS.findall(log.read_text(encoding="utf-8"))[logged:], 60, "the click")
            dialog.kill()
            dialog.wait()
            time.sleep(1.5)  # what changed after the click is said; the list goes away with the dialog
            if index == 0:
                continue
            values = dict(re.findall(r"(\w+) ([\d.]+) ms", lines[-1]))
            for step in STEPS:
                found[step].append(float(values.get(step, "nan")))
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    found = run(args.runs)
    print(f"CPU: {_cpu()}; load average {os.getloadavg()[0]:.1f}; {args.runs} runs (medians, ms)")
    for step in STEPS:
        print(f"{step:>18}: {statistics.median(found[step]):8.1f}   ({', '.join(f'{v:.0f}' for v in found[step])})")
    added = [sum(found[step][i] for step in ADDED) for i in range(args.runs)]
    print(f"{'added to detection':>18}: {statistics.median(added):8.1f}   (max {max(added):.1f}; target ≤ 150)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
