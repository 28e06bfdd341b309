"""Default outcomes exist from an event's creation (and by migration for older events):
the decide page offers them at once, and no page writes them on GET."""

import sqlalchemy as sa

from reviewhub.decisions.models import DecisionOutcome
from reviewhub.events.models import Event
from reviewhub.extensions import db
from tests import factories as f
from tests.events.test_events import FORM

MIGRATION = "008c0e5b5f52"  # default decision outcomes for events that have none


def test_a_new_event_offers_the_default_outcomes_on_its_decide_page(app, login_as):
    organizer = f.make_user(is_admin=True)
    db.session.commit()
    client = login_as(organizer)
    assert client.post("/events/new", data=FORM).status_code == 302
    event = db.session.scalar(sa.select(Event).where(Event.slug == FORM["slug"]))
    submission = f.make_submission(event, author=f.make_user())
    db.session.commit()
    page = client.get(f"/{event.slug}/decisions/submissions/{submission.id}").get_data(as_text=True)
    for label in ("Accept — contributed talk", "Accept — poster", "Reject"):
        assert f">{label}</option>" in page


def test_the_outcomes_page_writes_nothing_on_get(app, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)  # made without the service: no outcomes
    db.session.commit()
    assert login_as(organizer).get(f"/{event.slug}/decisions/outcomes").status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DecisionOutcome)) == 0


def _dummy(column):
    python_type = column.type.python_type
    from datetime import datetime

    return {str: "x", int: 0, bool: False, datetime: datetime(2026, 1, 1), dict: {}, list: []}[python_type]


def test_the_migration_gives_older_events_the_defaults_and_keeps_own_outcomes(app, tmp_path):
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade

    from reviewhub import create_app
    from tests.conftest import TEST_CONFIG

    config = app.extensions["migrate"].migrate.get_config()
    before = ScriptDirectory.from_config(config).get_revision(MIGRATION).down_revision
    old = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with old.app_context():
        upgrade(revision=before)
        with db.engine.begin() as connection:
            events = sa.Table("events", sa.MetaData(), autoload_with=connection)
            required = {c.name: _dummy(c) for c in events.columns
                        if not c.nullable and not c.primary_key and c.server_default is None}
            for slug in ("bare", "own"):
                connection.execute(events.insert().values({**required, "slug": slug}))
            own = connection.scalar(sa.select(events.c.id).where(events.c.slug == "own"))
            connection.execute(sa.text("INSERT INTO decision_outcomes (event_id, key, label, is_accept, "
                                       "presentation_format, position) VALUES (:e, 'oral', 'Oral', 1, 'talk', 0)"),
                               {"e": own})
        upgrade()
        rows = db.session.execute(sa.select(Event.slug, DecisionOutcome.key).join(
            DecisionOutcome, DecisionOutcome.event_id == Event.id).order_by(Event.slug, DecisionOutcome.position)).all()
        db.engine.dispose()
    assert rows == [("bare", "accept_talk"), ("bare", "accept_poster"), ("bare", "reject"), ("own", "oral")]
