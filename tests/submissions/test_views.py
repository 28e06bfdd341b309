"""The author's form end to end: creating, rows without JS, bad input kept, stale saves,
double submits, deadlines by the server clock, coauthors who register later."""

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Submission
from tests import factories as f
from tests.submissions.helpers import author_rows, draft, form_data


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Submission))


def _new(cast):
    return f"/{cast.event.slug}/submissions/new?type=paper"


def test_new_form_starts_with_me_as_contact_and_a_token(cast, login_as):
    page = login_as(cast.author).get(_new(cast)).text
    assert f'value="{cast.author.email}"' in page and 'name="client_token"' in page
    assert 'name="contact" value="0" checked' in page
    assert page.count('class="author-row"') == 4


def test_add_row_button_adds_a_row_and_saves_nothing(cast, login_as):
    data = form_data(cast.author, add_row="Add another author")
    data.pop("save")
    page = login_as(cast.author).post(_new(cast), data=data).text
    assert page.count('class="author-row"') == 5 and 'value="Brushes that listen"' in page
    assert _count() == 0


def test_authors_are_ordered_by_position_with_one_contact(cast, login_as):
    data = form_data(cast.author, topic_ids=[cast.event.topics[1].id])
    data.update({"authors-1-name": "Grace Hopper", "authors-1-email": "grace@navy.example.org",
                 "authors-1-affiliation": "Navy", "authors-1-position": "1", "authors-0-position": "2",
                 "authors-2-name": "Gone", "authors-2-email": "gone@x.example.org", "authors-2-remove": "y",
                 "contact": "1"})
    response = login_as(cast.author).post(_new(cast), data=data)
    assert response.status_code == 302
    sub = db.session.scalar(sa.select(Submission))
    assert [(a.name, a.is_contact) for a in sub.authors] == [("Grace Hopper", True), (cast.author.name, False)]
    assert [t.name for t in sub.topics] == ["Images"] and sub.status == "draft"


def test_double_clicked_create_makes_one_submission(cast, login_as):
    client = login_as(cast.author)
    data = form_data(cast.author, token="same-token")
    first, second = client.post(_new(cast), data=data), client.post(_new(cast), data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert _count() == 1


BAD = [
    ({"title": ""}, "This field is required"),
    ({"title": "x" * 301}, "longer than 300"),
    ({"abstract_md": "x" * 5001}, "longer than 5000"),
    ({"keywords": "k" * 501}, "longer than 500"),
    ({"authors-0-email": "not-an-email"}, "Invalid email"),
    ({"authors-0-email": ""}, "this author&#39;s email"),
    ({"authors-0-name": ""}, "this author&#39;s name"),
    ({"authors-0-name": "n" * 201}, "longer than 200"),
    ({"authors-0-position": "zero"}, "Not a valid integer"),
    ({"contact": "3"}, "among the listed authors"),
    ({"contact": "x"}, "Choose the contact author"),
    ({"ai_use": "generated", "ai_use_details": ""}, "which AI tools"),
    ({"ai_use": "sometimes"}, "Not a valid choice"),
    ({"presentation_preference": "dance"}, "Not a valid choice"),
    ({"ai_use_details": "d" * 3001}, "longer than 3000"),
    ({"client_token": "<script>"}, "form is damaged"),
    ({"topic_ids": ["999999"]}, "not a valid choice for this field"),
]


@pytest.mark.parametrize("change, message", BAD, ids=[m for _c, m in BAD])
def test_bad_input_is_shown_next_to_the_field_and_kept(cast, login_as, change, message):
    data = form_data(cast.author, title="Keep this title", **change) if "title" not in change else \
        form_data(cast.author, **change)
    response = login_as(cast.author).post(_new(cast), data=data)
    assert response.status_code == 200 and message in response.text
    assert f'value="{cast.author.affiliation}"' in response.text or "authors-0-affiliation" in response.text
    if "title" not in change:
        assert 'value="Keep this title"' in response.text
    assert _count() == 0


def test_creative_work_link_must_be_http(cast, login_as):
    data = form_data(cast.author, link_url="javascript:alert(1)", artist_statement="A statement.")
    response = login_as(cast.author).post(f"/{cast.event.slug}/submissions/new?type=creative", data=data)
    assert "starting with https://" in response.text and _count() == 0


def test_stale_save_is_refused_with_the_changes_and_my_input_kept(cast, login_as):
    sub = draft(cast.event, cast.author, coauthors=[(cast.coauthor.name, cast.coauthor.email, "")])
    url = f"/{cast.event.slug}/submissions/{sub.id}/edit"
    rows = author_rows((cast.author.name, cast.author.email, ""), (cast.coauthor.name, cast.coauthor.email, ""))
    theirs = form_data(cast.author, title="Their title", version="1", **rows)
    assert login_as(cast.coauthor).post(url, data=theirs).status_code == 302
    mine = form_data(cast.author, title="My title", version="1", abstract_md="My abstract", **rows)
    response = login_as(cast.author).post(url, data=mine)
    assert response.status_code == 409
    assert "Someone else saved" in response.text and "Their title" in response.text
    assert 'value="My title"' in response.text and "My abstract" in response.text
    assert 'name="version" value="2"' in response.text  # saving again applies mine on top
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).title == "Their title"
    again = form_data(cast.author, title="My title", version="2", **rows)
    assert login_as(cast.author).post(url, data=again).status_code == 302


def test_one_second_late_the_form_says_so_and_keeps_nothing(cast, login_as):
    sub = draft(cast.event, cast.author)
    cast.event.submission_deadline_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    client = login_as(cast.author)
    response = client.post(f"/{cast.event.slug}/submissions/{sub.id}/edit",
                           data=form_data(cast.author, title="Too late", version="1"))
    assert response.status_code == 403 and "deadline passed" in response.text
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).title == "A study of brushes"
    page = client.get(f"/{cast.event.slug}/submissions/{sub.id}")
    assert page.status_code == 200 and "A study of brushes" in page.text and "passed" in page.text
    assert client.post(_new(cast), data=form_data(cast.author)).status_code == 403 and _count() == 1


def test_just_before_the_deadline_the_save_lands(cast, login_as):
    sub = draft(cast.event, cast.author)
    cast.event.submission_deadline_at = utcnow() + timedelta(seconds=30)
    db.session.commit()
    response = login_as(cast.author).post(f"/{cast.event.slug}/submissions/{sub.id}/edit",
                                          data=form_data(cast.author, title="Just in time", version="1"))
    assert response.status_code == 302


def test_coauthor_who_registers_later_sees_and_edits(cast, login_as):
    sub = draft(cast.event, cast.author, coauthors=[("Newt Comer", "newt@later.example.org", "Later Lab")])
    newt = f.make_user(email="newt@later.example.org", name="Newt Comer")
    db.session.commit()
    client = login_as(newt)
    assert "A study of brushes" in client.get(f"/{cast.event.slug}/submissions/mine").text
    assert client.get(f"/{cast.event.slug}/submissions/{sub.id}/edit").status_code == 200
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).authors[1].user_id == newt.id


def test_submit_and_withdraw_buttons(cast, login_as, outbox):
    client = login_as(cast.author)
    import io

    from tests.submissions.helpers import pdf

    data = form_data(cast.author)
    data["file-main"] = (io.BytesIO(pdf()), "p.pdf")
    location = client.post(_new(cast), data=data, content_type="multipart/form-data").headers["Location"]
    sid = int(location.rstrip("/").rsplit("/", 1)[1])
    assert client.post(f"/{cast.event.slug}/submissions/{sid}/submit").status_code == 302
    assert client.post(f"/{cast.event.slug}/submissions/{sid}/submit").status_code == 302
    assert len(outbox()) == 1
    client.post(f"/{cast.event.slug}/submissions/{sid}/withdraw", data={"reason": "sorry"})
    db.session.expire_all()
    assert db.session.get(Submission, sid).status == "withdrawn"
    assert client.get(f"/{cast.event.slug}/submissions/{sid}/edit").status_code == 404


def test_declaring_conflicts_through_the_page(cast, login_as):
    sub = draft(cast.event, cast.author)
    client = login_as(cast.author)
    page = client.get(f"/{cast.event.slug}/submissions/{sub.id}/conflicts").text
    assert "Rita Reviewer" in page and "Review College" in page
    client.post(f"/{cast.event.slug}/submissions/{sub.id}/conflicts", data={
        "rows-0-user_id": str(cast.organizer.id), "rows-1-user_id": str(cast.reviewer.id),
        "rows-1-declared": "y", "rows-1-reason": "my advisor"})
    from reviewhub.submissions.models import Conflict

    rows = list(db.session.scalars(sa.select(Conflict)))
    assert [(c.user_id, c.source, c.reason) for c in rows] == [(cast.reviewer.id, "author", "my advisor")]
    too_long = client.post(f"/{cast.event.slug}/submissions/{sub.id}/conflicts", data={
        "rows-0-user_id": str(cast.reviewer.id), "rows-0-declared": "y", "rows-0-reason": "r" * 501})
    assert too_long.status_code == 200 and "longer than 500" in too_long.text


def test_cfp_shows_types_deadlines_in_zone_limits_and_blind_rule(cast, client):
    page = client.get(f"/{cast.event.slug}/cfp").text
    assert "Paper" in page and "Creative work" in page and "Asia/Kolkata" in page
    assert "left" in page and "4 pages" in page and "Double-blind review" in page and "Music" in page
    assert User.__tablename__  # the page needs no login


def test_new_without_type_offers_the_types(cast, login_as):
    page = login_as(cast.author).get(f"/{cast.event.slug}/submissions/new").text
    assert "type=paper" in page and "type=creative" in page


def test_unknown_user_cannot_create_in_a_closed_call(cast, login_as):
    cast.event.cfp_open = False
    db.session.commit()
    response = login_as(cast.author).post(_new(cast), data=form_data(cast.author, token=uuid.uuid4().hex))
    assert response.status_code == 403 and "closed" in response.text


def test_submitting_without_an_abstract_says_so_beside_the_abstract_and_keeps_the_input(cast, login_as):
    import io
    import re

    from tests.submissions.helpers import pdf

    data = form_data(cast.author, title="Keep this title", abstract_md="", keywords="keep, these",
                     submit_now="Submit")
    data.pop("save")
    data["file-main"] = (io.BytesIO(pdf()), "p.pdf")
    response = login_as(cast.author).post(_new(cast), data=data, content_type="multipart/form-data")
    page = response.text
    assert response.status_code == 400 and _count() == 0
    textarea = re.search(r'<textarea[^>]*id="abstract_md"[^>]*>', page).group(0)
    assert 'aria-describedby="abstract_md-error"' in textarea and 'aria-invalid="true"' in textarea
    error = re.search(r'<ul class="errors" id="abstract_md-error">(.*?)</ul>', page, re.S).group(1)
    assert "Add an abstract before submitting." in error
    assert "Before submitting, add" not in page  # not in a banner at the top
    assert 'value="Keep this title"' in page and 'value="keep, these"' in page


def test_submitting_without_the_paper_says_so_beside_its_file_slot(cast, login_as):
    import re

    data = form_data(cast.author, title="Keep this title", submit_now="Submit")
    data.pop("save")
    response = login_as(cast.author).post(_new(cast), data=data)
    assert response.status_code == 400 and _count() == 0
    slot = re.search(r'id="file-main".*?</div>', response.text, re.S).group(0)
    assert re.search(r'<ul class="errors"[^>]*><li>Add the [^<]+ before submitting\.</li></ul>', slot)
    assert 'value="Keep this title"' in response.text
