"""Conflicts: found from mail domains and affiliations, declared by authors, overridden by
organizers with a reason; authorship linking for registered coauthors."""

import pytest
import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.errors import DomainError, NotAllowed
from reviewhub.extensions import db
from reviewhub.permissions import can_organize_submission, is_conflicted
from reviewhub.submissions import services
from reviewhub.submissions.core import Upload
from reviewhub.submissions.models import Authorship, Conflict
from tests import factories as f
from tests.submissions.helpers import draft, pdf


def _submitted(cast, coauthors=()):
    sub = draft(cast.event, cast.author, coauthors=coauthors)
    services.attach_file(sub, Upload("main", "p.pdf", pdf()), by=cast.author)
    services.submit(sub, by=cast.author)
    db.session.commit()
    return sub


def _rows(sub):
    return {(c.user_id, c.source) for c in db.session.scalars(sa.select(Conflict).where(Conflict.submission_id == sub.id))}


def test_submit_records_domain_and_affiliation_conflicts(cast):
    sub = _submitted(cast, coauthors=[("Pat", "pat@cs.review.example.net", ""), ("Sam", "sam@gmail.com", "Org Institute")])
    assert _rows(sub) == {(cast.reviewer.id, "email_domain"), (cast.organizer.id, "affiliation")}
    assert is_conflicted(cast.organizer, sub) and not can_organize_submission(cast.organizer, sub)


def test_public_mail_providers_are_no_conflict(cast):
    cast.reviewer.email = "rita@gmail.com"
    sub = _submitted(cast, coauthors=[("Sam", "sam@gmail.com", "")])
    assert _rows(sub) == set()


def test_edit_recomputes_found_conflicts(cast):
    sub = _submitted(cast, coauthors=[("Pat", "pat@review.example.net", "")])
    assert _rows(sub) == {(cast.reviewer.id, "email_domain")}
    from tests.submissions.helpers import data_for

    services.save(cast.event, by=cast.author, data=data_for(cast.author), submission=sub, expected_version=sub.version)
    db.session.commit()
    assert _rows(sub) == set()


def test_reviewer_joining_later_gets_conflicts(cast):
    sub = _submitted(cast)
    late = f.make_user(name="Late Reviewer", email="late@analytical.example.org", affiliation="")
    f.add_role(cast.event, late, "reviewer")
    assert services.refresh_conflicts_for_user(cast.event, late) == 1
    db.session.commit()
    assert (late.id, "email_domain") in _rows(sub)
    assert services.refresh_conflicts_for_user(cast.event, late) == 0  # idempotent


def test_override_needs_a_reason_is_audited_and_lifts_the_conflict(cast):
    sub = _submitted(cast, coauthors=[("Pat", "pat@review.example.net", "")])
    conflict = db.session.scalar(sa.select(Conflict).where(Conflict.submission_id == sub.id))
    with pytest.raises(DomainError, match="reason"):
        services.override_conflict(conflict, by=cast.organizer, reason=" ")
    services.override_conflict(conflict, by=cast.organizer, reason="Different departments, never met.")
    db.session.commit()
    assert not is_conflicted(cast.reviewer, sub)
    audit = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "submissions.conflict_overridden"))
    assert audit.actor_id == cast.organizer.id and "never met" in audit.details["reason"]
    services.refresh_conflicts_for_submission(sub)  # an overridden row survives recomputation
    assert db.session.get(Conflict, conflict.id).overridden
    services.override_conflict(conflict, by=cast.organizer, reason="Actually close", undo=True)
    assert is_conflicted(cast.reviewer, sub)


def test_declared_conflicts_cannot_be_overridden(cast):
    sub = _submitted(cast)
    services.declare_conflicts(sub, by=cast.author, reasons={cast.reviewer.id: "former advisor"})
    conflict = db.session.scalar(sa.select(Conflict).where(Conflict.submission_id == sub.id))
    assert conflict.source == "author" and conflict.reason == "former advisor"
    with pytest.raises(NotAllowed):
        services.override_conflict(conflict, by=cast.organizer, reason="no")


def test_declare_only_event_people_and_undeclare(cast):
    sub = _submitted(cast)
    stranger = f.make_user()
    with pytest.raises(DomainError):
        services.declare_conflicts(sub, by=cast.author, reasons={stranger.id: ""})
    services.declare_conflicts(sub, by=cast.author, reasons={cast.reviewer.id: "", cast.organizer.id: "friend"})
    services.declare_conflicts(sub, by=cast.author, reasons={cast.organizer.id: "friend"})
    assert _rows(sub) == {(cast.organizer.id, "author")}


def test_link_authorships_ties_rows_to_a_confirmed_account(cast):
    sub = draft(cast.event, cast.author, coauthors=[("New Person", "NEW@late.example.org", "")])
    newcomer = f.make_user(email="new@late.example.org", confirmed=False)
    assert services.link_authorships(newcomer) == 0
    from reviewhub.models_base import utcnow

    newcomer.email_confirmed_at = utcnow()
    assert services.link_authorships(newcomer) == 1
    row = db.session.scalar(sa.select(Authorship).where(Authorship.submission_id == sub.id, Authorship.position == 1))
    assert row.user_id == newcomer.id


def test_adding_a_reviewer_through_the_events_service_finds_conflicts(cast):
    from reviewhub.events import services as events

    sub = _submitted(cast)
    colleague = f.make_user(email="colleague@analytical.example.org")
    events.add_member(cast.event, colleague, "reviewer", by=cast.organizer)
    db.session.commit()
    assert (colleague.id, "email_domain") in _rows(sub)
