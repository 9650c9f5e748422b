"""Speaker labels of transcripts: where each turn starts, what its label says, and what sort of speaker it names.

Transcripts come in a handful of layouts, and each gets its own line pattern:

* ``Name:`` / ``MR. PRICE:`` / ``Paul Fulton (Moderator):`` / ``Mr. Clark :`` / ``1. Mr. Fisher :`` (a colon label),
  also after a court transcript's line number (``19        MR. LONG:``);
* Hansard with the member's name alone on a line (``Mr. Barry Jones (Alyn and Deeside)``), or run into the speech
  after a ``§`` (``§ Mrs. Jane Doe (Somewhere)On a point of order``);
* US congressional hearings, ``Mr. Linder. The meeting will come to order.``;
* a role and surname in capitals inside a line of text flattened from a PDF (``… 2022 CHAIR POWELL. Good …``).

A colon label alone proves nothing (news has ``Note:`` and ``Updated:`` lines), so each label also gets an
evidence weight; ``transcripts.py`` treats a document as a transcript only when the evidence adds up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.annotate.names import fold
from api.annotate.text import word_set

_UPPER = "A-ZÀ-ÖØ-Þ"
_CAP = rf"(?:[{_UPPER}][\w'’\-]*\.?|[{_UPPER}]\.)"
_CONNECT = r"(?:of|the|to|for|and|on|de|da|del|der|van|von|al|bin|le|la|du)"
_PARENS = r"\([^()\n]{1,80}\)"

_COLON_LABEL = re.compile(
    rf"^(?P<prefix>[^\S\n]*(?:§[^\S\n]*|\d{{1,3}}\.[^\S\n]+|\d{{1,2}}[^\S\n]{{2,}})?)"
    rf"(?P<label>{_CAP}(?:[^\S\n]+(?:{_CAP}|{_CONNECT}|\d{{1,2}}\b))*(?:[^\S\n]*{_PARENS})?"
    rf"(?:,[^\S\n]+{_CAP}(?:[^\S\n]+(?:{_CAP}|{_CONNECT}))*)?(?:[^\S\n]*{_PARENS})?)[^\S\n]*:(?=[^\S\n]|$)",
    re.MULTILINE,
)
_HONORIFIC_LEAD = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Madam|Madame|The|Rev|Baroness|Earl|Viscount)\.?"
_NAME_LINE = re.compile(
    rf"^(?P<prefix>[^\S\n]*(?:§[^\S\n]*)?)(?P<label>(?:{_HONORIFIC_LEAD}[^\S\n]+)?{_CAP}(?:[^\S\n]+(?:{_CAP}|{_CONNECT})){{0,6}}"
    rf"(?:[^\S\n]*{_PARENS}){{1,2}}"
    rf"|(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Madam|Madame)\.?(?:[^\S\n]+{_CAP}){{1,4}})[^\S\n]*$",
    re.MULTILINE,
)
_SECTION_RUN_IN = re.compile(
    rf"^(?P<prefix>[^\S\n]*§[^\S\n]*)(?P<label>(?:{_HONORIFIC_LEAD}[^\S\n]+)?{_CAP}(?:[^\S\n]+(?:{_CAP}|{_CONNECT})){{0,6}}"
    rf"(?:[^\S\n]*{_PARENS}){{1,2}})",
    re.MULTILINE,
)


_SECTION_CHAIR = re.compile(
    r"^(?P<prefix>[^\S\n]*§[^\S\n]*)(?P<label>(?:Mr\.?|Madam|Madame)[^\S\n]+(?:Deputy[^\S\n]+)?Speaker)",
    re.MULTILINE,
)
_HEARING_LABEL = re.compile(
    r"^(?P<prefix>[^\S\n]*)(?P<label>(?:(?:Mr|Mrs|Ms|Miss|Dr|Chairman|Chairwoman|Senator|Sen|Representative|Rep)\.?"
    rf"[^\S\n]+[{_UPPER}][\w'’\-]+(?:[^\S\n]+of[^\S\n]+[{_UPPER}][a-z]+)?|The[^\S\n]+(?i:chairman|chairwoman|chair)))"
    rf"\.(?=[^\S\n]+[\"“{_UPPER}])",
    re.MULTILINE,
)

# Text flattened from a PDF runs labels into the line: "… September 21, 2022 CHAIR POWELL. Good afternoon."
_INLINE_LABEL = re.compile(
    r"(?:(?<=[^\S\n])|^)(?P<prefix>)(?P<label>(?:CHAIR|CHAIRMAN|CHAIRWOMAN|PRESIDENT|SECRETARY|GOVERNOR|SENATOR|MR|MS"
    r"|MRS|DR)\.?[^\S\n]+[A-Z][A-Z'’\-]{2,}(?:[^\S\n]+[A-Z][A-Z'’\-]{2,})?)[.:](?=[^\S\n]+[A-Z][a-z])",
    re.MULTILINE,
)
# The same transcripts give reporters their full name in capitals at the start of a line: "PETER HALLORAN. Peter …"
_CAPITALS_NAME_LABEL = re.compile(
    r"^(?P<prefix>)(?P<label>[A-Z][A-Z'’\-]+(?:[^\S\n]+[A-Z][A-Z'’\-]+){1,2})\.(?=[^\S\n]+[A-Z][a-z])", re.MULTILINE
)
# The White House's "Q    Thank you, Karine." and the "Q. ... A. ..." of printed interviews.
_BARE_QUESTION = re.compile(
    r"^(?P<prefix>[^\S\n]*)(?P<label>Q|A)(?:\.[^\S\n]+|[^\S\n]{2,}|\t[^\S\n]*)(?=[\"“'‘A-Z])", re.MULTILINE
)

# A cheap test run on every document: does any line start like a speaker label at all?
QUICK_HINT = re.compile(
    rf"^[^\S\n]*(?:§|\d{{1,3}}\.[^\S\n]+|\d{{1,2}}[^\S\n]{{2,}})?[{_UPPER}][^\n:]{{0,90}}:(?:[^\S\n]|$)|^[^\S\n]*§|"
    rf"^[^\S\n]*(?:Mr|Mrs|Ms|Dr)\.?[^\S\n]+[{_UPPER}]\w+\.[^\S\n]|"
    rf"^[^\S\n]*{_HONORIFIC_LEAD}[^\S\n]+[{_UPPER}][^\n]{{0,90}}(?:\)|Speaker)[^\S\n]*$|"
    rf"^[^\S\n]*[{_UPPER}][^\n]{{0,90}}\)[^\S\n]*$|^[^\S\n]*Q(?:\.[^\S\n]|[^\S\n]{{2}}|\t)",
    re.MULTILINE,
)

# Words that end a label which is a heading or metadata, not a speaker ("Editor's Note:", "Posted:").
_NOT_SPEAKERS = word_set(
    """
    note notes byline update updated updates posted published source sources photo photos image images
    picture credit credits caption video videos watch listen read related see also tags tag topics
    topic keywords categories category share comments comment email tel phone fax website address
    contact author by editor date time location subject summary background context correction
    clarification disclaimer transcript transcripts exclusive breaking analysis opinion live from
    present participants re cc attachment attachments warning advertisement sponsored via
    language languages headline title part chapter step day agenda minutes result results score
    total overview abstract introduction conclusion conclusions appearances contents index
    """
)

INTERVIEWER_WORDS = word_set(
    """
    q question questions questioner questioners reporter reporters journalist journalists
    interviewer moderator operator host presenter anchor staff audience caller participant q&a
    correspondent
    """
)
_ANONYMOUS_KEYS = word_set(
    """
    official officials spokesperson spokesman spokeswoman narrator unidentified unknown voice
    briefer speaker interviewee respondent guest panelist panellist male female both all crowd
    audience members
    """
)
# First words of a label that announce a role, so that "Assistant Secretary Cooper" is a speaker label.
ROLE_LEADS = word_set(
    """
    mr mrs ms miss dr sir dame lord lady madam president vice secretary assistant minister senator
    sen rep representative governor gov general gen admiral adm ambassador chairman chairwoman chair
    judge justice professor prof deputy spokesman spokeswoman spokesperson commissioner mayor prime
    press director
    """
)
_CHAIR = re.compile(r"^(?:the|mr|madam|madame)?\s*(?:deputy\s+)?speaker$")


@dataclass(frozen=True, slots=True)
class Label:
    """One speaker label found in the text.

    ``start``/``end`` cover the label as written (the cue); ``body_start`` is where the turn's own words begin.
    ``name`` is the label without its parenthesised part, ``paren`` that part (a role, a constituency or, in
    Hansard's ``The Minister (Mr. Alan Clark)``, the name itself).
    """

    start: int
    end: int
    body_start: int
    text: str
    name: str
    paren: str | None
    layout: str  # colon | name_line | section | hearing | inline | inline_name

    @property
    def cue(self) -> str:
        return self.text


def find_labels(text: str) -> list[Label]:
    """Every candidate label, in document order, at most one per line."""
    found: dict[int, Label] = {}
    for layout, pattern in (
        ("section", _SECTION_CHAIR),
        ("section", _SECTION_RUN_IN),
        ("name_line", _NAME_LINE),
        ("colon", _COLON_LABEL),
        ("hearing", _HEARING_LABEL),
        ("colon", _BARE_QUESTION),
        ("inline", _INLINE_LABEL),
        ("inline_name", _CAPITALS_NAME_LABEL),
    ):
        for m in pattern.finditer(text):
            line_start = m.start()  # an inline label keys on its own start: a flattened line may hold several
            if line_start in found:
                continue
            label_start = m.start("label")
            label_end = m.end("label")
            cue_end = m.end()
            raw = m.group("label")
            name, paren = _split_parens(raw)
            if layout == "colon" and (_is_heading_word(name) or not _looks_like_speaker(name, paren)):
                continue
            if layout in {"name_line", "section"} and _names_an_office(name):
                continue  # "Office of the Assistant Secretary of Defense (Public Affairs)": a letterhead
            if m.group("prefix").strip().isdigit() and not name.isupper():
                continue  # after a court transcript's line number only a label in capitals opens a turn
            if layout in {"colon", "section"} and _is_heading_text(text, cue_end):
                continue
            body_start = cue_end
            while body_start < len(text) and text[body_start] != "\n" and text[body_start].isspace():
                body_start += 1
            found[line_start] = Label(
                start=label_start,
                end=cue_end if layout != "name_line" else label_end,
                body_start=body_start,
                text=text[label_start:cue_end].rstrip(),
                name=name,
                paren=paren,
                layout=layout,
            )
    labels = [found[k] for k in sorted(found)]
    if not any(label.layout == "inline" for label in labels):
        # a name in capitals before a full stop is a label only beside role labels of the same layout
        labels = [label for label in labels if label.layout != "inline_name"]
    return labels


_OFFICE_HEADS = word_set("office department ministry bureau agency directorate division committee subcommittee")


def _names_an_office(name: str) -> bool:
    words = label_words(name)
    if words and words[0] == "the":
        words = words[1:]
    return bool(words) and words[0] in _OFFICE_HEADS


_PERSON_TITLES = word_set("mr mrs ms miss mx dr sir dame lord lady")


def _split_parens(raw: str) -> tuple[str, str | None]:
    """``Name (Role)``, ``Name, Role`` and ``Name (Constituency) (Party)`` -> the name and the first aside."""
    groups = re.findall(r"\(([^()]*)\)", raw)
    outside = re.sub(r"\s*\([^()]*\)", "", raw).strip()
    if "," in outside:
        outside, after_comma = (part.strip() for part in outside.split(",", 1))
        groups.insert(0, after_comma)
    # "The Minister of State, Department for Transport (Ms Delphine Harrow)": the aside that names someone first
    groups.sort(key=lambda group: fold(group).split(" ")[0] not in _PERSON_TITLES)
    return outside, (groups[0].strip() if groups else None)


_PARTICLES = word_set("de da del der van von al bin le la du di dos das")
_HEADING_WORDS = word_set("of the and for on in at to with week day report reads news update")
_LEADING_NON_NAMES = word_set("the a an this that these those how why what when where who")


def _looks_like_speaker(name: str, paren: str | None) -> bool:
    """A label must read like a name or a role, not a section heading ("Little Relief for Refugees", "STAT OF THE
    WEEK")."""
    if paren:
        return True
    words = name.split()
    folded = [fold(w) for w in words]
    if not words or len(words) > 9:
        return False
    if len(words) == 1 and len(folded[0]) == 1:
        return True
    if folded[0] in ROLE_LEADS or (folded[0] == "the" and len(folded) > 1 and folded[1] in ROLE_LEADS):
        return True
    if folded[0] in _LEADING_NON_NAMES or len(words) > 6:
        return False
    if any(re.search(r"['’]s$", w) for w in words[:-1]):
        return False
    return all(
        (w[0].isupper() and f not in _HEADING_WORDS) or f in _PARTICLES or (w.isdigit() and i > 0)
        for i, (w, f) in enumerate(zip(words, folded))
    )


def _is_heading_text(text: str, start: int) -> bool:
    """What follows the label is a headline (``UN: PEACEKEEPERS PAYING ...``, ``Fallin: Trump Is 'Trying To'``)."""
    nl = text.find("\n", start)
    line = text[start : nl if nl != -1 else len(text)].strip()
    words = re.findall(r"[^\W\d_][\w'’-]*", line)
    if len(words) < 4 or re.search(r"[.?!][\"”’']?\s+\S", line):
        return False
    next_nl = text.find("\n", nl + 1) if nl != -1 else -1
    if nl != -1 and text[nl + 1 : next_nl if next_nl != -1 else len(text)].strip():
        return False  # a headline stands alone; this line runs on, as wrapped prose does
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.7 * len(words)


def _is_heading_word(name: str) -> bool:
    words = fold(name).split(" ")
    return bool(words) and (words[-1] in _NOT_SPEAKERS or words[0] in {"please", "editors", "editor"})


def label_words(name: str) -> list[str]:
    return [w for w in fold(name).split(" ") if w]


def is_interviewer_label(label: Label, source: str | None) -> bool:
    """Questioners, moderators and operators, by label word, by a role in parentheses, or by being the outlet."""
    words = label_words(label.name)
    if not words:
        return False
    if " ".join(words) in INTERVIEWER_WORDS or (len(words) <= 2 and words[0] in INTERVIEWER_WORDS):
        return True
    if label.paren and set(label_words(label.paren)) & INTERVIEWER_WORDS:
        return True
    return bool(source) and fold(label.name) == fold(source)


def is_anonymous_label(label: Label) -> bool:
    """``SENIOR ADMINISTRATION OFFICIAL``: a role that never names anyone."""
    return bool(set(label_words(label.name)) & _ANONYMOUS_KEYS)


def is_chair_label(label: Label) -> bool:
    """The Speaker of a parliament, whom Hansard never names."""
    return bool(_CHAIR.match(" ".join(label_words(label.name))))


_OFFICES = re.compile(
    r"^(?:the|mr|madam|madame)?\s*(?:vice\s+)?(?:president|prime\s+minister|first\s+lady|chancellor|governor|mayor"
    r"|secretary(?:\s+general)?|attorney\s+general|premier)$"
)


def is_office_label(label: Label) -> bool:
    """``THE PRESIDENT``, ``THE PRIME MINISTER``: one office held by one person at a time."""
    return bool(_OFFICES.match(" ".join(label_words(label.name))))


def has_label_hint(text: str) -> bool:
    """The cheap test run on every document: could any speaker label be in it at all?"""
    return bool(QUICK_HINT.search(text) or _INLINE_LABEL.search(text))
