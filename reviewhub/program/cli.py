"""`reviewhub export-site`: the released program as a static site."""

from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from reviewhub.errors import DomainError
from reviewhub.events.models import Event
from reviewhub.extensions import db
from reviewhub.words import plural


@click.command("export-site")
@click.argument("slug")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jekyll", "html"]), default="jekyll",
              show_default=True, help="jekyll: the seed's index.md; html: a static copy of the pages.")
@with_appcontext
def export_site(slug, out, fmt):
    """Write the public event page (jekyll) or all public pages (html) of SLUG into OUT."""
    from reviewhub.program import sitegen

    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"No event {slug!r}.")
    try:
        written = (sitegen.export_jekyll if fmt == "jekyll" else sitegen.export_html)(event, out)
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Wrote {plural(len(written), 'file')} to {out}")
