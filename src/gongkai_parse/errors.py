"""The one exception a user ever sees: an input that cannot be parsed, and why."""
from __future__ import annotations


class InputError(Exception):
    """Bad input: the message is one line a user can act on (the CLI adds the file name)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def printable(text: str) -> str:
    """Text that encodes as UTF-8: a file name that is not valid UTF-8 (GBK bytes on Linux
    arrive as surrogate escapes) gets U+FFFD for each bad byte, so writers and messages
    never fail on it."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")  # the name's original bytes
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "replace")
        return raw.decode("utf-8", "replace")
