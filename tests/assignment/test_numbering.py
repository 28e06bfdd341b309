"""Reviewer numbers on a submission: the bulk apply numbers new pairs 1..k after the ones the
submission has ever given, two organizers assigning at once never share a number, and the
migration numbers existing assignments as they were shown (assignment id order)."""

import os
import uuid

import pytest
import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.assignment.services import runs
from reviewhub.extensions import db
from tests.assignment.helpers import small_event
from tests.concurrency import at_once

MIGRATION = "c0c9bf3f943b"  # stable reviewer numbers


def _numbers(event) -> dict[int, list[int]]:
    rows = db.session.execute(
        sa.select(Assignment.submission_id, Assignment.reviewer_number)
        .order_by(Assignment.submission_id, Assignment.reviewer_number)).all()
    result: dict[int, list[int]] = {}
    for sid, number in rows:
        result.setdefault(sid, []).append(number)
    return result


def test_an_applied_run_numbers_new_reviewers_after_every_number_given_before(app):
    event, organizer, author, subs, revs = small_event(reviewers=4, per_sub=2, load=4)
    runs.add_assignment(subs[0], revs[0], by=organizer, locked=True)  # kept by the run: 1
    gone = runs.add_assignment(subs[1], revs[1], by=organizer, locked=False)  # 1, then removed
    runs.remove_assignment(gone, by=organizer)
    db.session.commit()
    run = runs.start_run(event, by=organizer, params=runs.default_params(event))
    runs.compute(run)
    counts = runs.apply_run(run, by=organizer)
    db.session.commit()
    assert counts["added"] == 7
    assert _numbers(event) == {subs[0].id: [1, 2], subs[1].id: [2, 3], subs[2].id: [1, 2],
                               subs[3].id: [1, 2]}
    # A later write that replaces one reviewer of each submission counts on from there.
    current = db.session.execute(sa.select(Assignment.submission_id, Assignment.user_id)
                                 .order_by(Assignment.submission_id, Assignment.reviewer_number)).all()
    wanted = {}
    for s in subs:
        first = next(u for sid, u in current if sid == s.id)
        other = next(r.id for r in revs if (s.id, r.id) not in set(current))
        wanted.update({(s.id, first): 1.0, (s.id, other): 1.0})
    counts = runs.write_pairs(event, wanted, blocked=set(), kept=set())
    db.session.commit()
    assert (counts["added"], counts["removed"]) == (4, 4)
    assert _numbers(event) == {subs[0].id: [1, 3], subs[1].id: [2, 4], subs[2].id: [1, 3],
                               subs[3].id: [1, 3]}


def test_two_organizers_assigning_to_one_submission_at_once_get_two_numbers(app):
    """Both threads have checked the pair and meet just before taking a number."""
    from reviewhub.accounts.models import User
    from reviewhub.submissions.models import Submission

    event, organizer, author, subs, revs = small_event(reviewers=2)
    sid, organizer_id, reviewer_ids = subs[0].id, organizer.id, [r.id for r in revs]

    def assign(index: int):
        def action() -> str:
            runs.add_assignment(db.session.get(Submission, sid), db.session.get(User, reviewer_ids[index]),
                                by=db.session.get(User, organizer_id))
            return "assigned"
        return action

    outcomes, met = at_once(app, [assign(0), assign(1)], meet_before="UPDATE submissions SET last_reviewer_number")
    assert met == 2
    assert outcomes == ["assigned", "assigned"]
    db.session.expire_all()
    assert _numbers(event) == {sid: [1, 2]}
    assert db.session.get(Submission, sid).last_reviewer_number == 2


# --- the migration ------------------------------------------------------------------------


@pytest.fixture
def old_database(tmp_path):
    """An empty database of its own (SQLite file, or a PostgreSQL database when the tests run
    on one), dropped afterwards."""
    from tests.conftest import _pg

    server = os.environ.get("REVIEWHUB_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    name = f"reviewhub_mig_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(_pg(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield _pg(server).rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _insert(connection, table: str, **values) -> int:
    """A row with the given values and a dummy for every other required column."""
    from datetime import datetime

    t = sa.Table(table, sa.MetaData(), autoload_with=connection)
    dummies = {str: "x", int: 0, bool: False, datetime: datetime(2026, 1, 1), dict: {}, list: []}
    required = {c.name: dummies.get(c.type.python_type, []) for c in t.columns  # JSON: object
                if not c.nullable and not c.primary_key and c.server_default is None and c.name not in values}
    return connection.execute(t.insert().values({**required, **values}).returning(t.c.id)).scalar_one()


def test_the_migration_keeps_the_numbers_reviewers_were_shown_under(app, old_database):
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade

    from reviewhub import create_app
    from reviewhub.assignment import numbering
    from reviewhub.submissions.models import Submission
    from tests.conftest import TEST_CONFIG

    config = app.extensions["migrate"].migrate.get_config()
    before = ScriptDirectory.from_config(config).get_revision(MIGRATION).down_revision
    old = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": old_database})
    with old.app_context():
        upgrade(revision=before)
        with db.engine.begin() as connection:
            event = _insert(connection, "events", slug="old")
            kind = _insert(connection, "submission_types", event_id=event, key="paper")
            first, second, bare = (_insert(connection, "submissions", event_id=event, type_id=kind, number=n,
                                           status="submitted", ai_use="none") for n in (1, 2, 3))
            users = [_insert(connection, "users", email=f"r{i}@example.org", session_token=f"t{i}")
                     for i in range(4)]
            # Interleaved ids, and a gap on `first` where an assignment was deleted before.
            made = [(first, users[0]), (second, users[1]), (first, users[1]), (second, users[0]),
                    (first, users[2]), (first, users[3])]
            ids = [_insert(connection, "assignments", submission_id=s, user_id=u) for s, u in made]
            connection.execute(sa.text("DELETE FROM assignments WHERE id = :i"), {"i": ids[2]})
        upgrade()
        rows = db.session.execute(sa.select(Assignment.id, Assignment.reviewer_number)
                                  .order_by(Assignment.id)).all()
        counters = dict(db.session.execute(sa.select(Submission.id, Submission.last_reviewer_number)).all())
        next_first = numbering.reserve_one(first)
        db.session.rollback()
        db.engine.dispose()
    # The numbers as pages showed them just before the upgrade: position in id order.
    assert rows == [(ids[0], 1), (ids[1], 1), (ids[3], 2), (ids[4], 2), (ids[5], 3)]
    assert counters == {first: 3, second: 2, bare: 0}
    assert next_first == 4
