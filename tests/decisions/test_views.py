"""Decision pages: overview, bulk and single decisions, release, the authors' page."""

import pytest
import sqlalchemy as sa

from reviewhub.decisions import services
from reviewhub.decisions.models import Decision
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from tests import factories as f


@pytest.fixture
def world(app):
    organizer = f.make_user(name="Olivia Organizer")
    event = f.make_event(organizer=organizer, name="GenAI Workshop")
    talk, poster, reject = services.ensure_default_outcomes(event)
    author, coauthor, stranger = f.make_user(name="Ada"), f.make_user(name="Ben"), f.make_user()
    sub = f.make_submission(event, author=author, coauthors=[coauthor], title="Dreams <b>bold</b>")
    other = f.make_submission(event, author=f.make_user(), title="Other")
    db.session.commit()
    return dict(event=event, organizer=organizer, talk=talk, poster=poster, reject=reject,
                author=author, coauthor=coauthor, stranger=stranger, sub=sub, other=other)


def _url(w, tail=""):
    return f"/{w['event'].slug}/decisions/{tail}"


def test_overview_lists_submissions_with_outcome_select(world, login_as):
    page = login_as(world["organizer"]).get(_url(world))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dreams &lt;b&gt;bold&lt;/b&gt;" in html and "Accept — poster" in html
    assert 'name="submissions"' in html


def test_overview_query_count_does_not_grow_with_rows(world, login_as, app):
    from sqlalchemy import event as sa_event

    def count_queries():
        statements = []

        def listener(*_args):
            statements.append(1)

        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert login_as(world["organizer"]).get(_url(world)).status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    def add(n):
        for _ in range(n):
            sub = f.make_submission(world["event"], author=f.make_user())
            services.decide(sub, world["reject"], by=world["organizer"])
        db.session.commit()

    add(2)
    before = count_queries()
    add(10)
    assert count_queries() == before


def test_bulk_decide_then_release_in_one_step(world, login_as):
    client = login_as(world["organizer"])
    response = client.post(_url(world, "bulk"), data={
        "submissions": [world["sub"].id, world["other"].id], "outcome": world["poster"].id})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 2
    summary = client.get(_url(world, "release")).get_data(as_text=True)
    assert "2 “Accept — poster” emails to 3 recipients" in summary
    assert client.post(_url(world, "release")).status_code == 302
    assert client.post(_url(world, "release")).status_code == 302  # double click: nothing new
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 3


@pytest.mark.parametrize("data, message", [
    ({"outcome": "1"}, "Tick at least one submission"),
    ({"submissions": "999999", "outcome": "1"}, "Not a valid choice"),
    ({"submissions": "abc"}, "This field is required"),
])
def test_bulk_form_bad_input_is_shown(world, login_as, data, message):
    response = login_as(world["organizer"]).post(_url(world, "bulk"), data=data)
    assert response.status_code == 400
    assert message.lower() in response.get_data(as_text=True).lower()


def test_decide_one_with_bad_outcome_keeps_the_form(world, login_as):
    url = _url(world, f"submissions/{world['sub'].id}")
    client = login_as(world["organizer"])
    bad = client.post(url, data={"outcome": "424242", "note": "kept note"})
    assert bad.status_code == 200 and "Not a valid choice" in bad.get_data(as_text=True)
    assert "kept note" in bad.get_data(as_text=True)
    too_long = client.post(url, data={"outcome": world["talk"].id, "note": "x" * 5001})
    assert "5000" in too_long.get_data(as_text=True)
    ok = client.post(url, data={"outcome": world["talk"].id, "note": "fine"})
    assert ok.status_code == 302


def test_authors_see_nothing_before_release_and_their_own_after(world, login_as):
    services.decide(world["sub"], world["talk"], by=world["organizer"])
    services.decide(world["other"], world["reject"], by=world["organizer"])
    db.session.commit()
    page = login_as(world["author"]).get(_url(world, "mine")).get_data(as_text=True)
    assert "Accept — contributed talk" not in page and "No decision" in page
    services.release(world["event"], by=world["organizer"])
    db.session.commit()
    for person in ("author", "coauthor"):
        page = login_as(world[person]).get(_url(world, "mine")).get_data(as_text=True)
        assert "Accept — contributed talk" in page and "Other" not in page
    stranger = login_as(world["stranger"]).get(_url(world, "mine")).get_data(as_text=True)
    assert "Dreams" not in stranger and "Other" not in stranger


def test_changed_decision_stays_hidden_from_authors_until_corrected(world, login_as):
    services.decide(world["sub"], world["reject"], by=world["organizer"])
    services.release(world["event"], by=world["organizer"])
    services.decide(world["sub"], world["talk"], by=world["organizer"])
    db.session.commit()
    page = login_as(world["author"]).get(_url(world, "mine")).get_data(as_text=True)
    assert "Reject" in page and "contributed talk" not in page
    assert "Send correction" in login_as(world["organizer"]).get(_url(world)).get_data(as_text=True)
    assert login_as(world["organizer"]).post(_url(world, "correction")).status_code == 302
    page = login_as(world["author"]).get(_url(world, "mine")).get_data(as_text=True)
    assert "Accept — contributed talk" in page


@pytest.mark.parametrize("data, message", [
    ({"label": "", "key": "x"}, "This field is required"),
    ({"label": "L", "key": "Bad Key!"}, "lowercase letters"),
    ({"label": "L" * 201, "key": "x"}, "200"),
    ({"label": "L", "key": "x", "presentation_format": "talk"}, "Only an accepting outcome"),
    ({"label": "L", "key": "reject"}, "already uses the key"),
    ({"label": "L", "key": "x", "presentation_format": "stage"}, "Not a valid choice"),
])
def test_outcome_form_bad_input(world, login_as, data, message):
    response = login_as(world["organizer"]).post(_url(world, "outcomes"), data=data)
    assert message in response.get_data(as_text=True)


def test_outcome_form_adds_an_outcome(world, login_as):
    response = login_as(world["organizer"]).post(_url(world, "outcomes"), data={
        "label": "Accept — demo", "key": "accept_demo", "is_accept": "y", "presentation_format": "poster"})
    assert response.status_code == 302
    templates = login_as(world["organizer"]).get(f"/{world['event'].slug}/mail/templates")
    assert "decisions/accept_demo" in templates.get_data(as_text=True)
