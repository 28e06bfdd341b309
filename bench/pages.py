"""Time the busiest pages on a large synthetic event: p50/p95 render time and queries per request.

Run from a checkout: `python bench/pages.py [--submissions 2000 --reviews 3 --repeat 7]` fills a
temporary SQLite database with bulk inserts. `python bench/pages.py --postgres URL` creates a
scratch database on that PostgreSQL server (dropped afterwards unless --keep), fills it with a
conference (20,000 submissions, 15,000 reviewers through `reviewhub synth`'s loader, 60,000
submitted reviews with Core bulk inserts) and, besides the in-process timings, serves it with
gunicorn (`reviewhub serve`) to compare the public pages' throughput with a bare Flask route
served the same way; with --redis URL the public pages are served through the page cache.
Other domains add their pages to PAGES as (name, url, setup) entries: `url`
is formatted with the world's values (slug, sid...); `setup(world)` may add data and return extra
values; a returned "_as" says who asks (a key of World.logins, or None for the public).
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
    logins: dict = field(default_factory=dict)  # role -> Flask-Login id ("id:token")


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


def _public(world: World) -> dict:
    """The released program, asked for by a visitor who is not logged in."""
    return {**_program(world), "_as": None}


def _as_reviewer(world: World) -> dict:
    return {"_as": "reviewer"}


def _as_author(world: World) -> dict:
    return {"_as": "author"}


AREA_CHAIRS, CONSOLE_ROWS = 600, 35


def _as_area_chair(world: World) -> dict:
    """The committee on: up to 600 of the reviewers are also area chairs; the measured one
    chairs 35 submissions, the others share the rest (idempotent, Core bulk inserts)."""
    from reviewhub.accounts.models import User
    from reviewhub.committee.models import AreaChairAssignment, CommitteeSettings
    from reviewhub.events.models import Event, Membership
    from reviewhub.extensions import db
    from reviewhub.models_base import utcnow

    event_id = db.session.scalar(sa.select(Event.id).where(Event.slug == world.slug))
    if "area_chair" not in world.logins:
        now, run = utcnow(), db.session.execute
        chairs = list(db.session.scalars(sa.select(Membership.user_id).where(
            Membership.event_id == event_id, Membership.role == "reviewer")
            .order_by(Membership.user_id).limit(AREA_CHAIRS)))
        run(sa.insert(CommitteeSettings.__table__), [dict(
            event_id=event_id, area_chairs=True, senior_area_chairs=False, area_chair_load=100,
            meta_reviews=True, meta_review_writers="area_chairs", meta_review_to_authors=True, updated_at=now)])
        run(sa.insert(Membership.__table__), [dict(user_id=u, event_id=event_id, role="area_chair",
                                                   created_at=now) for u in chairs])
        first, others = chairs[0], chairs[1:] or chairs
        rows = [dict(submission_id=sid, user_id=first if i < CONSOLE_ROWS else others[i % len(others)],
                     source="auto", locked=False, created_at=now)
                for i, sid in enumerate(world.submission_ids)]
        for lo in range(0, len(rows), 5000):
            run(sa.insert(AreaChairAssignment.__table__), rows[lo:lo + 5000])
        run(sa.update(User.__table__).where(User.id == first).values(session_token="token-area-chair"))
        db.session.commit()
        world.logins["area_chair"] = f"{first}:token-area-chair"
    return {"_as": "area_chair"}


# (name, url, setup): the pages measured. Add yours here.
PAGES: list[tuple[str, str, Callable[[World], dict]]] = [
    ("submissions.list (organizer, page 1)", "/{slug}/manage/submissions", _no_setup),
    ("submissions.list (organizer, page 100)", "/{slug}/manage/submissions?page=100", _no_setup),
    ("submissions.export (organizer CSV, all)", "/{slug}/manage/submissions.csv", _no_setup),
    # The search box (reviewhub/search): issue 21's target is p95 < 300 ms at 20,000 submissions.
    ("search: two words", "/{slug}/manage/submissions?q=generative+music", _no_setup),
    ("search: score:>=4 reviews:<3", "/{slug}/manage/submissions?q=score%3A%3E%3D4+reviews%3A%3C3", _no_setup),
    ("search: (a OR b) -status:withdrawn decision:none",
     "/{slug}/manage/submissions?q=%28image+OR+audio%29+-status%3Awithdrawn+decision%3Anone", _no_setup),
    ("search: au: re: late:", "/{slug}/manage/submissions?q=au%3Auni+re%3Areviewer+late%3Ano", _no_setup),
    ("search CSV: score:>=3", "/{slug}/manage/submissions.csv?q=score%3A%3E%3D3", _no_setup),
    # The reviewers list's search (15,000 reviewers with --postgres).
    ("reviewers search: words OR, status:", "/{slug}/assignment/reviewers?q=uni+OR+lab+status%3Aaccepted",
     _no_setup),
    ("reviewers search: load:>=3 -late:yes topic:", "/{slug}/assignment/reviewers?q=load%3A%3E%3D3+-late%3Ayes",
     _no_setup),
    ("reviewers search: topic: page 5", "/{slug}/assignment/reviewers?q=topic%3Aa&page=5", _no_setup),
    ("reviewing.ranking", "/{slug}/reviews/ranking", _no_setup),
    ("reviewing.ranking sorted by sd, filtered", "/{slug}/reviews/ranking?sort=sd&min_reviews=2", _no_setup),
    ("reviewing.ranking_csv", "/{slug}/reviews/ranking.csv", _no_setup),
    ("reviewing.progress", "/{slug}/reviews/progress", _no_setup),
    ("reviewing.assignments (reviewer dashboard)", "/{slug}/reviews/assignments", _as_reviewer),
    ("reviewing.show (reviewer's submission page)", "/{slug}/reviews/{reviewer_sid}", _as_reviewer),
    ("submissions.show (author's submission page)", "/{slug}/submissions/{author_sid}", _as_author),
    ("events.show (public event page)", "/{slug}/", _public),
    ("program.schedule", "/{slug}/program/", _public),
    (f"committee.console (AC with {CONSOLE_ROWS} submissions)", "/{slug}/committee/", _as_area_chair),
]
PUBLIC = ("/{slug}/", "/{slug}/program/")


def fill(db, *, submissions: int, reviews_per: int, reviewers: int, seed: int = 7) -> World:
    """Bulk-insert (Core executemany) an event with its organizer, reviewers, submissions,
    assignments and submitted reviews."""
    from reviewhub.accounts.models import User
    from reviewhub.events.models import Event, Membership
    from reviewhub.models_base import utcnow
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
    world = World("bench", organizer_id, "token-0", sub_ids)
    add_reviews(db, world, reviewer_ids, reviews_per, rng)
    return world


def add_reviews(db, world: World, reviewer_ids: list[int], per: int, rng: random.Random) -> None:
    """`per` assignments with a submitted review for every submission (Core bulk inserts),
    plus the logins of a reviewer and an author of the first submission."""
    from reviewhub.accounts.models import User
    from reviewhub.assignment.models import Assignment
    from reviewhub.models_base import utcnow
    from reviewhub.reviewing.models import Review
    from reviewhub.submissions.models import Authorship, Submission

    run, now = db.session.execute, utcnow()
    pairs = [(s, u) for s in world.submission_ids for u in rng.sample(reviewer_ids, per)]
    run(sa.insert(Assignment.__table__), [dict(submission_id=s, user_id=u, created_at=now, role="reviewer",
                                              source="auto", locked=False, reviewer_number=i % per + 1)
                                         for i, (s, u) in enumerate(pairs)])
    event_id = _event_id(db, world.slug)
    run(sa.update(Submission.__table__).where(Submission.event_id == event_id).values(last_reviewer_number=per))
    assignment_ids = list(db.session.scalars(
        sa.select(Assignment.id).join(Submission, Submission.id == Assignment.submission_id)
        .where(Submission.event_id == event_id)))
    review_rows = []
    for a in assignment_ids:
        overall, confidence = rng.randint(1, 5), rng.randint(1, 5)
        review_rows.append(dict(assignment_id=a, answers={"overall": overall, "confidence": confidence},
                                overall=overall, confidence=confidence, status="submitted", version=1,
                                reopened=False, submitted_at=now, updated_at=now))
    run(sa.insert(Review.__table__), review_rows)
    reviewer_id, reviewer_sid = pairs[0][1], pairs[0][0]
    run(sa.update(User.__table__).where(User.id == reviewer_id).values(session_token="token-reviewer"))
    author_sid = world.submission_ids[0]
    run(sa.insert(User.__table__), [dict(email="author@bench.example", name="Bench Author", affiliation="",
                                         is_admin=False, session_token="token-author", created_at=now,
                                         email_confirmed_at=now)])
    author_id = db.session.scalar(sa.select(User.id).where(User.email == "author@bench.example"))
    run(sa.insert(Authorship.__table__), [dict(submission_id=author_sid, position=99, name="Bench Author",
                                               email="author@bench.example", affiliation="", user_id=author_id,
                                               is_contact=False)])
    db.session.commit()
    world.values.update(reviewer_sid=reviewer_sid, author_sid=author_sid)
    world.logins.update(organizer=f"{world.organizer_id}:{world.organizer_token}",
                        reviewer=f"{reviewer_id}:token-reviewer", author=f"{author_id}:token-author")


def _event_id(db, slug: str) -> int:
    from reviewhub.events.models import Event

    return db.session.scalar(sa.select(Event.id).where(Event.slug == slug))


def fill_conference(db, *, submissions: int, reviewers: int, reviews: int, seed: int = 7) -> World:
    """A conference through `reviewhub synth`'s generator and loader (submissions, authors,
    reviewers with profiles, bids, conflicts), then an organizer, assignments and reviews."""
    from reviewhub.accounts.models import User
    from reviewhub.assignment.synthetic import generate
    from reviewhub.assignment.synthload import fill as synth_fill
    from reviewhub.events import services as events
    from reviewhub.events.models import Membership
    from reviewhub.models_base import utcnow
    from reviewhub.submissions.models import Submission

    event = events.create_event(by=None, slug="bench", name="Bench conference")
    counts = synth_fill(event, generate(submissions, reviewers, seed=seed))
    db.session.commit()
    print("synth loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items()), flush=True)
    now, run = utcnow(), db.session.execute
    run(sa.insert(User.__table__), [dict(email="organizer@bench.example", name="Bench Organizer", affiliation="",
                                         is_admin=False, session_token="token-0", created_at=now,
                                         email_confirmed_at=now)])
    organizer_id = db.session.scalar(sa.select(User.id).where(User.email == "organizer@bench.example"))
    run(sa.insert(Membership.__table__), [dict(user_id=organizer_id, event_id=event.id, role="organizer",
                                               created_at=now)])
    reviewer_ids = sorted(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.event_id == event.id, Membership.role == "reviewer")))
    sub_ids = list(db.session.scalars(sa.select(Submission.id).where(Submission.event_id == event.id)
                                      .order_by(Submission.id)))
    world = World("bench", organizer_id, "token-0", sub_ids)
    add_reviews(db, world, reviewer_ids, max(1, reviews // max(1, submissions)), random.Random(seed))
    return world


def measure(app, world: World, *, repeat: int) -> list[tuple[str, float, float, int, int]]:
    """(name, p50 seconds, p95 seconds, queries per request, status) for every page."""
    from reviewhub.extensions import db

    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    results = []
    for name, url, setup in PAGES:
        with app.app_context():
            values = dict(setup(world) or {})
        who = values.pop("_as", "organizer")
        world.values.update(values)
        client = app.test_client()
        if who is not None:
            with client.session_transaction() as session:
                session["_user_id"] = world.logins.get(who, f"{world.organizer_id}:{world.organizer_token}")
                session["_fresh"] = True
        path = url.format(slug=world.slug, **world.values)

        def get(path=path, client=client):
            with app.app_context():  # each request its own context and session, as in production
                return client.get(path)

        get()  # warm caches and templates
        times, status = [], 0
        statements.clear()
        for _ in range(repeat):
            start = time.perf_counter()
            response = get()
            times.append(time.perf_counter() - start)
            status = response.status_code
        results.append((name, *_p50_p95(times), len(statements) // repeat, status))
    return results


def _p50_p95(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def hello_times(repeat: int) -> tuple[float, float]:
    """A bare Flask "hello" route in the same run: the floor the pages are compared with."""
    bare = make_bare_app()
    client = bare.test_client()
    client.get("/")
    times = []
    for _ in range(max(repeat, 50)):
        start = time.perf_counter()
        client.get("/")
        times.append(time.perf_counter() - start)
    return _p50_p95(times)


def make_bare_app():
    """The bare route, also served by gunicorn for the throughput comparison."""
    from flask import Flask

    bare = Flask("hello")
    bare.add_url_rule("/", "hello", lambda: "hello")
    return bare


def print_table(rows) -> None:
    print(f"{'page':48} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'queries':>8} {'status':>7}")
    for name, p50, p95, queries, status in rows:
        print(f"{name:48} {p50 * 1000:8.1f} {p95 * 1000:8.1f} {1 / p50:7.0f} {queries:8d} {status:7d}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=None, help="default 2000 (20000 with --postgres)")
    parser.add_argument("--reviews", type=int, default=3, help="reviews per submission")
    parser.add_argument("--reviewers", type=int, default=None, help="default 400 (15000 with --postgres)")
    parser.add_argument("--repeat", type=int, default=None, help="requests per page (default 7; 20 with --postgres)")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server to fill a scratch database on")
    parser.add_argument("--keep", action="store_true", help="keep the scratch PostgreSQL database")
    parser.add_argument("--redis", metavar="URL", help="with --postgres: a Redis for the public-page cache "
                        "(in process and under gunicorn; its keys are deleted afterwards)")
    parser.add_argument("--http-seconds", type=float, default=5, help="per URL in the gunicorn comparison")
    parser.add_argument("--http-rounds", type=int, default=3, help="rounds of the gunicorn comparison (medians)")
    parser.add_argument("--only", metavar="TEXT", help="measure only the pages whose name contains TEXT "
                        "(e.g. --only search); with --postgres it also skips the gunicorn comparison")
    args = parser.parse_args()
    if args.only:
        PAGES[:] = [page for page in PAGES if args.only in page[0]]
    if args.postgres:
        from bench_http import run_postgres  # noqa: I001 (bench/ is on sys.path when run as a script)

        run_postgres(args)
        return
    submissions, reviewers, repeat = args.submissions or 2000, args.reviewers or 400, args.repeat or 7
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
            world = fill(db, submissions=submissions, reviews_per=args.reviews, reviewers=reviewers)
            print(f"filled {submissions} submissions, {submissions * args.reviews} reviews "
                  f"in {time.perf_counter() - start:.1f} s")
            db.session.remove()
        rows = measure(app, world, repeat=repeat)
        rows.append(("bare Flask hello (same run)", *hello_times(repeat), 0, 200))
        print_table(rows)


if __name__ == "__main__":
    main()
