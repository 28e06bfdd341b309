"""A person downloads their own data and deletes their account: the reviews stay anonymised,
the authorships keep the printed name, they cannot sign in again, organizers keep their data."""

import json

import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.events.models import Membership
from reviewhub.extensions import db
from reviewhub.reviewing.models import Review
from reviewhub.submissions.models import Authorship
from tests import factories as f


def _world():
    organizer, reviewer, author = f.make_user(name="Olga Org"), f.make_user(name="Rita Rev"), f.make_user(name="Ann Auth")
    event = f.make_event(organizer=organizer)
    f.add_role(event, reviewer, "reviewer")
    work = f.make_submission(event, author=author, title="Printed work")
    other = f.make_submission(event, author=f.make_user(name="Someone Else"), title="Their work")
    assignment = f.make_assignment(other, reviewer)
    db.session.add(Review(assignment_id=assignment.id, answers={"overall": 4, "comments_to_authors": "Fine."},
                          status="submitted"))
    f.make_conflict(other, reviewer, source="author", reason="an author named them")
    f.make_conflict(work, reviewer, source="reviewer", reason="my friend")
    db.session.commit()
    return event, organizer, reviewer, author, work, other


def test_download_holds_own_data_and_no_one_elses_identity(login_as):
    _event, _organizer, reviewer, _author, _work, _other = _world()
    response = login_as(reviewer).get("/account/data")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.data)
    assert data["account"]["email"] == reviewer.email
    assert [r["answers"]["overall"] for r in data["reviews"]] == [4]
    # Only the conflict they declared: an author's declaration would point at the author's side.
    assert [c["reason"] for c in data["conflicts"]] == ["my friend"]
    assert "Someone Else" not in response.get_data(as_text=True)


def test_author_download_lists_their_submissions(login_as):
    _event, _organizer, _reviewer, author, _work, _other = _world()
    data = login_as(author).get("/account/data").get_json()
    assert [s["title"] for s in data["submissions"]] == ["Printed work"]
    assert data["reviews"] == []


def test_download_needs_sign_in(client):
    assert client.get("/account/data").status_code in (302, 401)


def test_wrong_password_deletes_nothing(login_as):
    _event, _organizer, reviewer, *_ = _world()
    response = login_as(reviewer).post("/account/delete", data={"password": "not it"})
    assert response.status_code == 400
    assert "password is not right" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(reviewer), reviewer.id).name == "Rita Rev"


def test_empty_password_is_refused_by_the_field(login_as):
    _event, _organizer, reviewer, *_ = _world()
    response = login_as(reviewer).post("/account/delete", data={"password": ""})
    assert response.status_code == 400
    assert "Type your password" in response.get_data(as_text=True)


def test_deleting_keeps_reviews_anonymised_and_printed_names(app, login_as):
    event, _organizer, reviewer, author, work, _other = _world()
    reviewer_email, author_email = reviewer.email, author.email
    client = login_as(reviewer)
    response = client.post("/account/delete", data={"password": f.PASSWORD})
    assert response.status_code == 302
    assert login_as(author).post("/account/delete", data={"password": f.PASSWORD}).status_code == 302
    db.session.expire_all()
    gone = db.session.get(type(reviewer), reviewer.id)
    assert gone.name == "Deleted user" and gone.email.endswith("@deleted.invalid")
    assert gone.password_hash is None and gone.email_confirmed_at is None
    # Their review stays with the event, attributed to the anonymised row.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).where(Membership.user_id == reviewer.id)) == 0
    printed = db.session.scalar(sa.select(Authorship).where(Authorship.submission_id == work.id))
    assert (printed.name, printed.user_id) == ("Ann Auth", None)
    assert printed.email != author_email
    assert db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "account.deleted",
                                                       AuditLog.actor_id == reviewer.id)) is not None
    # The old session is dead, and the old address and password sign nobody in.
    assert client.get("/account/data").status_code in (302, 401)
    login = app.test_client().post("/account/login", data={"email": reviewer_email, "password": f.PASSWORD})
    assert login.status_code != 302 and "is not right" in login.get_data(as_text=True)


def test_only_organizer_cannot_delete(login_as):
    _event, organizer, *_ = _world()
    response = login_as(organizer).post("/account/delete", data={"password": f.PASSWORD})
    assert response.status_code == 400
    assert "only organizer" in response.get_data(as_text=True)
