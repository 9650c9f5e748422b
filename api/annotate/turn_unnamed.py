"""Transcripts without speaker labels: a "Full video transcript" whose speakers the text never names.

Nothing in such a text says who speaks, so its sentences come out with ``speaker=None``: never stored, but known
to be transcript and not news, so that no reporting-verb rule reads "what can events tell us" as a claim by
"events". The heading is what marks the section; without one, an unlabelled text is read as news.
"""

from __future__ import annotations

import re

from api.annotate.text import sentence_spans
from api.annotate.turn_paragraphs import MIN_CLAIM_CHARS

_HEADING = re.compile(
    r"^[ \t]*(?:full[ \t]+|complete[ \t]+)?(?:video[ \t]+|audio[ \t]+|interview[ \t]+|podcast[ \t]+)?transcript"
    r"[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def unnamed_transcript(text: str, end_markers: re.Pattern[str]) -> tuple[str, list[tuple[int, int]]] | None:
    """The heading as written and the sentence spans of the section it opens, or None without a heading."""
    heading = _HEADING.search(text)
    if heading is None:
        return None
    start = heading.end()
    end = len(text)
    for line in re.finditer(r"^[^\n]*$", text[start:], re.MULTILINE):
        if end_markers.match(line.group(0).strip()):
            end = start + line.start()
            break
    flat = text[:end]
    spans = [(s, e) for s, e in sentence_spans(flat, start, end) if e - s >= MIN_CLAIM_CHARS // 2]
    return heading.group(0).strip(), spans
