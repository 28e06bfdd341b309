"""Creating and configuring events, the organizer team, and the public event page."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from reviewhub.events.models import Event, Membership
from reviewhub.extensions import db
from tests import factories as f

FORM = {
    "name": "Workshop on Testing", "short_name": "WoT", "slug": "wot-2026", "tagline": "",
    "description_md": "We **test**.", "call_md": "", "venue": "Room 1", "timezone": "Europe/Paris",
    "contact_email": "wot@example.org", "submission_deadline_at": "2026-12-01T23:59",
    "topic_lines": "Testing\nMore testing\n", "reviews_per_submission": "3", "default_reviewer_load": "5",
    "double_blind": "y",
}


@pytest.fixture
def organizer():
    user = f.make_user(is_admin=True)
    db.session.commit()
    return user


def test_organizer_creates_event_with_dates_in_its_zone(login_as, organizer):
    response = login_as(organizer).post("/events/new", data=FORM)
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event).where(Event.slug == "wot-2026"))
    # 23:59 in Paris in December is 22:59 UTC.
    assert event.submission_deadline_at == datetime(2026, 12, 1, 22, 59, tzinfo=UTC)
    assert [t.name for t in event.topics] == ["Testing", "More testing"]
    assert event.double_blind is True and event.review_deadline_at is None
    assert db.session.scalar(sa.select(Membership.role).where(Membership.event_id == event.id)) == "organizer"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"name": ""}, b"This field is required"),
        ({"name": "n" * 301}, b"cannot be longer than 300"),
        ({"slug": "Bad Slug!"}, b"lowercase letters"),
        ({"slug": "account"}, b"reserved"),
        ({"timezone": "Mars/Olympus"}, b"Unknown time zone"),
        ({"submission_deadline_at": "next tuesday"}, b"Enter a date and time"),
        ({"contact_email": "nope"}, b"Invalid email address"),
        ({"reviews_per_submission": "-1"}, b"Number must be between 0 and 20"),
        ({"reviews_per_submission": "many"}, b"Not a valid integer value"),
        ({"topic_lines": "t" * 301}, b"at most 300 characters"),
        ({"submission_grace_minutes": "-1"}, b"Number must be between 0 and 1440"),
        ({"submission_grace_minutes": "1441"}, b"Number must be between 0 and 1440"),
        ({"submission_grace_minutes": "ten"}, b"Not a valid integer value"),
    ],
)
def test_event_form_bad_input_keeps_what_was_typed(login_as, organizer, change, message):
    data = {**FORM, **change}
    response = login_as(organizer).post("/events/new", data=data)
    assert response.status_code == 200 and message in response.data
    assert b"We **test**." in response.data  # the description typed is still there
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_slug_taken_by_another_event(login_as, organizer):
    f.make_event(slug="wot-2026")
    db.session.commit()
    response = login_as(organizer).post("/events/new", data=FORM)
    assert response.status_code == 200 and b"uses this short address already" in response.data


def test_organizer_edits_event_and_unsets_a_date(login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer, timezone="Etc/GMT+12")
    db.session.commit()
    client = login_as(organizer)
    page = client.get(f"/{event.slug}/manage/settings")
    assert page.status_code == 200
    data = {**FORM, "slug": event.slug, "submission_deadline_at": "", "timezone": "Etc/GMT+12"}
    assert client.post(f"/{event.slug}/manage/settings", data=data).status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.name == "Workshop on Testing" and event.submission_deadline_at is None


def test_grace_period_is_an_organizer_setting_never_shown_publicly(login_as, client):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer, timezone="Etc/GMT+12")
    db.session.commit()
    data = {**FORM, "slug": event.slug, "timezone": "Etc/GMT+12", "submission_grace_minutes": "15"}
    page = login_as(organizer).post(f"/{event.slug}/manage/settings", data=data, follow_redirects=True)
    assert page.status_code == 200 and 'name="submission_grace_minutes"' in page.text and 'value="15"' in page.text
    db.session.expire_all()
    assert db.session.get(Event, event.id).submission_grace_minutes == 15
    public = client.get(f"/{event.slug}/").text + client.get(f"/{event.slug}/cfp").text
    assert "grace" not in public.lower() and "15 min" not in public


def test_organizers_are_added_and_the_last_cannot_be_removed(login_as):
    organizer, colleague = f.make_user(), f.make_user(email="col@example.org")
    event = f.make_event(organizer=organizer)
    db.session.commit()
    client = login_as(organizer)
    assert client.post(f"/{event.slug}/manage/organizers", data={"email": "nobody@example.org"}).status_code == 200
    assert client.post(f"/{event.slug}/manage/organizers", data={"email": "col@example.org"}).status_code == 302
    client.post(f"/{event.slug}/manage/organizers/{colleague.id}/remove")
    response = client.post(f"/{event.slug}/manage/organizers/{organizer.id}/remove", follow_redirects=True)
    assert b"at least one organizer" in response.data


def test_public_event_page_shows_unset_dates_as_tbd(client):
    event = f.make_event(name="Tiny Workshop", submission_deadline_at=None, contact_email="t@example.org")
    db.session.commit()
    html = client.get(f"/{event.slug}/").data.decode()
    assert "Tiny Workshop" in html and "Important Dates" in html and "TBD" in html
    assert "mailto:t@example.org" in html
    assert "The schedule will be published here" in html


def test_markdown_in_description_is_sanitised(client):
    event = f.make_event(description_md='Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>')
    db.session.commit()
    html = client.get(f"/{event.slug}/").data.decode()
    assert "<script>alert" not in html and 'href="javascript' not in html and "<img src=x" not in html


def test_index_lists_events(client):
    f.make_event(name="Listed Workshop")
    db.session.commit()
    assert b"Listed Workshop" in client.get("/").data


def test_create_user_cli_makes_an_organizer_of_a_new_event(runner):
    result = runner.invoke(args=["create-user", "chair@example.org", "--password", "a long password",
                                 "--organizer", "--event", "my-event"])
    assert result.exit_code == 0, result.output
    event = db.session.scalar(sa.select(Event).where(Event.slug == "my-event"))
    assert event is not None
    assert db.session.scalar(sa.select(Membership.role).where(Membership.event_id == event.id)) == "organizer"
