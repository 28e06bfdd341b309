"""Mail to a chosen group: who is in each group, the preview per recipient and the count,
sending once through the outbox (real SMTP), the history, bad input, and conflicts."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.groupmail.core import Person, merged
from reviewhub.groupmail.models import GroupMail
from reviewhub.mail.delivery import deliver_pending
from reviewhub.models_base import utcnow
from reviewhub.reviewing.models import Review
from tests import factories as f


def test_people_merge_by_address_keeping_each_line_once():
    rows = [("Ada@x.example.org", "Ada", "#1 A"), ("ada@x.example.org", "Ada L.", "#2 B"),
            ("bob@x.example.org", "Bob", None), ("ada@x.example.org", "Ada", "#1 A"), ("", "Nobody", "#3 C")]
    assert merged(rows) == [Person("Ada@x.example.org", "Ada", ("#1 A", "#2 B")), Person("bob@x.example.org", "Bob")]


@pytest.fixture
def world(app):
    olga = f.make_user(name="Olga Organizer", email="olga@org.example.net")
    otto = f.make_user(name="Otto Organizer", email="otto@org.example.net")
    ada = f.make_user(name="Ada Lovelace", email="ada@analytical.example.org")
    alan = f.make_user(name="Alan Turing", email="alan@bletchley.example.org")
    rita = f.make_user(name="Rita Reviewer", email="rita@review.example.net")
    bob = f.make_user(name="Bob Reviewer", email="bob@review.example.net")
    event = f.make_event(organizer=olga)
    f.add_role(event, otto, "organizer")
    for reviewer in (rita, bob):
        f.add_role(event, reviewer, "reviewer")
    music = f.make_submission(event, author=ada, coauthors=[alan], title="Diffusion music")
    pictures = f.make_submission(event, author=alan, title="Pictures")
    ottos = f.make_submission(event, author=otto, title="Otto's music")
    f.make_assignment(music, rita)
    late = f.make_assignment(pictures, bob)
    f.make_assignment(ottos, rita)
    db.session.add(Review(assignment_id=late.id, answers={}, status="draft"))
    db.session.commit()
    return {"event": event, "olga": olga, "otto": otto, "music": music, "path": f"/{event.slug}/manage/group-mail/"}


def _compose(client, world, **data):
    form = {"group": "authors", "query": "", "subject": "Hello {{ recipient_name }}",
            "body": "Dear {{ recipient_name }},\n\n{{ submissions }}\n\n{{ event_link }}", **data}
    return client.post(world["path"], data=form)


def _preview(client, response):
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"], client.get(response.headers["Location"]).text


@pytest.mark.parametrize("data, recipients", [
    ({"group": "authors", "query": "diffusion"}, {"ada@analytical.example.org", "alan@bletchley.example.org"}),
    ({"group": "authors", "query": "pictures"}, {"alan@bletchley.example.org"}),
    ({"group": "reviewers", "query": ""}, {"rita@review.example.net", "bob@review.example.net"}),
    ({"group": "reviewers", "query": "pictures"}, {"bob@review.example.net"}),
    ({"group": "all_reviewers"}, {"rita@review.example.net", "bob@review.example.net"}),
])
def test_each_group_reaches_exactly_its_people(world, login_as, data, recipients):
    client = login_as(world["olga"])
    _, page = _preview(client, _compose(client, world, **data))
    assert f"{len(recipients)} recipient" in page
    for address in recipients:
        assert address in page
    others = {"ada@analytical.example.org", "alan@bletchley.example.org", "rita@review.example.net",
              "bob@review.example.net"} - recipients
    assert not any(a in page.split("<h2>Recipients</h2>")[1] for a in others)


def test_late_reviewers_only_after_the_review_deadline(world, login_as):
    client = login_as(world["olga"])
    world["event"].review_deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    _, page = _preview(client, _compose(client, world, group="late_reviewers"))
    assert "2 recipients" in page and "#2 Pictures" in page  # rita has not started either


def test_preview_per_recipient_then_send_once_over_real_smtp(world, login_as, outbox, smtp_server, app):
    client = login_as(world["olga"])
    location, page = _preview(client, _compose(client, world, query="diffusion"))
    assert "Hello Ada Lovelace" in page and "#1 Diffusion music" in page
    second = client.get(location, query_string={"r": 1}).text
    assert "Hello Alan Turing" in second
    send = location + "/send"
    assert client.post(send).status_code == 302
    assert "This mail was sent already" in client.get(client.post(send).headers["Location"]).text
    rows = [r for r in outbox() if r.kind == "group"]
    assert sorted(r.to_email for r in rows) == ["ada@analytical.example.org", "alan@bletchley.example.org"]
    assert "Dear Ada Lovelace" in next(r.body_text for r in rows if r.to_email.startswith("ada"))
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, MAIL_BACKEND="smtp")
    deliver_pending()
    assert sorted(smtp_server.recipients()) == ["ada@analytical.example.org", "alan@bletchley.example.org"]
    history = client.get(location).text
    assert "Who got it" in history and "ada@analytical.example.org" in history
    assert "2 recipients" in client.get(world["path"]).text


@pytest.mark.parametrize("data, message", [
    ({"subject": ""}, "Give the mail a subject."),
    ({"body": ""}, "Write the message."),
    ({"body": "Hi {{ password }}"}, "Unknown placeholder: password"),
    ({"subject": "Hi {{ name"}, "Subject: Syntax error"),
    ({"query": "score:lots"}, "score: needs a number"),
    ({"group": "everyone"}, "Not a valid choice"),
])
def test_bad_input_is_named_by_its_field_and_nothing_is_kept(world, login_as, data, message):
    response = _compose(login_as(world["olga"]), world, **data)
    assert response.status_code == 400 and message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GroupMail)) == 0


def test_a_conflicted_organizers_search_never_reaches_their_submission(world, login_as):
    client = login_as(world["otto"])
    _, page = _preview(client, _compose(client, world, group="reviewers", query="music"))
    assert "rita@review.example.net" in page and "Otto&#39;s music" not in page
    _, authors = _preview(client, _compose(client, world, group="authors", query="music"))
    assert "otto@org.example.net" not in authors.split("<h2>Recipients</h2>")[1]
