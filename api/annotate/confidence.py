"""How sure the annotator is of a claim: one table for every kind of evidence, so that the review queue's
"lowest confidence first" ranks news, transcripts and statements on one scale.

The figures rank, they are not probabilities: a transcript turn under a full name is the surest reading (the
label says who spoke), a direct quotation with a named source next, then indirect speech; a source the
text never names, or a quotation carried on from the previous speaker, is the least sure.
"""

from __future__ import annotations

TURN_FULL_NAME = 0.9
TURN_SURNAME = 0.75
TURN_UNNAMED = 0.5
QUESTION = 0.2
DIRECT_NAMED = 0.85
INDIRECT_NAMED = 0.7
UNNAMED_SOURCE = 0.4
CONTINUED_QUOTE = 0.5
STATEMENT_FULL_NAME = 0.8
STATEMENT_OTHER = 0.65


def of_attribution(kind: str, named: bool) -> float:
    """A news attribution: ``kind`` is direct, indirect or mixed; ``named`` when the source resolved to someone."""
    if not named:
        return UNNAMED_SOURCE
    return DIRECT_NAMED if kind == "direct" else INDIRECT_NAMED


def of_turn(name: str | None, asks: bool) -> float:
    """A transcript turn under a label: a question, an unnamed speaker, a surname or a full name."""
    if asks:
        return QUESTION
    if name is None:
        return TURN_UNNAMED
    return TURN_FULL_NAME if len(name.split()) >= 2 else TURN_SURNAME


def of_statement(name: str, kind: str) -> float:
    """A paragraph of an introduced statement, by a person named in full or by anyone else."""
    return STATEMENT_FULL_NAME if kind == "person" and len(name.split()) >= 2 else STATEMENT_OTHER
