"""The user installer: install into an empty home, start Vidimo from the menu launcher's Exec line,
hear the greeting, switch start-at-login off and on in the settings, quit, uninstall, and find no
file of the installation left.

The installation reuses the test's own environment (``--venv-from``), so nothing is downloaded
and PyTorch is not installed again; system packages are already present.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_session import DesktopSession, missing_programs, wait_for

ROOT = Path(__file__).resolve().parent.parent
NEEDED = [*missing_programs(), *(p for p in ("desktop-file-validate",) if not shutil.which(p))]
pytestmark = pytest.mark.skipif(bool(NEEDED), reason=f"needs {', '.join(NEEDED)} (installer/dev-packages.sh)")


def desktop_value(path: Path, key: str) -> str:
    return next(line.split("=", 1)[1] for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith(f"{key}="))


def test_install_start_switch_autostart_and_uninstall(tmp_path: Path, isolated_models: Path):
    home = tmp_path / "home"
    session = DesktopSession(home)
    try:
        _install_use_and_uninstall(session, home, tmp_path, isolated_models)
    finally:
        session.close()


def _install_use_and_uninstall(session: DesktopSession, home: Path, tmp_path: Path, models: Path) -> None:
    before = {p.relative_to(home) for p in home.rglob("*")}
    env = {**session.env, "HF_HOME": str(models)}
    installed = subprocess.run(["bash", str(ROOT / "installer/linux/install.sh"), "--venv-from", sys.prefix,
                                "--no-start"], env=env, capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "Видимо: установлено." in installed.stdout

    data, bin_dir = home / ".local/share", home / ".local/bin"
    launcher = data / "applications/vidimo.desktop"
    entry = home / ".config/autostart/vidimo.desktop"
    venv = data / "vidimo/venv"
    for path in (launcher, entry, data / "icons/hicolor/scalable/apps/vidimo.svg", data / "vidimo/uninstall.sh"):
        assert path.is_file(), path
    assert (bin_dir / "vidimo").resolve() == (venv / "bin/vidimo").resolve()
    for desktop_file in (launcher, entry):
        validated = subprocess.run(["desktop-file-validate", str(desktop_file)], capture_output=True, text=True)
        assert validated.returncode == 0 and not validated.stdout.strip(), validated.stdout
    assert desktop_value(launcher, "Name[ru]") == "Видимо" and desktop_value(launcher, "Icon") == "vidimo"
    assert desktop_value(entry, "Exec") == desktop_value(launcher, "Exec")
    assert desktop_value(entry, "X-GNOME-Autostart-enabled") == "true"
    installed_files = [line.split(" ", 1)[1] for line in
                       (data / "vidimo/installed-files").read_text(encoding="utf-8").splitlines()
                       if not line.startswith("#")]

    # Start Vidimo as the applications menu does: the launcher's Exec line.
    config = home / ".config/Vidimo"
    config.mkdir(parents=True)
    (config / "Vidimo.conf").write_text("[General]\nstage_caption=false\nstage_people=false\n", encoding="utf-8")
    speech = tmp_path / "speech.log"
    app_env = {**env, "VIDIMO_SPEECH_LOG": str(speech), "VIDIMO_INSTANCE": f"vidimo-install-{os.getpid()}"}
    app = session.start(shlex.split(desktop_value(launcher, "Exec")), env=app_env, log=tmp_path / "app.log")
    said = lambda: speech.read_text(encoding="utf-8").splitlines() if speech.exists() else []  # noqa: E731
    wait_for(lambda: any(line.startswith("Видимо запущено.") for line in said()), 90, "the greeting")
    command = Path(f"/proc/{app.pid}/cmdline").read_bytes().split(b"\0")[0].decode()
    assert command == str(venv / "bin/python"), "Vidimo runs from the installed environment"

    walker = session.walker()
    settings_button = wait_for(lambda: walker.find(app.pid, "push button", "Настройки"), 30, "the window")
    walker.act(app.pid, settings_button)
    box = wait_for(lambda: walker.find(app.pid, "check box", "Запускать при входе в систему"), 30, "the settings")
    assert "checked" in box["states"], "on after installing"
    walker.act(app.pid, box)
    wait_for(lambda: not entry.exists(), 20, "the autostart entry to go")
    wait_for(lambda: "Видимо больше не будет запускаться при входе в систему." in said(), 30, "it said so")
    walker.act(app.pid, walker.find(app.pid, "check box", "Запускать при входе в систему"))
    wait_for(lambda: entry.exists(), 20, "the autostart entry to come back")
    wait_for(lambda: "Видимо будет запускаться при входе в систему." in said(), 30, "it said so")
    assert desktop_value(entry, "Exec") == desktop_value(launcher, "Exec")
    walker.act(app.pid, walker.find(app.pid, "push button", "Выход"))
    app.wait(timeout=30)

    removed = subprocess.run(["bash", str(data / "vidimo/uninstall.sh")], env=env, capture_output=True, text=True,
                             timeout=120)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert f"настройки: {config}" in removed.stdout and "--purge" in removed.stdout
    for path in installed_files:
        assert not Path(path).exists() or (Path(path).is_dir() and any(Path(path).iterdir())), path
    left = {p.relative_to(home) for p in home.rglob("*")} - before
    ours = [str(p) for p in left if "vidimo" in str(p).lower() and not str(p).startswith(".config/Vidimo")]
    assert ours == [], ours
    assert not (home / ".local").exists(), sorted(str(p) for p in left)
