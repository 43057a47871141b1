"""How programs on a generated desktop are run: as an ordinary user, in Russian, touching nothing real.

Applications refuse or warn when run as root (Mousepad's red «superuser» bar, Chromium's
``--no-sandbox`` warning), so everything on the desktop runs as uid 1000 inside a user and mount
namespace: ``unshare --map-root-user --mount`` gives the right to bind a private ``/etc/passwd``
(with a user named «user») over the real one and to put a fresh ``/home`` in place, then
``unshare --user --map-user=1000`` drops to uid 1000. No UTS namespace: the window manager and
the applications share a host name, so openbox adds no «(host)» to titles. The Russian locale is
compiled with ``localedef`` into a cache folder and found through ``LOCPATH``, so no system
locale is installed or changed.
"""
from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

USER, UID = "user", 1000
HOME = "/home/user"
LOCALE = "ru_RU.UTF-8"
SYSTEM_PYTHON = "/usr/bin/python3"
PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "vidimo-screens"


def russian_locale() -> Path:
    """A folder for ``LOCPATH`` holding ru_RU.UTF-8 (compiled once, about a second)."""
    folder = cache_dir() / "locale"
    target = folder / LOCALE
    if not (target / "LC_CTYPE").exists():
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["localedef", "-i", "ru_RU", "-f", "UTF-8", str(target)],
                                capture_output=True, text=True)
        # localedef exits 1 on mere warnings; the files are what matters.
        if not (target / "LC_CTYPE").exists():
            raise RuntimeError(f"localedef failed: {result.stderr.strip()}")
    return folder


def identity_files(folder: Path) -> tuple[Path, Path]:
    """A private passwd and group naming uid 1000 «user» with home /home/user."""
    passwd, group = folder / "passwd", folder / "group"
    passwd.write_text(f"root:x:0:0:root:/root:/bin/bash\n{USER}:x:{UID}:{UID}:Пользователь:{HOME}:/bin/bash\n",
                      encoding="utf-8")
    group.write_text(f"root:x:0:\n{USER}:x:{UID}:\n", encoding="utf-8")
    return passwd, group


def command(workdir: Path, home: Path, inner: list[str]) -> list[str]:
    """The command line that runs ``inner`` as uid 1000 with ``home`` seen as /home/user.

    ``unshare`` replaces itself with the shell, and the shell with the second ``unshare`` and then
    ``inner`` (no ``--fork``), so the PID the caller gets is the PID of ``inner``.
    """
    passwd, group = identity_files(workdir)
    setup = " && ".join([
        f"mount --bind {shlex.quote(str(passwd))} /etc/passwd",
        f"mount --bind {shlex.quote(str(group))} /etc/group",
        "mount -t tmpfs -o mode=755 tmpfs /home",
        f"mkdir {HOME}",
        f"mount --bind {shlex.quote(str(home))} {HOME}",
        f"exec unshare --user --map-user={UID} --map-group={UID} -- {shlex.join(inner)}",
    ])
    return ["unshare", "--map-root-user", "--mount", "--propagation", "private", "--", "sh", "-c", setup]


def available() -> bool:
    """Whether user and mount namespaces can be made here (containers may forbid them)."""
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "--map-root-user", "--mount", "--", "true"], capture_output=True)
    return probe.returncode == 0
