"""Bulk import and export of claims: hundreds of thousands of rows a minute, in constant memory.

The hot path never builds ORM objects. Import takes checked rows (``api.schemas.bulk.ImportRow``) in
chunks, resolves their speakers and documents with one query per chunk into dictionaries, and writes
claims and their history events with COPY on PostgreSQL or one ``executemany`` on SQLite, all inside
the caller's transaction: a file loads whole or not at all.

Rules, the same as one claim at a time:

- A row's ``external_id`` is its identity. A row whose external id is already stored adds nothing and
  changes nothing (the stored claim may have been curated since; change it with PATCH); the same
  external id on two lines of one file is an error. Rows without one are added every time.
- The speaker resolves by name or alias like ``resolve_speaker``; a new speaker takes the row's kind,
  description and aliases (an alias that already names another speaker is an error, as in the API). An
  existing speaker is used as it is.
- The document is found by URL, or, without one, by the same title, source and publication day; failing
  that a document is created with the row's metadata and no text (a placeholder a curator can fill by
  PATCH). A row without a document has none.
- Every imported claim gets one ``import`` history event, written the same bulk way.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import Connection, String, any_, bindparam, func, insert, select, text, type_coerce
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from ..annotate.names import normalise_name
from ..errors import Conflict, Invalid, InvalidItems
from ..models import Claim, Document, Speaker, SpeakerAlias, utcnow
from .claims import _filtered, create_claim

CHUNK = 5000
_LOOKUP = 900  # ids or keys per IN (...) list: well under SQLite's variable limit


@dataclass
class ImportReport:
    added: int = 0
    skipped: int = 0  # already stored (by external id)
    speakers_added: int = 0
    documents_added: int = 0
    errors: list = field(default_factory=list)  # RowError-like: (line, messages)


class RowRejected(Exception):
    """Raised by ``import_claims`` when any row was bad: the caller rolls the whole import back."""

    def __init__(self, errors: list) -> None:
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _in_chunks(session: Session, make_query: Callable[[list], Any], keys: Iterable) -> Iterator[Any]:
    """Rows of ``make_query(part)`` for parts of ``keys``; ``make_query`` filters with ``_member``.

    On PostgreSQL the whole set goes as one array parameter (``= ANY(...)``): an ``IN`` list of hundreds of
    placeholders costs more to build and parse than the lookup itself."""
    if session.get_bind().dialect.name == "postgresql":
        array = _Array(keys)
        if array:
            yield from session.execute(make_query(array))
        return
    for part in _chunks(keys, _LOOKUP):
        yield from session.execute(make_query(part))


class _Array(list):
    """Keys that go to PostgreSQL as one array parameter."""


def _member(column: Any, part: list) -> Any:
    """``column IN (...)``, or ``column = ANY(:array)`` for an ``_Array``."""
    if isinstance(part, _Array):
        return column == any_(bindparam(None, list(part), type_=ARRAY(column.type)))
    return column.in_(part)


class _Importer:
    def __init__(self, session: Session, actor: str, errors: list, make_error: Callable) -> None:
        self.session = session
        self.actor = actor
        self.errors = errors
        self.make_error = make_error
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.report = ImportReport(errors=errors)
        self.speaker_ids: dict[str, int] = {}  # normalised name or alias -> speaker id
        self.document_ids: dict[Any, int] = {}
        self.now = utcnow()
        self.first_id: int | None = None
        self.next_sqlite_id: int | None = None
        self.deferred: _Deferred | None = None
        self.any_external_ids: bool | None = None  # did any stored claim have one when the import began?
        self.file_external_ids: set[str] | None = None  # on a first load, every external id read so far

    def fail(self, line: int, messages: dict) -> None:
        self.errors.append(self.make_error(line, messages))

    # -- external ids ------------------------------------------------------------------------------

    def _new_rows(self, rows: list) -> list:
        if self.any_external_ids is None:
            # A first load (no stored claim has an external id) needs no look-ups: only repeats within the
            # file can clash, and the set of the file's ids catches those (about 70 MB per million). On
            # SQLite the import's write lock keeps it so; on PostgreSQL a claim with the same external id
            # stored meanwhile fails the unique index at COPY, and the import with it.
            self.any_external_ids = self.session.scalar(
                select(Claim.id).where(Claim.external_id.is_not(None)).limit(1)) is not None
            if not self.any_external_ids:
                self.file_external_ids = set()
        wanted = {row.external_id for row in rows if row.external_id is not None}
        stored: dict[str, int] = {}
        if wanted and self.any_external_ids:
            for external_id, claim_id in _in_chunks(
                    self.session,
                    lambda part: select(Claim.external_id, Claim.id).where(_member(Claim.external_id, part)),
                    wanted):
                stored[external_id] = claim_id
        seen = self.file_external_ids if self.file_external_ids is not None else set()
        fresh = []
        for row in rows:
            external_id = row.external_id
            if external_id is not None:
                if external_id in seen or (external_id in stored and self.first_id is not None
                                           and stored[external_id] >= self.first_id):
                    self.fail(row.line, {"external_id": [f"{external_id!r} is already on an earlier line."]})
                    continue
                seen.add(external_id)
                if external_id in stored:
                    self.report.skipped += 1
                    continue
            fresh.append(row)
        return fresh

    # -- speakers ----------------------------------------------------------------------------------

    def _speakers(self, rows: list) -> None:
        """Map every row's speaker key to an id, creating the speakers (and aliases) no key names yet."""
        ids = self.speaker_ids
        unknown = {row.speaker.key for row in rows} - ids.keys()
        if not unknown:
            return
        self._look_up_keys(unknown)
        candidates: dict[str, tuple[int, Any]] = {}
        for row in rows:
            if row.speaker.key not in ids:
                candidates.setdefault(row.speaker.key, (row.line, row.speaker))
        if not candidates:
            return
        alias_keys = {normalise_name(a) for _, s in candidates.values() for a in s.aliases} - ids.keys()
        self._look_up_keys(alias_keys)
        planned: dict[str, Any] = {}
        alias_of: dict[str, tuple[str, str]] = {}  # alias key -> (new speaker's key, alias as written)
        for key, (line, speaker) in candidates.items():
            if key in alias_of:
                continue  # an alias of a speaker created just before
            planned[key] = speaker
            for alias in speaker.aliases:
                alias_key = normalise_name(alias)
                if alias_key == key or (alias_key in alias_of and alias_of[alias_key][0] == key):
                    continue  # its own name, or an alias written twice
                owner = ids.get(alias_key)
                if owner is not None or alias_key in planned or alias_key in alias_of:
                    whom = f"speaker {owner}" if owner is not None else "another speaker in this file"
                    self.fail(line, {"speaker": {"aliases": [f"The alias {alias!r} already names {whom}."]}})
                    continue
                alias_of[alias_key] = (key, alias.strip())
        if self.errors:
            return
        created = self.session.execute(
            insert(Speaker.__table__).returning(Speaker.id, Speaker.normalised_name, sort_by_parameter_order=True),
            [{"name": s.name.strip(), "normalised_name": key, "kind": s.kind, "description": s.description,
              "version": 1} for key, s in planned.items()]).all()
        self.report.speakers_added += len(created)
        for speaker_id, key in created:
            ids[key] = speaker_id
        if alias_of:
            aliases = []
            for alias_key, (key, alias) in alias_of.items():
                ids[alias_key] = ids[key]
                aliases.append({"speaker_id": ids[key], "alias": alias, "normalised_alias": alias_key})
            self.session.execute(insert(SpeakerAlias.__table__), aliases)

    def _look_up_keys(self, keys: set[str]) -> None:
        ids = self.speaker_ids
        for speaker_id, key in _in_chunks(
                self.session, lambda part: select(Speaker.id, Speaker.normalised_name)
                .where(_member(Speaker.normalised_name, part)), keys):
            ids[key] = speaker_id
        rest = keys - ids.keys()
        for speaker_id, key in _in_chunks(
                self.session, lambda part: select(SpeakerAlias.speaker_id, SpeakerAlias.normalised_alias)
                .where(_member(SpeakerAlias.normalised_alias, part)), rest):
            ids[key] = speaker_id

    # -- documents ---------------------------------------------------------------------------------

    @staticmethod
    def _document_key(document) -> Any:
        return document.url if document.url else (document.title, document.source, document.published_on)

    def _documents(self, rows: list) -> None:
        ids = self.document_ids
        wanted = {}
        for row in rows:
            if row.document is not None:
                key = self._document_key(row.document)
                if key not in ids:
                    wanted.setdefault(key, row.document)
        if not wanted:
            return
        urls = [key for key in wanted if isinstance(key, str)]
        for document_id, url in _in_chunks(
                self.session, lambda part: select(Document.id, Document.url).where(_member(Document.url, part)),
                urls):
            ids[url] = document_id
        titles = {key[0] for key in wanted if isinstance(key, tuple)}
        for document_id, title, source, published_on in _in_chunks(
                self.session, lambda part: select(Document.id, Document.title, Document.source,
                                                  Document.published_on)
                .where(Document.url.is_(None), _member(Document.title, part)).order_by(Document.id), titles):
            ids.setdefault((title, source, published_on), document_id)
        missing = [(key, document) for key, document in wanted.items() if key not in ids]
        if not missing:
            return
        created = self.session.execute(
            insert(Document.__table__).returning(Document.id, sort_by_parameter_order=True),
            [{"title": d.title, "text": "", "source": d.source, "url": d.url, "published_on": d.published_on,
              "content_hash": _placeholder_hash(key)} for key, d in missing]).all()
        self.report.documents_added += len(created)
        for (key, _document), (document_id,) in zip(missing, created, strict=True):
            ids[key] = document_id

    # -- claims ------------------------------------------------------------------------------------

    def _allocate_ids(self, n: int) -> list[int]:
        if self.postgres:
            return list(self.session.scalars(
                select(func.nextval("claims_id_seq")).select_from(func.generate_series(1, n))))
        if self.next_sqlite_id is None:
            # A writer's transaction holds SQLite's write lock: nobody else can take these ids meanwhile.
            # AUTOINCREMENT never reuses the id of a deleted claim (its history outlives it): neither do we.
            self.next_sqlite_id = max(
                self.session.scalar(select(func.max(Claim.id))) or 0,
                self.session.scalar(text("SELECT seq FROM sqlite_sequence WHERE name = 'claims'")) or 0) + 1
        start = self.next_sqlite_id
        self.next_sqlite_id += n
        return list(range(start, start + n))

    def _insert_claims(self, rows: list) -> None:
        if self.deferred is None:
            self.deferred = _Deferred.start(self.session.connection())
        ids = self._allocate_ids(len(rows))
        if self.first_id is None:
            self.first_id = ids[0]
        speakers, documents, key = self.speaker_ids, self.document_ids, self._document_key
        postgres = self.postgres
        claim_rows, event_rows = [], []
        string = _json_string
        # The history's snapshot, as ``history.claim_snapshot`` writes it, from a template: json.dumps of a
        # dict per row cost more than the rest of the row's Python work.
        snapshot = ('{{"speaker_id":{},"statement":{},"source":{},"document_id":{},"span_stale":false,'
                    '"kind":{},"cue":{},"confidence":{},"origin":{},"status":{},"edited_by":null,'
                    '"reviewed_at":null,"version":1,"external_id":{},"date":{},"span":null}}').format
        for claim_id, row in zip(ids, rows, strict=True):
            speaker_id = speakers[row.speaker.key]
            document = row.document
            document_id = None if document is None else documents[key(document)]
            date = row.date
            iso = None if date is None else date.isoformat()
            source, kind, cue, confidence, external_id = row.source, row.kind, row.cue, row.confidence, row.external_id
            claim_rows.append((claim_id, speaker_id, row.statement, date if postgres else iso, source,
                               document_id, kind, cue, confidence, row.origin, row.status, external_id))
            event_rows.append((claim_id, snapshot(
                speaker_id, string(row.statement), "null" if source is None else string(source),
                "null" if document_id is None else document_id, "null" if kind is None else string(kind),
                "null" if cue is None else string(cue), "null" if confidence is None else repr(confidence),
                string(row.origin), string(row.status), "null" if external_id is None else string(external_id),
                "null" if iso is None else f'"{iso}"')))
        connection = self.session.connection()
        if postgres:
            now, actor = self.now, self.actor
            _copy(connection, "claims", (*CLAIM_COLUMNS, "span_stale", "created_at", "updated_at", "version"),
                  (row + (False, now, now, 1) for row in claim_rows))
            _copy(connection, "audit_events", ("entity", "entity_id", "action", "actor", "at", "after"),
                  (("claim", claim_id, "import", actor, now, after) for claim_id, after in event_rows))
        else:
            # Values every row shares are written once per statement, not bound once per row.
            stamp = self.now.strftime("%Y-%m-%d %H:%M:%S.%f")
            columns = ", ".join(CLAIM_COLUMNS)
            # Claims go through a temporary table and one INSERT … SELECT per chunk: inserted one statement
            # per row, each row's full-text trigger made FTS5 flush its pending index (a statement is a
            # savepoint), three times the cost of the whole chunk in one statement.
            connection.exec_driver_sql(f"DELETE FROM temp.{_STAGE}")
            _insert_many(connection, f"INSERT INTO temp.{_STAGE} ({columns}) "
                         f"VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})", claim_rows)
            connection.exec_driver_sql(
                f"INSERT INTO claims ({columns}, span_stale, created_at, updated_at, version) "
                f"SELECT {columns}, 0, '{stamp}', '{stamp}', 1 FROM temp.{_STAGE} ORDER BY id")
            _insert_many(connection, "INSERT INTO audit_events (entity, entity_id, action, actor, at, after) "
                         f"VALUES ('claim', ?, 'import', {_sql_string(self.actor)}, '{stamp}', ?)", event_rows)
        self.report.added += len(claim_rows)

    def run(self, rows: Iterable) -> None:
        with _sqlite_import_settings(self.session.connection()) if not self.postgres else contextlib.nullcontext():
            self._run(rows)

    def _run(self, rows: Iterable) -> None:
        try:
            for chunk in _chunks(rows, CHUNK):
                fresh = self._new_rows(chunk)
                if not fresh:
                    continue
                self._speakers(fresh)
                self._documents(fresh)
                if not self.errors:
                    self._insert_claims(fresh)
        except BaseException:
            if self.deferred is not None:
                with contextlib.suppress(Exception):  # the caller rolls back, which restores them anyway
                    self.deferred.finish(self.session.connection())
            raise
        if self.deferred is not None:
            self.deferred.finish(self.session.connection())


CLAIM_COLUMNS = ("id", "speaker_id", "statement", "claim_date", "source", "document_id", "kind", "cue",
                 "confidence", "origin", "status", "external_id")
_json_string = json.encoder.encode_basestring  # what JSONEncoder(ensure_ascii=False) writes for a str


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass
class _Deferred:
    """PostgreSQL, first load: index work an import leaves to its end, inside its own transaction.

    When ``claims`` is empty at the start, its secondary indexes (and the GIN index of ``search_vector``)
    are dropped and built once at the end, about twice as fast as keeping them row by row. The primary key
    and the unique ``external_id`` stay. DDL is transactional: a rollback puts everything back, and no
    other connection ever sees an index missing; dropping an index locks ``claims`` until the import
    commits, so during a first load readers of the (still empty) table wait for it.

    SQLite defers nothing: schema changes made by an import (dropping and re-creating indexes or the
    full-text trigger) left other processes' open connections failing with "no such table: claims"
    afterwards. Its import writes each chunk in one statement instead (see ``_insert_claims``).
    """

    indexes: list[str] = field(default_factory=list)  # CREATE INDEX statements, to put them back
    constraints: list[str] = field(default_factory=list)  # ALTER TABLE … ADD CONSTRAINT, likewise

    @classmethod
    def start(cls, connection: Connection) -> _Deferred:
        deferred = cls()
        if connection.dialect.name != "postgresql":
            return deferred
        if connection.exec_driver_sql("SELECT 1 FROM claims LIMIT 1").first() is None:
            found = connection.exec_driver_sql(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'claims'::regclass "
                "AND NOT i.indisunique AND NOT i.indisprimary ORDER BY c.relname").all()
            for name, sql in found:
                connection.exec_driver_sql(f'DROP INDEX "{name}"')
                deferred.indexes.append(sql.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
            # Foreign keys are checked row by row by triggers (a third of COPY's time); put back at the end,
            # they check every imported row in one join.
            keys = connection.exec_driver_sql(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'claims'::regclass AND contype = 'f' ORDER BY conname").all()
            for name, definition in keys:
                connection.exec_driver_sql(f'ALTER TABLE claims DROP CONSTRAINT "{name}"')
                deferred.constraints.append(f'ALTER TABLE claims ADD CONSTRAINT "{name}" {definition}')
        return deferred

    def finish(self, connection: Connection) -> None:
        """Put back what ``start`` dropped (unless a rollback already did)."""
        for sql in self.indexes + self.constraints:
            connection.exec_driver_sql(sql)
        self.indexes, self.constraints = [], []


_STAGE = "claims_import_stage"
# SQLite's page cache for the import's connection: an import touches every index of ``claims`` at random
# places, and the default 2 MB cache made each chunk re-read the same pages. Put back afterwards.
_IMPORT_CACHE_KIB = 256 * 1024


@contextlib.contextmanager
def _sqlite_import_settings(connection: Connection) -> Iterator[None]:
    """A larger page cache and the temporary table claims pass through, for one SQLite import.

    The temporary table lives in the connection's own temp schema: creating it changes nothing another
    connection sees."""
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (id INTEGER PRIMARY KEY, speaker_id INTEGER, statement TEXT, "
        "claim_date TEXT, source TEXT, document_id INTEGER, kind TEXT, cue TEXT, confidence REAL, origin TEXT, "
        "status TEXT, external_id TEXT)")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # a failed import's rollback may already have dropped it
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{_STAGE}")
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")


def _placeholder_hash(key: Any) -> str:
    """A content hash no real text can have (it hashes a NUL, which stored text never holds), unique per
    imported document, so placeholders never collide with each other or with a real document."""
    return hashlib.sha256(("\x00import\x00" + json.dumps(key, default=str)).encode()).hexdigest()


def _copy(connection: Connection, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """PostgreSQL: write rows with COPY, below the ORM and Core."""
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        write = copy.write_row
        for row in rows:
            write(row)


def _insert_many(connection: Connection, sql: str, rows: list[tuple]) -> None:
    """SQLite: one prepared statement run over every row, below the ORM and Core."""
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def import_claims(session: Session, rows: Iterable, *, errors: list, make_error: Callable,
                  actor: str = "cli") -> ImportReport:
    """Load checked rows into the caller's transaction; raise ``RowRejected`` if any row is bad.

    ``errors`` may already hold the rows that failed their checks (the caller keeps feeding it while the
    rows stream in); once it is not empty nothing more is written, but every row is still checked so that
    all the bad lines are reported at once. ``make_error(line, messages)`` builds an error entry.
    """
    importer = _Importer(session, actor, errors, make_error)
    importer.run(rows)
    if errors:
        raise RowRejected(errors)
    session.expire_all()
    return importer.report


# --- export --------------------------------------------------------------------------------------------

# The date as the driver gives it: SQLite stores the ISO text the file wants (turning it into a date
# and back cost a tenth of an export); psycopg gives a date.
EXPORT_COLUMNS = (Claim.id, Claim.external_id, Claim.statement, type_coerce(Claim.claim_date, String),
                  Claim.source, Claim.kind, Claim.cue, Claim.confidence, Claim.origin, Claim.status,
                  Claim.speaker_id, Claim.document_id)
_EXPORT_BATCH = 5000


def export_claims(session: Session, filters: dict[str, Any]) -> Iterator[dict]:
    """Claims matching the list filters, oldest id first, as the records a bulk file holds.

    Streams: rows come through a server-side cursor in batches, and each batch's speakers and documents
    are read with one query each, so memory stays flat whatever the number of claims. Records of one
    speaker (or document) share one dict, which the writers use to encode it once.
    """
    stmt = _filtered(select(*EXPORT_COLUMNS), filters).order_by(Claim.id)
    # Core rows, not the ORM's: the ORM's result machinery took a third of an export's time.
    connection = session.connection().execution_options(yield_per=_EXPORT_BATCH)
    result = connection.execute(stmt)
    speakers: dict[int, dict] = {}
    documents: dict[int, dict | None] = {}
    for batch in result.partitions():
        _load_speakers(session, speakers, {row[10] for row in batch})
        _load_documents(session, documents, {row[11] for row in batch if row[11] is not None})
        for (_id, external_id, statement, date, source, kind, cue, confidence, origin, status, speaker_id,
             document_id) in batch:
            yield {"external_id": external_id, "statement": statement,
                   "date": date if date is None or type(date) is str else date.isoformat(),
                   "source": source, "kind": kind,
                   "cue": cue, "confidence": confidence, "origin": origin, "status": status,
                   "speaker": speakers[speaker_id],
                   "document": documents[document_id] if document_id is not None else None}


def _to_load(cache: dict, wanted: set[int]) -> set[int]:
    """The ids of ``wanted`` not cached yet; a cache past 50,000 entries starts afresh, so export memory
    stays bounded whatever the number of speakers and documents."""
    if len(cache) > 50_000:
        cache.clear()
        return set(wanted)
    return wanted - cache.keys()


def _load_speakers(session: Session, cache: dict[int, dict], wanted: set[int]) -> None:
    missing = _to_load(cache, wanted)
    if not missing:
        return
    for speaker_id, name, kind, description in _in_chunks(
            session, lambda part: select(Speaker.id, Speaker.name, Speaker.kind, Speaker.description)
            .where(_member(Speaker.id, part)), missing):
        cache[speaker_id] = {"name": name, "kind": kind, "description": description, "aliases": []}
    for speaker_id, alias in _in_chunks(
            session, lambda part: select(SpeakerAlias.speaker_id, SpeakerAlias.alias)
            .where(_member(SpeakerAlias.speaker_id, part)).order_by(SpeakerAlias.id), missing):
        cache[speaker_id]["aliases"].append(alias)


def _load_documents(session: Session, cache: dict[int, dict | None], wanted: set[int]) -> None:
    missing = _to_load(cache, wanted)
    if not missing:
        return
    for document_id, title, url, source, published_on in _in_chunks(
            session, lambda part: select(Document.id, Document.title, Document.url, Document.source,
                                         Document.published_on).where(_member(Document.id, part)), missing):
        cache[document_id] = {"title": title, "url": url, "source": source,
                              "published_on": published_on.isoformat() if published_on else None}



# --- batches over HTTP ---------------------------------------------------------------------------------

BATCH_LIMIT = 1000


def create_batch(session: Session, items: list[dict[str, Any]], *, actor: str) -> list[Claim]:
    """Create every claim of a batch with ``create_claim``'s rules, or none: ``InvalidItems`` lists the
    bad items by index (all of them, not just the first), and the caller rolls the transaction back."""
    if not 1 <= len(items) <= BATCH_LIMIT:
        raise Invalid(f"Send 1 to {BATCH_LIMIT} claims; this batch has {len(items)}.", field="_schema")
    created: list[Claim] = []
    errors: dict[int, dict[str, list[str]]] = {}
    for index, item in enumerate(items):
        try:
            created.append(create_claim(session, origin="curator", actor=actor, **item))
        except Invalid as error:
            errors[index] = {error.field: [error.detail]}
        except Conflict as error:
            errors[index] = {"external_id": [error.detail]}
    if errors:
        raise InvalidItems(f"{len(errors)} of {len(items)} claims are not acceptable; none was stored.",
                           errors=errors)
    return created
