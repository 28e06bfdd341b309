"""The area chair console: rows, conflicts hidden (aggregates too), CSV, filters, a constant
number of queries, reminders deduped per day, adding and removing reviewers."""

import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.committee.models import AreaChairAssignment
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.models_base import utcnow
from reviewhub.reviewing.models import Comment, Review
from tests import factories as f
from tests import scale_world
from tests.committee.conftest import make_chair


def _add_submission(w, n, *, score=None):
    author = f.make_user(name=f"Author {n}")
    sub = f.make_submission(w["event"], author=author, title=f"Work {n}")
    db.session.add(AreaChairAssignment(submission_id=sub.id, user_id=w["chair"].id))
    reviewer = f.make_user(name=f"Reviewer {n}")
    f.add_role(w["event"], reviewer, "reviewer")
    assignment = f.make_assignment(sub, reviewer)
    if score is not None:
        db.session.add(Review(assignment_id=assignment.id, answers={"overall": score}, overall=score,
                              status="submitted", submitted_at=utcnow()))
    db.session.add(Comment(submission_id=sub.id, author_id=reviewer.id, body_md="Hm.", visibility="reviewers"))
    db.session.flush()
    return sub


def test_console_lists_reviewers_by_name_scores_and_activity(world, login_as):
    w = world
    db.session.add(Review(assignment_id=w["assignment"].id, answers={}, overall=4, status="submitted",
                          submitted_at=utcnow()))
    db.session.commit()
    page = login_as(w["chair"]).get(f"/{w['event'].slug}/committee/")
    assert page.status_code == 200
    assert b"Diffusion for sketches" in page.data and b"Rita Reviewer" in page.data
    assert b"4.00" in page.data
    assert b"Alice Author" not in page.data  # double-blind: chairs do not see authors here


def test_senior_chair_sees_the_submissions_of_their_chairs(world, login_as):
    w = world
    page = login_as(w["senior"]).get(f"/{w['event'].slug}/committee/")
    assert b"Diffusion for sketches" in page.data and b"Ada Chair" in page.data


def test_conflicted_chair_sees_nothing_of_the_submission(world, login_as):
    w = world
    f.make_conflict(w["submission"], w["chair"], source="reviewer")
    db.session.add(Review(assignment_id=w["assignment"].id, answers={}, overall=5, status="submitted",
                          submitted_at=utcnow()))
    db.session.commit()
    client = login_as(w["chair"])
    page = client.get(f"/{w['event'].slug}/committee/")
    assert b"Diffusion for sketches" not in page.data and b"Rita Reviewer" not in page.data
    assert b"0 of 0 submissions" in page.data  # no count of the hidden one either
    csv = client.get(f"/{w['event'].slug}/committee/?format=csv")
    assert b"Diffusion" not in csv.data and b"Rita" not in csv.data
    sid = w["submission"].id
    assert client.get(f"/{w['event'].slug}/reviews/{sid}").status_code == 404
    assert client.get(f"/{w['event'].slug}/committee/submissions/{sid}/meta-review").status_code == 404
    assert client.post(f"/{w['event'].slug}/committee/submissions/{sid}/reviewers", data={}).status_code == 404


def test_console_filters_sorts_and_csv(world, login_as):
    w = world
    _add_submission(w, 2, score=1)
    _add_submission(w, 3, score=5)
    db.session.commit()
    client = login_as(w["chair"])
    page = client.get(f"/{w['event'].slug}/committee/?q=work+3")
    assert b"Work 3" in page.data and b"Work 2" not in page.data
    page = client.get(f"/{w['event'].slug}/committee/?status=missing&sort=mean")
    assert b"Diffusion for sketches" in page.data and b"Work 3" not in page.data
    csv = client.get(f"/{w['event'].slug}/committee/?format=csv&sort=mean")
    lines = csv.data.decode().splitlines()
    assert csv.mimetype == "text/csv" and lines[0].startswith("number,title,area_chair")
    assert [line.split(",")[1] for line in lines[1:3]] == ["Work 2", "Work 3"]
    bad = client.get(f"/{w['event'].slug}/committee/?sort=evil&status=x")
    assert bad.status_code == 200


def test_console_query_count_does_not_grow_with_rows(world, login_as):
    w = world
    client = login_as(w["chair"])
    path = f"/{w['event'].slug}/committee/"
    client.get(path)

    def count():
        db.session.expire_all()
        with scale_world.captured_statements() as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    small = count()
    for n in range(2, 7):
        _add_submission(w, n, score=n % 5 + 1)
    db.session.commit()
    assert count() == small


def test_remind_late_reviewers_once_a_day(world, login_as):
    w = world
    from datetime import timedelta

    w["event"].review_deadline_at = utcnow() - timedelta(days=3)
    db.session.commit()
    client = login_as(w["chair"])
    assert b"3 d late" in client.get(f"/{w['event'].slug}/committee/").data
    client.post(f"/{w['event'].slug}/committee/remind", data={})
    client.post(f"/{w['event'].slug}/committee/remind", data={})
    rows = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_email == w["reviewer"].email)).all()
    assert len(rows) == 1 and "Diffusion for sketches" in rows[0].body_text


def test_chair_adds_and_removes_reviewers_with_conflicts_and_caps_refused(world, login_as):
    w = world
    event, sub = w["event"], w["submission"]
    extra = f.make_user(name="Extra Reviewer")
    f.add_role(event, extra, "reviewer")
    busy = f.make_user(name="Busy Reviewer")
    f.add_role(event, busy, "reviewer").max_load = 0
    conflicted = f.make_user(name="Conflicted Reviewer")
    f.add_role(event, conflicted, "reviewer")
    f.make_conflict(sub, conflicted)
    db.session.commit()
    client = login_as(w["chair"])
    url = f"/{event.slug}/committee/submissions/{sub.id}/reviewers"
    client.post(url, data={"reviewer": busy.id})
    client.post(url, data={"reviewer": conflicted.id})
    client.post(url, data={"reviewer": "nonsense"})
    assert {a.user_id for a in db.session.scalars(sa.select(Assignment))} == {w["reviewer"].id}
    client.post(url, data={"reviewer": extra.id})
    added = db.session.scalar(sa.select(Assignment).where(Assignment.user_id == extra.id))
    assert added is not None and added.locked
    client.post(f"/{event.slug}/committee/assignments/{added.id}/remove", data={})
    assert db.session.scalar(sa.select(Assignment).where(Assignment.user_id == extra.id)) is None
    # An AC of another submission cannot touch this one's reviewers.
    other = make_chair(event, name="Other Chair")
    db.session.commit()
    assert login_as(other).post(url, data={"reviewer": extra.id}).status_code == 404


def test_chair_posts_to_chairs_and_organizers_only(world, login_as):
    w = world
    url = f"/{w['event'].slug}/reviews/{w['submission'].id}"
    response = login_as(w["chair"]).post(url + "/comments", data={"body": "Between us", "visibility": "committee"})
    assert response.status_code == 302
    assert b"Between us" in login_as(w["organizer"]).get(url).data
    assert b"Between us" in login_as(w["senior"]).get(url).data
    db.session.add(Review(assignment_id=w["assignment"].id, answers={}, overall=3, status="submitted",
                          submitted_at=utcnow()))
    db.session.commit()
    page = login_as(w["reviewer"]).get(url)
    assert page.status_code == 200 and b"Between us" not in page.data
    # A reviewer cannot post at that level.
    login_as(w["reviewer"]).post(url + "/comments", data={"body": "Sneaky", "visibility": "committee"})
    assert db.session.scalar(sa.select(sa.func.count()).where(Comment.body_md == "Sneaky")) == 0


def test_area_chair_lands_on_the_console_after_login(world, client):
    w = world
    response = client.post("/account/login", data={"email": w["chair"].email, "password": f.PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/{w['event'].slug}/committee/")
