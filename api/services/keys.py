"""API keys: random secrets shown once, stored as hashes, each with a role.

Keys carry at least 192 random bits, so a plain SHA-256 is enough to store them: there is nothing to
brute-force, unlike a password, and lookups stay a single indexed equality.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Row, bindparam, select
from sqlalchemy.orm import Session

from ..errors import Conflict, Invalid, NotFound
from ..models import ApiKey, utcnow

ROLES = ("reader", "curator", "admin")
KEY_PREFIX = "clm_"


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str


def create_key(session: Session, *, name: str, role: str) -> NewKey:
    """A new key; the secret is returned here once and never again."""
    name = name.strip()
    if not name:
        raise Invalid("A key needs a name.", field="name")
    if role not in ROLES:
        raise Invalid(f"role must be one of {', '.join(ROLES)}.", field="role")
    existing = session.scalar(select(ApiKey.id).where(ApiKey.name == name))
    if existing is not None:
        raise Conflict(f"Key {existing} already has the name {name!r}.", existing_id=existing)
    secret = KEY_PREFIX + secrets.token_urlsafe(24)
    key = ApiKey(name=name, role=role, key_hash=hash_key(secret), prefix=secret[:10])
    session.add(key)
    session.flush()
    return NewKey(key, secret)


_KEY_BY_HASH = select(ApiKey.__table__).where(ApiKey.__table__.c.key_hash == bindparam("key_hash"))


def authenticate(connection: Connection, secret: str) -> Row | None:
    """The active key with this secret as a plain row (``id``, ``name``, ``role``, ...), or None (unknown and
    revoked keys look the same to a caller).

    Every authenticated request runs this: a prepared Core statement on a connection, no ORM object and no
    session (profiled: the ORM path cost a fifth of a POST, a session of its own another tenth).
    """
    key = connection.execute(_KEY_BY_HASH, {"key_hash": hash_key(secret)}).first()
    if key is None or key.revoked_at is not None:
        return None
    return key


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, key_id: int) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"Key {key_id} does not exist.")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return key
