"""Abstract registration (HotCRP's registration deadline): after it no new submission is
accepted, judged like the submission deadline; those registered in time are still completed."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.errors import DeadlinePassed
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import services
from reviewhub.submissions.core import Upload
from reviewhub.submissions.models import Submission
from tests.submissions.helpers import data_for, form_data, pdf


def _registration(cast, at, *, grace_minutes=0, full_deadline_in=timedelta(days=7)):
    cast.event.abstract_deadline_at = at
    cast.event.submission_deadline_at = at + full_deadline_in
    cast.event.submission_grace_minutes = grace_minutes
    db.session.commit()


def test_a_new_submission_lands_at_the_registration_instant_and_not_one_second_later(cast):
    at = utcnow().replace(microsecond=0) + timedelta(days=1)
    _registration(cast, at)
    services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author), now=at)
    with pytest.raises(DeadlinePassed, match="Abstract registration closed"):
        services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author, title="Late"),
                              now=at + timedelta(seconds=1))
    assert services.can_create_at(cast.event, cast.paper, at)
    assert not services.can_create_at(cast.event, cast.paper, at + timedelta(seconds=1))


def test_the_grace_period_applies_to_registration_as_to_the_deadline(cast):
    at = utcnow().replace(microsecond=0) + timedelta(days=1)
    _registration(cast, at, grace_minutes=5)
    services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author),
                          now=at + timedelta(minutes=5))
    with pytest.raises(DeadlinePassed):
        services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author, title="Late"),
                              now=at + timedelta(minutes=5, seconds=1))


def test_a_registered_submission_is_completed_and_submitted_after_registration_closed(cast):
    at = utcnow().replace(microsecond=0) + timedelta(days=1)
    _registration(cast, at)
    sub, _ = services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author),
                                   now=at - timedelta(hours=1))
    later = at + timedelta(days=3)
    services.save(cast.event, by=cast.author, data=data_for(cast.author, title="Full paper"), submission=sub,
                  expected_version=sub.version, uploads=[Upload("main", "p.pdf", pdf())], submit_now=True, now=later)
    db.session.commit()
    fresh = db.session.get(Submission, sub.id)
    assert fresh.title == "Full paper" and fresh.status == "submitted"
    with pytest.raises(DeadlinePassed):  # the full deadline still applies to it
        services.update(fresh, by=cast.author, data=data_for(cast.author), expected_version=fresh.version,
                        now=at + timedelta(days=7, seconds=1))


def test_the_form_refuses_a_new_submission_after_registration_and_keeps_what_was_typed(cast, login_as):
    _registration(cast, utcnow() - timedelta(minutes=1))
    response = login_as(cast.author).post(f"/{cast.event.slug}/submissions/new?type=paper",
                                          data=form_data(cast.author, title="Registered too late"))
    assert response.status_code == 403
    assert "Abstract registration closed" in response.text and 'value="Registered too late"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 0


def test_the_call_shows_the_registration_deadline(cast, client):
    _registration(cast, utcnow() + timedelta(days=2))
    page = client.get(f"/{cast.event.slug}/cfp").text
    assert "Abstract registration" in page and "new submissions are accepted until then" in page
