"""Bulk actions from the submissions list: assign or remove one reviewer on the ticked rows or
the whole search result (conflicts, load caps and started reviews refused per submission,
audited, mailed through the outbox), and "mail" handing the group mail composer the authors or
reviewers of exactly those submissions."""

from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.audit import AuditLog
from reviewhub.extensions import db
from reviewhub.groupmail import queries as groupmail_queries
from reviewhub.mail.models import OutboxMessage
from reviewhub.models_base import utcnow
from reviewhub.reviewing.models import Review
from reviewhub.submissions.models import Submission
from tests import factories as f


@pytest.fixture
def world(app):
    olga, conny = f.make_user(name="Olga Organizer"), f.make_user(name="Conny Conflicted")
    event = f.make_event(organizer=olga, default_reviewer_load=3)
    f.add_role(event, conny, "organizer")
    rita = f.make_user(name="Rita Reviewer", email="Rita@Review.example.net")
    f.add_role(event, rita, "reviewer")
    ada, alan = f.make_user(name="Ada Author"), f.make_user(name="Alan Author")
    draft = f.make_submission(event, author=ada, title="A draft", status="draft")
    subs = [f.make_submission(event, author=ada if i % 2 else alan, title=f"Work {i}") for i in range(5)]
    f.make_conflict(subs[1], rita, source="reviewer")
    f.make_conflict(subs[4], conny, source="author")
    db.session.commit()
    return {"event": event, "olga": olga, "conny": conny, "rita": rita, "ada": ada, "alan": alan, "subs": subs,
            "draft": draft, "list": f"/{event.slug}/manage/submissions"}


def _bulk(client, world, action, data, sids=()):
    return client.post(f"{world['list']}/bulk/{action}", data={
        "sid": [str(s.id) for s in sids], "next": world["list"] + "?q=work", **data})


def _assigned(world):
    return set(db.session.scalars(sa.select(Submission.number).join(Assignment, Assignment.submission_id == Submission.id)
                                  .where(Assignment.user_id == world["rita"].id)))


def _flashes(client, response):
    assert response.status_code == 302
    return client.get(response.location).text


def test_assigning_many_refuses_conflicts_drafts_and_the_load_cap_one_by_one(world, login_as):
    client = login_as(world["olga"])
    s = world["subs"]
    page = _flashes(client, _bulk(client, world, "assign", {"reviewer": "rita@review.EXAMPLE.net", "change": "assign"},
                                  [s[0], s[1], world["draft"], s[2], s[3], s[4]]))
    numbers = {x.number for x in (s[0], s[2], s[3])}
    assert _assigned(world) == numbers  # the cap of 3 stops #5 (s[4])
    assert "Rita Reviewer assigned to 3 submissions." in page
    assert f"#{s[1].number}: Rita Reviewer has a conflict of interest" in page
    assert f"#{world['draft'].number}: Only submitted works can be assigned." in page
    assert f"#{s[4].number}: Rita Reviewer is at their load cap (3 of 3); not assigned." in page
    mails = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "assignment/assigned")).all()
    assert len(mails) == 3 and {m.to_email for m in mails} == {world["rita"].email}
    audited = set(db.session.scalars(sa.select(AuditLog.submission_id).where(AuditLog.action == "assignment.added")))
    assert audited == {s[0].id, s[2].id, s[3].id}


def test_removing_many_keeps_started_reviews(world, login_as):
    s = world["subs"]
    done = f.make_assignment(s[0], world["rita"])
    f.make_assignment(s[2], world["rita"])
    db.session.add(Review(assignment_id=done.id, overall=3, answers={}, status="draft"))
    db.session.commit()
    client = login_as(world["olga"])
    page = _flashes(client, _bulk(client, world, "assign", {"reviewer": world["rita"].email, "change": "remove"},
                                  [s[0], s[2], s[3]]))
    assert _assigned(world) == {s[0].number}
    assert "Rita Reviewer removed from 1 submission." in page
    assert f"#{s[0].number}: This reviewer has started a review" in page
    assert f"#{s[3].number}: Rita Reviewer is not assigned to it." in page


def test_the_whole_search_result_is_one_scope(world, login_as):
    client = login_as(world["olga"])
    _bulk(client, world, "assign", {"reviewer": world["rita"].email, "change": "assign", "scope": "result",
                                    "q": "ti:work -ti:\"work 3\""})
    s = world["subs"]
    assert _assigned(world) == {s[0].number, s[2].number, s[4].number}  # s[1] conflicted, s[3] not found


def test_a_conflicted_organizer_never_reaches_their_conflicts(world, login_as):
    client = login_as(world["conny"])
    _bulk(client, world, "assign", {"reviewer": world["rita"].email, "change": "assign", "scope": "result", "q": ""})
    assert world["subs"][4].number not in _assigned(world)
    _bulk(client, world, "assign", {"reviewer": world["rita"].email, "change": "assign"}, [world["subs"][4]])
    assert world["subs"][4].number not in _assigned(world)


@pytest.mark.parametrize("data, message", [
    ({"reviewer": "", "change": "assign"}, "Give the reviewer&#39;s email."),
    ({"reviewer": "nobody@example.org", "change": "assign"}, "nobody@example.org is not a reviewer of this event."),
    ({"reviewer": "rita@review.example.net", "change": "steal"}, "Not a valid choice"),
    ({"reviewer": "rita@review.example.net", "change": "assign", "scope": "result", "q": "(oops"}, None),
])
def test_bad_input_says_what_is_wrong(world, login_as, data, message):
    client = login_as(world["olga"])
    response = _bulk(client, world, "assign", data, world["subs"][:1])
    if message is None:  # a search that cannot be read
        assert response.status_code == 400 and "parenthesis is not closed" in response.text
    else:
        assert message in _flashes(client, response)
    assert _assigned(world) == set()


def test_nothing_ticked_is_said(world, login_as):
    client = login_as(world["olga"])
    assert "Tick the submissions first." in _flashes(client, _bulk(client, world, "assign", {
        "reviewer": world["rita"].email, "change": "assign"}))
    assert "Tick the submissions first." in _flashes(client, _bulk(client, world, "mail", {"group": "authors"}))


def test_mail_opens_the_composer_with_the_ticked_submissions_authors(world, login_as):
    client = login_as(world["olga"])
    s = world["subs"]
    response = _bulk(client, world, "mail", {"group": "authors"}, [s[0], s[2], s[3]])
    assert response.status_code == 302 and "/manage/group-mail/" in response.location
    asked = parse_qs(urlsplit(response.location).query)
    assert asked == {"group": ["authors"], "q": [f"num:{s[0].number},{s[2].number}-{s[3].number}"]}
    page = client.get(response.location)
    assert page.status_code == 200 and f"num:{s[0].number},{s[2].number}-{s[3].number}" in page.text
    people = groupmail_queries.recipients(world["event"], world["olga"], "authors",
                                          f"num:{s[0].number},{s[2].number}-{s[3].number}", utcnow())
    assert {p.email for p in people} == {world["alan"].email, world["ada"].email}
    assert sorted(line for p in people for line in p.lines) == sorted(f"#{x.number} {x.title}" for x in (s[0], s[2], s[3]))


def test_mail_of_the_result_goes_to_their_reviewers(world, login_as):
    f.make_assignment(world["subs"][0], world["rita"])
    db.session.commit()
    client = login_as(world["olga"])
    response = _bulk(client, world, "mail", {"group": "reviewers", "scope": "result", "q": "\"work 0\""})
    asked = parse_qs(urlsplit(response.location).query)
    assert asked["group"] == ["reviewers"]
    people = groupmail_queries.recipients(world["event"], world["olga"], "reviewers", asked["q"][0], utcnow())
    assert [p.email for p in people] == [world["rita"].email]


def test_mail_refuses_a_bad_group(world, login_as):
    client = login_as(world["olga"])
    assert "Mail: Not a valid choice" in _flashes(client, _bulk(client, world, "mail", {"group": "everyone"},
                                                                world["subs"][:1]))
