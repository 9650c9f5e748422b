"""Settings: the one list of the service's knobs, read from ``CLAIMS_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_INSTANCE_DIR = Path(os.environ.get("CLAIMS_INSTANCE_DIR", "instance"))


def _default_database_url() -> str:
    return f"sqlite:///{(DEFAULT_INSTANCE_DIR / 'claims.db').resolve()}"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:  # a typo in deployment config should stop the start, loudly
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from exc


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SystemExit(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its environment, resolved once at start-up."""

    database_url: str = field(default_factory=_default_database_url)
    max_body_bytes: int = 1024 * 1024
    default_page_size: int = 50
    max_page_size: int = 500
    sql_echo: bool = False
    public_read: bool = True
    require_if_match: bool = False
    # PostgreSQL connection pool of each process (SQLite keeps SQLAlchemy's default pool).
    db_pool_size: int = 5
    db_max_overflow: int = 10
    # `claims serve`: where and with how many gunicorn worker processes.
    bind: str = "127.0.0.1:8000"
    web_workers: int = field(default_factory=lambda: 2 * (os.cpu_count() or 1))
    graceful_timeout: int = 30
    # The annotation queue: a running document whose claim is older than the lease is claimed again.
    annotation_lease_seconds: int = 600
    annotation_max_attempts: int = 3

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("CLAIMS_DATABASE_URL") or _default_database_url(),
            max_body_bytes=_env_int("CLAIMS_MAX_BODY_BYTES", 1024 * 1024),
            sql_echo=_env_bool("CLAIMS_SQL_ECHO", False),
            public_read=_env_bool("CLAIMS_PUBLIC_READ", True),
            require_if_match=_env_bool("CLAIMS_REQUIRE_IF_MATCH", False),
            db_pool_size=_env_int("CLAIMS_DB_POOL_SIZE", 5),
            db_max_overflow=_env_int("CLAIMS_DB_MAX_OVERFLOW", 10),
            bind=os.environ.get("CLAIMS_BIND") or "127.0.0.1:8000",
            web_workers=_env_int("CLAIMS_WEB_WORKERS", 2 * (os.cpu_count() or 1)),
            graceful_timeout=_env_int("CLAIMS_GRACEFUL_TIMEOUT", 30),
            annotation_lease_seconds=_env_int("CLAIMS_ANNOTATION_LEASE_SECONDS", 600),
            annotation_max_attempts=_env_int("CLAIMS_ANNOTATION_MAX_ATTEMPTS", 3),
        )
