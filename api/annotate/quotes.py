"""Direct quotations: where quoted speech starts and ends inside a paragraph.

Marks are paired by alternation, not by their shape, because damaged and machine-rewritten texts use
``“`` to close and ``”`` to open (``…vision, “he said``). A paragraph that opens a quote without closing it
runs the quote to the paragraph's end, as news style does for quotes that continue in the next paragraph.
A single-mark quote (``‘…’``) is only read as speech in a paragraph without double marks, since elsewhere
single marks are nested quotes or apostrophes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import DOUBLE_MARKS

# Two apostrophes stand for a double mark in some archives (''like this'').
_DOUBLE = re.compile("''|[" + re.escape(DOUBLE_MARKS) + "]")
# An opening single mark starts a word after a space; a closing one ends a word before a space or punctuation.
_SINGLE_OPEN = re.compile(r"(?<![\w’'])[‘'](?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?…])[’'](?![\w])")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation ``text[start:end]`` including its marks; ``closed`` is False when it ran to the paragraph end."""

    start: int
    end: int
    closed: bool

    def inner(self, text: str) -> str:
        return text[self.start + 1 : self.end - (1 if self.closed else 0)]


def quote_at(pos: int, quotes: list[Quote]) -> Quote | None:
    """The quotation that holds the character at ``pos``, if any."""
    for q in quotes:
        if q.start <= pos < q.end:
            return q
    return None


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """The quotations of the paragraph ``text[start:end]``, in order."""
    marks = [m.span() for m in _DOUBLE.finditer(text, start, end)]
    if marks:
        return _pair(marks, end)
    return _single_quotes(text, start, end)


def _pair(marks: list[tuple[int, int]], end: int) -> list[Quote]:
    quotes = []
    for i in range(0, len(marks) - 1, 2):
        quotes.append(Quote(marks[i][0], marks[i + 1][1], True))
    if len(marks) % 2:
        last = marks[-1][1]
        if end - last > 1:
            quotes.append(Quote(marks[-1][0], end, False))
    return quotes


def _single_quotes(text: str, start: int, end: int) -> list[Quote]:
    quotes = []
    pos = start
    while True:
        opening = _SINGLE_OPEN.search(text, pos, end)
        if not opening:
            break
        closing = _SINGLE_CLOSE.search(text, opening.end(), end)
        if not closing:
            break
        quote = Quote(opening.start(), closing.end(), True)
        if word_count(quote.inner(text)) >= 4:
            quotes.append(quote)
        pos = closing.end()
    return quotes
