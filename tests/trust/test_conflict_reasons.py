"""Point 4: a reviewer is never told who wrote a submission through the reason of a conflict."""

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.submissions.models import Conflict
from reviewhub.submissions.services.conflicts import (
    declare_conflicts,
    refresh_conflicts_for_submission,
)
from tests import factories as f
from tests.trust.helpers import get_pages

AUTHOR_AFFILIATION = "Institut Zanzibar-Planted"   # the reviewer spells it "institut zanzibar planted"
AUTHOR_EMAIL = "qorvath@zanzibarplanted.edu"
DECLARED = "Qorvath's doctoral advisor"
# Nothing a reviewer of a double-blind event may read about these authors.
PLANTED = (AUTHOR_AFFILIATION.lower(), AUTHOR_EMAIL, "qorvath", "same affiliation", "same mail domain",
           "doctoral advisor")


def _event():
    organizer = f.make_user(name="Olga Organizer")
    event = f.make_event(organizer=organizer)
    author = f.make_user(name="Qorvath Author", email=AUTHOR_EMAIL, affiliation=AUTHOR_AFFILIATION)
    colleague = f.make_user(name="Rhea Colleague", email="rhea@cs.zanzibarplanted.edu",
                            affiliation="institut zanzibar planted")
    advisee = f.make_user(name="Ansel Advisor", affiliation="Elsewhere University")
    for reviewer in (colleague, advisee):
        f.add_role(event, reviewer, "reviewer")
    planted = f.make_submission(event, author=author, title="A planted work")
    other = f.make_submission(event, author=f.make_user(name="Other Writer"), title="Another work")
    for reviewer in (colleague, advisee):
        f.make_assignment(planted, reviewer)  # assigned before the conflicts were known
        f.make_assignment(other, reviewer)
    refresh_conflicts_for_submission(planted)
    declare_conflicts(planted, by=author, reasons={advisee.id: DECLARED})
    db.session.commit()
    return event, organizer, colleague, advisee, planted, other


def _leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [token for token in PLANTED if token.lower() in lowered]


def test_the_conflicts_were_found_with_their_full_reasons(app):
    event, _, colleague, advisee, planted, _ = _event()
    reasons = {(c.user_id, c.source): c.reason for c in db.session.scalars(
        sa.select(Conflict).where(Conflict.submission_id == planted.id))}
    assert "zanzibarplanted.edu" in reasons[(colleague.id, "email_domain")]
    assert "same affiliation" in reasons[(colleague.id, "affiliation")]
    assert reasons[(advisee.id, "author")] == DECLARED


def test_no_reviewer_page_names_the_authors_through_a_conflict_reason(app, login_as):
    event, _, colleague, advisee, planted, other = _event()
    for reviewer in (colleague, advisee):
        client = login_as(reviewer)
        values = {"slug": event.slug, "sid": other.id, "number": other.number}
        pages = list(get_pages(app, client, values))
        pages += list(get_pages(app, client, {**values, "sid": planted.id, "number": planted.number}))
        assert len([p for p, r in pages if r.status_code == 200]) >= 5, "the crawl reached too few pages"
        for path, response in pages:
            assert response.status_code < 500, path
            assert not _leaks(response.get_data(as_text=True)), f"{reviewer.name} reads {_leaks(response.get_data(as_text=True))} on {path}"


def test_the_reviewer_sees_a_neutral_reason_on_their_profile(app, login_as):
    event, _, colleague, advisee, _, _ = _event()
    page = login_as(colleague).get(f"/{event.slug}/assignment/profile").get_data(as_text=True)
    assert "institutional conflict" in page and "A planted work" in page
    page = login_as(advisee).get(f"/{event.slug}/assignment/profile").get_data(as_text=True)
    assert "declared by the authors" in page


def test_a_reviewer_reads_back_their_own_declared_reason(app, login_as):
    event, _, colleague, _, _, other = _event()
    client = login_as(colleague)
    client.post(f"/{event.slug}/assignment/conflicts", data={"submission": other.id, "reason": "my own words"})
    assert "my own words" in client.get(f"/{event.slug}/assignment/profile").get_data(as_text=True)


def test_an_unconflicted_organizer_sees_the_full_reason(app, login_as):
    event, organizer, _, _, planted, _ = _event()
    page = login_as(organizer).get(f"/{event.slug}/submissions/{planted.id}").get_data(as_text=True)
    assert "same affiliation" in page and DECLARED.replace("'", "&#39;") in page


def test_a_conflicted_organizer_who_reviews_gets_the_neutral_reason(app, login_as):
    event, organizer, _, _, planted, _ = _event()
    chair = f.make_user(name="Conflicted Chair", email="chair@zanzibarplanted.edu", affiliation="Somewhere")
    f.add_role(event, chair, "organizer")
    f.add_role(event, chair, "reviewer")
    refresh_conflicts_for_submission(planted)
    db.session.commit()
    page = login_as(chair).get(f"/{event.slug}/assignment/profile").get_data(as_text=True)
    assert "institutional conflict" in page and "same mail domain" not in page
