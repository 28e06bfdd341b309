"""The schedule editor's drag and drop (program.js) posts the Edit page's own slot form to the
same URL; asked in the background, that URL answers JSON: the draft's warnings after a save,
each refused field's message otherwise (nothing saved). The page itself stays the same."""

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.program.models import ScheduleSlot
from tests import factories as f
from tests.program.helpers import decide, program_event, slot_titled

BACKGROUND = {"X-Requested-With": "fetch"}


@pytest.fixture
def setup(app, login_as):
    org = f.make_user(name="Olga Org")
    event = program_event(org)
    talk = decide(f.make_submission(event, title="A talk"), "accept_talk")
    db.session.commit()
    return event, login_as(org), talk


def _url(event, slot):
    return f"/{event.slug}/program/manage/schedule/slots/{slot.id}"


def test_a_background_move_answers_the_drafts_warnings(setup):
    event, client, _talk = setup
    panel = slot_titled(event, "Panel Discussion")  # 16:00-17:00, the round table follows at 17:00
    data = {"kind": "panel", "title": "Panel Discussion", "start_at": "2024-12-14T16:30",
            "end_at": "2024-12-14T17:30", "room": "", "submission_id": "0"}
    response = client.post(_url(event, panel), data=data, headers=BACKGROUND)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["ok"] is True
    assert "“Panel Discussion” and “Round Table Discussions” overlap." in answer["warnings"]
    # The same warning the editor page shows after the reload.
    assert "“Panel Discussion” and “Round Table Discussions” overlap." in client.get(
        f"/{event.slug}/program/manage/schedule").get_data(as_text=True)


@pytest.mark.parametrize("change, field, words", [
    ({"end_at": "2024-12-14T10:00"}, "end_at", "after the start"),
    ({"kind": "break", "submission_id": "{talk}"}, "submission_id", "Only contributed-talk"),
    ({"start_at": "soon"}, "start_at", "Enter a date and time"),
])
def test_a_refused_background_change_answers_the_fields_messages_and_saves_nothing(setup, change, field, words):
    event, client, talk = setup
    slot = slot_titled(event, "Contributed Talk 1")
    before = (slot.start_at, slot.end_at, slot.kind, slot.submission_id)
    data = {"kind": "contributed_talk", "title": "Contributed Talk 1", "start_at": "2024-12-14T11:00",
            "end_at": "2024-12-14T11:15", "room": "", "submission_id": "0"}
    data.update({k: v.replace("{talk}", str(talk.id)) for k, v in change.items()})
    response = client.post(_url(event, slot), data=data, headers=BACKGROUND)
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["ok"] is False and any(words in m for m in answer["errors"][field])
    db.session.expire_all()
    again = db.session.get(ScheduleSlot, slot.id)
    assert (again.start_at, again.end_at, again.kind, again.submission_id) == before


def test_the_editor_rows_carry_what_the_grid_posts(setup):
    event, client, talk = setup
    slot = slot_titled(event, "Contributed Talk 1")
    slot.submission_id = talk.id
    db.session.commit()
    page = client.get(f"/{event.slug}/program/manage/schedule").get_data(as_text=True)
    assert f'data-edit-url="/{event.slug}/program/manage/schedule/slots/{slot.id}"' in page
    assert 'data-start="2024-12-14T11:00" data-end="2024-12-14T11:15"' in page
    assert f'data-submission="{talk.id}"' in page and "data-schedule-grid hidden" in page
    assert "<td>11:00–11:15</td>" in page  # the table names the zone once, above it
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScheduleSlot)) == 16


def test_a_form_post_still_redirects_without_javascript(setup):
    event, client, _talk = setup
    panel = slot_titled(event, "Panel Discussion")
    data = {"kind": "panel", "title": "Panel Discussion", "start_at": "2024-12-14T16:30",
            "end_at": "2024-12-14T17:30", "room": "", "submission_id": "0"}
    response = client.post(_url(event, panel), data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/program/manage/schedule")
