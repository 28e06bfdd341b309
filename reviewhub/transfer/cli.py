"""`reviewhub export-event` and `import-event`, with a progress bar for large events."""

from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from reviewhub.extensions import db


@click.command("export-event")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_event(slug, out):
    """Write the event SLUG (rows, people, files) to the zip OUT."""
    from reviewhub.events.models import Event
    from reviewhub.transfer import export

    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"No event has the address {slug!r}.")
    with click.progressbar(length=export.total_steps(event), label=f"Exporting {slug}",
                           file=click.get_text_stream("stderr")) as bar:
        manifest = export.export_event(event, out, progress=bar.update)
    rows = sum(n for n in manifest["tables"].values())
    click.echo(f"Wrote {out}: {rows} rows in {len(manifest['tables'])} tables, {len(manifest['files'])} files.")


@click.command("import-event")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", default=None, help="Give the imported event this address instead of its own.")
@with_appcontext
def import_event(archive, slug):
    """Load an export made by `export-event` into this installation, in one transaction."""
    import zipfile

    from reviewhub.errors import DomainError
    from reviewhub.transfer import archive as layout
    from reviewhub.transfer import load

    length = 0
    try:
        with zipfile.ZipFile(archive) as zf:
            manifest = layout.check(zf)
            length = sum(manifest["tables"].values()) + len(manifest["files"])
    except (zipfile.BadZipFile, layout.BadArchive):
        pass  # import_event says what is wrong
    try:
        with click.progressbar(length=max(length, 1), label="Importing",
                               file=click.get_text_stream("stderr")) as bar:
            result = load.import_event(archive, slug=slug, progress=bar.update)
        db.session.commit()
    except (layout.BadArchive, DomainError) as error:
        db.session.rollback()
        raise click.ClickException(f"Not imported: {error}") from error
    except sa.exc.IntegrityError as error:
        db.session.rollback()
        raise click.ClickException(f"Not imported: a row of the export breaks a rule of the schema "
                                   f"({error.orig})") from error
    event = result["event"]
    click.echo(f"Imported {event.slug}: {result['rows']} rows, {len(result['files'])} files, "
               f"{result['users_created']} new accounts (without passwords: they set one through "
               "'Forgot your password?').")


@click.command("import-hotcrp")
@click.argument("slug")
@click.argument("upload", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Import; without it, only list what would be made.")
@with_appcontext
def import_hotcrp(slug, upload, apply_):
    """Preview (or, with --apply, import) HotCRP's submission JSON or its zip with documents."""
    from reviewhub.errors import DomainError
    from reviewhub.events.models import Event
    from reviewhub.transfer import services

    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"No event has the address {slug!r}.")
    try:
        text, files = services.read_hotcrp_upload(upload.name, upload.read_bytes())
        preview, _parsed = services.preview_hotcrp(event, text, files)
        for _entry, message in preview.warnings:
            click.echo(f"note: {message}")
        if preview.errors:
            for _entry, message in preview.errors:
                click.echo(f"error: {message}", err=True)
            raise click.ClickException(f"{len(preview.errors)} problem(s); nothing was imported.")
        for row in preview.rows:
            click.echo(f"entry {row['entry']}: {row['title']} ({row['authors']}) {row['status']}")
        if not apply_:
            click.echo(f"{len(preview.rows)} submissions would be imported (run again with --apply).")
            return
        created = services.apply_hotcrp(event, text, files, by=None)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Imported {len(created)} submissions into {slug}.")
