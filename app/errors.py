"""Errors the user hears about. Each carries a Russian message for the edge to speak or print."""
from __future__ import annotations


class VidimoError(Exception):
    """Base class: ``str(error)`` is the Russian message for the user."""

    exit_code = 1


class BadInputError(VidimoError):
    """The user's input cannot be used (an option, an address, a file)."""

    exit_code = 2


class BadImageError(BadInputError):
    """The input is not an image we can describe (missing, empty, broken, too big)."""


class ModelRequiredError(VidimoError):
    """A model the user asked for is not downloaded."""

    exit_code = 3
