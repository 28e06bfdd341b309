"""Time organizer pages on a large synthetic event: median render time and queries per request.

Run from a checkout: `python bench/pages.py [--submissions 2000 --reviews 3 --repeat 7]`.
Creates a temporary SQLite database through the app's migrations, fills it with bulk inserts,
then requests each page of PAGES through the test client. Other domains add their pages to
PAGES as (name, url, setup) entries: `url` is formatted with the world's values (slug, sid...);
`setup(world)` may add data and return extra values.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import sqlalchemy as sa  # noqa: E402


@dataclass
class World:
    """What the filled database holds, for URLs and setups."""

    slug: str
    organizer_id: int
    organizer_token: str
    submission_ids: list[int]
    values: dict = field(default_factory=dict)


def _no_setup(world: World) -> dict:
    return {}


def _program(world: World) -> dict:
    """A public program: the seed day released (idempotent: the first page's setup makes it)."""
    from datetime import date

    from reviewhub.events.models import Event
    from reviewhub.extensions import db
    from reviewhub.program import queries, services

    event = db.session.scalar(sa.select(Event).where(Event.slug == world.slug))
    if queries.latest_release(event) is None:
        event.event_date, event.program_public = date(2024, 12, 14), True
        services.start_from_seed_day(event, by=None)
        services.release_schedule(event, by=None)
        db.session.commit()
    return {}


# (name, url, setup): the pages measured. Add yours here.
PAGES: list[tuple[str, str, Callable[[World], dict]]] = [
    ("reviewing.ranking", "/{slug}/reviews/ranking", _no_setup),
    ("reviewing.ranking sorted by sd, filtered", "/{slug}/reviews/ranking?sort=sd&min_reviews=2", _no_setup),
    ("reviewing.ranking_csv", "/{slug}/reviews/ranking.csv", _no_setup),
    ("reviewing.progress", "/{slug}/reviews/progress", _no_setup),
    ("events.show (public event page)", "/{slug}/", _program),
    ("program.schedule", "/{slug}/program/", _program),
]


def fill(db, *, submissions: int, reviews_per: int, reviewers: int, seed: int = 7) -> World:
    """Bulk-insert (Core executemany) an event with its organizer, reviewers, submissions,
    assignments and submitted reviews."""
    from reviewhub.accounts.models import User
    from reviewhub.assignment.models import Assignment
    from reviewhub.events.models import Event, Membership
    from reviewhub.models_base import utcnow
    from reviewhub.reviewing.models import Review
    from reviewhub.submissions.models import Submission, SubmissionType

    rng, now = random.Random(seed), utcnow()
    run = db.session.execute
    run(sa.insert(Event.__table__), [dict(slug="bench", name="Bench workshop", short_name="Bench",
                                           double_blind=True, created_at=now)])
    event_id = db.session.scalar(sa.select(Event.id).where(Event.slug == "bench"))
    run(sa.insert(User.__table__), [
        dict(email=f"u{i}@bench.example", name=f"Bench User {i}", affiliation="", is_admin=False,
             session_token=f"token-{i}", created_at=now, email_confirmed_at=now)
        for i in range(reviewers + 1)])
    user_ids = list(db.session.scalars(sa.select(User.id).order_by(User.id)))
    organizer_id, reviewer_ids = user_ids[0], user_ids[1:]
    run(sa.insert(Membership.__table__), [dict(user_id=organizer_id, event_id=event_id, role="organizer",
                                                created_at=now)]
        + [dict(user_id=u, event_id=event_id, role="reviewer", created_at=now) for u in reviewer_ids])
    run(sa.insert(SubmissionType.__table__), [
        dict(event_id=event_id, key=k, name=k.title(), position=i, max_file_mb=20, allowed_kinds=[],
             required_kinds=[], allow_link=False, needs_statement=False, description_md="")
        for i, k in enumerate(("paper", "creative"))])
    type_ids = list(db.session.scalars(sa.select(SubmissionType.id).order_by(SubmissionType.id)))
    run(sa.insert(Submission.__table__), [
        dict(event_id=event_id, number=n + 1, type_id=type_ids[n % 2], title=f"Bench submission {n + 1}",
             status="submitted", created_at=now, updated_at=now, submitted_at=now, version=1)
        for n in range(submissions)])
    sub_ids = list(db.session.scalars(sa.select(Submission.id).order_by(Submission.id)))
    pairs = [(s, u) for s in sub_ids for u in rng.sample(reviewer_ids, reviews_per)]
    run(sa.insert(Assignment.__table__), [dict(submission_id=s, user_id=u, created_at=now) for s, u in pairs])
    assignment_ids = list(db.session.scalars(sa.select(Assignment.id).order_by(Assignment.id)))
    review_rows = []
    for a in assignment_ids:
        overall, confidence = rng.randint(1, 5), rng.randint(1, 5)
        review_rows.append(dict(assignment_id=a, answers={"overall": overall, "confidence": confidence},
                                overall=overall, confidence=confidence, status="submitted", version=1,
                                reopened=False, submitted_at=now, updated_at=now))
    run(sa.insert(Review.__table__), review_rows)
    db.session.commit()
    return World("bench", organizer_id, "token-0", sub_ids)


def measure(app, world: World, *, repeat: int) -> list[tuple[str, float, int, int]]:
    """(name, median seconds, queries per request, status) for every page."""
    from reviewhub.extensions import db

    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    client = app.test_client()

    def get(path):
        with app.app_context():  # each request its own context and session, as in production
            return client.get(path)

    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = f"{world.organizer_id}:{world.organizer_token}", True
    results = []
    for name, url, setup in PAGES:
        with app.app_context():
            world.values.update(setup(world) or {})
        path = url.format(slug=world.slug, **world.values)
        get(path)  # warm caches and templates
        times, status = [], 0
        statements.clear()
        for _ in range(repeat):
            start = time.perf_counter()
            response = get(path)
            times.append(time.perf_counter() - start)
            status = response.status_code
        results.append((name, statistics.median(times), len(statements) // repeat, status))
    return results


def hello_median(repeat: int) -> float:
    """A bare Flask "hello" route in the same run: the floor the pages are compared with."""
    from flask import Flask

    bare = Flask("hello")
    bare.add_url_rule("/", "hello", lambda: "hello")
    client = bare.test_client()
    client.get("/")
    times = []
    for _ in range(max(repeat, 50)):
        start = time.perf_counter()
        client.get("/")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=3, help="reviews per submission")
    parser.add_argument("--reviewers", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REVIEWHUB_INSTANCE_PATH"] = tmp
        from flask_migrate import upgrade

        from reviewhub import create_app
        from reviewhub.extensions import db

        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite", "SECRET_KEY": "bench",
                          "WTF_CSRF_ENABLED": False, "MAIL_DELIVER_INLINE": False, "REDIS_URL": None})
        with app.app_context():
            upgrade()
            start = time.perf_counter()
            world = fill(db, submissions=args.submissions, reviews_per=args.reviews, reviewers=args.reviewers)
            print(f"filled {args.submissions} submissions, {args.submissions * args.reviews} reviews "
                  f"in {time.perf_counter() - start:.1f} s")
            db.session.remove()
        print(f"{'page':45} {'median ms':>10} {'req/s':>8} {'queries':>8} {'status':>7}")
        rows = measure(app, world, repeat=args.repeat)
        rows.append(("bare Flask hello (same run)", hello_median(args.repeat), 0, 200))
        for name, seconds, queries, status in rows:
            print(f"{name:45} {seconds * 1000:10.1f} {1 / seconds:8.0f} {queries:8d} {status:7d}")


if __name__ == "__main__":
    main()
