"""``VIDIMO_SPEECH_LOG=FILE``: every spoken utterance appended as one line (users and tests read it).

Callers write the line when the utterance's first audio reaches the sound device
(``Player.play``'s ``on_start``), so a voice or device failure leaves no line.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

ENV_VAR = "VIDIMO_SPEECH_LOG"


def log_utterance(text: str) -> None:
    """Append ``text`` as one line to the transcript file, when one is configured."""
    target = os.environ.get(ENV_VAR)
    if not target:
        return
    line = " ".join(text.split())
    try:
        with Path(target).expanduser().open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    except OSError as error:
        log.warning("cannot write the speech log %s: %s", target, error)
