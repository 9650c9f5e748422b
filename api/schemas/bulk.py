"""Bulk shapes: the row of an import or export file (JSON lines, CSV, JSON-LD), and how rows are read,
checked and written.

One row is one claim carrying its speaker and its document reference, so a file stands on its own::

    {"external_id": "afp-1", "statement": "...", "date": "2024-03-27", "source": "TASS", "kind": null,
     "cue": null, "confidence": null, "origin": "import", "status": "accepted",
     "speaker": {"name": "Dmitry Peskov", "kind": "person", "description": null, "aliases": ["Peskov"]},
     "document": {"title": "...", "url": "https://...", "source": "TASS", "published_on": "2024-03-27"}}

``ImportRowSchema`` (marshmallow, built from the API's own fields and validators) is the rule book and
writes the error messages. Loading a million rows through it would take minutes, so ``RowLoader`` checks
the same rules by hand on the hot path, caching speakers and documents that repeat, and hands a row to the
schema only when it is bad, for the message. ``tests/test_bulk_rows.py`` holds the two to the same verdicts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from marshmallow import Schema, ValidationError, fields, validate

from ..annotate.names import normalise_name
from .claims import EXTERNAL_ID, KINDS, ORIGINS, STATEMENT, STATUSES, ClaimFilterArgs, ClaimSchema
from .common import NonBlankText, Text
from .documents import URL
from .speakers import KINDS as SPEAKER_KINDS
from .speakers import SpeakerCreateSchema

FORMATS = ("jsonl", "csv", "jsonld")
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv", "jsonld": "application/ld+json"}


# --- the rule book -------------------------------------------------------------------------------------

class SpeakerRowSchema(SpeakerCreateSchema):
    """A row's speaker: the rules of ``POST /v1/speakers``."""


class DocumentRowSchema(Schema):
    title = NonBlankText(required=True, validate=validate.Length(max=1000))
    url = Text(allow_none=True, validate=[validate.Length(max=2000), URL])
    source = Text(allow_none=True, validate=validate.Length(max=300))
    published_on = fields.Date(allow_none=True)


class ImportRowSchema(Schema):
    external_id = NonBlankText(allow_none=True, validate=EXTERNAL_ID)
    statement = NonBlankText(required=True, validate=STATEMENT)
    date = fields.Date(allow_none=True)
    source = Text(allow_none=True, validate=validate.Length(max=2000))
    kind = Text(allow_none=True, validate=KINDS)
    cue = Text(allow_none=True, validate=validate.Length(max=200))
    confidence = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(min=0, max=1))
    origin = Text(load_default="import", validate=ORIGINS)
    status = Text(allow_none=True, validate=STATUSES)
    speaker = fields.Nested(SpeakerRowSchema, required=True)
    document = fields.Nested(DocumentRowSchema, allow_none=True)


class ClaimExportArgs(ClaimFilterArgs):
    format = Text(load_default="jsonl", validate=validate.OneOf(FORMATS),
                  metadata={"description": "`jsonl` (default: one claim per line), `csv`, or `jsonld` "
                                           "(schema.org `Claim` objects)."})

    class Meta:
        # Paging and ordering mean nothing to a stream (it runs in id order); search is the list's alone.
        exclude = tuple(name for name in ("limit", "cursor", "sort", "q") if name in ClaimFilterArgs._declared_fields)


class ClaimBatchResultSchema(Schema):
    items = fields.List(fields.Nested(ClaimSchema), required=True,
                        metadata={"description": "The created claims, in the order they were sent."})


# --- loaded rows ---------------------------------------------------------------------------------------

class SpeakerRow(NamedTuple):
    name: str
    key: str  # the normalised name: the speaker's identity
    kind: str
    description: str | None
    aliases: tuple[str, ...]


class DocumentRow(NamedTuple):
    title: str
    url: str | None
    source: str | None
    published_on: dt.date | None


class ImportRow(NamedTuple):
    line: int
    external_id: str | None
    statement: str
    date: dt.date | None
    source: str | None
    kind: str | None
    cue: str | None
    confidence: float | None
    origin: str
    status: str
    speaker: SpeakerRow
    document: DocumentRow | None


class RowError(NamedTuple):
    line: int
    messages: dict  # field -> messages, as in a 422's ``errors.json``

    def describe(self) -> str:
        return f"line {self.line}: " + "; ".join(_flatten(self.messages))


def _flatten(messages: Any, prefix: str = "") -> list[str]:
    if isinstance(messages, dict):
        out = []
        for key, value in messages.items():
            name = prefix if key == "_schema" else f"{prefix}.{key}" if prefix else str(key)
            out += _flatten(value, name)
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [f"{prefix}: {' '.join(messages)}" if prefix else " ".join(messages)]
    return [f"{prefix}: {messages}"]


class _Bad(Exception):
    pass


ROW_FIELDS = frozenset(ImportRowSchema().fields)
SPEAKER_FIELDS = frozenset(SpeakerRowSchema().fields)
DOCUMENT_FIELDS = frozenset(DocumentRowSchema().fields)
_KINDS = frozenset(KINDS.choices)
_ORIGINS = frozenset(ORIGINS.choices)
_STATUSES = frozenset(STATUSES.choices)
_SPEAKER_KINDS = frozenset(SPEAKER_KINDS.choices)
_CACHE_LIMIT = 100_000


def _text(value: Any, limit: int, *, blank: bool = True, choices: frozenset | None = None) -> str:
    if type(value) is not str or "\x00" in value or len(value) > limit:
        raise _Bad
    if not blank and not value.strip():
        raise _Bad
    if choices is not None and value not in choices:
        raise _Bad
    return value


def _optional_text(row: dict, name: str, limit: int, **kwargs) -> str | None:
    value = row.get(name)
    return None if value is None else _text(value, limit, **kwargs)


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if type(value) is not str:
        raise _Bad
    return dt.date.fromisoformat(value)  # what marshmallow's Date uses: ValueError is a bad row


def _confidence(value: Any) -> float | None:
    if value is None:
        return None
    if value is True or value is False or not isinstance(value, (int, float, str, bytes)):
        raise _Bad
    number = float(value)
    if not 0 <= number <= 1:  # NaN fails this too
        raise _Bad
    return number


# The rule of the API, that a span reads its statement, cannot be checked on import: a row's document is a
# reference (title, URL...) stored without its text. So rows carry no span.
SPAN_NOT_IMPORTED = ("Imported claims carry no span: the row's document comes without its text, so a span could "
                     "not be checked against the statement. Drop `span`; once the document's text is stored, "
                     "place it with PATCH /v1/claims/{id} (text[start:end] must equal the statement).")


class RowLoader:
    """Checks rows with ``ImportRowSchema``'s rules at a few microseconds a row; bad rows go to the schema
    for their messages. Speakers and documents repeat across rows, so each distinct one is checked once."""

    def __init__(self) -> None:
        self.schema = ImportRowSchema()
        self._speakers: dict[Any, SpeakerRow] = {}
        self._documents: dict[Any, DocumentRow] = {}

    def load(self, line: int, row: Any) -> ImportRow | RowError:
        try:
            return self._fast(line, row)
        except (_Bad, KeyError, ValueError, TypeError, OverflowError, ValidationError):
            return self._slow(line, row)

    def _slow(self, line: int, row: Any) -> ImportRow | RowError:
        try:
            data = self.schema.load(row)
        except ValidationError as error:
            messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
            if "span" in messages:
                messages = {**messages, "span": [SPAN_NOT_IMPORTED]}
            return RowError(line, messages)
        if not normalise_name(data["speaker"]["name"]):
            return RowError(line, {"speaker": {"name": ["A name needs at least one letter or digit."]}})
        for alias in data["speaker"]["aliases"]:
            if not normalise_name(alias):
                return RowError(line, {"speaker": {"aliases": [f"The alias {alias!r} needs a letter or digit."]}})
        # The schema accepts what the fast path refused: the rule book wins.
        speaker, document = data["speaker"], data.get("document")
        origin = data["origin"]
        return ImportRow(
            line, data.get("external_id"), data["statement"], data.get("date"), data.get("source"),
            data.get("kind"), data.get("cue"), data.get("confidence"), origin,
            data.get("status") or ("pending" if origin == "annotator" else "accepted"),
            SpeakerRow(speaker["name"], normalise_name(speaker["name"]), speaker["kind"],
                       speaker.get("description"), tuple(speaker["aliases"])),
            None if document is None else DocumentRow(document["title"], document.get("url"),
                                                      document.get("source"), document.get("published_on")))

    def _fast(self, line: int, row: Any) -> ImportRow:
        if type(row) is not dict or not ROW_FIELDS.issuperset(row):
            raise _Bad
        origin = row.get("origin", "import")
        status = row.get("status")
        return ImportRow(
            line,
            _optional_text(row, "external_id", 200, blank=False),
            _text(row["statement"], 100_000, blank=False),
            _date(row.get("date")),
            _optional_text(row, "source", 2000),
            _optional_text(row, "kind", 20, choices=_KINDS),
            _optional_text(row, "cue", 200),
            _confidence(row.get("confidence")),
            _text(origin, 20, choices=_ORIGINS),
            _text(status, 20, choices=_STATUSES) if status is not None
            else ("pending" if origin == "annotator" else "accepted"),
            self._speaker(row["speaker"]),
            self._document(row.get("document")),
        )

    def _speaker(self, value: Any) -> SpeakerRow:
        if type(value) is not dict:
            raise _Bad
        aliases = value.get("aliases", ())
        if type(aliases) is not list and aliases != ():
            raise _Bad
        cache_key = (value.get("name"), value.get("kind"), value.get("description"), tuple(aliases),
                     len(value))
        found = self._speakers.get(cache_key)
        if found is not None:
            return found
        if not SPEAKER_FIELDS.issuperset(value) or len(aliases) > 100:
            raise _Bad
        name = _text(value["name"], 300, blank=False)
        key = normalise_name(name)
        if not key:
            raise _Bad
        for alias in aliases:
            _text(alias, 300, blank=False)
            if not normalise_name(alias):
                raise _Bad
        kind = value.get("kind", "unknown")
        found = SpeakerRow(name, key, _text(kind, 20, choices=_SPEAKER_KINDS),
                           _optional_text(value, "description", 500), tuple(aliases))
        if len(self._speakers) >= _CACHE_LIMIT:
            self._speakers.clear()
        self._speakers[cache_key] = found
        return found

    def _document(self, value: Any) -> DocumentRow | None:
        if value is None:
            return None
        if type(value) is not dict:
            raise _Bad
        cache_key = (value.get("title"), value.get("url"), value.get("source"), value.get("published_on"),
                     len(value))
        found = self._documents.get(cache_key)
        if found is not None:
            return found
        if not DOCUMENT_FIELDS.issuperset(value):
            raise _Bad
        url = _optional_text(value, "url", 2000)
        if url is not None:
            URL(url)  # the API's own URL rule
        found = DocumentRow(_text(value["title"], 1000, blank=False), url,
                            _optional_text(value, "source", 300), _date(value.get("published_on")))
        if len(self._documents) >= _CACHE_LIMIT:
            self._documents.clear()
        self._documents[cache_key] = found
        return found


# --- reading files -------------------------------------------------------------------------------------

CSV_COLUMNS = ("external_id", "statement", "date", "source", "kind", "cue", "confidence", "origin", "status",
               "speaker_name", "speaker_kind", "speaker_description", "speaker_aliases",
               "document_title", "document_url", "document_source", "document_published_on")
_CLAIM_COLUMNS = CSV_COLUMNS[:9]
_DOCUMENT_COLUMNS = ("title", "url", "source", "published_on")


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong header, not UTF-8...)."""


def read_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) per non-blank line; a line that is not JSON yields a ``RowError``."""
    loads = json.loads
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            yield number, loads(text)
        except ValueError as error:
            yield number, RowError(number, {"_schema": [f"Not valid JSON: {error}."]})


def read_csv(lines: Iterable[str]) -> Iterator[tuple[int, Any]]:
    """Rows of a CSV file with ``CSV_COLUMNS`` as its header (any order), as the nested rows JSONL has.

    An empty cell is null; ``speaker_aliases`` is a JSON array of strings.
    """
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        return
    unknown = set(header) - set(CSV_COLUMNS)
    if unknown or len(set(header)) != len(header):
        raise FileProblem(f"line 1: the header must name columns among {', '.join(CSV_COLUMNS)}"
                          + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else "; a column repeats"))
    for cells in reader:
        number = reader.line_num
        if not any(cells):
            continue
        if len(cells) != len(header):
            yield number, RowError(number, {"_schema": [f"{len(cells)} cells for {len(header)} columns."]})
            continue
        values = {name: cell for name, cell in zip(header, cells, strict=True) if cell != ""}
        row: dict[str, Any] = {name: values[name] for name in _CLAIM_COLUMNS if name in values}
        speaker: dict[str, Any] = {}
        for name in ("name", "kind", "description"):
            if f"speaker_{name}" in values:
                speaker[name] = values[f"speaker_{name}"]
        if "speaker_aliases" in values:
            try:
                speaker["aliases"] = json.loads(values["speaker_aliases"])
            except ValueError:
                yield number, RowError(number, {"speaker": {"aliases": ["Not a JSON array of names."]}})
                continue
        row["speaker"] = speaker
        document = {name: values[f"document_{name}"] for name in _DOCUMENT_COLUMNS if f"document_{name}" in values}
        row["document"] = document or None
        yield number, row


# --- writing files -------------------------------------------------------------------------------------

_CHUNK = 1 << 16


def _chunked(pieces: Iterable[str]) -> Iterator[str]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_string = json.encoder.encode_basestring  # what _dumps writes for a str
_float = float.__repr__  # what _dumps writes for a finite float


def _json(value: Any) -> str:
    """``_dumps(value)``, quicker for the scalars a record holds."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is float and value - value == 0:  # finite
        return _float(value)
    return _dumps(value)


class _Shared:
    """What ``encode(part)`` gives for the dicts records share (one per speaker, one per document), computed
    once per dict: ``export_claims`` hands every claim of a speaker the same dict, never changed after.

    Keyed by identity; each entry holds its dict, so no other object can take its id while it is cached.
    """

    LIMIT = 50_000

    def __init__(self, encode: Callable[[Any], Any]) -> None:
        self.encode = encode
        self.cache: dict[int, tuple[Any, Any]] = {}

    def __call__(self, part: Any) -> Any:
        found = self.cache.get(id(part))
        if found is not None and found[0] is part:
            return found[1]
        if len(self.cache) >= self.LIMIT:
            self.cache.clear()
        encoded = self.encode(part)
        self.cache[id(part)] = (part, encoded)
        return encoded


_JSONL_LINE = ('{{"external_id":{},"statement":{},"date":{},"source":{},"kind":{},"cue":{},"confidence":{},'
               '"origin":{},"status":{},"speaker":{},"document":{}}}\n').format


def write_jsonl(records: Iterable[dict]) -> Iterator[str]:
    """One ``_dumps(record)`` per line for the records of ``export_claims`` (``tests/test_bulk_rows.py``
    holds it to that), from a template: the speaker and the document are encoded once each."""
    if_shared = _Shared(_dumps)
    value = _json

    def lines() -> Iterator[str]:
        for record in records:
            yield _JSONL_LINE(
                value(record["external_id"]), value(record["statement"]), value(record["date"]),
                value(record["source"]), value(record["kind"]), value(record["cue"]), value(record["confidence"]),
                value(record["origin"]), value(record["status"]), if_shared(record["speaker"]),
                "null" if record["document"] is None else if_shared(record["document"]))

    return _chunked(lines())


def _speaker_cells(speaker: dict) -> tuple:
    return (speaker["name"], speaker["kind"], speaker["description"],
            json.dumps(speaker["aliases"], ensure_ascii=False) if speaker["aliases"] else None)


def _document_cells(document: dict | None) -> tuple:
    document = document or {}
    return tuple(document.get(name) for name in _DOCUMENT_COLUMNS)


def _csv_cells(record: dict) -> list:
    return [*(record[name] for name in _CLAIM_COLUMNS), *_speaker_cells(record["speaker"]),
            *_document_cells(record["document"])]


def write_csv(records: Iterable[dict]) -> Iterator[str]:
    speaker_cells, document_cells = _Shared(_speaker_cells), _Shared(_document_cells)

    def pieces() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        write = writer.writerow
        for record in records:
            document = record["document"]
            write((record["external_id"], record["statement"], record["date"], record["source"], record["kind"],
                   record["cue"], record["confidence"], record["origin"], record["status"],
                   *speaker_cells(record["speaker"]),
                   *(_NO_DOCUMENT if document is None else document_cells(document))))
            if buffer.tell() >= _CHUNK:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return pieces()


_NO_DOCUMENT = (None,) * len(_DOCUMENT_COLUMNS)
AUTHOR_TYPES = {"person": "Person", "organisation": "Organization", "unknown": "Person"}


def _author(speaker: dict) -> dict:
    author: dict[str, Any] = {"@type": AUTHOR_TYPES[speaker["kind"]], "name": speaker["name"]}
    if speaker["aliases"]:
        author["alternateName"] = speaker["aliases"]
    if speaker["description"]:
        author["description"] = speaker["description"]
    return author


def _work(document: dict) -> dict:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": document["title"]}
    if document["url"]:
        work["url"] = document["url"]
    if document["source"]:
        work["publisher"] = {"@type": "Organization", "name": document["source"]}
    if document["published_on"]:
        work["datePublished"] = document["published_on"]
    return work


def _jsonld(record: dict) -> dict:
    document = record["document"]
    claim: dict[str, Any] = {"@type": "Claim"}
    if record["external_id"] is not None:
        claim["identifier"] = record["external_id"]
    claim["text"] = record["statement"]
    claim["author"] = _author(record["speaker"])
    if record["date"] is not None:
        claim["datePublished"] = record["date"]
    if document is not None:
        work = _work(document)
        claim["appearance"] = work
        claim["firstAppearance"] = work
    elif record["source"]:
        claim["appearance"] = {"@type": "CreativeWork", "name": record["source"]}
    return claim


def write_jsonld(records: Iterable[dict]) -> Iterator[str]:
    """One JSON-LD document, ``{"@context": "https://schema.org", "@graph": [Claim, ...]}``, streamed.

    Each claim is ``_dumps(_jsonld(record))`` (``tests/test_bulk_rows.py`` holds it to that), put together
    from pieces: the author and the work are encoded once per speaker and per document."""
    author = _Shared(lambda speaker: _dumps(_author(speaker)))
    work = _Shared(lambda document: _dumps(_work(document)))

    def pieces() -> Iterator[str]:
        yield '{"@context":"https://schema.org","@graph":['
        separator = "\n"
        for record in records:
            external_id, date, document = record["external_id"], record["date"], record["document"]
            claim = ['{"@type":"Claim"']
            if external_id is not None:
                claim.append(',"identifier":' + _json(external_id))
            claim.append(',"text":' + _json(record["statement"]) + ',"author":' + author(record["speaker"]))
            if date is not None:
                claim.append(',"datePublished":' + _json(date))
            if document is not None:
                appearance = work(document)
                claim.append(',"appearance":' + appearance + ',"firstAppearance":' + appearance)
            elif record["source"]:
                claim.append(',"appearance":{"@type":"CreativeWork","name":' + _json(record["source"]) + "}")
            yield separator + "".join(claim) + "}"
            separator = ",\n"
        yield "\n]}\n"

    return _chunked(pieces())


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "jsonld": write_jsonld}
