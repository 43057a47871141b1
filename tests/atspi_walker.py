"""Reads and works the accessibility tree of one program, for the tests (what a screen reader sees).

Runs under Debian's own ``/usr/bin/python3``: ``python3-pyatspi`` is a system package the project's
venv cannot import, so this file uses nothing but the standard library and ``pyatspi``. The test
side starts it through :class:`desktop_session.Walker`.

Protocol: one JSON object per line on stdin, one JSON reply per line on stdout.

- ``{"op": "tree", "pid": N, "window": W}`` → ``{"windows": [[node, …], …]}``: every showing
  top-level window of the program, each a list of its showing nodes in tree order (with ``window``,
  only that one is walked; the others are empty lists). A node is ``{"path", "parent", "role",
  "name", "description", "states", "relations", "actions"}`` (and ``"text"``, a field's content);
  ``path`` is ``"w/i/j"`` (window, then child indices), ``relations`` maps a relation («label for», «labelled by») to the paths of its
  targets.
- ``{"op": "act", "pid": N, "path": "…", "action": "Press"}`` → ``{"done": true}``: runs the node's
  action by name (the first one when that name is absent).
- ``{"op": "focus", "pid": N, "path": "…"}`` → ``{"done": bool}``: gives the node the keyboard focus.
- ``{"op": "quit"}``.
"""
from __future__ import annotations

import json
import sys

MAX_NODES = 3000


def application(pyatspi, pid: int):  # noqa: ANN001, ANN201 - pyatspi objects
    for app in pyatspi.Registry.getDesktop(0):
        if app is None:
            continue
        try:
            if app.get_process_id() == pid:
                return app
        except Exception:  # noqa: BLE001 - an application that went away
            continue
    raise LookupError(f"no accessible application with pid {pid}")


def _key(accessible) -> str:  # noqa: ANN001
    """What identifies an accessible object of one program across calls: its D-Bus object path."""
    return accessible.path


def walk(pyatspi, pid: int, only: int | None = None) -> tuple[list[list[dict]], dict]:  # noqa: ANN001
    """Every showing node of every window (or of the showing window number ``only``, the others
    left empty), and a map from each object's key to its path."""
    windows: list[list[dict]] = []
    objects: dict[str, str] = {}
    pending: list[tuple[dict, object]] = []
    app = application(pyatspi, pid)
    for w in range(app.childCount):
        window = app.getChildAtIndex(w)
        if window is None:
            continue
        if only is not None and len(windows) != only:
            if "showing" in {pyatspi.stateToString(s) for s in window.getState().getStates()}:
                windows.append([])
            continue
        nodes: list[dict] = []
        stack = [(window, str(len(windows)), -1)]
        while stack and len(nodes) < MAX_NODES:
            accessible, path, parent = stack.pop()
            try:
                states = sorted(pyatspi.stateToString(s) for s in accessible.getState().getStates())
                if "showing" not in states:
                    continue
                node = {"path": path, "parent": parent, "role": accessible.getRoleName(),
                        "name": accessible.name or "", "description": accessible.description or "",
                        "states": states, "relations": {}, "actions": []}
                if node["role"] == "text":  # a field's content (never a password field's)
                    try:
                        text = accessible.queryText()
                        node["text"] = text.getText(0, min(text.characterCount, 2000))
                    except NotImplementedError:
                        pass
                relations = accessible.getRelationSet()
                try:
                    action = accessible.queryAction()
                    node["actions"] = [action.getName(i) for i in range(action.nActions)]
                except NotImplementedError:
                    pass
                count = accessible.childCount
            except Exception:  # noqa: BLE001 - a node that vanished while we walked
                continue
            objects[_key(accessible)] = path
            pending.append((node, relations))
            index = len(nodes)
            nodes.append(node)
            kids = []
            for i in range(count):
                kid = accessible.getChildAtIndex(i)
                if kid is not None:
                    kids.append((kid, f"{path}/{i}", index))
            stack.extend(reversed(kids))
        if nodes:
            windows.append(nodes)
    for node, relations in pending:
        for relation in relations:
            kind = pyatspi.relationToString(relation.getRelationType()) if hasattr(pyatspi, "relationToString") \
                else str(relation.getRelationType())
            targets = [objects.get(_key(relation.getTarget(i))) for i in range(relation.getNTargets())]
            node["relations"][kind.replace("_", " ").lower()] = [t for t in targets if t is not None]
    return windows, objects


def find(pyatspi, pid: int, path: str):  # noqa: ANN001, ANN201
    """The object at ``path`` (as :func:`walk` numbers them: windows count showing ones only)."""
    app = application(pyatspi, pid)
    parts = [int(part) for part in path.split("/")]
    windows = [app.getChildAtIndex(i) for i in range(app.childCount)]
    showing = [w for w in windows if w is not None
               and "showing" in {pyatspi.stateToString(s) for s in w.getState().getStates()}]
    accessible = showing[parts[0]]
    for index in parts[1:]:
        accessible = accessible.getChildAtIndex(index)
    return accessible


def handle(pyatspi, request: dict) -> dict:  # noqa: ANN001
    op = request.get("op")
    if op == "tree":
        return {"windows": walk(pyatspi, int(request["pid"]), request.get("window"))[0]}
    if op == "act":
        accessible = find(pyatspi, int(request["pid"]), request["path"])
        action = accessible.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        wanted = request.get("action")
        return {"done": bool(action.doAction(names.index(wanted) if wanted in names else 0))}
    if op == "focus":
        accessible = find(pyatspi, int(request["pid"]), request["path"])
        return {"done": bool(accessible.queryComponent().grabFocus())}
    return {"error": f"unknown op {op!r}"}


def main() -> None:
    import pyatspi

    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but replies goes to the protocol stream
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if request.get("op") == "quit":
            break
        try:
            reply = handle(pyatspi, request)
        except Exception as error:  # noqa: BLE001 - the reply carries the failure to the test
            reply = {"error": f"{type(error).__name__}: {error}"}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
