"""Issue 18 point 8: after creating an event, its settings page leads the organizer through
the setup (a checklist computed by a pure function from the event's facts), and the call
tells organizers, and only them, where to add submission types."""

import re

import pytest

from reviewhub.events.checklist import SetupFacts, remaining, setup_checklist
from reviewhub.extensions import db
from tests import factories as f
from tests.events.test_events import FORM

NOTHING = SetupFacts(submission_deadline_set=False, review_deadline_set=False, notification_set=False,
                     event_day_set=False, submission_types=0, review_forms=0, topics=0, reviewers=0,
                     mail_templates=0)
EVERYTHING = SetupFacts(submission_deadline_set=True, review_deadline_set=True, notification_set=True,
                        event_day_set=True, submission_types=2, review_forms=1, topics=5, reviewers=3,
                        mail_templates=1)


def test_nothing_set_up_leaves_every_item_to_do_in_order():
    items = setup_checklist(NOTHING)
    assert [i.key for i in items] == ["dates", "submission_types", "review_form", "topics", "reviewers",
                                      "mail_templates"]
    assert remaining(items) == 6 and not any(i.done for i in items)


def test_everything_set_up_ticks_every_item():
    assert remaining(setup_checklist(EVERYTHING)) == 0


@pytest.mark.parametrize("field, value, key", [
    ("submission_deadline_set", False, "dates"), ("event_day_set", False, "dates"),
    ("submission_types", 0, "submission_types"), ("review_forms", 0, "review_form"),
    ("topics", 0, "topics"), ("reviewers", 0, "reviewers"), ("mail_templates", 0, "mail_templates"),
])
def test_each_fact_ticks_its_own_item(field, value, key):
    from dataclasses import replace

    items = {i.key: i.done for i in setup_checklist(replace(EVERYTHING, **{field: value}))}
    assert items.pop(key) is False and all(items.values())


def _items(html: str) -> dict[str, str]:
    """{label: 'done' | 'todo'} of the checklist on a page."""
    section = re.search(r'<section aria-labelledby="setup-h".*?</section>', html, re.S).group(0)
    return {label: state for state, label in re.findall(r'<li class="(done|todo)">.*?<a href="[^"]+">([^<]+)</a>', section, re.S)}


def test_a_new_event_leads_its_organizer_through_the_setup(login_as):
    organizer = f.make_user(is_admin=True)
    db.session.commit()
    client = login_as(organizer)
    response = client.post("/events/new", data=FORM, follow_redirects=True)
    html = response.get_data(as_text=True)
    items = _items(html)
    assert items == {"Dates": "todo", "Submission types": "todo", "Review form": "todo", "Topics": "done",
                     "Reviewers": "todo", "Mail templates": "todo"}
    links = re.findall(r'<li class="(?:done|todo)">.*?<a href="([^"#]+)', html, re.S)
    for link in links:
        assert client.get(link).status_code == 200, link
    # Adding the default submission types ticks that item.
    from reviewhub.events.models import Event
    from reviewhub.submissions.services import ensure_default_types

    event = db.session.query(Event).filter_by(slug=FORM["slug"]).one()
    ensure_default_types(event)
    db.session.commit()
    assert _items(client.get(f"/{event.slug}/manage/settings").get_data(as_text=True))["Submission types"] == "done"


def test_the_call_tells_organizers_not_the_public_where_to_add_types(login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.commit()
    note = "submission types</a> page"
    assert note in login_as(organizer).get(f"/{event.slug}/cfp").get_data(as_text=True)
    assert f"/{event.slug}/manage/submission-types" in login_as(organizer).get(f"/{event.slug}/cfp").get_data(as_text=True)
    for viewer in (None, f.make_user()):
        db.session.commit()
        html = login_as(viewer).get(f"/{event.slug}/cfp").get_data(as_text=True)
        assert note not in html and "manage/submission-types" not in html
