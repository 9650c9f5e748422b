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


# Marks that may enclose a statement at either edge; single marks only where they pair up (not apostrophes).
_EDGE_DOUBLE = DOUBLE_MARKS
_EDGE_SINGLE_OPEN = "‘'"
_EDGE_SINGLE_CLOSE = "’'"
# Punctuation that ends the reporter's sentence or clause, never the speaker's words.
_CLAUSE_PUNCTUATION = ",;:—–-"
_SPEAKER_ENDS = ".!?…"


def words_said(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of only the words said: ``“We will rebuild,” she said.`` gives ``We will rebuild``.

    Enclosing quote marks go (inner ones of a mixed quote stay), and so does the comma, colon or dash that
    joins the quotation to its cue. A full stop, question or exclamation mark inside the closing mark is the
    speaker's own; outside it (``She said the plan would fail.``) it is the reporter's.
    """
    opened_single = False
    while True:
        start, end = _strip_spaces(text, start, end)
        if end - start < 2:
            return start, end
        if text.startswith("''", start):
            start += 2
            continue
        first = text[start]
        if first in _EDGE_DOUBLE:
            start += 1
            continue
        if first in _EDGE_SINGLE_OPEN and _closes_later(text, start, end):
            start += 1
            opened_single = True
            continue
        if first in _CLAUSE_PUNCTUATION:
            start += 1
            continue
        break
    closed_by_mark = False
    while end - start >= 2:
        last = text[end - 1]
        if text.startswith("''", end - 2) and end - 2 > start:
            end -= 2
            closed_by_mark = True
        elif last in _EDGE_DOUBLE or last in _EDGE_SINGLE_CLOSE and (
            opened_single or _opened_before(text, start, end - 1)
        ):
            end -= 1
            closed_by_mark = True
        elif last in _CLAUSE_PUNCTUATION or last.isspace() or last == "." and not closed_by_mark and (
            not text.endswith("..", start, end)
        ):
            end -= 1
        else:
            break
    return start, end


def _strip_spaces(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _closes_later(text: str, mark: int, end: int) -> bool:
    """A leading single mark opens a quotation only if a closing one follows (``'black ice' forms``)."""
    return any(text[i] in _EDGE_SINGLE_CLOSE and not text[i + 1 : i + 2].isalpha() for i in range(mark + 2, end))


def _opened_before(text: str, start: int, mark: int) -> bool:
    """A trailing single mark closes a quotation only if one opened before it; else it is an apostrophe."""
    return any(text[i] in _EDGE_SINGLE_OPEN and (i == start or not text[i - 1].isalnum()) for i in range(start, mark))
