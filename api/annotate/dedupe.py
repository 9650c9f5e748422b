"""Repeats and boilerplate: a document that repeats a passage yields each claim once, link lists yield none.

Scraped pages often carry their content twice (a transcript above and below a video) and end in navigation
("Related Articles", "Back to top"). The first occurrence of a statement is kept because it is the one a
reader meets first; a repeat is recognised by its folded text (and, for a few words, its speaker too), so offsets
never decide it.
"""

from __future__ import annotations

import re

from .names import fold
from .types import Candidate

_BOILERPLATE_HEADINGS = re.compile(
    r"^\s*(?:related(?: articles| stories| posts| videos| content| news)?|read more|more from|recommended|"
    r"you may also like|see also|trending|most popular|most read|share this|source link|back to top.*|"
    r"advertisement|\[ad_\d\])\s*:?\s*$",
    re.IGNORECASE,
)


_MIN_REPEAT_WORDS = 4


def boilerplate_start(text: str, paragraphs: list[tuple[int, int]]) -> int:
    """Offset where trailing navigation begins (``len(text)`` if none): claims after it are not content."""
    for index, (start, end) in enumerate(paragraphs):
        if index < len(paragraphs) // 2:
            continue
        if re.match(r"^\s*related\b", text[start:end], re.IGNORECASE) and len(text[start:end]) < 40:
            return start
    return len(text)


def is_boilerplate(paragraph: str) -> bool:
    """A navigation line such as ``Related Articles`` or ``Back to top button``."""
    return bool(_BOILERPLATE_HEADINGS.match(paragraph))


def drop_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates in document order with later repeats of the same statement (by folded text) removed."""
    seen: set[str] = set()
    kept = []
    for candidate in sorted(candidates, key=lambda c: (c.start, c.end)):
        key = fold(candidate.statement)
        if len(key.split()) < _MIN_REPEAT_WORDS:
            key = f"{candidate.speaker}\n{key}"  # two people may both say "No."; a passage repeats whole
        if key in seen:
            continue
        seen.add(key)
        kept.append(candidate)
    return kept
