"""Logging for the command line and the app: our messages to stderr, library chatter muted,
no screen text unless ``VIDIMO_DEBUG=1``.

Screen text (what was read, captions, narrations, what a server sent back) goes into a
log line only through :func:`screen_text`, which hides it unless debugging is on.
The endpoint key is never logged at all.
"""
from __future__ import annotations

import logging
import os
import warnings

DEBUG_VAR = "VIDIMO_DEBUG"
#: Libraries that log at INFO or DEBUG (HTTP clients log URLs and, at DEBUG, request details).
NOISY = ("ultralytics", "easyocr", "transformers", "huggingface_hub", "PIL", "asyncio",
         "openai", "httpx", "httpx2", "httpcore", "httpcore2", "keyring", "urllib3")


def debug_enabled() -> bool:
    """True when ``VIDIMO_DEBUG`` is set to anything but empty or ``0``."""
    return os.environ.get(DEBUG_VAR, "") not in ("", "0")


def screen_text(text: str) -> str:
    """``text`` itself with ``VIDIMO_DEBUG=1``, else only its length (for log lines)."""
    return text if debug_enabled() else f"<{len(text)} characters hidden; VIDIMO_DEBUG=1 shows them>"


def configure_logging(verbose: bool = False) -> None:
    """INFO with ``-v`` (or ``VIDIMO_DEBUG=1``), else warnings only."""
    level = logging.INFO if verbose or debug_enabled() else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    if not verbose:
        warnings.filterwarnings("ignore", category=UserWarning)
        warnings.filterwarnings("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
