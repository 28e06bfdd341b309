"""Importing a publication list: preview, import, dedupe, past papers; co-author conflicts found
from the reviewer's list or the author's, shown to organizers with the paper, neutral to the
reviewer in a double-blind event; bad files refused by the field."""

import io
import json

import sqlalchemy as sa

from reviewhub.assignment.services import profiles
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.permissions import conflict_reason, is_conflicted
from reviewhub.publications import services
from reviewhub.publications.models import Publication, PublicationImport
from reviewhub.submissions.models import Conflict
from reviewhub.submissions.services import conflicts
from tests import factories as f

YEAR = utcnow().year


def _bib(*entries):
    return "\n".join(
        f"@article{{k{i}, title={{{title}}}, author={{{authors}}}, year={{{year}}}, abstract={{About {title}.}}}}"
        for i, (title, authors, year) in enumerate(entries)).encode()


def _world(years=3):
    organizer = f.make_user(name="Olga Organizer", email="olga@org.example.net")
    reviewer = f.make_user(name="Rita Reviewer", email="rita@review.example.net")
    author = f.make_user(name="José Núñez", email="jose@uni.example.org")
    event = f.make_event(organizer=organizer, coauthor_conflict_years=years)
    f.add_role(event, reviewer, "reviewer")
    submission = f.make_submission(event, author=author, title="Sketch diffusion")
    db.session.commit()
    return event, organizer, reviewer, author, submission


def _upload(client, data, name="mine.bib"):
    return client.post("/account/publications/", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _coauthor_rows(submission):
    return list(db.session.scalars(sa.select(Conflict).where(Conflict.submission_id == submission.id,
                                                             Conflict.source == "coauthor")))


def test_upload_preview_import_fills_past_papers_and_finds_the_coauthor_conflict(app, login_as):
    event, organizer, reviewer, author, submission = _world()
    client = login_as(reviewer)
    data = _bib(("Painting with GANs", "Reviewer, Rita and Nunez, J.", YEAR - 1),
                ("Old work", "Rita Reviewer and Ada Lee", YEAR - 10),
                ("painting with GANs!", "Rita Reviewer", YEAR - 1))
    response = _upload(client, data)
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Painting with GANs" in preview and "2 new" in preview and "1 duplicate merged" in preview
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == 0  # nothing kept yet
    staged = db.session.scalar(sa.select(PublicationImport))
    assert client.post(f"/account/publications/imports/{staged.id}/apply").status_code == 302
    db.session.expire_all()
    assert {p.title for p in db.session.scalars(sa.select(Publication))} == {"Painting with GANs", "Old work"}
    assert "Painting with GANs\nAbout Painting with GANs." in profiles.get_profile(reviewer).past_papers
    rows = _coauthor_rows(submission)
    assert [(c.user_id, c.reason) for c in rows] == [
        (reviewer.id, f'co-author of José Núñez on "Painting with GANs" ({YEAR - 1})')]
    assert is_conflicted(reviewer, submission)
    assert conflict_reason(organizer, rows[0]).startswith("co-author of José Núñez")
    assert conflict_reason(reviewer, rows[0]) == "co-authorship conflict"  # double-blind: no name
    assert "Núñez" not in client.get(f"/{event.slug}/profile").get_data(as_text=True)
    # importing again adds nothing and says so
    again = client.post(f"/account/publications/imports/{staged.id}/apply", follow_redirects=True)
    assert b"imported already" in again.data


def test_papers_older_than_the_window_or_a_window_of_zero_make_no_conflict(app):
    event, organizer, reviewer, author, submission = _world(years=3)
    staged = services.stage(reviewer, _bib(("Old", "Rita Reviewer and José Núñez", YEAR - 4)), "x.bib")
    services.apply(reviewer, staged)
    db.session.commit()
    assert _coauthor_rows(submission) == []
    event.coauthor_conflict_years = 0
    staged = services.stage(reviewer, _bib(("New", "Rita Reviewer and José Núñez", YEAR)), "y.bib")
    services.apply(reviewer, staged)
    db.session.commit()
    assert _coauthor_rows(submission) == []
    event.coauthor_conflict_years = 5
    conflicts.refresh_conflicts_for_submission(submission)
    db.session.commit()
    assert len(_coauthor_rows(submission)) == 1


def test_the_authors_own_list_makes_the_conflict_too_and_removing_the_paper_lifts_it(app):
    event, organizer, reviewer, author, submission = _world()
    s2 = {"data": [{"paperId": "p", "title": "Joint work", "year": YEAR, "authors": [{"name": "J. Nunez"}, {"name": "R. Reviewer"}]}]}
    services.apply(author, services.stage(author, json.dumps(s2).encode(), "s2.json"))
    db.session.commit()
    assert [c.user_id for c in _coauthor_rows(submission)] == [reviewer.id]
    services.remove(author, db.session.scalar(sa.select(Publication)))
    db.session.commit()
    assert _coauthor_rows(submission) == []


def test_a_homonym_of_the_author_is_not_a_coauthor_and_an_override_stays(app):
    event, organizer, reviewer, author, submission = _world()
    services.apply(reviewer, services.stage(reviewer, _bib(("Solo", "Rita Reviewer", YEAR)), "a.bib"))
    db.session.commit()
    assert _coauthor_rows(submission) == []


def test_bad_uploads_are_refused_by_the_field_and_nothing_is_kept(app, login_as):
    event, organizer, reviewer, author, submission = _world()
    client = login_as(reviewer)
    for data, message in [(b"", b"empty"), (b"plain words here", b"not a publication list"),
                          (b"{broken", b"cannot be read"), (b"@misc{a, author={X}}", b"No paper")]:
        response = _upload(client, data, "list.txt")
        assert response.status_code == 400 and message in response.data, data
    assert client.post("/account/publications/", data={}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PublicationImport)) == 0


def test_another_persons_import_or_paper_answers_like_a_missing_one(app, login_as):
    event, organizer, reviewer, author, submission = _world()
    staged = services.stage(reviewer, _bib(("Mine", "Rita Reviewer", YEAR)), "a.bib")
    services.apply(reviewer, staged)
    db.session.commit()
    paper = db.session.scalar(sa.select(Publication))
    other = login_as(author)
    for path in (f"/account/publications/imports/{staged.id}", f"/account/publications/imports/{staged.id + 99}"):
        assert other.get(path).status_code == 404
    assert other.post(f"/account/publications/{paper.id}/remove").status_code == 404
    assert db.session.get(Publication, paper.id) is not None
