"""Offset-keeping segmentation: paragraphs and sentences as ``(start, end)`` spans of the original text.

Nothing here copies or rewrites the text, so every later stage can slice ``doc.text`` with the offsets it
gets and the claim spans stay exact. Quote marks are folded by ``fold_marks``, a one-to-one character map,
so a folded string has the same length and offsets as the original.
"""

from __future__ import annotations

import re


def word_set(words: str) -> frozenset[str]:
    """A lexicon written as whitespace-separated words, so long lists stay readable."""
    return frozenset(words.split())


DOUBLE_MARKS = "\"“”„‟«»〝〞＂"
SINGLE_OPEN_MARKS = "‘‚‛"
_FOLD_TABLE = str.maketrans({**{c: '"' for c in DOUBLE_MARKS}, **{c: "'" for c in SINGLE_OPEN_MARKS + "’"}})

_PARAGRAPH = re.compile(r"[^\n]+")
# A sentence ends at . ! ? (possibly followed by closing marks) before a space and a capital, digit or mark.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+(?:[\"“‘(\[]|'')?[A-Z0-9])")
_ABBREVIATIONS = word_set("""
    mr mrs ms dr prof sen rep gov gen lt col maj capt sgt adm st jr sr vs amb rev fr pres atty supt insp
    jan feb mar apr jun jul aug sep sept oct nov dec no inc corp co ltd u.s u.k u.n d.c e.g i.e etc mt ft
    """)
_ATTRIBUTION_TAIL = re.compile(
    r"\s+(?:[\w.’'()-]+\s+){1,7}?(?:said|says|told|added|asked|wrote|explained|continued|noted|argued|insisted|"
    r"replied|recalled|declared|tweeted|warned|stated)\b(?:(?!\bthat\b)[^.!?]){0,60}[.!?]"
)
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Adm|St|Amb|Rev|Fr|Pres|Atty|Jr|Sr)|\b[A-Z])\.$"
)
_SENTENCE_OPENER = re.compile(r"\s+(?:He|She|They|It|We|I|The|But|And|This|That|There|In|On|At|After)\b")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"”’')\]]*$")


def fold_marks(text: str) -> str:
    """The text with every double quote mark as ``"`` and every single one as ``'`` (same length)."""
    return text.translate(_FOLD_TABLE)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Non-blank lines: news texts put one paragraph on a line."""
    spans = []
    for m in _PARAGRAPH.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _is_abbreviation(text: str, boundary_end: int, start: int) -> bool:
    m = _LAST_WORD.search(text, start, boundary_end)
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    if word in _ABBREVIATIONS:
        return True
    # initials such as "J." in "Donald J. Trump" or "U.S." in "the U.S. Senate"
    return len(word) == 1 or bool(re.fullmatch(r"(?:\w\.)+\w", word))


def sentence_spans(text: str, start: int, end: int, protected: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]``; no boundary falls inside a ``protected`` span (a quotation)."""
    cuts = []
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.end()
        if any(s < cut < e for s, e in protected):
            continue
        if any(e == cut for s, e in protected) and _ATTRIBUTION_TAIL.match(text, cut, end):
            continue  # “… Trump!” US Senator Jeff Sessions said: the quotation and its cue are one sentence
        if text[m.start()] == "." and _is_abbreviation(text, m.end(), max(start, m.start() - 20)) and not (
            _SENTENCE_OPENER.match(text, cut, end) and not _TITLE_BEFORE.search(text, max(start, m.start() - 6), m.end())
        ):
            continue  # "Mr. Smith", "the U.S. Senate"; but "… at 7 p.m. He says" ends a sentence
        cuts.append(cut)
    spans = []
    prev = start
    for cut in cuts + [end]:
        s, e = prev, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        prev = cut
    return spans
