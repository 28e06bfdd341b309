"""`reviewhub integrity SLUG`: run the integrity check with a progress bar, print the flags."""

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from reviewhub.extensions import db
from reviewhub.words import plural


@click.command("integrity")
@click.argument("slug")
@with_appcontext
def integrity(slug):
    """Compare an event's submissions (and earlier accepted works); print the flagged pairs."""
    from reviewhub.events.models import Event
    from reviewhub.integrity import queries, services

    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"No event has the short address {slug!r}.")
    with click.progressbar(length=1, label="Checking", file=click.get_text_stream("stderr")) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        summary = services.run_integrity_check(event, progress=progress)
    db.session.commit()
    click.echo(f"{summary['submissions']} submissions, {summary['archive']} earlier accepted works, "
               f"{summary['images']} images checked in {summary['seconds']} s.")
    if summary["unreadable_images"]:
        click.echo(f"{plural(summary['unreadable_images'], 'image file')} could not be read.")
    flags = queries.list_flags(event, None)
    click.echo(f"{plural(len(flags), 'flagged pair')}:" if flags else "No pair is flagged.")
    for flag in flags:
        click.echo(_line(flag))


def _line(flag) -> str:
    a, b = flag.submission_a, flag.submission_b
    other = f"{b.event.slug} #{b.number}" if flag.details.get("archived") else f"#{b.number}"
    if flag.kind == "text":
        figure = f"containment {flag.details.get('containment', 0):.2f}"
    else:
        figure = f"dHash {flag.details.get('dhash_distance')} pHash {flag.details.get('phash_distance')}"
    shared = " shared authors" if flag.details.get("shared_authors") else ""
    stale = "" if flag.details.get("current", True) else " (no longer flagged)"
    return (f"  #{a.number} {a.title!r} ~ {other} {b.title!r}: {flag.kind}, {figure},"
            f" {flag.status}{shared}{stale}")
