"""The order of the annotation stages: the only module that knows it.

Text in, sorted claim candidates out. Every candidate satisfies ``doc.text[start:end] == statement``.
"""

from __future__ import annotations

from .types import Candidate, DocumentInput

try:  # the transcript stage is written alongside; until it lands, documents are read as news only
    from . import transcripts as _transcripts
except ImportError:  # pragma: no cover - temporary
    _transcripts = None


def annotate(doc: DocumentInput) -> list[Candidate]:
    """All claim candidates of one document, sorted by ``start``."""
    candidates: list[Candidate] = []
    if _transcripts is not None:
        candidates.extend(_transcripts.extract_turns(doc))
    return sorted(candidates, key=lambda c: (c.start, c.end))
