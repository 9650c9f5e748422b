"""Offset-keeping segmentation: the pipeline's one toolkit for paragraphs and sentences.

Every function returns ``(start, end)`` spans of the original text and never copies or rewrites it, so later
stages slice ``doc.text`` with the offsets they get and claim spans stay exact. Quote marks are folded by
``fold_marks``, a one-to-one character map, so a folded string has the same length and offsets as the original.

Documents arrive in three layouts, found once per document by ``layout_of``:

* a paragraph on each line (web pages, wire copy): every line break ends a paragraph;
* hard-wrapped at a fixed width (e-mail bulletins, the Congressional Record, text flattened from a PDF): a line
  break ends a paragraph only after a line that ends a sentence and falls short of the wrap width, or before an
  indented line;
* numbered lines (court transcripts: ``12   It's a case quite similar``): the numbers, the double spacing and
  the page furniture are layout, and a paragraph runs on until a speaker changes.

In all three, page furniture (``[[Page S6927]]``, ``10 Jul 2003 : Column 1386``, ``Page 3 of 12``, a page number
alone) neither starts nor ends a paragraph, and a paragraph that stops mid-sentence goes on at the next line
that starts in lower case, whatever blank lines and furniture stand between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def word_set(words: str) -> frozenset[str]:
    """A lexicon written as whitespace-separated words, so long lists stay readable."""
    return frozenset(words.split())


DOUBLE_MARKS = "\"“”„‟«»〝〞＂"
SINGLE_OPEN_MARKS = "‘‚‛"
QUOTE_MARKS = DOUBLE_MARKS + SINGLE_OPEN_MARKS + "’'"
_FOLD_TABLE = str.maketrans({**{c: '"' for c in DOUBLE_MARKS}, **{c: "'" for c in SINGLE_OPEN_MARKS + "’"}})

# Words that end with a full stop without ending a sentence. Single letters and dotted initials (``U.S.``) are
# recognised by shape.
ABBREVIATIONS = word_set("""
    mr mrs ms dr prof sen rep gov gen lt col maj capt sgt adm st jr sr vs amb rev fr pres atty supt insp
    hon rt cmdr spc pfc approx dept
    jan feb mar apr jun jul aug sep sept oct nov dec no inc corp co ltd u.s u.k u.n d.c e.g i.e etc mt ft
    """)

# A sentence ends at . ! ? (possibly followed by closing marks) before a space and a capital, digit or mark.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+(?:[\"“‘(\[]|'')?[A-Z0-9À-ÖØ-Þ])")
_ATTRIBUTION_TAIL = re.compile(
    r"\s+(?:[\w.’'()-]+\s+){1,7}?(?:said|says|told|added|asked|wrote|explained|continued|noted|argued|insisted|"
    r"replied|recalled|declared|tweeted|warned|stated)\b(?:(?!\bthat\b)[^.!?]){0,60}[.!?]"
)
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Adm|St|Amb|Rev|Fr|Pres|Atty|Jr|Sr|Hon|Rt)"
    r"|\b[A-Z])\.$"
)
_SENTENCE_OPENER = re.compile(r"\s+(?:He|She|They|It|We|I|The|But|And|This|That|There|In|On|At|After)\b")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"”’')\]]*$")

# Paragraphs after which a document's body is over: disclaimers, related links, contacts, release numbers.
END_OF_BODY = re.compile(
    r"^(?:related\b|read more\b|more on this\b|see also\b|share this\b|copyright\b|©|#{3}|-{3}|-30-|\(?end\)?\s*$"
    r"|the (?:statements|views|opinions)\b.{0,80}\bexpressed\b|disclaimer\b|tags?:|filed under\b"
    r"|release\s+(?:no|number)\b|(?:media\s+|press\s+)?contacts?:|for\s+more\s+information\b|note\s+to\s+editors\b)",
    re.IGNORECASE,
)
_MAX_WRAP_WIDTH = 100
_MIN_WRAPPED_LINES = 6
_MID_SENTENCE_SHARE = 0.25
_MIN_MID_SENTENCE_LINES = 3
_SHORT_LINE = 0.8
_ENDS_SENTENCE = re.compile(r"[.?!:…\"”’)\]—–-]\s*$")
_LINE_NUMBER = re.compile(r"[^\S\n]*\d{1,2}(?=[^\S\n]|$)[^\S\n]*")
_PAGE_FURNITURE = re.compile(
    r"""[^\S\n]*(?:
        \[\[\s*Page\s+[^\]\n]{1,20}\]\]                                     # [[Page S6927]]
      | \d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}\s*:\s*Column\s+\d+\w*          # 10 Jul 2003 : Column 1386
      | (?:Page|p\.)\s*\d{1,4}(?:\s+of\s+\d{1,4})?                          # Page 3 of 12
      | -?\s*\d{1,4}\s*-?                                                  # a page number alone
      | \f.*                                                               # a form feed starts a page header
    )[^\S\n]*""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Layout:
    """How a document lays out its paragraphs (see the module docstring); ``Layout()`` is a line a paragraph."""

    wrapped_at: int | None = None
    numbered: bool = False
    furniture: frozenset[int] = frozenset()  # starts of the lines that are running headers and footers


def fold_marks(text: str) -> str:
    """The text with every double quote mark as ``"`` and every single one as ``'`` (same length)."""
    return text.translate(_FOLD_TABLE)


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when its lines are paragraphs."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if len(lines) < _MIN_WRAPPED_LINES:
        return None
    # wrapping breaks lines mid-sentence; a text with a paragraph on each line ends almost every line a sentence
    mid_sentence = sum(1 for line in lines if not _ENDS_SENTENCE.search(line) and not _is_heading_line(line))
    if mid_sentence < max(_MIN_MID_SENTENCE_LINES, _MID_SENTENCE_SHARE * len(lines)):
        return None
    lengths = sorted(len(line) for line in lines)
    width = lengths[int(len(lengths) * 0.95) - 1]
    long_lines = sum(1 for n in lengths if n >= 0.6 * width)
    return width if width <= _MAX_WRAP_WIDTH and long_lines >= 0.5 * len(lengths) else None


def is_numbered(text: str) -> bool:
    """Most text lines start with a line number from 1 to 25, as court and deposition transcripts do."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 10:
        return False
    numbered = sum(1 for line in lines if _LINE_NUMBER.match(line) and line.strip()[:2].strip().isdigit()
                   and len(line.strip()) > 3)
    return numbered >= 0.6 * len(lines)


def layout_of(text: str) -> Layout:
    numbered = is_numbered(text)
    return Layout(None if numbered else wrap_width(text), numbered, frozenset(_furniture_lines(text)))


def is_page_furniture(line: str) -> bool:
    """A page header, footer, number or column marker: layout, not text."""
    return bool(line.strip()) and _PAGE_FURNITURE.fullmatch(line) is not None


def paragraph_spans(
    text: str, start: int = 0, end: int | None = None, layout: Layout = Layout()
) -> list[tuple[int, int]]:
    """Paragraphs of ``text[start:end]`` by the rules of its ``layout`` (see the module docstring)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    current: list[int] = []  # [start, end] of the open paragraph
    mid_sentence = False  # the open paragraph's last line stopped mid-sentence
    line_closes = False  # by the layout's rules, the open paragraph's last line ends it
    gap = False  # blank lines or page furniture since the open paragraph's last line
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        body = _line_body(text[pos:line_end], layout, pos == 0 or text[pos - 1] == "\n")
        if body is None or pos in layout.furniture:
            gap = True
        else:
            stripped = body.lstrip()
            continues = mid_sentence and stripped[:1].islower()
            if current and not layout.numbered and not continues and (
                gap or line_closes or _starts_new_paragraph(text[pos:line_end], layout)
            ):
                spans.append((current[0], current[1]))
                current = []
            if not current:
                current = [line_end - len(stripped), line_end]
            current[1] = line_end
            gap = False
            mid_sentence = not _ENDS_SENTENCE.search(body) and not _is_heading_line(body)
            line_closes = _ends_paragraph(body, layout)
        if nl == -1:
            break
        pos = nl + 1
    if current:
        spans.append((current[0], current[1]))
    return [s for s in (strip_span(text, a, b) for a, b in spans) if s[1] > s[0]]


_RUNNING_INDENT = 20


def _furniture_lines(text: str) -> set[int]:
    """Starts of the lines that belong to a page's header or footer rather than its text.

    Next to a page number or a "Page 2 of 5" line, a line pushed far to the right ("Carvalho Testimony") or one
    printed again on another page ("Transcript of … FINAL") is a running header or footer too.
    """
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    marked = {i for i, (_, line) in enumerate(lines) if is_page_furniture(line)}
    if not marked:
        return set()
    counts: dict[str, int] = {}
    for _, line in lines:
        counts[line.strip()] = counts.get(line.strip(), 0) + 1
    found = {lines[i][0] for i in marked}
    for i in marked:
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < len(lines) and j not in marked:
                line = lines[j][1]
                if len(line) - len(line.lstrip()) >= _RUNNING_INDENT or counts[line.strip()] > 1:
                    found.add(lines[j][0])
    return found


def _line_body(line: str, layout: Layout, whole_line: bool) -> str | None:
    """The line's text without a line number, or None for a blank line or page furniture.

    A span that starts inside a line (after a speaker label) starts with its own words, not a line number."""
    if not line.strip() or (whole_line and is_page_furniture(line)):
        return None
    if layout.numbered and whole_line:
        m = _LINE_NUMBER.match(line)
        if m is None:
            return None  # a numbered transcript's page header or footer
        line = line[m.end():]
        return line if line.strip() else None
    return line


def _starts_new_paragraph(line: str, layout: Layout) -> bool:
    """In a hard-wrapped text an indented line opens a paragraph (the Congressional Record's ``  Mr. REID.``)."""
    return layout.wrapped_at is not None and line[:1] in (" ", "\t") and not line[:4].isspace()


def _ends_paragraph(line: str, layout: Layout) -> bool:
    if layout.wrapped_at is None:
        return not layout.numbered
    return bool(_ENDS_SENTENCE.search(line)) and len(line.rstrip()) < _SHORT_LINE * layout.wrapped_at


def _is_heading_line(line: str) -> bool:
    """A short line in title case or capitals ends its paragraph without a full stop."""
    words = re.findall(r"[^\W\d_][\w'’-]*", line)
    return bool(words) and len(line) < 80 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _is_abbreviation(text: str, boundary_end: int, start: int) -> bool:
    m = _LAST_WORD.search(text, start, boundary_end)
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    if word in ABBREVIATIONS:
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
        s, e = strip_span(text, prev, cut)
        if e > s:
            spans.append((s, e))
        prev = cut
    return spans


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace at its edges."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
