"""Optimistic concurrency: a write that names the version it read must find that version still current."""

from __future__ import annotations

from ..errors import PreconditionFailed


def check_version(current: int, expected: int | None, what: str) -> None:
    """The caller's If-Match, if any, must name the current version.

    This catches edits based on a stale read; a race between two writers that both pass this check is
    caught by the mapper's version column (``WHERE version = <loaded>``), reported the same way.
    """
    if expected is not None and expected != current:
        raise PreconditionFailed(f"{what} is at version {current}, not {expected}: read it again and retry.")
