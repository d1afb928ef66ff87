"""The one exception a user ever sees: an input that cannot be parsed, and why."""
from __future__ import annotations


class InputError(Exception):
    """Bad input: the message is one line a user can act on (the CLI adds the file name)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
