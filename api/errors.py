"""Domain errors: what went wrong in the service's own words. Routes turn them into problem+json."""

from __future__ import annotations


class DomainError(Exception):
    """Base of the errors a service may raise for a caller to report."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The thing asked for does not exist (or no longer does)."""


class Conflict(DomainError):
    """The change would break a uniqueness or reference rule; ``existing_id`` names what it collides with."""

    def __init__(self, detail: str, *, existing_id: int | None = None) -> None:
        super().__init__(detail)
        self.existing_id = existing_id


class Invalid(DomainError):
    """A value is well-formed but not acceptable (a span outside the text, an unknown document...).

    ``location`` and ``field`` say where, so the caller can point the client at the exact input.
    """

    def __init__(self, detail: str, *, field: str, location: str = "json") -> None:
        super().__init__(detail)
        self.field = field
        self.location = location


class PreconditionFailed(DomainError):
    """The caller's ``If-Match`` names a version that is no longer current: someone else changed it."""


class MovedTo(DomainError):
    """The thing now lives under another id (a merged speaker): callers should follow ``new_id``."""

    def __init__(self, detail: str, *, new_id: int) -> None:
        super().__init__(detail)
        self.new_id = new_id


class InvalidItems(DomainError):
    """Some items of a batch are not acceptable; ``errors`` maps each bad item's index to its fields and
    messages. A batch is all or nothing, so none of its items was stored."""

    def __init__(self, detail: str, *, errors: dict[int, dict[str, list[str]]]) -> None:
        super().__init__(detail)
        self.errors = errors
