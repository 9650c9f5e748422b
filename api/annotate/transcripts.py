"""Transcript turns as claims: in an interview, briefing, hearing or Hansard page, who spoke is in the label.

``extract_turns`` runs on every document, so it first asks one cheap regular expression whether any line even
starts like a label, and gives up at once on ordinary news. A document is then a transcript only when its labels
add up to enough evidence (an upper-case ``DR. GERBERDING:``, a ``QUESTION:``, a label naming someone in the
title, a Hansard layout), never because of one ``Note:`` or ``Updated:`` line.

Each substantive paragraph of a named speaker's turn becomes one candidate of kind ``turn``. Interviewers',
questioners' and moderators' paragraphs are not claims: they come out with ``speaker=None`` (never stored), so that
the pipeline knows those spans are questions and does not read them as news. Anonymous officials and unnamed
chairs also get ``speaker=None`` instead of an invented name. A transcript printed twice yields each claim once.
"""

from __future__ import annotations

import re
from datetime import date

from api.annotate import confidence
from api.annotate.dates import claim_date
from api.annotate.names import HONORIFICS, fold
from api.annotate.text import END_OF_BODY, layout_of, paragraph_spans
from api.annotate.turn_labels import (
    INTERVIEWER_WORDS,
    ROLE_LEADS,
    Label,
    find_labels,
    has_label_hint,
    is_anonymous_label,
    is_office_label,
    label_words,
)
from api.annotate.turn_paragraphs import claim_spans
from api.annotate.turn_speakers import ROLE_WORDS, Speaker, label_key, resolve_labels
from api.annotate.turn_unnamed import unnamed_transcript
from api.annotate.types import Candidate, DocumentInput

_MIN_EVIDENCE = 2.0
# A speaker whose one turn is a question this short is a reporter called on by name, not an interviewee.
_MAX_QUESTION_CHARS = 600
# "Joe Doe: (00:35)": the time code transcription services put after each label.
_TIMESTAMP = re.compile(r"[(\[]?\d{1,2}:\d{2}(?::\d{2})?[)\]]")
_REPEAT = Speaker(None, None, "repeated passage", "anonymous")
_PROCEDURE = Speaker(None, None, "greetings, thanks or procedure", "anonymous")
_HEADER_CHARS = 800
_MAX_TITLE_CHARS = 200
_PAGE_DATE = re.compile(r"\b(?:posted|published|updated|printed|released|release)\b", re.IGNORECASE)
_WRITTEN_QUESTION = re.compile(r"^To ask\b")
# Hansard's numbered questions on the order paper ("1. Mr Owain Pryce (Carreg Valley) (Lab): What assessment …").
_ORDER_PAPER = re.compile(r"^\d{1,3}\.\s")


def extract_turns(doc: DocumentInput) -> list[Candidate]:
    """One candidate per substantive paragraph of each speaker turn, or ``[]`` if the document is no transcript."""
    text = doc.text
    if not has_label_hint(text):
        return _unnamed_turns(doc)
    labels = _without_headline(find_labels(text), text)
    if not labels or _evidence(labels, text, doc.title or _first_line(text)) < _MIN_EVIDENCE:
        return _unnamed_turns(doc)
    said_on = _session_date(doc, labels[0].start)
    speakers = resolve_labels(labels, text, doc.title, doc.source, said_on)
    layout = layout_of(text)
    turns = _turns(labels, text)
    questioners = _questioners(turns, text, speakers)
    pieces: list[tuple[Speaker, str, int, int]] = []
    for index, (label, start, end) in enumerate(turns):
        speaker = speakers[label_key(label)]
        asks = speaker.role == "interviewer" or _speaker_key(label, speakers) in questioners
        paragraphs = paragraph_spans(text, start, end, layout)
        if not asks and index + 1 < len(turns) and _hands_over(text, paragraphs, turns[index + 1][0], speakers):
            asks = True  # a moderator's welcome, ground rules and introduction of the next speaker
        for para_start, para_end in paragraphs:
            if asks or _WRITTEN_QUESTION.match(text[para_start:para_end]) or _on_order_paper(label, text):
                pieces.append((_as_questioner(speaker), label.cue, para_start, para_end))
            else:
                claims = claim_spans(text, para_start, para_end)
                # a paragraph that only runs the event is still the speaker's turn, not news to be read again
                pieces.extend((speaker, label.cue, s, e) for s, e in claims)
                if not claims and any(ch.isalpha() for ch in text[para_start:para_end]):
                    pieces.append((_PROCEDURE, label.cue, para_start, para_end))
    return _once(doc, pieces, said_on)


def _once(
    doc: DocumentInput, pieces: list[tuple[Speaker, str, int, int]], said_on: date | None
) -> list[Candidate]:
    """Each statement once. A passage printed again (a page that repeats its whole transcript) becomes one
    speakerless span, "repeated passage", so that it is still known as transcript and not read as news."""
    candidates: list[Candidate] = []
    seen: set[tuple[str | None, str, str]] = set()
    run: list[tuple[Speaker, str, int, int]] = []
    for piece in [*pieces, None]:
        if piece is not None:
            who, cue, start, end = piece
            key = (who.name, who.role, " ".join(doc.text[start:end].split()))
            if key in seen:
                run.append(piece)
                continue
        if run:
            run_start, run_end = run[0][2], run[-1][3]
            candidates.append(
                _candidate(doc, _REPEAT, run[0][1], doc.text[run_start:run_end], run_start, run_end, said_on)
            )
            run = []
        if piece is not None:
            seen.add(key)
            candidates.append(_candidate(doc, who, cue, doc.text[start:end], start, end, said_on))
    return candidates


def _session_date(doc: DocumentInput, first_label: int) -> date | None:
    """The day of the briefing or sitting: a full date in the title or the header, else the published date.

    A transcript's header dates the event itself ("February 4, 2016", "HC Deb 31 October 1990"); lines that
    date the page instead ("Posted: ...", "Updated ...") are passed over.
    """
    header = [doc.title or "", *doc.text[: min(first_label, _HEADER_CHARS)].split("\n")]
    for line in header:
        if line.strip() and not _PAGE_DATE.search(line):
            found = claim_date(line, None)
            if found is not None:
                return found
    return doc.published_on


def _unnamed_turns(doc: DocumentInput) -> list[Candidate]:
    """Sentences of a transcript section nobody is named in: ``speaker=None``, each once."""
    found = unnamed_transcript(doc.text, END_OF_BODY)
    if found is None:
        return []
    heading, spans = found
    nobody = Speaker(None, None, "unnamed speaker", "anonymous")
    return _once(doc, [(nobody, heading, start, end) for start, end in spans], doc.published_on)


_HAND_OVER = re.compile(
    r"\b(?:turn\s+(?:it|things|the\s+(?:call|floor|podium|briefing))\s+over\s+to|hand\s+(?:it\s+)?over\s+to"
    r"|starting\s+off\s+(?:is|will\s+be)|we['’]ll\s+(?:first\s+)?hear\s+(?:first\s+)?from|first\s+(?:we['’]ll|we\s+will|you['’]ll|you\s+will)\s+hear\s+from"
    r"|(?:like|want|pleased|happy)\s+to\s+introduce|please\s+welcome|with\s+us\s+(?:today|this\s+\w+)\s+(?:is|are)"
    r"|(?:joining|here\s+with)\s+us\s+(?:today|now)\s+(?:is|are)|i\s+give\s+you|the\s+floor\s+is\s+yours)",
    re.IGNORECASE,
)
_MAX_HAND_OVER_PARAGRAPHS = 5
_MAX_HAND_OVER_PARAGRAPH_CHARS = 450


def _hands_over(text: str, paragraphs: list[tuple[int, int]], next_label: Label, speakers: dict[str, Speaker]) -> bool:
    """A turn that ends by giving the floor to the next speaker, and says little else, is a moderator's.

    The last paragraph must name the next speaker (by a word of the label or of the resolved name) in a
    hand-over phrase ("Starting off is Admiral Jane Roe", "With that, I'll turn it over to [senior official]").
    """
    if not paragraphs or len(paragraphs) > _MAX_HAND_OVER_PARAGRAPHS:
        return False
    if any(e - s > _MAX_HAND_OVER_PARAGRAPH_CHARS for s, e in paragraphs):
        return False
    last = text[paragraphs[-1][0] : paragraphs[-1][1]]
    if not _HAND_OVER.search(last):
        return False
    following = speakers[label_key(next_label)]
    names = set(label_words(next_label.name)) | set(fold(following.name or "").split())
    names -= ROLE_WORDS
    return bool(names & set(fold(last).split()))


def _on_order_paper(label: Label, text: str) -> bool:
    line_start = text.rfind("\n", 0, label.start) + 1
    return bool(_ORDER_PAPER.match(text[line_start : label.start].strip() + " "))


def _as_questioner(speaker: Speaker) -> Speaker:
    """Questions are kept, without a speaker, so that the span is known to be a question and not news."""
    return Speaker(None, speaker.mention, speaker.description or "Questioner", "interviewer")


def _candidate(
    doc: DocumentInput, speaker: Speaker, cue: str, statement: str, start: int, end: int, said_on: date | None
) -> Candidate:
    return Candidate(
        statement=statement,
        start=start,
        end=end,
        speaker=speaker.name,
        speaker_mention=speaker.mention,
        cue=cue,
        kind="turn",
        date=said_on,
        confidence=confidence.of_turn(speaker.name, speaker.role == "interviewer"),
        speaker_kind="person" if speaker.name else "unknown",
        speaker_description=speaker.description,
    )


def _turns(labels: list[Label], text: str) -> list[tuple[Label, int, int]]:
    """Each label's turn runs to the next label, or to the first paragraph that ends the transcript."""
    turns = []
    for i, label in enumerate(labels):
        end = labels[i + 1].start if i + 1 < len(labels) else len(text)
        start = label.body_start if label.layout != "name_line" else label.end
        for para_start, para_end in paragraph_spans(text, start, end):
            if END_OF_BODY.match(text[para_start:para_end]):
                end = para_start
                break
        turns.append((label, start, end))
    return turns


def _questioners(turns: list[tuple[Label, int, int]], text: str, speakers: dict[str, Speaker]) -> set[str]:
    """Speakers whose turns mostly end in a question: the interviewer or a reporter, whatever the label says."""
    ends_by_speaker: dict[str, list[bool]] = {}
    short_question_only: dict[str, bool] = {}
    for label, start, end in turns:
        body = text[start:end].rstrip().rstrip("\"”’')]")
        if not body:
            continue
        key = _speaker_key(label, speakers)
        ends_by_speaker.setdefault(key, []).append(body.endswith("?"))
        short_question_only[key] = (
            label.layout in {"colon", "inline", "inline_name"} and body.endswith("?") and len(body) <= _MAX_QUESTION_CHARS
        )
    return {
        key
        for key, ends in ends_by_speaker.items()
        if (len(ends) >= 2 and sum(ends) >= 2 / 3 * len(ends))
        or (len(ends) == 1 and short_question_only[key])
    }


def _speaker_key(label: Label, speakers: dict[str, Speaker]) -> str:
    name = speakers[label_key(label)].name
    return f"name:{fold(name)}" if name else f"label:{label_key(label)}"


def _without_headline(labels: list[Label], text: str) -> list[Label]:
    """Drop a news headline's "Sanders: Endorsements prove ..." from the first line.

    A transcript may open on a label too, but then other labels follow it, or it names a role (``DR. LEE:``).
    """
    if not labels or text[: labels[0].start].strip():
        return labels
    first = labels[0]
    words = label_words(first.name)
    keeps = (
        first.layout != "colon"
        or any(_opens_speech(other, text) for other in labels[1:])
        or (first.name.isupper() and bool(words) and (words[0] in HONORIFICS or words[0] in ROLE_LEADS))
        or (first.name.isupper() and is_office_label(first))
    )
    return labels if keeps else labels[1:]


def _first_line(text: str) -> str:
    """Texts without a title often open with one: a short first line that ends no sentence."""
    for line in text.split("\n", 5)[:5]:
        line = line.strip()
        if line:
            return line if len(line) <= _MAX_TITLE_CHARS and not line.endswith((".", "?", "!")) else ""
    return ""


def _evidence(labels: list[Label], text: str, title: str | None) -> float:
    """How strongly the labels say "transcript"; ``_MIN_EVIDENCE`` is enough."""
    title_words = set(fold(title or "").split())
    total = 1.0 if "transcript" in title_words else 0.0
    for label in labels:
        if not _opens_speech(label, text):
            continue
        words = label_words(label.name)
        if label.layout in {"section", "hearing"} or (label.layout == "name_line" and label.paren):
            total += 2 if words and (words[0] in HONORIFICS or label.layout == "hearing") else 1
            continue
        if label.layout == "name_line":
            total += 0.5
            continue
        weight = 0.0
        if " ".join(words) in INTERVIEWER_WORDS or (
            label.paren and set(label_words(label.paren)) & INTERVIEWER_WORDS
        ):
            weight += 1
        if label.name.isupper() and sum(c.isalpha() for c in label.name) >= 2:
            weight += 1
        if words and (words[0] in HONORIFICS or words[0] in ROLE_LEADS or is_anonymous_label(label)
                      or is_office_label(label)):
            weight += 1
        if words and words[-1] in title_words and words[-1] not in ROLE_WORDS:
            weight += 2
        if len(words) >= 2 and not label.name.isupper() and _named_elsewhere(label, text):
            weight += 1
        if _TIMESTAMP.match(text, label.body_start):
            weight += 1
        total += weight
        if total >= _MIN_EVIDENCE:
            break
    return total


def _named_elsewhere(label: Label, text: str) -> bool:
    """The label's name also occurs outside labels, as an introduced speaker does ("... said Jane Doe")."""
    return text.count(label.name) > 1 or text.find(label.name) != label.start


def _opens_speech(label: Label, text: str) -> bool:
    """A label is evidence only if prose follows it, not a heading (``SARS: Genetic Sequencing``) or a list of names."""
    start = label.end if label.layout == "name_line" else label.body_start
    snippet = text[start : start + 300].strip().lstrip("\"“‘'([")
    if len(snippet) < 15 or snippet[0].islower() or not re.search(r"[.?!]", snippet):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", snippet)
    if len(words) >= 3 and all(w.isupper() and len(w) > 1 for w in words[:3]):
        return False
    return sum(1 for w in words if w[0].islower()) >= 0.3 * len(words)
