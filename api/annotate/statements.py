"""Written statements and press releases: the author named by a heading or a lead, and each paragraph they wrote.

A statement is announced before it is given: "The following is a statement from NASA Administrator Jane Roe
regarding …", "Statement by Secretary of Energy Paul Brandt on …", "Opening Statement of Hon. Laura Finch,
Chairwoman, …", "According to a statement by …, David Weaver:", "Mayor Ana Ruiz said today:". What follows is
the author's own words, either quoted (each paragraph reopens the quote mark, which closes only at the end: the
English convention) or unquoted (the statement itself). No reporting verb stands beside those paragraphs, so the
news rules cannot see them; this module reads them as turns of the named author, one claim per paragraph, without
the quote marks, and without the call to order, thanks and procedure that open a chairman's statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.annotate import confidence
from api.annotate.names import HONORIFICS, fold
from api.annotate.text import END_OF_BODY, Layout, layout_of, paragraph_spans, strip_span
from api.annotate.turn_paragraphs import claim_spans
from api.annotate.turn_speakers import ROLE_WORDS
from api.annotate.types import Candidate, DocumentInput

_STATEMENT = r"(?:(?:joint|written|prepared|opening|closing|full|official|following)\s+)?statement"
# Lead sentences and headings that name a statement's author, ``who`` being the phrase that names them.
_INTRODUCTIONS = (
    # "The following is a statement from X regarding …" / "Below is the full statement by X:"
    re.compile(
        rf"(?:^|[.—–-]\s+)(?:the\s+following\s+is|following\s+is|below\s+is|here\s+is|this\s+is)\s+"
        rf"(?:a|an|the)\s+{_STATEMENT}\s+(?:from|by|of)\s+(?P<who>[^:\n]+?)[.:]?\s*$",
        re.IGNORECASE,
    ),
    # "According to a statement by X:" / "In a statement, X said:"
    re.compile(
        rf"(?:^|\s)(?:according\s+to|in)\s+(?:a|an|the)\s+{_STATEMENT}\s+(?:from|by|of)\s+(?P<who>[^:\n]+?)\s*:\s*$",
        re.IGNORECASE,
    ),
    # "X said today:" / "X said in a statement:" — a lead that hands over to the statement
    re.compile(
        r"^(?P<who>[A-Z][^\n:]{2,150}?),?\s+(?:said|says|stated|declared|wrote|writes)\b[^.:\n]{0,60}:\s*$"
    ),
)
# A heading: "Statement by X on …", "Opening Statement of Hon. X, Chairman, …", "Testimony of X".
_HEADING = re.compile(
    rf"^(?:{_STATEMENT}|remarks|testimony|message|letter)\s+(?:by|of|from)\s+(?P<who>[^\n]+?)\s*$",
    re.IGNORECASE,
)
# Where the phrase naming the author stops: "X regarding the death of …", "X on the passing of …".
_TOPIC = re.compile(
    r"\s+(?:regarding|on|about|concerning|in\s+response\s+to|following|after|at|upon|before|to\s+the|for\s+the\s+record)\s",
)
_NAME_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?|[A-Z]\.")
_INITIAL = re.compile(r"[A-Z]\.")
_CONNECTORS = frozenset(["of", "the", "and", "for", "to", "on", "in", "at"])
_ORGANISATION_HEADS = frozenset(
    ["department", "ministry", "office", "committee", "council", "commission", "agency", "administration", "service", "bureau", "board", "center", "centre", "institute", "foundation", "house", "senate", "court", "government", "embassy", "association", "union", "company", "corporation", "group", "party", "campaign"]
)
_OPENING_MARKS = "“\"‘«„"
_CLOSING_MARKS = "”\"’»"
_MAX_HEADING_CHARS = 250
_MAX_OPEN_PARAGRAPHS = 8


@dataclass(frozen=True, slots=True)
class Author:
    """Who a statement is by, as the document names them."""

    name: str
    kind: str  # person | organisation
    mention: str


def extract_statements(doc: DocumentInput) -> list[Candidate]:
    """One candidate per paragraph of each introduced statement, in document order."""
    text = doc.text
    layout = layout_of(text)
    paragraphs = paragraph_spans(text, layout=layout)
    candidates: list[Candidate] = []
    index = 0
    while index < len(paragraphs):
        author = _introduced_author(text, *paragraphs[index])
        if author is None:
            index += 1
            continue
        body, index = _statement_body(text, paragraphs, index + 1)
        for start, end in body:
            candidates.extend(_claims_of_paragraph(doc, author, start, end, layout))
    return candidates


def _introduced_author(text: str, start: int, end: int) -> Author | None:
    line = text[start:end].split("\n", 1)[0].strip()  # a heading may run on over several lines
    if len(line) > _MAX_HEADING_CHARS * 2:
        return None
    matches = [pattern.search(line) for pattern in _INTRODUCTIONS]
    if len(line) <= _MAX_HEADING_CHARS and not line.endswith("."):  # a heading is short and ends no sentence
        matches.append(_HEADING.search(line))
    for m in matches:
        author = author_in(m.group("who")) if m else None
        if author is not None:
            return author
    return None


def _statement_body(text: str, paragraphs: list[tuple[int, int]], index: int) -> tuple[list[tuple[int, int]], int]:
    """The paragraphs of the statement that starts at ``paragraphs[index]``, and the index after it.

    A quoted statement ends with the paragraph that closes its quotation; an unquoted one at the end of the
    document's body, or at the next statement's introduction.
    """
    body: list[tuple[int, int]] = []
    while index < len(paragraphs) and _is_heading_matter(text[paragraphs[index][0] : paragraphs[index][1]]):
        index += 1  # the rest of a heading: committee, hearing title, date, "Director, Bureau of …"
    quoted = index < len(paragraphs) and text[paragraphs[index][0]] in _OPENING_MARKS
    while index < len(paragraphs):
        start, end = paragraphs[index]
        paragraph = text[start:end]
        if END_OF_BODY.match(paragraph) or _introduced_author(text, start, end) is not None:
            break
        if quoted and paragraph[0] not in _OPENING_MARKS and not (body and len(body) < _MAX_OPEN_PARAGRAPHS):
            break  # a quotation left open goes on until it closes, or a few paragraphs at most
        if not quoted and _is_dateline(paragraph):
            break
        body.append((start, end))
        index += 1
        if quoted and _closes_quotation(paragraph):
            break
    return body, index


def _closes_quotation(paragraph: str) -> bool:
    """The quotation opened at the paragraph's start closes in it (an even count of double marks)."""
    marks = sum(paragraph.count(m) for m in "“”\"")
    return marks % 2 == 0


_DATELINE = re.compile(
    r"^(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}|Release\s+No\b.*|[A-Z]{2,}-\d+.*)$"
)


def _is_heading_matter(paragraph: str) -> bool:
    """A short line that ends no sentence: a title, an affiliation or a date under a heading."""
    line = paragraph.strip()
    return len(line) <= _MAX_HEADING_CHARS and "\n" not in line and not re.search(r"[.!?:][\"”’']?$", line)


def _is_dateline(paragraph: str) -> bool:
    return bool(_DATELINE.match(paragraph.strip()))


def _claims_of_paragraph(
    doc: DocumentInput, author: Author, start: int, end: int, layout: Layout
) -> list[Candidate]:
    text = doc.text
    start, end = _without_marks(text, start, end)
    return [
        Candidate(
            statement=text[s:e],
            start=s,
            end=e,
            speaker=author.name,
            speaker_mention=author.mention,
            cue="statement",
            kind="direct" if text[max(0, start - 1)] in _OPENING_MARKS else "turn",
            date=doc.published_on,
            confidence=confidence.of_statement(author.name, author.kind),
            speaker_kind=author.kind,
        )
        for s, e in claim_spans(text, start, end)
    ]


def _without_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A quoted paragraph without the quote mark that opens it and the one that closes the quotation."""
    if start < end and text[start] in _OPENING_MARKS:
        start += 1
    if end > start and text[end - 1] in _CLOSING_MARKS and (text[end - 1] != "’" or text[end - 2] in ".!?,"):
        end -= 1
    return strip_span(text, start, end)


def author_in(phrase: str) -> Author | None:
    """The person (or else the organisation) a phrase such as "NASA Administrator Charles Bolden regarding …"
    or "Johnson Space Center director and former astronaut Mike Coats" names.

    The name is the last run of capitalised words in the first comma-separated part that holds a run of two or
    more words once titles are dropped ("Associate Administrator for the Office of Communications, David
    Weaver" names David Weaver); middle initials are dropped as the gold conventions do ("John J. Hall" is
    "John Hall").
    """
    mention = phrase.strip().rstrip(".:,")
    topic = _TOPIC.search(mention)
    head = mention[: topic.start()] if topic else mention
    parts = [p.strip() for p in head.split(",") if p.strip()]
    single: str | None = None
    for part in parts:
        runs = _capitalised_runs(part)
        people = [r for r in runs if len(r) >= 2 and fold(r[-1]) not in _ORGANISATION_HEADS]
        if people:
            return Author(_display(people[-1]), "person", mention)
        if single is None and runs and len(runs[-1]) == 1 and fold(runs[-1][0]) not in _ORGANISATION_HEADS:
            single = runs[-1][0]
    organisation = _organisation(parts[0]) if parts else None
    if organisation:
        return Author(organisation, "organisation", mention)
    return Author(single, "person", mention) if single else None


def _capitalised_runs(part: str) -> list[list[str]]:
    """Runs of capitalised words with leading titles, acronyms and role words dropped."""
    runs: list[list[str]] = []
    current: list[str] = []
    for word in part.split():
        if _NAME_TOKEN.fullmatch(word) and not (word.isupper() and len(word.strip(".")) > 1):
            current.append(word)
            continue
        if word.isupper() and len(word.strip(".")) > 1 and not current:
            continue  # "NASA Administrator …": an acronym before a title
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    trimmed = []
    for run in runs:
        # "Harbour Authority Director Ruth Okafor": the name follows the last title word of the run
        titles = [i for i, w in enumerate(run) if _is_title(w)]
        run = run[titles[-1] + 1 :] if titles else run
        if run:
            trimmed.append(run)
    return trimmed


def _is_title(word: str) -> bool:
    folded = fold(word)
    return folded in ROLE_WORDS or folded in HONORIFICS or folded in {"hon", "the"}


def _display(words: list[str]) -> str:
    kept = [w for i, w in enumerate(words) if not (_INITIAL.fullmatch(w) and 0 < i < len(words) - 1)]
    return " ".join(kept).rstrip(".")


def _organisation(part: str) -> str | None:
    words = part.split()
    while words and fold(words[0]) in {"the", "a", "an"}:
        words = words[1:]
    heads = _ORGANISATION_HEADS | {"nasa", "pentagon", "kremlin"}
    if words and any(fold(w) in heads for w in words) and all(
        w[0].isupper() or fold(w) in _CONNECTORS for w in words
    ):
        return " ".join(words)
    return None
