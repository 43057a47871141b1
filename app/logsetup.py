"""Logging for the command line and the app: our messages to stderr, library chatter muted."""
from __future__ import annotations

import logging
import os
import warnings


def configure_logging(verbose: bool = False) -> None:
    """INFO with ``-v`` (or ``VIDIMO_DEBUG=1``), else warnings only."""
    level = logging.INFO if verbose or os.environ.get("VIDIMO_DEBUG") else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("ultralytics", "easyocr", "transformers", "huggingface_hub", "PIL", "asyncio"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    if not verbose:
        warnings.filterwarnings("ignore", category=UserWarning)
        warnings.filterwarnings("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
