"""Commands: `reviewhub assign SLUG` (automatic assignment) and `reviewhub synth SLUG` (test data)."""

import time

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from reviewhub.extensions import db


def _event(slug: str):
    from reviewhub.events.models import Event

    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"No event has the short address {slug!r}.")
    return event


@click.command("assign")
@click.argument("slug")
@click.option("--dry-run", is_flag=True, help="Compute and report; change nothing.")
@click.option("--fair", is_flag=True, help="Raise the worst-off submission first (max-min).")
@with_appcontext
def assign(slug, dry_run, fair):
    """Run the automatic reviewer assignment of an event (and apply it unless --dry-run)."""
    from reviewhub.assignment.services import runs
    from reviewhub.mail.services import send_pending

    event = _event(slug)
    params = {**runs.default_params(event), "mode": "fair" if fair else "max"}
    run = runs.start_run(event, by=None, params=params)
    with click.progressbar(length=runs.STAGES, label="Assigning", show_pos=True) as bar:
        def progress(done, total, message):
            bar.label = message[:40].ljust(40)
            bar.update(done - bar.pos)
        runs.compute(run, progress=progress)
    s = run.summary
    click.echo(f"{s['n_submissions']} submissions x {s['n_reviewers']} reviewers: {s['n_pairs']} "
               f"assignments, total affinity {s['objective']:.4f}, worst submission "
               f"{s['min_paper_score']:.4f}, {run.duration_s:.1f} s")
    if s.get("bound") is not None:
        click.echo(f"LP bound {s['bound']:.4f}: " + ("optimal" if s["optimal"] else f"gap {s['gap']:.2e}"))
    if s.get("fair_cost") is not None:
        click.echo(f"Fairness cost {s['fair_cost']:.4f} in total affinity")
    for reason in s["reasons"]:
        click.echo(f"Not feasible: {reason}", err=True)
    if dry_run:
        runs.discard_run(run, by=None)
        db.session.commit()
        click.echo("Dry run: nothing changed.")
        return
    counts = runs.apply_run(run, by=None)
    db.session.commit()
    send_pending()
    click.echo(f"Applied: {counts['added']} added, {counts['removed']} removed.")


@click.command("synth")
@click.argument("slug")
@click.option("--submissions", "n_submissions", type=click.IntRange(0, 200_000), required=True)
@click.option("--reviewers", "n_reviewers", type=click.IntRange(0, 200_000), required=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--conflict-rate", type=click.FloatRange(0, 1), default=0.01, show_default=True)
@with_appcontext
def synth(slug, n_submissions, n_reviewers, seed, conflict_rate):
    """Fill an event (created when missing) with synthetic submissions, reviewers and bids."""
    from reviewhub.assignment.synthetic import generate
    from reviewhub.assignment.synthload import fill
    from reviewhub.events import services as events
    from reviewhub.events.models import Event

    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        try:
            event = events.create_event(by=None, slug=slug, name=f"Synthetic {slug}")
        except Exception as error:  # a bad slug is the user's to fix
            raise click.ClickException(str(error)) from error
    started = time.perf_counter()
    data = generate(n_submissions, n_reviewers, seed=seed, conflict_rate=conflict_rate)
    generated = time.perf_counter()
    counts = fill(event, data)
    db.session.commit()
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()))
    click.echo(f"Generated in {generated - started:.1f} s, loaded in {time.perf_counter() - generated:.1f} s.")
