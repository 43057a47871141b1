"""The desktop's inside helper: starts programs as the unprivileged user and reads their
accessibility trees.

It runs inside the user and mount namespaces that :mod:`tools.screens.session` sets up, under
Debian's own ``/usr/bin/python3`` (``python3-pyatspi`` is a system package the project's venv
cannot import), so it uses nothing but the standard library and ``pyatspi``. It owns a D-Bus
session and the accessibility bus, is a child subreaper (every program it starts, and every
program those start, ends up its descendant), and at ``quit`` ends them all.

Protocol: one JSON object per line on stdin, one JSON reply per line on stdout.

- ``{"op": "spawn", "argv": [...], "env": {...}, "cwd": "..."}`` → ``{"pid": N}``
- ``{"op": "end", "pid": N, "kill": bool}`` → ``{"ended": [pids]}`` (the process and its descendants;
  ``kill``: SIGKILL at once, for programs with nothing to save)
- ``{"op": "alive", "pid": N}`` → ``{"alive": bool}``
- ``{"op": "tree", "pids": [...] | null}`` → ``{"apps": [{"pid", "name", "nodes": [...]}]}``
- ``{"op": "quit"}`` → ``{"ended": [pids]}``, then the agent exits.

A tree node is ``{"parent", "role", "name", "text", "states", "box", "value"}``: ``box`` is
``[x, y, width, height]`` in desktop coordinates as the toolkit reports them (see
``tools/screens/truth.py`` for how they are mapped onto the screenshot), ``text`` the content of
the Text interface (embedded-object characters removed), ``value`` a slider's current value.
Only showing nodes are listed (a node that is not showing hides its children too).
"""
from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
#: States worth keeping; the rest are noise for our use.
KEPT_STATES = {"active", "checked", "checkable", "editable", "enabled", "expanded", "focused", "focusable",
               "indeterminate", "pressed", "selected", "sensitive", "showing", "visible", "multi line",
               "single line", "is default", "read only", "selectable", "visited"}
MAX_LINES = 200
MAX_NODES = 6000
MAX_TEXT = 4000
OBJECT_REPLACEMENT = "\ufffc"

children: dict[int, subprocess.Popen] = {}


def log(message: str) -> None:
    print(f"agent: {message}", file=sys.stderr, flush=True)


def descendants(root: int) -> list[int]:
    """PIDs below ``root``, from /proc (children before their parents are listed last)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read().decode("utf-8", "replace")
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found: list[int] = []
    stack = [root]
    while stack:
        for child in parents.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def reap() -> None:
    """Collect every exited child (as a subreaper, orphans are ours to wait for)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.pop(pid, None)


def end(pids: list[int], grace: float = 3.0, first: int = signal.SIGTERM) -> list[int]:
    """``first`` (SIGTERM), then SIGKILL after ``grace`` seconds; returns the PIDs signalled."""
    signalled = []
    for pid in pids:
        try:
            os.kill(pid, first)
            signalled.append(pid)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        reap()
        if not any(os.path.exists(f"/proc/{pid}") and not zombie(pid) for pid in signalled):
            break
        time.sleep(0.01)
    for pid in signalled:
        if os.path.exists(f"/proc/{pid}") and not zombie(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    reap()
    return signalled


def zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("utf-8", "replace")
    except OSError:
        return True
    return stat[stat.rindex(")") + 2] == "Z"


def spawn(argv: list[str], env: dict[str, str] | None, cwd: str | None, log_path: str | None) -> int:
    full_env = dict(os.environ)
    full_env.update(env or {})
    output = open(log_path, "ab") if log_path else subprocess.DEVNULL
    process = subprocess.Popen(argv, env=full_env, cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=output, stderr=output)
    if log_path:
        output.close()
    children[process.pid] = process
    return process.pid


def start_buses() -> None:
    """A private D-Bus session and the accessibility bus, both our children."""
    address_pipe = os.pipe()
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile",
                               f"--print-address={address_pipe[1]}"], pass_fds=(address_pipe[1],),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(address_pipe[1])
    address = os.read(address_pipe[0], 4096).decode().strip().splitlines()[0]
    os.close(address_pipe[0])
    children[daemon.pid] = daemon
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children[launcher.pid] = launcher
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        probe = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                                "org.a11y.Bus.GetAddress"], capture_output=True)
        if probe.returncode == 0:
            return
        time.sleep(0.05)
    log("the accessibility bus did not start")


def node_text(accessible, pyatspi) -> tuple[str | None, list | None]:  # noqa: ANN001
    """The Text interface's content, and its visual lines as ``[text, x, y, w, h]``."""
    try:
        text = accessible.queryText()
    except NotImplementedError:
        return None, None
    except Exception:  # noqa: BLE001 - a dying application answers with D-Bus errors
        return None, None
    try:
        count = text.characterCount
        content = text.getText(0, min(count, MAX_TEXT)) if count > 0 else ""
    except Exception:  # noqa: BLE001
        return None, None
    lines = []
    if content.strip(OBJECT_REPLACEMENT + " \n\t"):
        offset = 0
        try:
            while offset < min(count, MAX_TEXT) and len(lines) < MAX_LINES:
                line, start, end = text.getTextAtOffset(offset, pyatspi.TEXT_BOUNDARY_LINE_START)
                if end <= offset:
                    break
                clean = line.replace(OBJECT_REPLACEMENT, " ").strip()
                if clean:
                    x, y, w, h = text.getRangeExtents(start, end, pyatspi.DESKTOP_COORDS)
                    lines.append([clean, x, y, w, h])
                offset = end
        except Exception:  # noqa: BLE001 - some toolkits do not do line boundaries
            lines = []
    return content.replace(OBJECT_REPLACEMENT, " ").strip(), lines or None


def node_actions(accessible) -> list[str] | None:  # noqa: ANN001
    try:
        action = accessible.queryAction()
        return [action.getName(i) for i in range(action.nActions)]
    except Exception:  # noqa: BLE001 - no Action interface
        return None


def shown_choice(accessible, pyatspi, depth: int = 0) -> str | None:  # noqa: ANN001
    """The name of the selected item below a combo box (its popup is not showing, so walk it anyway)."""
    if depth > 2:
        return None
    try:
        kids = [accessible.getChildAtIndex(i) for i in range(min(accessible.childCount, 200))]
    except Exception:  # noqa: BLE001
        return None
    for kid in kids:
        if kid is None:
            continue
        try:
            states = kid.getState()
            if kid.name and (states.contains(pyatspi.STATE_SELECTED) or states.contains(pyatspi.STATE_CHECKED)):
                return kid.name
        except Exception:  # noqa: BLE001
            continue
        found = shown_choice(kid, pyatspi, depth + 1)
        if found:
            return found
    return None


def node_value(accessible) -> list[float] | None:
    try:
        value = accessible.queryValue()
        return [value.currentValue, value.minimumValue, value.maximumValue]
    except Exception:  # noqa: BLE001 - most nodes have no Value interface
        return None


def dump(pids: list[int] | None) -> list[dict]:
    import pyatspi

    desktop = pyatspi.Registry.getDesktop(0)
    apps = []
    for app in desktop:
        if app is None:
            continue
        try:
            pid = app.get_process_id()
        except Exception:  # noqa: BLE001
            continue
        if pids is not None and pid not in pids:
            continue
        nodes: list[dict] = []
        stack = [(child, -1) for child in reversed(list(app)) if child is not None]
        while stack and len(nodes) < MAX_NODES:
            accessible, parent = stack.pop()
            try:
                states = {pyatspi.stateToString(s) for s in accessible.getState().getStates()}
                if "showing" not in states:
                    continue
                extents = accessible.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
                role = accessible.getRoleName()
                name = accessible.name or ""
                count = accessible.childCount
            except Exception:  # noqa: BLE001 - a node vanished while we walked
                continue
            index = len(nodes)
            content, lines = node_text(accessible, pyatspi)
            node = {
                "parent": parent, "role": role, "name": name, "text": content, "lines": lines,
                "states": sorted(states & KEPT_STATES),
                "box": [extents.x, extents.y, extents.width, extents.height],
                "value": node_value(accessible) if role in ("slider", "spin button", "scroll bar") else None,
            }
            if role == "combo box":
                node["choice"] = shown_choice(accessible, pyatspi)
            if role == "table cell" and not name and not content:
                node["actions"] = node_actions(accessible)
            nodes.append(node)
            if count > 2000:
                continue
            kids = []
            for i in range(count):
                try:
                    kids.append(accessible.getChildAtIndex(i))
                except Exception:  # noqa: BLE001
                    continue
            stack.extend((kid, index) for kid in reversed(kids) if kid is not None)
        apps.append({"pid": pid, "name": app.name, "nodes": nodes})
    return apps


def handle(request: dict) -> dict:
    op = request.get("op")
    if op == "spawn":
        return {"pid": spawn(request["argv"], request.get("env"), request.get("cwd"), request.get("log"))}
    if op == "end":
        pid = int(request["pid"])
        first = signal.SIGKILL if request.get("kill") else signal.SIGTERM
        return {"ended": end([*reversed(descendants(pid)), pid], first=first)}
    if op == "alive":
        reap()
        pid = int(request["pid"])
        return {"alive": os.path.exists(f"/proc/{pid}") and not zombie(pid)}
    if op == "tree":
        return {"apps": dump(request.get("pids"))}
    if op == "env":
        return {"env": {k: os.environ[k] for k in ("DBUS_SESSION_BUS_ADDRESS",) if k in os.environ}}
    if op == "quit":
        ended: list[int] = []
        for _ in range(5):
            left = [pid for pid in reversed(descendants(os.getpid())) if not zombie(pid)]
            if not left:
                break
            ended += end(left)
        return {"ended": sorted(set(ended))}
    return {"error": f"unknown op {op!r}"}


def main() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    start_buses()
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but replies goes to the protocol stream
    out.write(json.dumps({"ready": os.getpid()}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            reply = handle(request)
        except Exception as error:  # noqa: BLE001 - the reply carries the failure to the caller
            reply = {"error": f"{type(error).__name__}: {error}"}
            request = {}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()
        if request.get("op") == "quit":
            break
    else:
        handle({"op": "quit"})


if __name__ == "__main__":
    main()
