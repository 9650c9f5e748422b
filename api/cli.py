"""The ``claims`` command: the service's own commands, plus Flask's development server as ``claims run``.

Thin, like routes: parse, call a service, report. Commands that work on the database get the app through
Flask's ``with_appcontext``; the app is built only once the database is checked as the command needs
(``needs_database``), so a bad ``CLAIMS_DATABASE_URL``, a server that does not answer, a missing database
or one with no schema is one line on stderr and exit status 1, and only ``claims db upgrade`` ever creates
a database.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask.cli import ScriptInfo, with_appcontext
from flask.cli import run_command as flask_run_command
from flask_smorest.spec import openapi_cli
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from .app import create_app
from .config import Settings
from .db import (
    DatabaseUrlError,
    database_error_line,
    database_fingerprint,
    display_url,
    make_engine,
    parse_database_url,
    sqlite_file,
)
from .errors import DomainError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = PROJECT_ROOT / "seeds"

# What a command needs of the database (``needs_database``); a command that says nothing needs SCHEMA.
SCHEMA = "schema"    # an existing database migrated to the newest revision
CONNECT = "connect"  # an existing database, whatever its schema
CREATE = "create"    # a server that answers; a SQLite file is created
NO_DATABASE = "none"


def needs_database(use: str):
    """Mark a command with what it needs of the database (SCHEMA, CONNECT, CREATE or NO_DATABASE)."""

    def mark(command: click.Command) -> click.Command:
        command.claims_database = use
        return command

    return mark


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(PROJECT_ROOT / "migrations"))


def _alembic_config() -> AlembicConfig:
    config = AlembicConfig(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["url"] = current_app.extensions["claims.settings"].database_url
    return config


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def describe_database(url: str) -> str:
    """``sqlite database sqlite:///instance/claims.db``: the backend and the URL, without its password."""
    parsed = parse_database_url(url)
    return f"{parsed.get_backend_name()} database {display_url(parsed)}"


def check_database(url: str, use: str) -> None:
    """Stop the command with one line unless the database at ``url`` is fit for ``use``.

    Nothing is created except by CREATE: a SQLite file that does not exist is reported, not made.
    """
    try:
        parsed = parse_database_url(url)
    except DatabaseUrlError as exc:
        raise click.ClickException(str(exc)) from None
    if use == NO_DATABASE:
        return
    path = sqlite_file(parsed)
    if use != CREATE and path is not None and not path.is_file():
        raise click.ClickException(f"no database at {display_url(parsed)} ({path} does not exist): "
                                   "`claims db upgrade` creates it")
    engine = make_engine(url)
    try:
        revision = _revision(engine)
    except SQLAlchemyError as exc:
        raise click.ClickException(database_error_line(exc, parsed)) from None
    finally:
        engine.dispose()
    if use != SCHEMA:
        return
    head = _scripts().get_current_head()
    if revision is None:
        raise click.ClickException(f"the database {display_url(parsed)} has no schema: "
                                   "run `claims db upgrade` first")
    if revision != head:
        raise click.ClickException(f"the database {display_url(parsed)} is at revision {revision}, this "
                                   f"version of the service needs {head}: run `claims db upgrade`")


def _load_app() -> Flask:
    """The app of the running command (Flask's ``with_appcontext`` asks for it), once its database is
    checked."""
    settings = Settings.from_env()
    check_database(settings.database_url, getattr(click.get_current_context().command, "claims_database", SCHEMA))
    return create_app(settings)


class ClaimsGroup(click.Group):
    """A plain click group: the service's commands and no Flask options. Commands reach the app through
    Flask's ScriptInfo, and a database error that still escapes a command is one line, not a traceback."""

    def make_context(self, info_name, args, parent=None, **extra):
        extra.setdefault("obj", ScriptInfo(create_app=_load_app))
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SQLAlchemyError as exc:
            raise click.ClickException(database_error_line(exc, Settings.from_env().database_url)) from None


@click.group(cls=ClaimsGroup)
def main() -> None:
    """Claims service: store documents, extract who said what, and serve it over HTTP.

    The database is CLAIMS_DATABASE_URL (default: SQLite in instance/claims.db).
    """


@main.group()
def db() -> None:
    """Database schema migrations (Alembic)."""


@needs_database(CREATE)
@db.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the newest); creates a SQLite database."""
    alembic_command.upgrade(_alembic_config(), revision)
    current = _revision(current_app.extensions["claims.engine"])
    head = " (head)" if current == _scripts().get_current_head() else ""
    click.echo(f"{describe_database(current_app.extensions['claims.settings'].database_url)} "
               f"at {current or 'base'}{head}")


@needs_database(CONNECT)
@db.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION ("base" empties it)."""
    alembic_command.downgrade(_alembic_config(), revision)
    click.echo(f"{describe_database(current_app.extensions['claims.settings'].database_url)} "
               f"at {_revision(current_app.extensions['claims.engine']) or 'base'}")


@needs_database(CONNECT)
@db.command("current")
@with_appcontext
def db_current() -> None:
    """Show the database's revision: "REV (head)" when it is the newest, "empty" when it has no schema."""
    revision = _revision(current_app.extensions["claims.engine"])
    if revision is None:
        click.echo("empty")
    else:
        click.echo(f"{revision} (head)" if revision == _scripts().get_current_head() else revision)


def session_scope():
    """One transaction for a command: committed when the block succeeds, rolled back otherwise."""
    return current_app.extensions["claims.sessionmaker"].begin()


@main.command("seed")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SEEDS)
@with_appcontext
def seed(directory: Path) -> None:
    """Load the documents of DIRECTORY's manifest.json (default: the project's seeds/). Idempotent."""
    from .services.seeds import load_seeds

    try:
        with session_scope() as session:
            result = load_seeds(session, directory)
    except (DomainError, OSError) as exc:
        raise click.ClickException(getattr(exc, "detail", None) or str(exc)) from exc
    click.echo(f"seeded {len(result.added)} documents ({len(result.skipped)} already stored)")


def _annotator_errors(work) -> None:
    """Run an annotator tool: bad input is one line and exit status 1; a reader that stops early
    (``| head``) ends it quietly."""
    import sys

    from .annotate.commands import error_line

    try:
        work()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
        raise SystemExit(1) from None
    except (OSError, ValueError) as exc:
        raise click.ClickException(error_line(exc)) from None


@main.command("extract")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--published-on", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="The documents' publication date (YYYY-MM-DD), to date claims said 'on Tuesday'.")
@click.option("--all", "include_all", is_flag=True, help="Also print candidates with no speaker (never stored).")
def extract(files: tuple[str, ...], published_on, include_all: bool) -> None:
    """Print the claims of texts as JSON lines, with no database.

    Each FILE is a UTF-8 text file, a folder (its .txt files, in name order), or - for standard input
    (doc name "stdin"). A row: doc, speaker, statement, start, end, cue, kind, date, confidence; start and
    end are Python string offsets into the text.
    """
    import sys

    from .annotate.commands import write_extract

    _annotator_errors(lambda: write_extract(files, sys.stdout, include_all=include_all,
                                            published_on=published_on.date() if published_on else None))


@main.command("eval")
@click.argument("gold", metavar="GOLD")
@click.option("--texts", metavar="DIR", help="Folder of DOC.txt for JSONL gold (default: the gold file's folder).")
@click.option("--pred", metavar="FILE", help="Score these predictions (JSON lines of `claims extract`) "
                                             "instead of running the annotator.")
@click.option("--count-optional", is_flag=True,
              help="Count optional gold claims as claims (default: they are neither needed nor errors).")
@click.option("--per-doc", is_flag=True,
              help="Also print one line per document: predictions, claim gold, lenient and exact matches.")
def evaluate(gold: str, texts: str | None, pred: str | None, count_optional: bool, per_doc: bool) -> None:
    """Score the annotator (or a prediction file) against gold data, with no database.

    GOLD is a JSONL file (texts: DOC.txt in --texts DIR; only the documents the gold names are read and
    scored) or a BRAT folder with text/ and attributions/. Prints precision, recall and F1 (lenient, exact
    and token), speaker accuracy and mean character Jaccard, then the counts behind them.
    """
    import sys

    from .annotate.commands import write_eval

    _annotator_errors(lambda: write_eval(gold, sys.stdout, texts=texts, pred=pred,
                                         count_optional=count_optional, per_doc=per_doc))


@main.command("annotate")
@click.option("--all", "all_documents", is_flag=True, help="Annotate every stored document.")
@click.option("--document", "document_ids", type=click.IntRange(min=1), multiple=True, metavar="ID",
              help="Annotate this document (repeatable).")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Processes that run the annotator; the database is written by this one.")
@click.option("--dry-run", is_flag=True, help="Report what would change and write nothing.")
@with_appcontext
def annotate_command(all_documents: bool, document_ids: tuple[int, ...], workers: int, dry_run: bool) -> None:
    """Annotate stored documents and save their claims, one transaction per document.

    Only untouched annotator claims are replaced; curated, reviewed or edited claims are never changed.
    Running it twice changes nothing the second time.
    """
    from .services.annotation_runs import run_annotation

    if all_documents == bool(document_ids):
        raise click.UsageError("Give either --all or one or more --document ID.")
    sessionmaker = current_app.extensions["claims.sessionmaker"]
    try:
        summary = run_annotation(sessionmaker, None if all_documents else list(document_ids),
                                 workers=workers, dry_run=dry_run)
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    verb = "would change" if dry_run else "annotated"
    click.echo(f"{verb} {summary.documents} documents: {summary.added} claims added, {summary.kept} kept, "
               f"{summary.removed} removed in {summary.seconds:.1f} s ({summary.rate:.1f} documents/s)")
    if summary.failures:
        for document_id, error in summary.failures:
            click.echo(f"document {document_id} failed: {error}", err=True)
        raise click.ClickException(f"{len(summary.failures)} documents failed (marked failed).")


@main.command("worker")
@click.option("--once", is_flag=True, help="Stop when the queue is empty instead of waiting for more.")
@click.option("--poll", "poll_seconds", type=click.FloatRange(min=0.05), default=2.0, show_default=True,
              metavar="SECONDS", help="How long to wait before looking again when the queue is empty.")
@click.option("--batch", type=click.IntRange(min=1, max=1000), default=1, show_default=True,
              help="Documents claimed per claim transaction.")
@click.option("--lease", "lease_seconds", type=click.IntRange(min=1), default=None, metavar="SECONDS",
              help="A running document claimed longer ago is taken over "
                   "(default: CLAIMS_ANNOTATION_LEASE_SECONDS or 600).")
@with_appcontext
def worker(once: bool, poll_seconds: float, batch: int, lease_seconds: int | None) -> None:
    """Annotate queued documents: run as many as you like, on as many machines as you like (PostgreSQL).

    Each document is claimed by one worker, annotated and saved in one transaction, and marked done (or
    failed, with the error). A document of a worker that was killed is taken over once its lease runs
    out. SIGTERM or Ctrl-C stops after the current document. Prints a line per document, and on exit the
    documents per second of busy time (waiting for work not counted).
    """
    import signal

    from .services.annotation_queue import DocumentOutcome, queue_counts, work

    settings = current_app.extensions["claims.settings"]
    stop = {"now": False}

    def _stop(_signum, _frame):
        stop["now"] = True

    def report(outcome: DocumentOutcome) -> None:
        if outcome.status == "done":
            click.echo(f"document {outcome.id}: {outcome.claims} claims in {outcome.seconds:.2f} s")
        elif outcome.status == "failed":
            click.echo(f"document {outcome.id} failed after {outcome.seconds:.2f} s: {outcome.error}", err=True)
        else:
            click.echo(f"document {outcome.id}: skipped (edited, deleted or taken over meanwhile)")

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    waits = "stops when the queue is empty" if once else f"looks again every {poll_seconds:g} s when the queue is empty"
    click.echo(f"worker on the {describe_database(settings.database_url)}, {batch} document(s) per claim, "
               f"{waits}; Ctrl-C or SIGTERM stops it after the current document")
    sessionmaker = current_app.extensions["claims.sessionmaker"]
    summary = work(sessionmaker, once=once, batch=batch, poll_seconds=poll_seconds,
                   lease_seconds=lease_seconds or settings.annotation_lease_seconds,
                   max_attempts=settings.annotation_max_attempts, should_stop=lambda: stop["now"],
                   on_document=report)
    with sessionmaker() as session:
        counts = queue_counts(session)
    click.echo(f"annotated {summary.done} documents, {summary.failed} failed, {summary.skipped} skipped "
               f"in {summary.busy_seconds:.1f} s busy of {summary.seconds:.1f} s "
               f"({summary.rate:.1f} documents/s busy); queue: "
               + ", ".join(f"{n} {status}" for status, n in counts.items()))


@main.command("run", params=list(flask_run_command.params))
@click.pass_context
def run_command(ctx: click.Context, **options) -> None:
    """Serve the API with Flask's development server (for local use; `claims serve` in production)."""
    settings = Settings.from_env()
    check_database(settings.database_url, SCHEMA)
    click.echo(f"Using the {describe_database(settings.database_url)}")
    ctx.invoke(flask_run_command, **options)


needs_database(NO_DATABASE)(flask_run_command)  # only ever started by our run, which checked the database


@main.command("serve")
def serve_command() -> None:
    """Serve the API under gunicorn: CLAIMS_BIND, CLAIMS_WEB_WORKERS processes, graceful stop on SIGTERM."""
    from .serving import serve

    settings = Settings.from_env()
    check_database(settings.database_url, SCHEMA)
    click.echo(f"Using the {describe_database(settings.database_url)}")
    serve(settings)


main.add_command(openapi_cli)
for _command in openapi_cli.commands.values():  # the spec comes from the code: no database is opened
    needs_database(NO_DATABASE)(_command)


@main.group()
def keys() -> None:
    """API keys: create, list, revoke."""


@keys.command("create")
@click.option("--name", required=True, help="Who or what uses the key; histories show this name.")
@click.option("--role", required=True, type=click.Choice(["reader", "curator", "admin"]))
@with_appcontext
def keys_create(name: str, role: str) -> None:
    """Create a key. The key itself is printed alone on the last line, once: store it now."""
    from .services.keys import create_key

    try:
        with session_scope() as session:
            new = create_key(session, name=name, role=role)
            key_id = new.key.id
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"created {role} key {key_id} ({name}); it is shown only now:")
    click.echo(new.secret)


@keys.command("list")
@with_appcontext
def keys_list() -> None:
    """List keys: id, name, role, prefix, and whether revoked."""
    from .services.keys import list_keys

    with session_scope() as session:
        for key in list_keys(session):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            click.echo(f"{key.id}\t{key.name}\t{key.role}\t{key.prefix}…\t{state}")


@keys.command("revoke")
@click.argument("key_id", type=click.IntRange(min=1))
@with_appcontext
def keys_revoke(key_id: int) -> None:
    """Revoke key KEY_ID: it stops working at once."""
    from .services.keys import revoke_key

    try:
        with session_scope() as session:
            revoke_key(session, key_id)
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"revoked key {key_id}")


def _read_key(path: Path) -> str:
    return path.read_text().strip() if path.is_file() else ""


def _write_key(path: Path, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret + "\n")
    path.chmod(0o600)


@keys.command("local")
@click.option("--file", "key_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("instance") / "curator.key", show_default=True)
@with_appcontext
def keys_local(key_file: Path) -> None:
    """Make sure this database has a curator key for local use, write it to FILE, and print it.

    Each database's key is also kept beside FILE, as curator-<12 hex digits naming the database>.key, so
    switching CLAIMS_DATABASE_URL back and forth finds each database's own key again (FILE holds the key
    of the database used last).
    """
    from .services.keys import authenticate, create_key

    url = current_app.extensions["claims.settings"].database_url
    own_file = key_file.with_name(f"{key_file.stem}-{database_fingerprint(url)}{key_file.suffix}")
    with session_scope() as session:
        known = (_read_key(own_file), _read_key(key_file))
        secret = next((s for s in known if s and authenticate(session.connection(), s) is not None), "")
        if not secret:
            name = "local-curator"
            suffix = 1
            while True:
                try:
                    with session.begin_nested():
                        secret = create_key(session, name=name, role="curator").secret
                    break
                except DomainError:
                    suffix += 1
                    name = f"local-curator-{suffix}"
        _write_key(own_file, secret)
        _write_key(key_file, secret)
    click.echo(f"Curator key of the {describe_database(url)} (also in {key_file}):")
    click.echo(secret)


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default=None,
              help="Default: csv for a .csv file, jsonl otherwise.")
@with_appcontext
def import_command(file: Path, fmt: str | None) -> None:
    """Load claims (with their speakers and documents) from a JSON lines or CSV file, all or nothing.

    Rows whose external_id is already stored add nothing, so importing a file twice loads it once. Any bad
    row, reported by its line number, loads nothing at all.
    """
    import time

    from sqlalchemy.exc import IntegrityError

    from .schemas.bulk import FileProblem, RowError, RowLoader, read_csv, read_jsonl
    from .services.bulk import RowRejected, import_claims

    fmt = fmt or ("csv" if file.suffix.lower() == ".csv" else "jsonl")
    reader = read_csv if fmt == "csv" else read_jsonl
    errors: list[RowError] = []
    loader = RowLoader()

    def rows(lines):
        for line, raw in reader(lines):
            loaded = raw if isinstance(raw, RowError) else loader.load(line, raw)
            if isinstance(loaded, RowError):
                errors.append(loaded)
            else:
                yield loaded

    started = time.perf_counter()
    try:
        with file.open(encoding="utf-8-sig", newline="") as lines, session_scope() as session:
            report = import_claims(session, rows(lines), errors=errors, make_error=RowError)
    except RowRejected as rejected:
        shown = sorted(rejected.errors, key=lambda error: error.line)
        for error in shown[:50]:
            click.echo(error.describe(), err=True)
        if len(shown) > 50:
            click.echo(f"... and {len(shown) - 50} more bad rows", err=True)
        raise click.ClickException(f"{len(shown)} bad rows in {file}: nothing was imported.") from None
    except IntegrityError as exc:  # another writer stored a clashing external id while the import ran
        raise click.ClickException(f"{file}: a row clashes with a claim stored while the import ran "
                                   f"({exc.orig}); nothing was imported. Run the import again.") from None
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file} is not UTF-8 text ({exc.reason} at byte {exc.start}): "
                                   "nothing was imported.") from None
    except (FileProblem, OSError) as exc:
        raise click.ClickException(f"{file}: {exc}; nothing was imported.") from None
    seconds = time.perf_counter() - started
    click.echo(f"imported {report.added} claims ({report.skipped} already stored), "
               f"{report.speakers_added} new speakers, {report.documents_added} new documents "
               f"in {seconds:.1f} s ({report.added / seconds if seconds else 0:,.0f} claims/s)")


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "jsonld"]), default="jsonl",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here instead of standard output.")
@click.option("--speaker", help="Words of the speaker's name or of an alias.")
@click.option("--speaker-id", type=int)
@click.option("--document-id", type=int)
@click.option("--source")
@click.option("--date-from", help="YYYY-MM-DD, inclusive.")
@click.option("--date-to", help="YYYY-MM-DD, inclusive.")
@click.option("--status")
@click.option("--origin")
@with_appcontext
def export_command(fmt: str, output: Path | None, **filters) -> None:
    """Write claims with their speakers and documents as JSON lines, CSV or JSON-LD (schema.org Claim).

    Takes the filters of GET /v1/claims; streams, so memory stays flat whatever the number of claims.
    """
    import sys

    from marshmallow import ValidationError

    from .schemas.bulk import WRITERS, ClaimExportArgs, RowError
    from .services.bulk import export_claims

    try:
        args = ClaimExportArgs().load({name: value for name, value in filters.items() if value is not None})
    except ValidationError as exc:
        raise click.UsageError(RowError(0, exc.messages).describe().removeprefix("line 0: ")) from None
    args.pop("format")
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        with current_app.extensions["claims.reader_sessionmaker"]() as session:
            for chunk in WRITERS[fmt](export_claims(session, args)):
                out.write(chunk)
    finally:
        if output:
            out.close()
