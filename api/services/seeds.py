"""Loading a folder of documents described by a ``manifest.json`` (the project's ``seeds/`` is one)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import Invalid
from .documents import create_document, find_duplicate


@dataclass(frozen=True)
class SeedResult:
    added: list[int]
    skipped: list[int]


def _entries(directory: Path) -> list[dict]:
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        raise Invalid(f"{manifest_path} does not exist.", field="directory", location="cli")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        entries = manifest["documents"]
        if not isinstance(entries, list):
            raise TypeError
    except (ValueError, KeyError, TypeError) as exc:
        raise Invalid(f"{manifest_path} is not a manifest with a 'documents' list.", field="manifest",
                      location="cli") from exc
    return entries


def load_seeds(session: Session, directory: Path) -> SeedResult:
    """Add each manifest document not stored yet (same URL or same text): loading twice adds nothing."""
    added: list[int] = []
    skipped: list[int] = []
    for entry in _entries(directory):
        path = directory / entry["file"]
        text = path.read_text(encoding="utf-8")
        existing = find_duplicate(session, url=entry.get("url"), text=text)
        if existing is not None:
            skipped.append(existing)
            continue
        published = entry.get("published_on")
        document = create_document(
            session,
            title=entry.get("title") or path.stem,
            text=text,
            source=entry.get("source"),
            url=entry.get("url"),
            author=entry.get("author"),
            published_on=dt.date.fromisoformat(published) if published else None,
            language=entry.get("language", "en"),
        )
        added.append(document.id)
    return SeedResult(added, skipped)
