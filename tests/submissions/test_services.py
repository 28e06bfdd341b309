"""Services: drafts, numbering, idempotent create, optimistic locking, submit, withdraw,
deadlines (non-UTC zone, one second either side), extensions, receipts, audit."""

import threading
import uuid
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.errors import DeadlinePassed, DomainError, InvalidTransition, StaleEdit
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import services
from reviewhub.submissions.core import AuthorData, Upload
from reviewhub.submissions.models import Submission
from reviewhub.timeutil import from_local
from tests.submissions.helpers import data_for, draft, pdf


def _actions(obj) -> list[str]:
    return list(db.session.scalars(sa.select(AuditLog.action).where(
        AuditLog.object_type == type(obj).__name__, AuditLog.object_id == obj.id).order_by(AuditLog.id)))


def test_create_draft_numbers_sequentially_and_audits(cast):
    first = draft(cast.event, cast.author)
    second = draft(cast.event, cast.author, kind_key="creative")
    assert (first.number, second.number) == (1, 2)
    assert first.status == "draft" and first.version == 1
    assert first.authors[0].is_contact and first.authors[0].email == cast.author.email
    assert _actions(first) == ["submissions.created"]


def test_same_client_token_creates_one_submission(cast):
    data = data_for(cast.author)
    one, created = services.create_draft(cast.event, cast.paper, by=cast.author, data=data, client_token="tok-1")
    two, created_again = services.create_draft(cast.event, cast.paper, by=cast.author, data=data, client_token="tok-1")
    db.session.commit()
    assert created and not created_again and one.id == two.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 1


def test_concurrent_creates_get_distinct_numbers(app, cast):
    """Eight threads, each with its own session, create at once: numbers 1..8, none lost."""
    errors, event_id, author_id = [], cast.event.id, cast.author.id

    def create(i):
        with app.app_context():
            try:
                from reviewhub.accounts.models import User
                from reviewhub.events.models import Event
                from reviewhub.submissions.models import SubmissionType

                event, user = db.session.get(Event, event_id), db.session.get(User, author_id)
                kind = db.session.scalar(sa.select(SubmissionType).where(SubmissionType.event_id == event_id,
                                                                         SubmissionType.key == "paper"))
                services.create_draft(event, kind, by=user, data=data_for(user, title=f"T{i}"),
                                      client_token=f"t-{i}")
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(db.session.scalars(sa.select(Submission.number).where(Submission.event_id == event_id)))
    assert numbers == list(range(1, 9))


def test_update_bumps_version_and_refuses_a_stale_save_with_changes(cast):
    sub = draft(cast.event, cast.author)
    services.update(sub, by=cast.author, data=data_for(cast.author, title="New title"), expected_version=1)
    services.save(cast.event, by=cast.author, data=data_for(cast.author, title="New title"), submission=sub,
                  expected_version=2)
    db.session.commit()
    assert sub.version == 3
    with pytest.raises(StaleEdit) as caught:
        services.update(sub, by=cast.author, data=data_for(cast.author, title="Mine"), expected_version=1)
    changes = caught.value.changes["changes"]
    assert ("Title", "A study of brushes", "New title") in changes
    db.session.rollback()
    assert db.session.get(Submission, sub.id).title == "New title"


def test_coauthor_cannot_remove_their_own_row_by_accident(cast):
    sub = draft(cast.event, cast.author, coauthors=[(cast.coauthor.name, cast.coauthor.email, "")])
    with pytest.raises(DomainError, match="Your own email"):
        services.update(sub, by=cast.coauthor, data=data_for(cast.author), expected_version=1)


@pytest.mark.parametrize("change, message", [
    (dict(authors=()), "at least one author"),
    (dict(authors=(AuthorData("A", "a@x.org", "", True), AuthorData("B", "b@x.org", "", True))), "exactly one"),
    (dict(authors=(AuthorData("A", "a@x.org", "", True), AuthorData("B", "A@x.org"))), "different email"),
    (dict(ai_use="generated", ai_use_details=""), "AI tools"),
    (dict(ai_use="sometimes"), "how AI"),
    (dict(presentation_preference="dance"), "talk, poster"),
    (dict(link_url="https://example.org/x"), "link"),
    (dict(topic_ids=(999999,)), "topics of this event"),
    (dict(title="   "), "title"),
])
def test_service_refuses_inconsistent_data(cast, change, message):
    data = data_for(cast.author, **change)
    with pytest.raises(DomainError, match=message):
        services.create_draft(cast.event, cast.paper, by=None if "authors" in change else cast.author, data=data)


def test_submit_requires_the_pdf_and_consent(cast):
    sub = draft(cast.event, cast.author, consent_to_publish=False)
    with pytest.raises(DomainError, match="paper \\(PDF\\).*consent"):
        services.submit(sub, by=cast.author)


def test_submit_sends_a_receipt_to_every_author_once(cast, outbox):
    sub = draft(cast.event, cast.author, coauthors=[("Charles Babbage", cast.coauthor.email, "Difference Lab"),
                                                    ("Grace Hopper", "grace@navy.example.org", "Navy")])
    services.attach_file(sub, Upload("main", "p.pdf", pdf()), by=cast.author)
    services.submit(sub, by=cast.author)
    services.submit(sub, by=cast.author)  # a double click: nothing more
    db.session.commit()
    rows = outbox()
    assert sorted(r.to_email for r in rows) == sorted([cast.author.email, cast.coauthor.email, "grace@navy.example.org"])
    assert all(f"#{sub.number}" in r.subject and "Grace Hopper" in r.body_text and "A study of brushes" in r.body_text
               for r in rows)
    assert sub.status == "submitted" and sub.submitted_at is not None
    assert _actions(sub).count("submissions.submitted") == 1


def test_withdraw_from_submitted_and_not_twice(cast):
    sub = draft(cast.event, cast.author)
    services.withdraw(sub, by=cast.author, reason="elsewhere")
    assert sub.status == "withdrawn" and sub.withdrawn_at
    with pytest.raises(InvalidTransition):
        services.withdraw(sub, by=cast.author)
    with pytest.raises(InvalidTransition):
        services.update(sub, by=cast.author, data=data_for(cast.author), expected_version=sub.version)


def _set_deadline(cast, local: datetime):
    cast.event.submission_deadline_at = from_local(local, "Asia/Kolkata")
    db.session.commit()
    return cast.event.submission_deadline_at


def test_deadline_in_a_non_utc_zone_one_second_before_and_after(cast):
    deadline = _set_deadline(cast, datetime(2030, 3, 1, 23, 59, 59))
    assert deadline == datetime.fromisoformat("2030-03-01T18:29:59+00:00")
    sub = draft(cast.event, cast.author)
    before, after = deadline - timedelta(seconds=1), deadline + timedelta(seconds=1)
    services.update(sub, by=cast.author, data=data_for(cast.author, title="In time"), expected_version=1, now=before)
    db.session.commit()
    with pytest.raises(DeadlinePassed, match="2030-03-01 23:59 Asia/Kolkata"):
        services.save(cast.event, by=cast.author, data=data_for(cast.author, title="Late"), submission=sub,
                      expected_version=2, uploads=[Upload("main", "p.pdf", pdf())], now=after)
    db.session.rollback()
    fresh = db.session.get(Submission, sub.id)
    assert fresh.title == "In time" and fresh.version == 2 and fresh.files == []


def test_create_and_submit_are_refused_after_the_deadline(cast):
    deadline = _set_deadline(cast, datetime(2030, 3, 1, 23, 59, 59))
    with pytest.raises(DeadlinePassed):
        services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author),
                              now=deadline + timedelta(seconds=1))
    sub, _ = services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author),
                                   now=deadline - timedelta(seconds=1))
    services.attach_file(sub, Upload("main", "p.pdf", pdf()), by=cast.author)
    with pytest.raises(DeadlinePassed):
        services.submit(sub, by=cast.author, now=deadline + timedelta(seconds=1))


def test_type_deadline_overrides_event_and_extension_overrides_both(cast):
    event_deadline = _set_deadline(cast, datetime(2030, 3, 1, 23, 59))
    cast.paper.deadline_at = event_deadline - timedelta(days=1)
    sub = draft(cast.event, cast.author)
    assert services.deadline_of(sub) == cast.paper.deadline_at
    with pytest.raises(DeadlinePassed):
        services.update(sub, by=cast.author, data=data_for(cast.author), expected_version=1,
                        now=cast.paper.deadline_at + timedelta(seconds=1))
    services.extend_deadline(sub, until=event_deadline + timedelta(days=3), by=cast.organizer)
    services.update(sub, by=cast.author, data=data_for(cast.author), expected_version=1,
                    now=event_deadline + timedelta(days=2))
    assert "submissions.deadline_extended" in _actions(sub)


def test_closed_call_refuses_new_drafts(cast):
    cast.event.cfp_open = False
    with pytest.raises(DomainError, match="closed"):
        services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author))


def test_default_types_are_idempotent(cast):
    assert [t.key for t in services.ensure_default_types(cast.event)] == ["paper", "creative"]
    assert [t.key for t in services.ensure_default_types(cast.event)] == ["paper", "creative"]


def test_type_keys_are_unique_and_used_types_stay(cast):
    with pytest.raises(DomainError, match="key"):
        services.save_type(cast.event, None, by=cast.organizer, key="paper", name="Again", allowed_kinds=["pdf"])
    draft(cast.event, cast.author)
    with pytest.raises(DomainError, match="use this type"):
        services.delete_type(cast.paper, by=cast.organizer)
    services.delete_type(cast.creative, by=cast.organizer)


def test_save_is_all_or_nothing_when_a_file_is_refused(cast):
    sub = draft(cast.event, cast.author)
    with pytest.raises(DomainError):
        services.save(cast.event, by=cast.author, data=data_for(cast.author, title="Changed"), submission=sub,
                      expected_version=1, uploads=[Upload("main", "p.pdf", b"<html>no</html>")])
    db.session.rollback()
    assert db.session.get(Submission, sub.id).title == "A study of brushes"


def test_now_defaults_to_the_server_clock(cast):
    cast.event.submission_deadline_at = utcnow() - timedelta(seconds=1)
    with pytest.raises(DeadlinePassed):
        services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author),
                              client_token=uuid.uuid4().hex)
