"""Plan titles: the words a plan's own title ends with (…分工方案, …任务清单, …分解表),
from grammars/metadata.toml. A line ending so marks where a plan (or an attachment) begins."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import grammars


@lru_cache(maxsize=None)
def title_ending() -> str:
    """A regex alternation of the title endings, longest first."""
    return grammars.alternation(grammars.load("metadata")["title"]["endings"])


@lru_cache(maxsize=None)
def ends_like_title() -> re.Pattern:
    return re.compile(f"(?:{title_ending()})$")
