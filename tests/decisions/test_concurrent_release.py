"""Two organizers press "release" (or "send correction") at the same moment, each in their
own session on PostgreSQL: every author gets each mail once, and one batch holds the decisions."""

import pytest
import sqlalchemy as sa

from reviewhub.decisions import services
from reviewhub.decisions.models import Decision, ReleaseBatch
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from tests import factories as f
from tests.concurrency import at_once

pytestmark = pytest.mark.postgres
WORKS = 20  # two authors each: 40 mails per release


@pytest.fixture
def decided(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrent sessions are checked on PostgreSQL (set REVIEWHUB_TEST_DATABASE_URL)")
    organizers = [f.make_user(), f.make_user()]
    event = f.make_event(organizer=organizers[0])
    f.add_role(event, organizers[1], "organizer")
    talk, _poster, reject = services.ensure_default_outcomes(event)
    works = [f.make_submission(event, author=f.make_user(), coauthors=[f.make_user()], title=f"Work {i}")
             for i in range(WORKS)]
    for work in works:
        services.decide(work, talk, by=organizers[0])
    db.session.commit()
    return {"event_id": event.id, "organizer_ids": [u.id for u in organizers], "works": works,
            "reject": reject}


def _release_at_once(app, event_id: int, organizer_ids: list[int], *, correction: bool) -> list[str]:
    """Both organizers read the pending decisions, meet, then both try to claim them; returns
    what each ended with ("released" or the refusal's message)."""
    from reviewhub.accounts.models import User
    from reviewhub.events.models import Event

    def press(index: int):
        def action() -> str:
            event, user = db.session.get(Event, event_id), db.session.get(User, organizer_ids[index])
            services.release(event, by=user, correction=correction)
            return "released"
        return action

    outcomes, met = at_once(app, [press(0), press(1)], meet_before="UPDATE decisions SET released_at")
    assert met == 2  # both really tried to claim at once
    return outcomes


def _mails() -> list[tuple[int, str]]:
    db.session.expire_all()
    return list(db.session.execute(sa.select(OutboxMessage.submission_id, OutboxMessage.to_email)))


def _batches(kind: str) -> list[int]:
    return list(db.session.scalars(sa.select(ReleaseBatch.id).where(ReleaseBatch.kind == kind)))


def test_two_simultaneous_releases_send_each_mail_once(app, decided):
    results = _release_at_once(app, decided["event_id"], decided["organizer_ids"], correction=False)
    assert sorted(results) == ["NothingToRelease: These decisions were released a moment ago.", "released"]
    mails = _mails()
    assert len(mails) == 2 * WORKS and len(set(mails)) == 2 * WORKS
    [batch] = _batches("release")
    assert set(db.session.scalars(sa.select(Decision.release_batch_id))) == {batch}


def test_two_simultaneous_corrections_send_each_mail_once(app, decided):
    from reviewhub.accounts.models import User
    from reviewhub.events.models import Event

    event, organizer = db.session.get(Event, decided["event_id"]), db.session.get(User, decided["organizer_ids"][0])
    services.release(event, by=organizer)
    db.session.commit()
    for work in decided["works"][:5]:
        services.decide(work, decided["reject"], by=organizer)
    db.session.commit()
    before = len(_mails())
    results = _release_at_once(app, decided["event_id"], decided["organizer_ids"], correction=True)
    assert sorted(results) == ["NothingToRelease: These decisions were released a moment ago.", "released"]
    corrections = _mails()[before:]
    assert len(corrections) == 2 * 5 and len(set(corrections)) == 2 * 5
    assert len(_batches("correction")) == 1
