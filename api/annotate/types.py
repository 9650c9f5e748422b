"""The values that flow through the pipeline: frozen so that no stage can change another stage's output."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """What the pipeline knows of a document: its exact text (offsets point into it) and its metadata."""

    text: str
    title: str | None = None
    source: str | None = None
    published_on: date | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One attributed statement found in a document.

    ``start``/``end`` are Python ``str`` offsets into ``DocumentInput.text`` and
    ``text[start:end] == statement`` always holds. ``speaker`` is one resolved display name (never a list of
    candidates), or ``None`` when nothing in the text names who spoke: such a candidate is never stored.
    """

    statement: str
    start: int
    end: int
    speaker: str | None
    speaker_mention: str | None
    cue: str | None
    kind: str  # direct | indirect | mixed | turn
    date: date | None
    confidence: float
    speaker_kind: str = "unknown"  # person | organisation | unknown
    speaker_description: str | None = None  # role stripped from the mention, e.g. "Kremlin spokesman"
