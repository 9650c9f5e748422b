"""Speakers and their aliases: how a name resolves to one speaker, and how speakers are found.

Identity is the normalised name (``api.annotate.names.normalise_name``). A normalised key belongs to at most
one speaker, whether as its name or as an alias, so resolving a name is never ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, literal, or_, select, update
from sqlalchemy.orm import Session, selectinload

from ..annotate.names import normalise_name
from ..errors import Conflict, Invalid, MovedTo, NotFound
from ..models import Claim, Speaker, SpeakerAlias, SpeakerRedirect, utcnow
from .history import record
from .paging import Page, encode_cursor, resume
from .preconditions import Expected, check_version

SPEAKER_KINDS = ("person", "organisation", "unknown")


def _key(name: str, field: str) -> str:
    key = normalise_name(name)
    if not key:
        raise Invalid("A name needs at least one letter or digit.", field=field)
    return key


def find_speaker_by_name(session: Session, name: str) -> Speaker | None:
    """The speaker whose name or alias normalises like ``name``, if any."""
    key = normalise_name(name)
    if not key:
        return None
    speaker = session.scalar(select(Speaker).where(Speaker.normalised_name == key))
    if speaker is None:
        speaker = session.scalar(
            select(Speaker).join(SpeakerAlias).where(SpeakerAlias.normalised_alias == key)
        )
    return speaker


def _owner_of_key(session: Session, key: str) -> int | None:
    owner = session.scalar(select(Speaker.id).where(Speaker.normalised_name == key))
    if owner is None:
        owner = session.scalar(select(SpeakerAlias.speaker_id).where(SpeakerAlias.normalised_alias == key))
    return owner


def resolve_speaker(session: Session, name: str, *, kind: str = "unknown",
                    description: str | None = None, field: str = "speaker") -> Speaker:
    """The speaker ``name`` refers to, created (kind ``kind``) when no name or alias matches."""
    existing = find_speaker_by_name(session, name)
    if existing is not None:
        return existing
    speaker = Speaker(name=name.strip(), normalised_name=_key(name, field), kind=kind, description=description)
    session.add(speaker)
    session.flush()
    return speaker


def get_speaker(session: Session, speaker_id: int) -> Speaker:
    """The speaker; a speaker merged into another answers with where it went (``MovedTo``)."""
    speaker = session.get(Speaker, speaker_id, options=[selectinload(Speaker.aliases)])
    if speaker is None:
        survivor = session.scalar(select(SpeakerRedirect.to_id).where(SpeakerRedirect.from_id == speaker_id))
        if survivor is not None:
            raise MovedTo(f"Speaker {speaker_id} was merged into speaker {survivor}.", new_id=survivor)
        raise NotFound(f"Speaker {speaker_id} does not exist.")
    return speaker


def _set_aliases(session: Session, speaker: Speaker, aliases: list[str]) -> None:
    """Replace the alias list; a key owned by another speaker is a conflict, duplicates fold into one."""
    wanted: dict[str, str] = {}
    for alias in aliases:
        key = _key(alias, "aliases")
        if key == speaker.normalised_name or key in wanted:
            continue
        owner = _owner_of_key(session, key)
        if owner is not None and owner != speaker.id:
            raise Conflict(f"The alias {alias!r} already names speaker {owner}.", existing_id=owner)
        wanted[key] = alias.strip()
    current = {a.normalised_alias: a for a in speaker.aliases}
    for key, alias_row in current.items():
        if key not in wanted:
            speaker.aliases.remove(alias_row)
    session.flush()  # removed keys must be gone before re-adding them with other spelling
    for key, alias in wanted.items():
        if key in current:
            current[key].alias = alias
        else:
            speaker.aliases.append(SpeakerAlias(alias=alias, normalised_alias=key))


def create_speaker(session: Session, *, name: str, kind: str = "unknown", description: str | None = None,
                   aliases: list[str] | None = None) -> Speaker:
    key = _key(name, "name")
    owner = _owner_of_key(session, key)
    if owner is not None:
        raise Conflict(f"The name {name!r} already names speaker {owner}.", existing_id=owner)
    speaker = Speaker(name=name.strip(), normalised_name=key, kind=kind, description=description, aliases=[])
    session.add(speaker)
    session.flush()
    _set_aliases(session, speaker, aliases or [])
    session.flush()
    return speaker


def update_speaker(session: Session, speaker_id: int, changes: dict[str, Any], *,
                   expected_version: Expected = None) -> Speaker:
    """Apply a PATCH: rename, kind, description, or the alias list as a whole. No change, no new version."""
    speaker = get_speaker(session, speaker_id)
    check_version(speaker.version, expected_version, f"Speaker {speaker_id}")
    changed = False
    if "name" in changes and changes["name"].strip() != speaker.name:
        key = _key(changes["name"], "name")
        owner = _owner_of_key(session, key)
        if owner is not None and owner != speaker.id:
            raise Conflict(f"The name {changes['name']!r} already names speaker {owner}.", existing_id=owner)
        # The new name may have been one of this speaker's aliases: it stops being one.
        for alias in list(speaker.aliases):
            if alias.normalised_alias == key:
                speaker.aliases.remove(alias)
        session.flush()
        speaker.name, speaker.normalised_name = changes["name"].strip(), key
        changed = True
    for field in ("kind", "description"):
        if field in changes and changes[field] != getattr(speaker, field):
            setattr(speaker, field, changes[field])
            changed = True
    if "aliases" in changes:
        before = [a.alias for a in speaker.aliases]
        _set_aliases(session, speaker, changes["aliases"])
        changed = changed or before != [a.alias for a in speaker.aliases]
    if changed:
        speaker.version += 1
    session.flush()
    return speaker


def delete_speaker(session: Session, speaker_id: int, *, actor: str = "cli",
                   expected_version: Expected = None) -> None:
    speaker = get_speaker(session, speaker_id)
    check_version(speaker.version, expected_version, f"Speaker {speaker_id}")
    claim_id = session.scalar(select(Claim.id).where(Claim.speaker_id == speaker_id).limit(1))
    if claim_id is not None:
        raise Conflict(f"Speaker {speaker_id} still has claims (for example claim {claim_id}); "
                       "move or delete them first.", existing_id=claim_id)
    record(session, entity="speaker", entity_id=speaker.id, action="delete", actor=actor,
           before=speaker_snapshot(speaker))
    session.delete(speaker)
    session.flush()


def speaker_snapshot(speaker: Speaker) -> dict[str, Any]:
    return {"name": speaker.name, "kind": speaker.kind, "description": speaker.description,
            "aliases": [a.alias for a in speaker.aliases], "version": speaker.version}


def merge_speakers(session: Session, survivor_id: int, from_id: int, *, actor: str = "cli",
                   expected_version: Expected = None) -> Speaker:
    """Fold speaker ``from_id`` into ``survivor_id``: its claims, its aliases and its name move over.

    The merged speaker's id keeps working as a redirect to the survivor (and so do ids that redirected to
    it), so links and ids stored by other services stay valid.
    """
    if survivor_id == from_id:
        raise Invalid("A speaker cannot be merged into itself.", field="from")
    survivor = get_speaker(session, survivor_id)
    check_version(survivor.version, expected_version, f"Speaker {survivor_id}")
    other = session.get(Speaker, from_id, options=[selectinload(Speaker.aliases)])
    if other is None:
        raise Invalid(f"Speaker {from_id} does not exist.", field="from")
    before = {"into": speaker_snapshot(survivor), "from": {"id": other.id, **speaker_snapshot(other)}}
    for claim_id in session.scalars(select(Claim.id).where(Claim.speaker_id == other.id)):
        record(session, entity="claim", entity_id=claim_id, action="merge", actor=actor,
               before={"speaker_id": other.id}, after={"speaker_id": survivor.id})
    session.execute(
        update(Claim).where(Claim.speaker_id == other.id)
        .values(speaker_id=survivor.id, version=Claim.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    moved_aliases = [other.name, *(a.alias for a in other.aliases)]
    session.execute(
        update(SpeakerRedirect).where(SpeakerRedirect.to_id == other.id).values(to_id=survivor.id)
        .execution_options(synchronize_session=False))
    session.delete(other)
    session.flush()
    session.add(SpeakerRedirect(from_id=other.id, to_id=survivor.id))
    _set_aliases(session, survivor, [a.alias for a in survivor.aliases] + moved_aliases)
    if not survivor.description and other.description:
        survivor.description = other.description
    survivor.version += 1
    session.flush()
    record(session, entity="speaker", entity_id=survivor.id, action="merge", actor=actor, before=before,
           after=speaker_snapshot(survivor))
    return survivor


def claim_counts(session: Session, speaker_ids: list[int]) -> dict[int, int]:
    """Claims per speaker for one page of speakers, in one query (never one per row)."""
    if not speaker_ids:
        return {}
    rows = session.execute(
        select(Claim.speaker_id, func.count()).where(Claim.speaker_id.in_(speaker_ids)).group_by(Claim.speaker_id)
    )
    return {speaker_id: count for speaker_id, count in rows}


def _padded(column):
    return literal(" ") + column + literal(" ")


def speakers_matching_words(words: list[str]) -> Select:
    """Ids of speakers whose name, or one of whose aliases, contains every word as a whole word."""
    by_name = select(Speaker.id).where(and_(*[_padded(Speaker.normalised_name).like(f"% {w} %") for w in words]))
    by_alias = select(SpeakerAlias.speaker_id).where(
        and_(*[_padded(SpeakerAlias.normalised_alias).like(f"% {w} %") for w in words])
    )
    return by_name.union(by_alias)


def _speakers_with_prefixes(words: list[str]) -> Select:
    def starts(column, w):
        return or_(column.like(f"{w}%"), column.like(f"% {w}%"))

    by_name = select(Speaker.id).where(and_(*[starts(Speaker.normalised_name, w) for w in words]))
    by_alias = select(SpeakerAlias.speaker_id).where(
        and_(*[starts(SpeakerAlias.normalised_alias, w) for w in words])
    )
    return by_name.union(by_alias)


@dataclass(frozen=True)
class SpeakerRow:
    speaker: Speaker
    claim_count: int


def list_speakers(session: Session, *, q: str | None, sort: str | None, limit: int,
                  cursor: str | None) -> Page:
    """Speakers by name (or most quoted first with ``sort=-claims``), keyset-paginated."""
    sort, filters, after = resume(cursor, "speakers", sort, "name", {"q": q}, key_length=2,
                                  filter_types={"q": str}, key_types={"name": (str, int), "-claims": (int, int)})
    counts = (
        select(Claim.speaker_id.label("speaker_id"), func.count().label("n"))
        .group_by(Claim.speaker_id)
        .subquery()
    )
    n = func.coalesce(counts.c.n, 0)
    stmt = select(Speaker, n).outerjoin(counts, counts.c.speaker_id == Speaker.id)
    words = normalise_name(filters.get("q") or "").split()
    if words:
        stmt = stmt.where(Speaker.id.in_(_speakers_with_prefixes(words)))
    if sort == "-claims":
        if after is not None:
            last_n, last_id = after
            stmt = stmt.where(or_(n < last_n, and_(n == last_n, Speaker.id > last_id)))
        stmt = stmt.order_by(n.desc(), Speaker.id)
    else:
        if after is not None:
            last_name, last_id = after
            stmt = stmt.where(or_(Speaker.name > last_name, and_(Speaker.name == last_name, Speaker.id > last_id)))
        stmt = stmt.order_by(Speaker.name, Speaker.id)
    rows = session.execute(stmt.options(selectinload(Speaker.aliases)).limit(limit + 1)).all()
    items = [SpeakerRow(speaker, count) for speaker, count in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        key = (last.claim_count, last.speaker.id) if sort == "-claims" else (last.speaker.name, last.speaker.id)
        next_cursor = encode_cursor("speakers", sort, filters, key)
    return Page(items, next_cursor)
