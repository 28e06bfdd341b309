"""The bid report page: what organizers see, and nothing about their conflicted submissions."""

from reviewhub.assignment.models import Bid
from reviewhub.extensions import db
from tests import factories as f


def _event():
    """Ann (Lab X) writes 1-3 of 12 submissions; reviewer Rae bids eagerly on all three;
    reviewers Ben and Cat each wrote a submission and bid on the other's."""
    organizer = f.make_user(name="Org")
    conflicted = f.make_user(name="Conflicted Org")
    event = f.make_event(organizer=organizer)
    f.add_role(event, conflicted, "organizer")
    ann = f.make_user(name="Ann Ito", affiliation="Lab X")
    rae, ben, cat = (f.make_user(name=n) for n in ("Rae Reviewer", "Ben Reviewer", "Cat Reviewer"))
    for user in (rae, ben, cat):
        f.add_role(event, user, "reviewer")
    anns = [f.make_submission(event, author=ann, title=f"Ann's work {i}") for i in range(3)]
    others = [f.make_submission(event, author=f.make_user(), title=f"Other {i}") for i in range(7)]
    bens = f.make_submission(event, author=ben, title="Ben's own")
    cats = f.make_submission(event, author=cat, title="Cat's own")
    db.session.add_all([Bid(submission_id=s.id, user_id=rae.id, value="eager") for s in anns])
    db.session.add_all([Bid(submission_id=others[0].id, user_id=rae.id, value="willing"),
                        Bid(submission_id=cats.id, user_id=ben.id, value="eager"),
                        Bid(submission_id=bens.id, user_id=cat.id, value="willing"),
                        Bid(submission_id=others[1].id, user_id=ben.id, value="not_willing")])
    f.make_conflict(cats, conflicted, source="author")
    for s in anns:
        f.make_conflict(s, conflicted, source="reviewer")
    db.session.commit()
    return event, organizer, conflicted, anns, bens, cats


def test_organizer_sees_concentration_and_reciprocal_bids(app, login_as):
    event, organizer, conflicted, anns, bens, cats = _event()
    response = login_as(organizer).get(f"/{event.slug}/assignment/bids/report")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    concentrated = page.split('id="concentrated"')[1].split('id="reciprocal"')[0]
    assert "Rae Reviewer" in concentrated and "Ann Ito" in concentrated and "3 of 4 (75%)" in concentrated
    assert "Lab X" in concentrated
    reciprocal = page.split('id="reciprocal"')[1]
    assert "Ben Reviewer" in reciprocal and "Cat Reviewer" in reciprocal
    assert f"#{cats.number}" in reciprocal and f"#{bens.number}" in reciprocal
    assert "6 positive bid(s) by 3 reviewer(s)" in page


def test_a_conflicted_organizer_sees_nothing_about_their_conflicted_submissions(app, login_as):
    event, organizer, conflicted, anns, bens, cats = _event()
    page = login_as(conflicted).get(f"/{event.slug}/assignment/bids/report").get_data(as_text=True)
    assert "Ann Ito" not in page and "Lab X" not in page
    assert "Rae Reviewer" not in page  # one willing bid left: too few to be a pattern
    assert "Cat&#39;s own" not in page and f"#{cats.number}<" not in page
    assert "Ben Reviewer" not in page  # the pair needs Ben's bid on Cat's work, which is hidden
    assert "2 positive bid(s) by 2 reviewer(s)" in page


def test_the_pages_link_to_the_report_and_reviewers_cannot_open_it(app, login_as):
    event, organizer, conflicted, anns, bens, cats = _event()
    client = login_as(organizer)
    for path in ("/runs", "/current"):
        assert "/assignment/bids/report" in client.get(f"/{event.slug}/assignment{path}").get_data(as_text=True)
    reviewer = db.session.get(type(organizer), anns[0].authors[0].user_id)
    assert login_as(reviewer).get(f"/{event.slug}/assignment/bids/report").status_code in (403, 404)
