"""What in a speaker's turn counts as a claim: each paragraph, without greetings, thanks and logistics.

Annotators count one claim per paragraph of a turn, and leave out what only runs the event ("Good afternoon,
everyone", "I'll take your questions", "On a point of order, Mr. Speaker"). Such sentences are cut from the
edges of a paragraph; in the middle they split it, since they separate two things said. What is left must be
long enough to assert something.
"""

from __future__ import annotations

import re

from api.annotate.text import sentence_spans

MIN_CLAIM_CHARS = 60

# Phrases of greeting, thanks and running the event. A short sentence containing one is logistics.
_LOGISTICS = re.compile(
    r"""
    \bgood\ (?:morning|afternoon|evening|day)|^(?:good\ )?(?:morning|afternoon|evening)\b|^(?:hi|hello|hey)\b
    |thank\ you|\bthanks\b(?!\ to\b)|^welcome\b|\bwelcome\ (?:back|to|everyone|everybody|all)\b|you['’]re\ welcome|happy\ [\w' ]{2,30}\ day|laughter|applause|crosstalk|inaudible
    |ma['’]am|(?:good|great|nice|a\ pleasure|a\ privilege|an\ honou?r)\ to\ (?:be|see|speak|have|join)
    |get\ started|get\ to\ (?:your\ |some\ )?questions|(?:brief|short)\ (?:opening\ )?statement|ground\ rules|on[-\ ]background\b
    |go\ ahead\ and|your\ questions|take\ (?:some\ )?questions|open\ it\ up|over\ to\ you
    |turn\ (?:it|the\ call|things)\ over|(?:couple|few)\ (?:of\ )?(?:things|items|announcements|minutes)
    |at\ the\ top\b|topper|point\ of\ order|i\ seek\ (?:your|information|guidance)|come\ to\ order
    |limit\ (?:your|it\ to)|follow-up|for\ joining|joining\ us|embargo
    |(?:call|briefing|session)\ is\ (?:on|off)\ (?:background|the\ record)|let\ me\ start|i['’]ll\ mention|we['’]re\ here\ (?:talking|to)|we\ are\ here\ to\ (?:talk|give)
    |without\ further\ ado|with\ that,|next\ question|question\ (?:comes\ )?from|line\ is\ open|\bgo\ ahead\b
    |(?:one\ more|last)\ question|taking\ my\ question|sit\ down|be\ seated
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Parliamentary and court procedure: a request or ruling that runs the sitting, however long the sentence.
_PROCEDURE = re.compile(
    r"""^(?:[^,;:]{0,40},\s+)?(?:
        I\s+(?:ask|request)\s+unanimous\s+consent|I\s+move\s+(?:that|to)\b|I\s+(?:suggest|note)\s+the\s+absence
      | I\s+yield\b|I\s+reserve\s+the\s+(?:balance|right)|is\s+there\s+(?:any\s+)?objection|without\s+objection
      | (?:it\s+is\s+)?so\s+ordered|the\s+clerk\s+will\b|the\s+question\s+is\s+on\b|the\s+(?:yeas|ayes)\s+and
      | the\s+(?:senator|gentleman|gentlewoman|member)\s+(?:from\s+[A-Z][\w ]{2,30}\s+)?(?:is\s+recognized|yields)
      | the\s+chair\s+recognizes|I\s+(?:now\s+)?recognize\b|we['’]ll\s+hear\s+argument|we\s+will\s+hear\s+argument
      | (?:our|the)\s+(?:first\s+|next\s+)?witness(?:es)?\s+(?:today\s+|this\s+\w+\s+)?(?:is|are|will\s+be)\b
      | (?:the\s+)?objection\s+is\s+heard|I\s+object\b\.?$|reserving\s+the\s+right\s+to\s+object[\s,.]*$
      | (?:would|will)\s+(?:everyone|you\s+all|the\s+audience)\s+(?:please\s+)?(?:rise|stand)|I\s+(?:would\s+)?ask\s+(?:everyone|you\s+all|all\s+of\s+you)\s+to\s+(?:rise|stand)
      | (?:the\s+)?(?:hearing|meeting|committee|subcommittee|court|house|senate)\b[^.]{0,80}\b(?:will\s+(?:now\s+)?come\s+to\s+order|is\s+adjourned|stands\s+adjourned|will\s+stand\s+in\s+recess)
    )""",
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
def _in_capitals(sentence: str) -> bool:
    """"STATEMENT OF JANE ROE, DIRECTOR": a heading printed inside a turn, not speech."""
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _asks(sentence: str) -> bool:
    """A question, or a question broken off ("But isn't the point --")."""
    return sentence.rstrip("\"”’') ").endswith(("?", "--", "—"))


# A court transcript's line numbers inside a sentence ("We'll hear\n\n 4   argument") are layout, not words.
_LINE_NUMBERS = re.compile(r"\s*\n[^\S\n]*(?:\d{1,2}[^\S\n]+)?\s*")
_THANKS = re.compile(
    r"\bthank\s+you\s+(?:all\s+)?for\s+(?:the\s+(?:opportunity|invitation|chance|privilege)|inviting|having)\b", re.IGNORECASE
)
_THANKS_MAX_CHARS = 300


def is_logistics(sentence: str) -> bool:
    s = _LINE_NUMBERS.sub(" ", sentence.strip())
    if len(s) <= _THANKS_MAX_CHARS and _THANKS.search(s):
        return True
    if _PROCEDURE.match(s) or _in_capitals(s):
        return True
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
    if all(_asks(text[s:e]) for s, e in sentences):
        return []  # a paragraph of questions asks; it claims nothing
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
    pieces = [(_after_lead_in(text, s, e), e) for s, e in pieces]
    return [(s, e) for s, e in pieces if e - s >= MIN_CLAIM_CHARS]


# What a speaker says before getting to the point: "Reserving the right to object, Mr. President, I have …".
_LEAD_IN = re.compile(
    r"(?:(?:reserving\s+the\s+right\s+to\s+object|(?:Mr\.|Madam|Madame)\s+(?:President|Speaker|Chairman|Chairwoman|Chair)"
    r"|Your\s+Honou?r|(?:Mr\.|Madam|Madame)\s+(?:Deputy\s+)?Speaker|Senator|Congressman|Congresswoman),\s+)+",
    re.IGNORECASE,
)


def _after_lead_in(text: str, start: int, end: int) -> int:
    """A piece starts after the vocatives and reservations that open it."""
    m = _LEAD_IN.match(text, start, end)
    return m.end() if m else start

