"""Organizers' pages: list with filters, search, counts, pagination and a flat query count;
CSV (escaped, conflicts hidden); charts; extensions; overrides; types; double-blind leaks."""

import csv
import io

import pytest
import sqlalchemy as sa
from sqlalchemy import event as sa_event

from reviewhub.extensions import db
from reviewhub.submissions import services
from reviewhub.submissions.core import Upload
from reviewhub.submissions.models import Conflict, Submission, SubmissionType
from tests import factories as f
from tests.submissions.helpers import draft, pdf


def _submit(sub, user):
    services.attach_file(sub, Upload("main", "Ada Lovelace paper.pdf", pdf(Author=user.name)), by=user)
    services.submit(sub, by=user)
    db.session.commit()
    return sub


def _many(cast, n, start=0):
    subs = []
    for i in range(start, start + n):
        person = f.make_user(name=f"Person {i}", email=f"p{i}@lab{i}.example.org")
        subs.append(draft(cast.event, person, title=f"Work {i}",
                          topic_ids=(cast.event.topics[i % 3].id,)))
    db.session.commit()
    return subs


def test_list_filters_search_and_counts(cast, login_as):
    subs = _many(cast, 6)
    _submit(subs[0], f.make_user())  # submitted by an author not on the list is fine for the page
    client = login_as(cast.organizer)
    base = f"/{cast.event.slug}/manage/submissions"
    assert "6 matching" in client.get(base).text
    assert "1 matching" in client.get(base + "?status=submitted").text
    assert "2 matching" in client.get(base + f"?topic={cast.event.topics[0].id}").text
    page = client.get(base + "?q=person 3").text
    assert "1 matching" in page and "Work 3" in page
    assert "1 matching" in client.get(base + "?q=WORK 4").text
    assert "0 matching" in client.get(base + f"?type={cast.creative.id}").text
    assert 'role="img"' in client.get(base).text  # the charts


def test_list_paginates(cast, login_as, monkeypatch):
    from reviewhub.submissions import queries

    monkeypatch.setattr(queries, "PER_PAGE", 4)
    _many(cast, 6)
    client = login_as(cast.organizer)
    second = client.get(f"/{cast.event.slug}/manage/submissions?page=2").text
    assert "page 2 of 2" in second and "Work 5" in second and "Work 0" not in second


def _queries(client, url) -> int:
    seen = []

    def count(*_args):
        seen.append(1)

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_list_query_count_does_not_grow_with_rows(cast, login_as):
    client = login_as(cast.organizer)
    url = f"/{cast.event.slug}/manage/submissions"
    _many(cast, 3)
    few = _queries(client, url)
    _many(cast, 12, start=3)
    assert _queries(client, url) == few


def test_conflicted_organizer_neither_lists_nor_exports_nor_opens(cast, login_as):
    sub = _submit(draft(cast.event, cast.author), cast.author)
    other = draft(cast.event, f.make_user(), title="Visible work")
    conflicted = f.make_user(name="Conny Conflicted")
    f.add_role(cast.event, conflicted, "organizer")
    f.make_conflict(sub, conflicted, source="author")
    db.session.commit()
    client = login_as(conflicted)
    page = client.get(f"/{cast.event.slug}/manage/submissions").text
    assert "Visible work" in page and sub.title not in page and "1 submission is not listed" in page
    exported = client.get(f"/{cast.event.slug}/manage/submissions.csv").text
    assert "Visible work" in exported and sub.title not in exported and cast.author.email not in exported
    assert client.get(f"/{cast.event.slug}/submissions/{sub.id}").status_code == 404
    assert client.get(f"/{cast.event.slug}/submissions/{other.id}").status_code == 200


def test_csv_escapes_formulas_and_lists_authors(cast, login_as):
    evil = f.make_user(name="=HYPERLINK(\"http://x\")", email="evil@bad.example.org")
    draft(cast.event, evil, title="@SUM(A1:A9)")
    response = login_as(cast.organizer).get(f"/{cast.event.slug}/manage/submissions.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["title"] == "'@SUM(A1:A9)" and rows[0]["authors"].startswith("'=HYPERLINK")
    assert rows[0]["emails"] == "evil@bad.example.org" and rows[0]["status"] == "draft"


def test_reviewer_sees_no_author_identity_anywhere(cast, login_as):
    sub = _submit(draft(cast.event, cast.author, coauthors=[(cast.coauthor.name, cast.coauthor.email, "Difference Lab")]),
                  cast.author)
    f.make_assignment(sub, cast.reviewer)
    db.session.commit()
    client = login_as(cast.reviewer)
    page = client.get(f"/{cast.event.slug}/submissions/{sub.id}").text
    for secret in (cast.author.name, cast.author.email, cast.author.affiliation, cast.coauthor.name,
                   cast.coauthor.email, "Difference Lab", "Ada Lovelace paper.pdf", "Lovelace"):
        assert secret not in page
    assert "Authors are hidden" in page
    download = client.get(f"/{cast.event.slug}/submissions/{sub.id}/files/{sub.files[0].id}")
    assert "Lovelace" not in download.headers["Content-Disposition"] and b"Ada Lovelace" not in download.data
    for url in ("/manage/submissions", "/manage/submissions.csv", f"/submissions/{sub.id}/edit"):
        assert client.get(f"/{cast.event.slug}{url}").status_code in (403, 404)


def test_organizer_sees_authors_and_found_conflicts_and_overrides(cast, login_as):
    sub = _submit(draft(cast.event, cast.author, coauthors=[("Pat", "pat@review.example.net", "")]), cast.author)
    client = login_as(cast.organizer)
    page = client.get(f"/{cast.event.slug}/submissions/{sub.id}").text
    assert cast.author.name in page and "Rita Reviewer" in page and "email domain" in page
    conflict = db.session.scalar(sa.select(Conflict))
    url = f"/{cast.event.slug}/submissions/{sub.id}/conflicts/{conflict.id}/override"
    assert "This field is required" in client.post(url, data={"reason": ""}).text
    assert "longer than 500" in client.post(url, data={"reason": "r" * 501}).text
    assert client.post(url, data={"reason": "Different campus"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Conflict, conflict.id).overridden


def test_extend_deadline_form(cast, login_as):
    sub = draft(cast.event, cast.author)
    client = login_as(cast.organizer)
    url = f"/{cast.event.slug}/submissions/{sub.id}/extend"
    assert "Enter a date and time" in client.post(url, data={"until": "tomorrow"}).text
    assert "year between" in client.post(url, data={"until": "3000-01-01T10:00"}).text
    assert client.post(url, data={"until": "2030-05-01T12:00"}).status_code == 302
    db.session.expire_all()
    extended = db.session.get(Submission, sub.id).deadline_extension_at
    assert extended.isoformat() == "2030-05-01T06:30:00+00:00"  # 12:00 in Asia/Kolkata


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "This field is required"), ({"name": "n" * 101}, "longer than 100"),
    ({"key": "Bad Key"}, "lowercase"), ({"key": "k" * 41}, "between 2 and 40"),
    ({"max_file_mb": "0"}, "between 1 and 60"), ({"max_file_mb": "many"}, "Not a valid integer"),
    ({"page_limit": "-1"}, "between 1 and 500"), ({"deadline_at": "soon"}, "Enter a date and time"),
    ({"allowed_kinds": ["exe"]}, "not a valid choice"), ({"allowed_kinds": []}, "at least one kind"),
    ({"key": "paper"}, "Another type"),
])
def test_type_form_bad_input(cast, login_as, change, message):
    data = {"name": "Poster", "key": "poster", "max_file_mb": "10", "allowed_kinds": ["pdf"], **change}
    response = login_as(cast.organizer).post(f"/{cast.event.slug}/manage/submission-types/new", data=data)
    assert response.status_code == 200 and message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SubmissionType)) == 2


def test_type_create_edit_delete(cast, login_as):
    client = login_as(cast.organizer)
    base = f"/{cast.event.slug}/manage/submission-types"
    client.post(base + "/new", data={"name": "Demo", "key": "demo", "max_file_mb": "5",
                                     "allowed_kinds": ["video"], "required_kinds": ["video", "pdf"],
                                     "deadline_at": "2030-01-01T23:59"})
    kind = db.session.scalar(sa.select(SubmissionType).where(SubmissionType.key == "demo"))
    assert kind.required_kinds == ["video"] and kind.deadline_at.isoformat() == "2030-01-01T18:29:00+00:00"
    client.post(base + f"/{kind.id}/edit", data={"name": "Demo 2", "key": "demo", "max_file_mb": "6",
                                                 "allowed_kinds": ["video"]})
    db.session.expire_all()
    assert db.session.get(SubmissionType, kind.id).name == "Demo 2"
    kind_id = kind.id
    client.post(base + f"/{kind_id}/delete")
    db.session.expire_all()
    assert db.session.get(SubmissionType, kind_id) is None
    assert "Demo 2" not in client.get(base).text
