"""gongkai-parse: Chinese government task-division notices -> validated task rows.

    >>> from gongkai_parse import parse
    >>> doc = parse("samples/notice.txt")
    >>> doc.tasks[0].measure, doc.tasks[0].units, doc.tasks[0].deadline
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError
from .pipeline import parse, parse_bytes

__all__ = ["parse", "parse_bytes", "InputError", "__version__"]
