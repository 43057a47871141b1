"""An accessibility audit of every Vidimo window, as a screen reader sees it (AT-SPI).

Under Xvfb with a D-Bus session and the accessibility bus, the windows are walked with
``python3-pyatspi``: the audit fails on a focusable control without a name, a field's label not
tied to it, a window title that repeats the app's name, or a control that Tab cannot reach. A
window made with each of those faults proves the audit catches them.
"""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_session import TESTS, DesktopSession, missing_programs, wait_for

APP_NAME = "Видимо"
#: Roles of containers: focusable in Qt's eyes at times, never a stop a user needs a name for.
CONTAINERS = {"frame", "dialog", "window", "filler", "panel", "scroll pane", "viewport", "grouping",
              "application", "page tab", "unknown"}
#: Roles a Tab press may stop on.
CONTROLS = {"push button", "check box", "radio button", "combo box", "text", "password text", "slider",
            "spin button", "list", "list box", "table", "tree", "page tab list", "entry", "toggle button",
            "editbar", "tree table"}

pytestmark = pytest.mark.skipif(bool(missing_programs()),
                                reason=f"needs {', '.join(missing_programs())} (installer/dev-packages.sh)")


@dataclass(frozen=True)
class Fault:
    """One finding of the audit: the window, what is wrong, and the control."""

    window: str
    kind: str
    control: str

    def __str__(self) -> str:
        return f"{self.window}: {self.kind}: {self.control}"


def describe(node: dict) -> str:
    return f"{node['role']} «{node['name']}» ({node['path']})"


def is_control(node: dict) -> bool:
    return node["role"] in CONTROLS and "focusable" in node["states"] and "enabled" in node["states"]


def tree_faults(window: list[dict]) -> list[Fault]:
    """Faults seen in one window's tree: its title, unnamed controls, labels not tied to a control."""
    title = window[0]["name"]
    faults = []
    if not title:
        faults.append(Fault("(без названия)", "окно без названия", window[0]["role"]))
    elif title.count(APP_NAME) > 1:
        faults.append(Fault(title, "название окна повторяет имя программы", title))
    names = {n["name"].strip().rstrip(":").strip() for n in window if is_control(n)}
    for node in window[1:]:
        if is_control(node) and not node["name"].strip():
            faults.append(Fault(title, "элемент без имени", describe(node)))
        if node["role"] == "label" and not node["relations"].get("label for"):
            text = node["name"].strip()
            if text.endswith(":") or text.rstrip(":").strip() in names:
                faults.append(Fault(title, "подпись не связана с полем", describe(node)))
    return faults


def focused(walker, pid: int, window_index: int) -> str | None:
    nodes = walker.window(pid, window_index)
    return next((n["path"] for n in nodes if "focused" in n["states"] and n["role"] in CONTROLS), None)


def tab_faults(session: DesktopSession, walker, pid: int, window_index: int, window: list[dict]) -> list[Fault]:
    """Controls Tab never reaches: the focus is put on the window's first control, then Tab is pressed
    until the focus comes back to where it started."""
    controls = [n for n in window if is_control(n)]
    if not controls:
        return []
    start = controls[0]
    session.focus_window(pid, window[0]["name"])
    assert walker.focus(pid, start), f"{window[0]['name']}: no focus for {describe(start)}"
    wait_for(lambda: focused(walker, pid, window_index) == start["path"], 10, f"focus on {describe(start)}")
    reached = {start["path"]}
    for _ in range(len(controls) + 5):
        session.key("Tab")
        now = wait_for(lambda: focused(walker, pid, window_index), 10, "the focus after Tab")
        if now == start["path"]:
            break
        reached.add(now)
    return [Fault(window[0]["name"], "Tab не доходит до элемента", describe(n)) for n in controls
            if n["path"] not in reached]


def audit(session: DesktopSession, walker, pid: int) -> tuple[list[str], list[Fault]]:
    """The titles of the program's windows, and every fault found in them."""
    windows = walker.windows(pid)
    faults: list[Fault] = []
    for index, window in enumerate(windows):
        faults += tree_faults(window)
        faults += tab_faults(session, walker, pid, index, window)
    for title in session.window_titles(pid):
        if title.count(APP_NAME) > 1:
            faults.append(Fault(title, "заголовок окна на экране повторяет имя программы", title))
    return [w[0]["name"] for w in windows], faults


@pytest.fixture()
def session(tmp_path: Path):
    desktop = DesktopSession(tmp_path / "home")
    yield desktop
    desktop.close()


def start_windows(session: DesktopSession, *options: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, str(TESTS / "a11y_windows.py"), *options], env=session.env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    session.processes.append(process)
    assert process.stdout.readline().strip() == "ready"
    return process


def test_every_vidimo_window_passes_the_audit(session):
    app = start_windows(session)
    walker = session.walker()
    wait_for(lambda: len(walker.windows(app.pid)) >= 6, 30, "the windows in the accessibility tree")
    titles, faults = audit(session, walker, app.pid)
    for expected in ("Видимо", "Настройки — Видимо", "Скачать модели — Видимо", "Проверка — Видимо"):
        assert expected in titles, titles
    assert len(titles) >= 6, titles
    assert [str(f) for f in faults] == [], "\n".join(str(f) for f in faults)
    # The settings window as a screen reader meets it: named, labelled controls of every kind.
    settings = next(w for w in walker.windows(app.pid) if w[0]["name"].startswith("Настройки"))
    named = {(n["role"], n["name"]) for n in settings if is_control(n)}
    for control in (("check box", "Запускать при входе в систему"), ("slider", "Громкость, процентов"),
                    ("text", "Описать экран")):
        assert control in named, [c for c in sorted(named) if c[0] == control[0]]
    # A combo box is named by its choice; its label is tied to it, so a screen reader says both.
    by_path = {n["path"]: n for n in settings}
    voice_label = next(n for n in settings if n["role"] == "label" and n["name"] == "Голос:")
    assert [by_path[p]["role"] for p in voice_label["relations"]["label for"]] == ["combo box"]
    hotkey = next(n for n in settings if n["role"] == "text" and n["name"] == "Описать экран")
    assert hotkey["text"] == "Ctrl+Alt+Shift+D" and "Нажмите сочетание клавиш" in hotkey["description"]


def test_the_audit_fails_on_an_unnamed_control_an_untied_label_a_repeated_name_and_a_tab_gap(session):
    app = start_windows(session, "--flawed")
    walker = session.walker()
    wait_for(lambda: any("окно с ошибками" in w[0]["name"] for w in walker.windows(app.pid)), 30,
             "the flawed window")
    _titles, faults = audit(session, walker, app.pid)
    kinds = {f.kind for f in faults if "окно с ошибками" in f.window}
    assert kinds == {"элемент без имени", "подпись не связана с полем", "Tab не доходит до элемента",
                     "название окна повторяет имя программы",
                     "заголовок окна на экране повторяет имя программы"}, [str(f) for f in faults]
    # Each fault is found once, and nothing else is: a field named and tied to its label passes.
    assert len(faults) == 5 and not any("Адрес сервера" in f.control for f in faults), [str(f) for f in faults]
