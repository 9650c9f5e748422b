"""Optimistic concurrency: a write that names the version it read must find that version still current."""

from __future__ import annotations

from collections.abc import Collection

from ..errors import PreconditionFailed

Expected = int | Collection[int] | None  # what a caller's If-Match accepts; None: no precondition


def check_version(current: int, expected: Expected, what: str) -> None:
    """The caller's If-Match, if any, must name the current version (one of the versions it lists).

    This catches edits based on a stale read; a race between two writers that both pass this check is
    caught by the mapper's version column (``WHERE version = <loaded>``), reported the same way.
    """
    if expected is None:
        return
    accepted = {expected} if isinstance(expected, int) else set(expected)
    if current not in accepted:
        listed = ", ".join(str(v) for v in sorted(accepted)) or "none that can match"
        raise PreconditionFailed(f"{what} is at version {current}, not {listed}: read it again and retry.")
