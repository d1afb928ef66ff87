"""gongkai-parse: Chinese government task-division notices -> validated task rows.

    >>> from gongkai_parse import parse
    >>> doc = parse("samples/text/002_04b061482e0d1150.txt")
    >>> doc.tasks[0].measure, doc.tasks[0].units, doc.tasks[0].deadline
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["parse", "parse_bytes", "InputError", "__version__"]


def __getattr__(name: str):
    # Imported on first use, so `gongkai-parse --help` does not load pydantic and friends.
    if name in ("parse", "parse_bytes"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "InputError":
        from .errors import InputError

        return InputError
    raise AttributeError(name)
