"""The ``claims`` command: a Flask CLI group (so ``claims run`` and ``claims routes`` work) plus the
service's own commands. Thin, like routes: parse, call a service, report."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from .app import create_app
from .errors import DomainError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = PROJECT_ROOT / "seeds"


def _alembic_config() -> AlembicConfig:
    config = AlembicConfig(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["url"] = current_app.extensions["claims.settings"].database_url
    return config


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_version_option=False)
def main() -> None:
    """Claims service: store documents, extract who said what, and serve it over HTTP."""


@main.group()
def db() -> None:
    """Database schema migrations (Alembic)."""


@db.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    alembic_command.upgrade(_alembic_config(), revision)
    click.echo(f"database at {revision}")


@db.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (``base`` empties it)."""
    alembic_command.downgrade(_alembic_config(), revision)
    click.echo(f"database at {revision}")


@db.command("current")
@with_appcontext
def db_current() -> None:
    """Show the database's current revision."""
    alembic_command.current(_alembic_config())


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


def _annotate_main(argv: list[str]) -> int:
    from .annotate.__main__ import main as annotate_main

    return annotate_main(argv)


PASSTHROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


@main.command("extract", context_settings=PASSTHROUGH, with_appcontext=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def extract(args: tuple[str, ...]) -> None:
    """Print the claims of text files as JSON lines, with no database: FILE... [--published-on DATE] [--all]"""
    raise SystemExit(_annotate_main(["extract", *args]))


@main.command("eval", context_settings=PASSTHROUGH, with_appcontext=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def evaluate(args: tuple[str, ...]) -> None:
    """Score the annotator against gold data: GOLD [--texts DIR] [--pred FILE] [--count-optional] [--per-doc]"""
    raise SystemExit(_annotate_main(["eval", *args]))


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
    out. SIGTERM or Ctrl-C stops after the current document.
    """
    import signal

    from .services.annotation_queue import queue_counts, work

    settings = current_app.extensions["claims.settings"]
    stop = {"now": False}

    def _stop(_signum, _frame):
        stop["now"] = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    sessionmaker = current_app.extensions["claims.sessionmaker"]
    summary = work(sessionmaker, once=once, batch=batch, poll_seconds=poll_seconds,
                   lease_seconds=lease_seconds or settings.annotation_lease_seconds,
                   max_attempts=settings.annotation_max_attempts, should_stop=lambda: stop["now"])
    for document_id, error in summary.failures:
        click.echo(f"document {document_id} failed: {error}", err=True)
    with sessionmaker() as session:
        counts = queue_counts(session)
    click.echo(f"annotated {summary.done} documents, {summary.failed} failed, {summary.skipped} skipped "
               f"in {summary.seconds:.1f} s ({summary.rate:.1f} documents/s); queue: "
               + ", ".join(f"{n} {status}" for status, n in counts.items()))


@main.command("serve", with_appcontext=False)
def serve_command() -> None:
    """Serve the API under gunicorn: CLAIMS_BIND, CLAIMS_WEB_WORKERS processes, graceful stop on SIGTERM."""
    from .config import Settings
    from .serving import serve

    serve(Settings.from_env())


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


@keys.command("local")
@click.option("--file", "key_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("instance") / "curator.key", show_default=True)
@with_appcontext
def keys_local(key_file: Path) -> None:
    """Make sure this instance has a curator key for local use, written to FILE, and print it."""
    from .services.keys import authenticate, create_key

    with session_scope() as session:
        secret = key_file.read_text().strip() if key_file.is_file() else ""
        if not secret or authenticate(session.connection(), secret) is None:
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
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secret + "\n")
            key_file.chmod(0o600)
    click.echo(f"Curator key for this instance (also in {key_file}):")
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
