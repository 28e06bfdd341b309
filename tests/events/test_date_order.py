"""Issue 18 point 10: event settings refuse dates out of order, each message by its field."""

import re
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from reviewhub.events.dates import date_order_problems
from reviewhub.events.models import Event
from reviewhub.extensions import db
from tests import factories as f
from tests.events.test_events import FORM

GOOD = {
    "submission_open_at": datetime(2026, 9, 1, 0, 0), "abstract_deadline_at": datetime(2026, 11, 24, 23, 59),
    "submission_deadline_at": datetime(2026, 12, 1, 23, 59), "review_deadline_at": datetime(2027, 1, 10, 23, 59),
    "notification_at": datetime(2027, 1, 20, 12, 0), "camera_ready_at": datetime(2027, 2, 1, 23, 59),
    "event_date": date(2027, 2, 1),
}


def test_dates_in_order_have_no_problem():
    assert date_order_problems(GOOD) == {}
    assert date_order_problems({}) == {}
    assert date_order_problems({"submission_deadline_at": GOOD["submission_deadline_at"]}) == {}


@pytest.mark.parametrize("field, value, blamed, words", [
    ("submission_open_at", datetime(2026, 11, 25), "abstract_deadline_at", "after the opening of submissions"),
    ("review_deadline_at", datetime(2026, 11, 30), "review_deadline_at", "after the submission deadline"),
    ("notification_at", datetime(2027, 1, 9), "notification_at", "after the review deadline"),
    ("camera_ready_at", datetime(2027, 1, 19), "camera_ready_at", "after the notification"),
    ("event_date", date(2027, 1, 31), "event_date", "after the camera-ready deadline"),
    ("abstract_deadline_at", datetime(2026, 12, 2), "submission_deadline_at", "after the abstract registration"),
])
def test_a_date_out_of_order_is_blamed_on_one_field(field, value, blamed, words):
    problems = date_order_problems({**GOOD, field: value})
    assert list(problems) == [blamed] and words in problems[blamed]


def test_blank_dates_are_skipped_and_the_next_set_date_is_compared():
    dates = {"submission_open_at": datetime(2026, 12, 5), "submission_deadline_at": datetime(2026, 12, 1)}
    problems = date_order_problems(dates)
    assert list(problems) == ["submission_deadline_at"]
    assert "2026-12-05 00:00" in problems["submission_deadline_at"]


def test_equal_abstract_and_submission_deadlines_are_allowed_but_equal_open_and_deadline_are_not():
    moment = datetime(2026, 12, 1, 23, 59)
    assert date_order_problems({"abstract_deadline_at": moment, "submission_deadline_at": moment}) == {}
    assert "submission_deadline_at" in date_order_problems({"submission_open_at": moment, "submission_deadline_at": moment})


@pytest.fixture
def organizer():
    user = f.make_user(is_admin=True)
    db.session.commit()
    return user


def _error_of(html: str, field: str) -> str:
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize("change, field, words", [
    ({"submission_open_at": "2026-12-02T00:00"}, "submission_deadline_at", "after the opening of submissions"),
    ({"review_deadline_at": "2026-11-30T23:59"}, "review_deadline_at", "after the submission deadline"),
    ({"review_deadline_at": "2027-01-10T23:59", "notification_at": "2027-01-01T12:00"}, "notification_at",
     "after the review deadline"),
    ({"notification_at": "2027-01-20T12:00", "camera_ready_at": "2027-01-19T12:00"}, "camera_ready_at",
     "after the notification"),
    ({"event_date": "2026-11-30"}, "event_date", "after the submission deadline"),
])
def test_creating_an_event_with_dates_out_of_order_is_refused_by_the_field(login_as, organizer, change, field, words):
    response = login_as(organizer).post("/events/new", data={**FORM, **change})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert words in _error_of(html, field)
    assert "Please correct the fields marked below." in html  # the summary at the top
    assert 'value="2026-12-01T23:59"' in html  # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_settings_refuse_a_review_deadline_before_the_submission_deadline(login_as, organizer):
    event = f.make_event(organizer=organizer)
    db.session.commit()
    client = login_as(organizer)
    data = {**FORM, "slug": event.slug, "review_deadline_at": "2026-11-01T00:00"}
    response = client.post(f"/{event.slug}/manage/settings", data=data)
    assert response.status_code == 200
    assert "after the submission deadline" in _error_of(response.get_data(as_text=True), "review_deadline_at")
    db.session.expire_all()
    assert db.session.get(Event, event.id).review_deadline_at is None
    data["review_deadline_at"] = "2027-01-10T23:59"
    assert client.post(f"/{event.slug}/manage/settings", data=data).status_code == 302
