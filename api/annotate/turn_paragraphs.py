"""What in a speaker's turn counts as a claim: each paragraph, without greetings, thanks and logistics.

Annotators count one claim per paragraph of a turn, and leave out what only runs the event ("Good afternoon,
everyone", "I'll take your questions", "On a point of order, Mr. Speaker"). Such sentences are cut from the
edges of a paragraph; in the middle they split it, since they separate two things said. What is left must be
long enough to assert something.
"""

from __future__ import annotations

import re

from api.annotate.turn_labels import word_set

MIN_CLAIM_CHARS = 60

_ABBREVIATIONS = word_set(
    """
    mr mrs ms dr st jr sr gen lt col sgt capt adm rep sen gov no vs etc hon rt prof rev fr maj cmdr
    spc pfc jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd u.s a.m p.m e.g i.e
    approx dept
    """
)
_SENTENCE_END = re.compile(r"[.?!…]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9ÀÖØ-Þ])|[.?!…]+[\"”’')\]]*\s*$")

# Phrases of greeting, thanks and running the event. A short sentence containing one is logistics.
_LOGISTICS = re.compile(
    r"""
    \bgood\ (?:morning|afternoon|evening|day)|^(?:good\ )?(?:morning|afternoon|evening)\b|^(?:hi|hello|hey)\b
    |thank\ you|\bthanks\b|^welcome\b|\bwelcome\ (?:back|to|everyone|everybody|all)\b|you['’]re\ welcome|happy\ [\w' ]{2,30}\ day|laughter|applause|crosstalk|inaudible
    |ma['’]am|(?:good|great|nice|a\ pleasure|a\ privilege|an\ honou?r)\ to\ (?:be|see|speak|have|join)
    |get\ started|go\ ahead\ and|your\ questions|take\ (?:some\ )?questions|open\ it\ up|over\ to\ you
    |turn\ (?:it|the\ call|things)\ over|(?:couple|few)\ (?:of\ )?(?:things|items|announcements|minutes)
    |at\ the\ top\b|topper|point\ of\ order|i\ seek\ (?:your|information|guidance)|come\ to\ order
    |limit\ (?:your|it\ to)|follow-up|for\ joining|joining\ us|embargo
    |(?:call|briefing|session)\ is\ (?:on|off)\ (?:background|the\ record)|let\ me\ start|i['’]ll\ mention|we['’]re\ here\ (?:talking|to)|we\ are\ here\ to\ (?:talk|give)
    |without\ further\ ado|with\ that,|next\ question|question\ (?:comes\ )?from|line\ is\ open|\bgo\ ahead\b
    |(?:one\ more|last)\ question|taking\ my\ question|sit\ down|be\ seated
    """,
    re.IGNORECASE | re.VERBOSE,
)
_CEREMONY = re.compile(
    r"\b(?:thoughts\ (?:and\ prayers\ )?are\ with|we\ (?:honou?r|commemorate|remember|mourn|salute)\b)",
    re.IGNORECASE,
)
_INTERJECTION = re.compile(
    r"^(?:(?:all right|alright|okay|ok|right|yes|yeah|so|well|sure|great|and|sir)[\s,.!—–-]*)+$",
    re.IGNORECASE,
)
_SHORT_ADDRESS = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?\?$")
_LOGISTICS_MAX_CHARS = 170
_MAX_WRAP_WIDTH = 100
_SHORT_LINE = 0.8
_ENDS_SENTENCE = re.compile(r"[.?!:…\"”’)\]—–-]\s*$")


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when its lines are paragraphs."""
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    if len(lengths) < 10:
        return None
    width = lengths[int(len(lengths) * 0.95) - 1]
    long_lines = sum(1 for n in lengths if n >= 0.6 * width)
    return width if width <= _MAX_WRAP_WIDTH and long_lines >= 0.5 * len(lengths) else None


def paragraph_spans(text: str, start: int, end: int, wrapped_at: int | None = None) -> list[tuple[int, int]]:
    """Paragraphs of ``text[start:end]``.

    Blank lines always separate paragraphs; a single line break does too when the line before ends a sentence,
    so that one-paragraph-per-line transcripts are split. In a hard-wrapped text (``wrapped_at``) that line
    must also fall short of the wrap width, as the last line of a paragraph does.
    """
    spans: list[tuple[int, int]] = []
    para_start: int | None = None
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        line = text[pos:line_end]
        if not line.strip():
            if para_start is not None:
                spans.append((para_start, pos))
                para_start = None
        else:
            if para_start is None:
                para_start = pos
            if _ENDS_SENTENCE.search(line) and (wrapped_at is None or len(line) < _SHORT_LINE * wrapped_at):
                spans.append((para_start, line_end))
                para_start = None
        if nl == -1:
            break
        pos = nl + 1
    if para_start is not None:
        spans.append((para_start, end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A rule-based split good enough to find greeting and logistics sentences at the edges of a paragraph."""
    spans: list[tuple[int, int]] = []
    sent_start = start
    for m in _SENTENCE_END.finditer(text, start, end):
        word = re.search(r"([\w.]+)[.]*$", text[sent_start : m.start() + 1])
        if word and m.group(0).startswith(".") and _is_abbreviation(word.group(1)):
            continue
        spans.append((sent_start, m.end()))
        sent_start = m.end()
    if sent_start < end:
        spans.append((sent_start, end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def _is_abbreviation(word: str) -> bool:
    w = word.lower().rstrip(".")
    return w in _ABBREVIATIONS or len(w) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", w))


def is_logistics(sentence: str) -> bool:
    s = sentence.strip()
    if _INTERJECTION.match(s) or _SHORT_ADDRESS.match(s) or re.fullmatch(r"[(\[][^()\[\]]{1,30}[)\]]\.?", s):
        return True
    return len(s) <= _LOGISTICS_MAX_CHARS and bool(_LOGISTICS.search(s))


def claim_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The claim-sized pieces of one paragraph: runs of sentences that are not logistics.

    A paragraph made only of ceremony ("We honor their service") is no claim either; inside a paragraph that
    also reports something, ceremony stays, since it is part of what the speaker said there.
    """
    sentences = sentence_spans(text, start, end)
    if all(is_logistics(text[s:e]) or _CEREMONY.search(text[s:e]) for s, e in sentences):
        return []
    pieces: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for s, e in sentences:
        if is_logistics(text[s:e]):
            if run:
                pieces.append((run[0][0], run[-1][1]))
            run = []
        else:
            run.append((s, e))
    if run:
        pieces.append((run[0][0], run[-1][1]))
    return [(s, e) for s, e in pieces if e - s >= MIN_CLAIM_CHARS]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
