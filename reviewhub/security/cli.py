"""`reviewhub prune-security-log`: delete refusals older than the retention."""

import click
from flask.cli import with_appcontext

from reviewhub.extensions import db


@click.command("prune-security-log")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Keep this many days (default: SECURITY_LOG_DAYS, 90).")
@with_appcontext
def prune_security_log(days):
    """Delete security-log rows older than the retention (writes also prune a batch now and then)."""
    from reviewhub.security.recorder import prune

    total = 0
    while True:
        deleted = prune(days)
        db.session.commit()
        total += deleted
        if not deleted:
            break
    click.echo(f"deleted {total} security-log rows")
