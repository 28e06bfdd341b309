"""Each person's mail log: on the event's person page organizers see that event's mail to the
address (never mail about submissions they are conflicted with), paged, and read one message;
site admins see every event's mail; nobody else sees any."""

import itertools

import pytest

from reviewhub.extensions import db
from reviewhub.mail import queries as mail_queries
from reviewhub.mail.models import OutboxMessage
from tests import factories as f

_SEQUENCE = itertools.count(1)


def _mail(event, to, subject, submission=None):
    n = next(_SEQUENCE)
    row = OutboxMessage(event_id=getattr(event, "id", None), submission_id=getattr(submission, "id", None),
                        kind="test", to_email=to, subject=subject, body_text=f"Body of {subject}",
                        dedupe_key=f"test:{n}:{subject}", message_id=f"<{n}@test>")
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def world(app):
    olga, conny = f.make_user(name="Olga Organizer"), f.make_user(name="Conny Conflicted")
    admin = f.make_user(name="Site Admin", is_admin=True)
    rita = f.make_user(name="Rita Reviewer", email="rita@review.example.net")
    stranger = f.make_user(name="Stranger")
    event, other = f.make_event(organizer=olga), f.make_event(organizer=f.make_user())
    f.add_role(event, conny, "organizer")
    f.add_role(event, rita, "reviewer")
    f.add_role(other, rita, "reviewer")
    work = f.make_submission(event, author=f.make_user())
    f.make_conflict(work, conny, source="reviewer")
    plain = _mail(event, "RITA@review.example.net", "Welcome to the committee")
    about = _mail(event, rita.email, "Assigned: a work conny must not see", submission=work)
    elsewhere = _mail(other, rita.email, "Mail of another event")
    _mail(event, "someone@else.example.org", "Not Rita's")
    db.session.commit()
    return {"event": event, "other": other, "olga": olga, "conny": conny, "admin": admin, "rita": rita,
            "stranger": stranger, "plain": plain, "about": about, "elsewhere": elsewhere,
            "page": f"/{event.slug}/manage/people/{rita.id}"}


def test_an_organizer_sees_the_events_mail_to_the_address(world, login_as):
    page = login_as(world["olga"]).get(world["page"])
    assert page.status_code == 200
    assert "Welcome to the committee" in page.text and "Assigned: a work conny must not see" in page.text
    assert "Mail of another event" not in page.text and "Not Rita&#39;s" not in page.text
    assert "Mail sent to rita@review.example.net (2)" in page.text


def test_a_conflicted_organizer_sees_no_mail_about_their_conflicts(world, login_as):
    client = login_as(world["conny"])
    page = client.get(world["page"])
    assert page.status_code == 200 and "Welcome to the committee" in page.text
    assert "conny must not see" not in page.text
    assert client.get(f"{world['page']}/mail/{world['about'].id}").status_code == 404
    assert client.get(f"{world['page']}/mail/{world['plain'].id}").status_code == 200


def test_one_message_is_read_on_its_page(world, login_as):
    client = login_as(world["olga"])
    message = client.get(f"{world['page']}/mail/{world['plain'].id}")
    assert message.status_code == 200 and "Body of Welcome to the committee" in message.text
    # another event's message, or one to somebody else, answers as a missing one
    assert client.get(f"{world['page']}/mail/{world['elsewhere'].id}").status_code == 404
    assert client.get(f"{world['page']}/mail/999999").status_code == 404


def test_an_admin_sees_every_events_mail(world, login_as):
    page = login_as(world["admin"]).get(f"/admin/people/{world['rita'].id}")
    assert page.status_code == 200
    for subject in ("Welcome to the committee", "conny must not see", "Mail of another event"):
        assert subject in page.text
    assert login_as(world["olga"]).get(f"/admin/people/{world['rita'].id}").status_code == 403
    assert login_as(world["admin"]).get("/admin/people/999999").status_code == 404


@pytest.mark.parametrize("who, status", [("stranger", 403), ("rita", 403), (None, 302)])
def test_others_see_no_person_page(world, login_as, who, status):
    assert login_as(world[who] if who else None).get(world["page"]).status_code == status


def test_a_person_unknown_to_the_event_is_missing(world, login_as):
    client = login_as(world["olga"])
    assert client.get(f"/{world['event'].slug}/manage/people/{world['stranger'].id}").status_code == 404
    assert client.get(f"/{world['event'].slug}/manage/people/999999").status_code == 404


def test_the_log_is_paged_newest_first(world):
    for i in range(mail_queries.PAGE_SIZE + 3):
        _mail(world["event"], world["rita"].email, f"Reminder {i}")
    db.session.commit()
    first, total = mail_queries.to_address(world["rita"].email, event=world["event"])
    second, _ = mail_queries.to_address(world["rita"].email, event=world["event"], page=2)
    assert total == mail_queries.PAGE_SIZE + 5 and len(first) == mail_queries.PAGE_SIZE and len(second) == 5
    assert first[0][0].subject == f"Reminder {mail_queries.PAGE_SIZE + 2}"
    assert second[-1][0].subject == "Welcome to the committee"


def test_the_page_queries_do_not_grow_with_the_mail(world, login_as):
    from tests.scale_world import captured_statements

    client = login_as(world["olga"])
    with captured_statements() as few:
        assert client.get(world["page"]).status_code == 200
    for i in range(20):
        _mail(world["event"], world["rita"].email, f"More {i}", submission=f.make_submission(world["event"]))
    db.session.commit()
    with captured_statements() as many:
        assert client.get(world["page"]).status_code == 200
    assert len(many) == len(few)
