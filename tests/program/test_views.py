"""Organizer pages: every form's bad input re-renders with messages; the happy paths work."""

import io

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.program.models import PosterBoard, ScheduleRelease, ScheduleSlot, Speaker
from tests import factories as f
from tests.program.helpers import PNG, decide, program_event, slot_titled

LONG = "x" * 5000


@pytest.fixture
def setup(app, login_as):
    org = f.make_user(name="Olga Org")
    event = program_event(org)
    talk = decide(f.make_submission(event, title="A talk"), "accept_talk")
    poster = decide(f.make_submission(event, title="A poster"), "accept_poster")
    db.session.commit()
    return event, login_as(org), talk, poster


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("data, message", [
    ({"name": "", "kind": "keynote"}, "This field is required"),
    ({"name": LONG, "kind": "keynote"}, "longer than"),
    ({"name": "A", "kind": "wizard"}, "Not a valid choice"),
    ({"name": "A", "kind": "keynote", "link": "javascript:alert(1)"}, "http"),
    ({"name": "A", "kind": "keynote", "email": "not-an-email"}, "Invalid email"),
])
def test_speaker_form_bad_input_keeps_input(setup, data, message):
    event, client, *_ = setup
    response = client.post(f"/{event.slug}/program/manage/speakers", data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and message in text
    assert _count(Speaker) == 0
    if data["name"] and len(data["name"]) < 100:
        assert f'value="{data["name"]}"' in text


def test_speaker_photo_must_be_an_image(setup):
    event, client, *_ = setup
    bad = {"name": "Kay", "kind": "keynote", "photo": (io.BytesIO(b"%PDF-1.4 no"), "kay.png")}
    response = client.post(f"/{event.slug}/program/manage/speakers", data=bad,
                           content_type="multipart/form-data")
    assert "PNG, JPEG or WebP" in response.get_data(as_text=True) and _count(Speaker) == 0
    good = {"name": "Kay", "kind": "keynote", "photo": (io.BytesIO(PNG), "kay.gif")}
    response = client.post(f"/{event.slug}/program/manage/speakers", data=good,
                           content_type="multipart/form-data")
    assert response.status_code == 302
    person = db.session.scalar(sa.select(Speaker))
    photo = client.get(f"/{event.slug}/program/speakers/{person.id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/png"


@pytest.mark.parametrize("data, message", [
    ({"kind": "break", "title": "", "start_at": "2024-12-14T10:00", "end_at": "2024-12-14T11:00"}, "required"),
    ({"kind": "break", "title": LONG, "start_at": "2024-12-14T10:00", "end_at": "2024-12-14T11:00"}, "longer than"),
    ({"kind": "break", "title": "T", "start_at": "tomorrow", "end_at": "2024-12-14T11:00"}, "Enter a date and time"),
    ({"kind": "break", "title": "T", "start_at": "2024-12-14T12:00", "end_at": "2024-12-14T11:00"}, "after the start"),
    ({"kind": "break", "title": "T", "start_at": "", "end_at": ""}, "Enter the start time"),
    ({"kind": "party", "title": "T", "start_at": "2024-12-14T10:00", "end_at": "2024-12-14T11:00"}, "Not a valid choice"),
    ({"kind": "break", "title": "T", "start_at": "2024-12-14T10:00", "end_at": "2024-12-14T11:00",
      "submission_id": "1"}, "Only contributed-talk"),
    ({"kind": "break", "title": "T", "start_at": "2024-12-14T10:00", "end_at": "2024-12-14T11:00",
      "speaker_ids": "99999"}, "not a valid choice"),
])
def test_slot_form_bad_input_keeps_input(setup, data, message):
    event, client, *_ = setup
    before = _count(ScheduleSlot)
    response = client.post(f"/{event.slug}/program/manage/schedule/slots/new", data=data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _count(ScheduleSlot) == before


def test_slot_times_are_typed_in_the_event_zone(setup):
    event, client, talk, _ = setup
    ct1 = slot_titled(event, "Contributed Talk 1")
    data = {"kind": "contributed_talk", "title": "CT", "start_at": "2024-12-14T11:00",
            "end_at": "2024-12-14T11:20", "room": "Hall", "submission_id": str(talk.id)}
    assert client.post(f"/{event.slug}/program/manage/schedule/slots/{ct1.id}", data=data).status_code == 302
    db.session.expire_all()
    slot = db.session.get(ScheduleSlot, ct1.id)
    assert (slot.start_at.hour, slot.end_at.minute, slot.submission_id) == (23, 20, talk.id)  # 11:00 AoE
    page = client.get(f"/{event.slug}/program/manage/schedule/slots/{ct1.id}").get_data(as_text=True)
    assert 'value="2024-12-14T11:00"' in page


@pytest.mark.parametrize("data, message", [
    ({"submission_id": "", "board_number": "1"}, "Choose a work"),
    ({"submission_id": "{poster}", "board_number": "0"}, "between"),
    ({"submission_id": "{poster}", "board_number": "abc"}, "Not a valid integer"),
    ({"submission_id": "{poster}", "board_number": ""}, "Enter a board number"),
])
def test_poster_form_bad_input(setup, data, message):
    event, client, _, poster = setup
    session = slot_titled(event, "Lunch Break & Poster Session")
    data = {k: v.format(poster=poster.id) for k, v in data.items()}
    response = client.post(f"/{event.slug}/program/manage/schedule/slots/{session.id}/posters", data=data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _count(PosterBoard) == 0


def test_poster_board_taken_is_shown_next_to_the_field(setup):
    event, client, talk, poster = setup
    session = slot_titled(event, "Lunch Break & Poster Session")
    url = f"/{event.slug}/program/manage/schedule/slots/{session.id}/posters"
    assert client.post(url, data={"submission_id": poster.id, "board_number": 2}).status_code == 302
    response = client.post(url, data={"submission_id": talk.id, "board_number": 2})
    assert "already taken" in response.get_data(as_text=True)


def test_release_comment_too_long_and_release_flow(setup, client):
    event, org_client, talk, _ = setup
    url = f"/{event.slug}/program/manage/schedule/release"
    response = org_client.post(url, data={"comment": LONG})
    assert response.status_code == 200 and "longer than" in response.get_data(as_text=True)
    assert _count(ScheduleRelease) == 0
    slot_titled(event, "Contributed Talk 1").submission_id = talk.id
    db.session.commit()
    assert "new" in org_client.get(url).get_data(as_text=True)
    assert org_client.post(url, data={"comment": "First"}).status_code == 302
    assert "A talk" in client.get(f"/{event.slug}/program/").get_data(as_text=True)


def test_editor_shows_warnings_and_seed_action(app, login_as):
    org = f.make_user()
    event = f.make_event(organizer=org, event_date=__import__("datetime").date(2024, 12, 14))
    decide(f.make_submission(event, title="Lonely accepted"))
    db.session.commit()
    client = login_as(org)
    page = client.get(f"/{event.slug}/program/manage/schedule").get_data(as_text=True)
    assert "Start from the seed day" in page and "is accepted but not scheduled" in page
    client.post(f"/{event.slug}/program/manage/schedule/seed")
    assert _count(ScheduleSlot) == 16
    client.post(f"/{event.slug}/program/manage/schedule/seed")  # refused, not doubled
    assert _count(ScheduleSlot) == 16


def test_visibility_toggle(setup, client):
    event, org_client, *_ = setup
    org_client.post(f"/{event.slug}/program/manage/visibility", data={})
    assert client.get(f"/{event.slug}/program/").status_code == 404
    org_client.post(f"/{event.slug}/program/manage/visibility", data={"program_public": "y"})
    assert client.get(f"/{event.slug}/program/").status_code == 200
