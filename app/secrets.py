"""The LLM endpoint key, kept in the OS keyring (never in a file or a log).

Reading the key never fails loudly: :func:`read_api_key` gives the key, or an empty
one with a Russian sentence saying why the keyring could not be read, and
:func:`endpoint_from_keyring` puts both on the endpoint, where the user hears them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from vidimo.models.translate.llm import LlmEndpoint

log = logging.getLogger(__name__)

SERVICE = "vidimo"
KEY_NAME = "llm-api-key"

NO_KEYRING = ("В системе нет хранилища паролей (keyring), поэтому ключ сервера языковой модели не прочитан. "
              "Установите gnome-keyring или KWallet.")
LOCKED = "Хранилище паролей заблокировано, поэтому ключ сервера языковой модели не прочитан. Разблокируйте его."
KEYRING_FAILED = "Хранилище паролей не ответило, поэтому ключ сервера языковой модели не прочитан."


@dataclass(frozen=True)
class StoredKey:
    """The key (``""`` when none is stored) and, when the keyring failed, why (Russian)."""

    key: str = field(default="", repr=False)
    problem: str | None = None


def read_api_key() -> StoredKey:
    """The stored key, or an empty one with the reason the keyring could not be read."""
    import keyring
    from keyring.errors import KeyringLocked, NoKeyringError

    try:
        return StoredKey(keyring.get_password(SERVICE, KEY_NAME) or "")
    except NoKeyringError:
        log.warning("no keyring backend: the LLM key cannot be read")
        return StoredKey(problem=NO_KEYRING)
    except KeyringLocked:
        log.warning("the keyring is locked: the LLM key cannot be read")
        return StoredKey(problem=LOCKED)
    except Exception as error:  # noqa: BLE001 - D-Bus and backend errors are not all KeyringErrors
        log.warning("keyring unavailable (%s): the LLM key cannot be read", error.__class__.__name__)
        return StoredKey(problem=KEYRING_FAILED)


def get_api_key() -> str:
    """The stored key, or an empty string when none is stored or no keyring works."""
    return read_api_key().key


def endpoint_from_keyring(base_url: str, model: str) -> LlmEndpoint:
    """The endpoint with its key from the keyring; ``endpoint.problem`` says if the keyring failed."""
    stored = read_api_key()
    return LlmEndpoint(base_url, model, stored.key, key_problem=stored.problem)


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
