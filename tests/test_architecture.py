"""The layers stay apart: models and the core never import Qt."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_models_and_core_never_import_qt():
    offenders = []
    for folder in (ROOT / "models", ROOT / "app"):
        for path in folder.rglob("*.py"):
            if "shell" in path.relative_to(ROOT).parts:
                continue
            if {"PySide6", "PyQt5", "PyQt6"} & _imports(path):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_models_never_import_the_core_or_speech():
    offenders = []
    for path in (ROOT / "models").rglob("*.py"):
        for name in _imports(path):
            if name == "vidimo":
                source = path.read_text(encoding="utf-8")
                for forbidden in ("vidimo.speech", "vidimo.narration", "vidimo.pipeline", "vidimo.scene",
                                  "vidimo.stages", "vidimo.labels"):
                    if forbidden in source:
                        offenders.append(f"{path.relative_to(ROOT)} → {forbidden}")
    assert offenders == []


def test_every_package_is_installed():
    """A new sub-package must be listed in pyproject.toml, or `pip install` would drop it."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = set()
    for base, prefix in ((ROOT / "app", "vidimo"), (ROOT / "models", "vidimo.models"),
                         (ROOT / "resources", "vidimo.resources")):
        for init in base.rglob("__init__.py"):
            parts = init.parent.relative_to(base).parts
            found.add(".".join((prefix, *parts)))
    assert found <= listed
