"""The LLM endpoint key, kept in the OS keyring (never in a file or a log)."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

SERVICE = "vidimo"
KEY_NAME = "llm-api-key"


def get_api_key() -> str:
    """The stored key, or an empty string when none is stored or no keyring works."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, KEY_NAME) or ""
    except KeyringError as error:
        log.warning("keyring unavailable: %s", error.__class__.__name__)
        return ""


def set_api_key(key: str) -> None:
    """Store ``key``; raises ``keyring.errors.KeyringError`` when no keyring is available."""
    import keyring

    keyring.set_password(SERVICE, KEY_NAME, key)


def delete_api_key() -> None:
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, KEY_NAME)
    except PasswordDeleteError:
        pass
