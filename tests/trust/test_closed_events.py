"""Point 7: an event closes by hand or N days after its event day; reviewers then lose its
submissions and reviews, authors keep their own, organizers everything, the public the program."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.errors import DomainError
from reviewhub.events import services
from reviewhub.events.models import Event
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.permissions import event_closes_at, is_event_closed
from tests import factories as f
from tests.events.test_events import FORM


def _event(**fields):
    organizer, author, reviewer = f.make_user(name="Olga Org"), f.make_user(name="Ann Author"), f.make_user()
    event = f.make_event(organizer=organizer, program_public=True, **fields)
    f.add_role(event, reviewer, "reviewer")
    submission = f.make_submission(event, author=author, title="A work under review")
    f.make_assignment(submission, reviewer)
    db.session.commit()
    return event, organizer, author, reviewer, submission


def test_the_close_after_rule_counts_days_from_the_end_of_the_event_day_in_its_zone(app):
    event = Event(slug="x", name="X", timezone="Europe/Paris", event_date=date(2026, 6, 10), close_after_days=2)
    assert event_closes_at(event) == datetime(2026, 6, 12, 22, 0, tzinfo=UTC)  # June 13, 00:00 in Paris
    assert not is_event_closed(event, datetime(2026, 6, 12, 21, 59, tzinfo=UTC))
    assert is_event_closed(event, datetime(2026, 6, 12, 22, 0, tzinfo=UTC))
    assert event_closes_at(Event(event_date=date(2026, 6, 10), timezone="UTC")) is None  # no rule
    assert event_closes_at(Event(close_after_days=3, timezone="UTC")) is None  # no event day


def test_reopen_outlasts_the_rule_until_the_next_close(app):
    event = Event(slug="x", name="X", timezone="UTC", event_date=date(2026, 6, 10), close_after_days=0)
    after = datetime(2026, 6, 20, tzinfo=UTC)
    assert is_event_closed(event, after)
    event.reopened_at = after
    assert not is_event_closed(event, after + timedelta(days=1))
    event.closed_at = after + timedelta(days=2)
    assert not is_event_closed(event, after + timedelta(days=1)) and is_event_closed(event, after + timedelta(days=2))
    event.close_after_days = 30  # a later rule closes it again when its time comes
    event.closed_at = None
    assert not is_event_closed(event, after + timedelta(days=10)) and is_event_closed(event, after + timedelta(days=31))


def test_close_and_reopen_are_audited_and_refuse_the_wrong_state(app):
    event, organizer, *_ = _event()
    with pytest.raises(DomainError):
        services.reopen_event(event, by=organizer)
    services.close_event(event, by=organizer)
    assert is_event_closed(event)
    with pytest.raises(DomainError):
        services.close_event(event, by=organizer)
    services.reopen_event(event, by=organizer)
    assert not is_event_closed(event)
    actions = db.session.scalars(sa.select(AuditLog.action).where(AuditLog.event_id == event.id,
                                 AuditLog.action.like("event.%")).order_by(AuditLog.id)).all()
    assert actions == ["event.closed", "event.reopened"]


def test_after_the_rule_closes_it_reviewers_lose_access_and_authors_and_the_public_keep_theirs(app, login_as, client):
    # Three days back on the UTC calendar: in the factory's zone (UTC-12) the day after the event
    # day plus one day has ended at any time of the UTC day (two days back failed before noon UTC).
    long_ago = (utcnow() - timedelta(days=3)).date()
    event, organizer, author, reviewer, submission = _event(event_date=long_ago)
    reviewer_pages = [f"/{event.slug}/reviews/{submission.id}", f"/{event.slug}/reviews/{submission.id}/review",
                      f"/{event.slug}/reviews/assignments", f"/{event.slug}/assignment/bids",
                      f"/{event.slug}/submissions/{submission.id}"]
    for path in reviewer_pages:
        assert login_as(reviewer).get(path).status_code == 200, path
    event.close_after_days = 1  # the server clock says the day after the event day has passed
    db.session.commit()
    for path in reviewer_pages:
        assert login_as(reviewer).get(path).status_code in (403, 404), path
    saved = login_as(reviewer).post(f"/{event.slug}/reviews/{submission.id}/review",
                                    data={"action": "save", "version": "0", "overall": "3"})
    assert saved.status_code in (403, 404)
    assert login_as(author).get(f"/{event.slug}/submissions/{submission.id}").status_code == 200
    assert login_as(author).get(f"/{event.slug}/submissions/mine").status_code == 200
    organizer_client = login_as(organizer)
    for path in (f"/{event.slug}/reviews/{submission.id}", f"/{event.slug}/submissions/{submission.id}"):
        assert organizer_client.get(path).status_code == 200
    assert client.get(f"/{event.slug}/").status_code == 200


def test_the_manage_page_closes_reopens_and_shows_who_did_it(app, login_as):
    event, organizer, _, reviewer, submission = _event()
    client = login_as(organizer)
    page = client.get(f"/{event.slug}/manage/settings").get_data(as_text=True)
    assert "Close the event now" in page and "closes only by hand" in page
    response = client.post(f"/{event.slug}/manage/close", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The event is closed" in page and "Reopen the event" in page and "closed by Olga Org" in page
    assert login_as(reviewer).get(f"/{event.slug}/reviews/{submission.id}").status_code == 404
    page = client.post(f"/{event.slug}/manage/reopen", follow_redirects=True).get_data(as_text=True)
    assert "The event is open again" in page and "reopened by Olga Org" in page
    assert login_as(reviewer).get(f"/{event.slug}/reviews/{submission.id}").status_code == 200
    again = client.post(f"/{event.slug}/manage/reopen", follow_redirects=True).get_data(as_text=True)
    assert "The event is open." in again


@pytest.mark.parametrize("bad", ["soon", "-1", "4000", "2.5"])
def test_the_close_after_setting_refuses_bad_input_by_the_field(app, login_as, bad):
    event, organizer, *_ = _event()
    data = {**FORM, "slug": event.slug, "timezone": "Etc/GMT+12", "close_after_days": bad}
    page = login_as(organizer).post(f"/{event.slug}/manage/settings", data=data)
    text = page.get_data(as_text=True)
    assert page.status_code in (200, 400) and "Workshop on Testing" in text  # re-rendered, input kept
    assert "Not a valid integer value" in text or "Number must be between 0 and 3650" in text
    db.session.expire_all()
    assert db.session.get(Event, event.id).close_after_days is None


def test_the_close_after_setting_is_saved_and_shown(app, login_as):
    event, organizer, *_ = _event(event_date=date(2030, 1, 10))
    data = {**FORM, "slug": event.slug, "timezone": "Etc/GMT+12", "close_after_days": "30", "event_date": "2030-01-10"}
    client = login_as(organizer)
    assert client.post(f"/{event.slug}/manage/settings", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).close_after_days == 30
    assert "Closes by its rule on" in client.get(f"/{event.slug}/manage/settings").get_data(as_text=True)


def test_no_reminder_goes_to_reviewers_of_a_closed_event(app, login_as, outbox):
    event, organizer, _, reviewer, submission = _event(review_deadline_at=utcnow() - timedelta(days=1))
    services.close_event(event, by=organizer)
    db.session.commit()
    page = login_as(organizer).post(f"/{event.slug}/reviews/progress/remind", follow_redirects=True)
    assert page.status_code == 200 and "The event is closed" in page.get_data(as_text=True)
    assert outbox() == []
