"""Zenity dialogs of every kind, with Russian text from one split, as command lines plus what
the generator knows about them (their text, and whether their toggle cells are check boxes or
radio buttons: AT-SPI does not say).
"""
from __future__ import annotations

import random

from tools.screens.content import Texts
from tools.screens.truth import WindowInfo

KINDS = ("question", "info", "warning", "error", "entry", "password", "forms", "checklist", "radiolist", "list",
         "scale", "calendar", "file-selection", "text-info", "progress")
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря")


def dialog(kind: str, texts: Texts, rng: random.Random, *, folder: str = "/home/user",
           text_file: str | None = None) -> tuple[list[str], WindowInfo]:
    """The zenity command line for a dialog of ``kind`` and what it shows."""
    title = texts.title()
    content = [title]
    args = [f"--title={title}"]
    toggle = None

    def say(text: str) -> None:
        args.append(f"--text={text}")
        content.append(text)

    def buttons(ok: bool = True, cancel: bool = True) -> None:
        if ok and rng.random() < 0.5:
            label = texts.label(14)
            args.append(f"--ok-label={label}")
            content.append(label)
        if cancel and rng.random() < 0.5:
            label = texts.label(14)
            args.append(f"--cancel-label={label}")
            content.append(label)
        if rng.random() < 0.2:
            label = texts.label(14)
            args.append(f"--extra-button={label}")
            content.append(label)

    if kind in ("question", "info", "warning", "error"):
        args.insert(0, f"--{kind}")
        say(texts.sentence() if rng.random() < 0.7 else texts.paragraph(2))
        buttons(cancel=kind == "question")
        if rng.random() < 0.3:
            args.append("--no-wrap")
    elif kind == "entry":
        args.insert(0, "--entry")
        say(texts.label(30) + ":")
        value = texts.file_name() if rng.random() < 0.5 else texts.person()
        args.append(f"--entry-text={value}")
        content.append(value)
        buttons()
    elif kind == "password":
        args.insert(0, "--password")
        if rng.random() < 0.6:
            args.append("--username")
    elif kind == "forms":
        args.insert(0, "--forms")
        say(texts.label(30))
        for label in texts.labels_n(rng.randint(2, 5), 16):
            part = rng.random()
            if part < 0.55:
                args.append(f"--add-entry={label}")
            elif part < 0.7:
                args.append(f"--add-password={label}")
            elif part < 0.9:
                values = texts.labels_n(rng.randint(2, 4), 18)
                args += [f"--add-combo={label}", f"--combo-values={'|'.join(values)}"]
            else:
                values = texts.labels_n(rng.randint(2, 4), 18)
                args += [f"--add-list={label}", f"--list-values={'|'.join(values)}"]
            content.append(label)
        buttons()
    elif kind in ("checklist", "radiolist", "list"):
        args.insert(0, "--list")
        if kind != "list":
            args.append(f"--{kind}")
            toggle = "checkbox" if kind == "checklist" else "radio"
        say(texts.label(30))
        columns = texts.labels_n(rng.randint(1, 2), 14)
        args += ([f"--column={texts.label(10) if rng.random() < 0.3 else ''}"] if toggle else [])
        args += [f"--column={c}" for c in columns]
        content += columns
        rows = rng.randint(2, 7)
        chosen = rng.randrange(rows)
        for row in range(rows):
            if toggle == "radio":
                args.append("TRUE" if row == chosen else "FALSE")
            elif toggle == "checkbox":
                args.append(rng.choice(["TRUE", "FALSE"]))
            for column in range(len(columns)):
                cell = texts.file_name() if column == 0 and rng.random() < 0.4 else texts.label(20)
                args.append(cell)
                content.append(cell)
        args.append(f"--height={rng.randint(260, 420)}")
        buttons()
    elif kind == "scale":
        args.insert(0, "--scale")
        say(texts.label(30))
        args += [f"--value={rng.randint(0, 100)}"]
        buttons()
    elif kind == "calendar":
        args.insert(0, "--calendar")
        say(texts.label(30))
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2030)
        args += [f"--day={day}", f"--month={month}", f"--year={year}"]
        buttons()
    elif kind == "file-selection":
        args.insert(0, "--file-selection")
        args.append(f"--filename={folder}/")
        if rng.random() < 0.3:
            args.append("--directory")
    elif kind == "text-info":
        args.insert(0, "--text-info")
        args += [f"--filename={text_file}", f"--width={rng.randint(420, 640)}", f"--height={rng.randint(300, 460)}"]
        if rng.random() < 0.4:
            checkbox = texts.label(30)
            args.append(f"--checkbox={checkbox}")
            content.append(checkbox)
        buttons()
    elif kind == "progress":
        args.insert(0, "--progress")
        say(texts.sentence())
        args += [f"--percentage={rng.randint(5, 95)}", "--no-cancel" if rng.random() < 0.3 else "--auto-kill"]
    else:
        raise ValueError(f"unknown dialog kind {kind!r}")
    if kind in ("question", "info", "warning", "error", "entry", "scale", "progress") and rng.random() < 0.4:
        args.append(f"--width={rng.randint(300, 620)}")
    return ["zenity", *args], WindowInfo(app="zenity", kind=kind, content=content, toggle=toggle)


QT_KINDS = ("qt-message", "qt-input", "qt-form", "qt-tabs", "qt-file")


def qt_dialog(kind: str, texts: Texts, rng: random.Random, *, folder: str = "/home/user") -> tuple[dict, WindowInfo]:
    """The spec for tools/screens/qt_dialog.py of a Qt dialog of ``kind``, and what it shows."""
    title = texts.title()
    spec: dict = {"title": title}
    content = [title]

    def remember(*strings: str) -> None:
        content.extend(strings)

    if kind == "qt-message":
        spec.update(kind=rng.choice(["question", "info", "warning", "error"]), text=texts.sentence())
        remember(spec["text"])
        if rng.random() < 0.4:
            spec["detail"] = texts.sentence()
            remember(spec["detail"])
        if rng.random() < 0.6:
            spec["buttons"] = texts.labels_n(rng.randint(1, 3), 14)
            remember(*spec["buttons"])
    elif kind == "qt-input":
        spec.update(kind="input", text=texts.label(30) + ":")
        remember(spec["text"])
        if rng.random() < 0.5:
            spec["items"] = texts.labels_n(rng.randint(2, 5), 20)
            remember(spec["items"][0])
        else:
            spec["value"] = texts.file_name()
            remember(spec["value"])
    elif kind == "qt-file":
        spec.update(kind="file", folder=folder, size=[rng.randint(560, 820), rng.randint(380, 560)])
    else:
        spec.update(kind="tabs" if kind == "qt-tabs" else "form", fields=[], buttons=texts.labels_n(2, 14))
        remember(*spec["buttons"])
        if rng.random() < 0.5:
            spec["text"] = texts.sentence()
            remember(spec["text"])
        if kind == "qt-tabs":
            spec["tabs"] = texts.labels_n(rng.randint(2, 4), 14)
            remember(*spec["tabs"])
        for label in texts.labels_n(rng.randint(2, 5), 22):
            part = rng.random()
            remember(label)
            if part < 0.35:
                field = {"kind": "line", "label": label, "value": texts.person() if rng.random() < 0.5 else "",
                         "password": rng.random() < 0.15}
                if field["value"] and not field["password"]:
                    remember(field["value"])
            elif part < 0.5:
                field = {"kind": "combo", "label": label, "values": texts.labels_n(rng.randint(2, 4), 18)}
                remember(field["values"][0])
            elif part < 0.7:
                field = {"kind": "check", "label": label, "checked": rng.random() < 0.5}
            elif part < 0.82:
                field = {"kind": "radio", "label": label, "values": texts.labels_n(rng.randint(2, 3), 18),
                         "chosen": 0}
                field["chosen"] = rng.randrange(len(field["values"]))
                remember(*field["values"])
            elif part < 0.92:
                field = {"kind": "slider", "label": label, "value": rng.randint(0, 99)}
            else:
                field = {"kind": "list", "label": label, "values": texts.labels_n(rng.randint(2, 5), 18)}
                remember(*field["values"])
            spec["fields"].append(field)
    return spec, WindowInfo(app="qt", kind=kind, content=content)
