"""Outbox delivery against a real local SMTP server: exactly once, and nothing lost under faults."""

from datetime import timedelta

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.mail import delivery
from reviewhub.mail.models import OutboxMessage, OutboxState
from reviewhub.mail.services import Recipient, enqueue
from reviewhub.models_base import utcnow
from tests import factories as f
from tests.mail.helpers import use_smtp

CONTEXT = {
    "event_name": "GenAI & Creativity", "submission_title": "Dreams", "submission_number": 7,
    "author_names": "Ada, Ben", "outcome": "Accept", "reviews": "", "camera_ready_deadline": "soon",
    "confirmation_link": "http://x/confirm",
}


def _queue(n: int, event=None, key="release:1:sub:1") -> list[OutboxMessage]:
    people = [Recipient(f"person{i}@example.org", f"Person {i}") for i in range(n)]
    rows = enqueue("decisions/accept", to=people, context=CONTEXT, dedupe_key=key, event=event)
    db.session.commit()
    return rows


def _statuses() -> dict[str, int]:
    db.session.expire_all()
    return dict(db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)).all())


def _make_due():
    """Time passes: every back-off has run out."""
    db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_every_recipient_gets_exactly_one_message_with_text_and_html(app, smtp_server):
    use_smtp(app, smtp_server)
    rows = _queue(5)
    ids = {r.to_email: r.message_id for r in rows}
    assert delivery.deliver_pending() == {"sent": 5, "retry": 0, "failed": 0}
    assert delivery.deliver_pending() == {"sent": 0, "retry": 0, "failed": 0}
    assert sorted(smtp_server.recipients()) == sorted(ids)
    for received in smtp_server.messages:
        message = received["message"]
        assert message["Message-ID"] == ids[received["to"][0]]
        assert message.get_body(("plain",)).get_content().startswith("Dear Person")
        assert "<p>" in message.get_body(("html",)).get_content()
    assert _statuses() == {"sent": 5}


def test_enqueue_twice_with_the_same_key_writes_nothing_new(app):
    _queue(3)
    assert _queue(3) == []
    assert _statuses() == {"pending": 3}


def test_421_is_retried_later_and_nothing_is_lost(app, smtp_server):
    use_smtp(app, smtp_server)
    _queue(4)
    smtp_server.faults = ["421"]
    counts = delivery.deliver_pending()
    assert counts == {"sent": 3, "retry": 1, "failed": 0}
    retried = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.status == "pending"))
    assert retried.next_attempt_at > utcnow() and "421" in retried.last_error
    assert delivery.deliver_pending() == {"sent": 0, "retry": 0, "failed": 0}  # not due yet
    _make_due()
    assert delivery.deliver_pending()["sent"] == 1
    assert sorted(smtp_server.recipients()) == [f"person{i}@example.org" for i in range(4)]


def test_dropped_connection_is_retried_and_nothing_is_lost(app, smtp_server):
    use_smtp(app, smtp_server)
    _queue(4)
    smtp_server.faults = ["ok", "drop"]
    assert delivery.deliver_pending() == {"sent": 3, "retry": 1, "failed": 0}
    _make_due()
    delivery.deliver_pending()
    assert sorted(smtp_server.recipients()) == [f"person{i}@example.org" for i in range(4)]
    assert _statuses() == {"sent": 4}


def test_550_is_marked_failed_with_the_error_and_the_rest_is_sent(app, smtp_server):
    use_smtp(app, smtp_server)
    _queue(3)
    smtp_server.faults = ["550"]
    assert delivery.deliver_pending() == {"sent": 2, "retry": 0, "failed": 1}
    failed = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.status == "failed"))
    assert "550" in failed.last_error and "Mailbox unavailable" in failed.last_error
    _make_due()
    assert delivery.deliver_pending()["sent"] == 0  # a permanent failure waits for a person
    delivery.retry(failed)
    db.session.commit()
    assert delivery.deliver_pending()["sent"] == 1
    assert len(smtp_server.recipients()) == 3


def test_temporary_failures_give_up_after_the_maximum_attempts(app, smtp_server):
    use_smtp(app, smtp_server)
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    _queue(1)
    smtp_server.faults = ["421", "421"]
    assert delivery.deliver_pending()["retry"] == 1
    _make_due()
    assert delivery.deliver_pending()["failed"] == 1
    assert _statuses() == {"failed": 1}


def test_a_worker_killed_mid_batch_loses_nothing(app, smtp_server):
    use_smtp(app, smtp_server)
    rows = _queue(6)
    message_ids = {r.to_email: r.message_id for r in rows}
    abandoned = delivery.claim_batch(4)  # the worker claims, then dies before sending
    assert len(abandoned) == 4
    assert delivery.deliver_pending() == {"sent": 2, "retry": 0, "failed": 0}  # leases still held
    db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(abandoned))
                       .values(lease_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert delivery.deliver_pending() == {"sent": 4, "retry": 0, "failed": 0}
    assert sorted(smtp_server.recipients()) == sorted(message_ids)
    for received in smtp_server.messages:
        assert received["message"]["Message-ID"] == message_ids[received["to"][0]]


def test_two_workers_never_claim_the_same_row(app):
    _queue(10)
    first, second = delivery.claim_batch(6), delivery.claim_batch(6)
    assert len(first) == 6 and len(second) == 4 and not set(first) & set(second)
    assert delivery.claim_batch(6) == []


def test_header_injection_through_name_subject_and_address_is_defused(app, smtp_server):
    use_smtp(app, smtp_server)
    evil = "Eve\r\nBcc: victim@example.org"
    context = {**CONTEXT, "event_name": "Ev\r\nBcc: a@example.org", "submission_title": "<b>x</b>"}
    enqueue("decisions/accept", to=[Recipient("eve@example.org", evil)], context=context, dedupe_key="k")
    enqueue("decisions/accept", to=[Recipient("mallory@example.org\r\nBcc: v@example.org", "M")],
            context=CONTEXT, dedupe_key="k2")
    db.session.commit()
    delivery.deliver_pending()
    assert "victim@example.org" not in smtp_server.recipients()
    assert "v@example.org" not in smtp_server.recipients()
    message = next(m["message"] for m in smtp_server.messages if m["to"] == ["eve@example.org"])
    assert message["Bcc"] is None and "\n" not in str(message["Subject"])
    assert "&lt;b&gt;x&lt;/b&gt;" in message.get_body(("html",)).get_content()
    assert "<b>x</b>" not in message.get_body(("html",)).get_content()
    assert all(m["message"]["Bcc"] is None for m in smtp_server.messages)


def test_file_backend_writes_each_message_once(app):
    _queue(2)
    assert delivery.deliver_pending()["sent"] == 2
    folder = app.config["MAIL_FILE_DIR"]
    from pathlib import Path

    files = sorted(Path(folder).glob("*.eml"))
    assert len(files) == 2 and "Message-ID" in files[0].read_text()


def test_delivery_batches_claims(app, smtp_server, monkeypatch):
    """Claiming a batch costs a constant number of statements, not one per row."""
    use_smtp(app, smtp_server)
    _queue(30)
    statements = []
    from sqlalchemy import event

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert len(delivery.claim_batch(30)) == 30
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 3
    assert OutboxState.sending == "sending"


def test_event_is_optional_for_custom_templates(app):
    event = f.make_event()
    db.session.commit()
    rows = _queue(1, event=event)
    assert rows[0].event_id == event.id


def test_non_ascii_subjects_and_names_arrive_intact(app, smtp_server):
    use_smtp(app, smtp_server)
    context = {**CONTEXT, "event_name": "Génération — Créativité"}
    enqueue("decisions/accept", to=[Recipient("zoe@example.org", "Zoë Ørsted")], context=context, dedupe_key="u")
    db.session.commit()
    assert delivery.deliver_pending()["sent"] == 1
    message = smtp_server.messages[0]["message"]
    assert str(message["Subject"]).startswith("[Génération — Créativité]")
    assert message["To"].addresses[0].display_name == "Zoë Ørsted"
    assert "Dear Zoë Ørsted" in message.get_body(("plain",)).get_content()


def test_several_connections_deliver_a_large_batch_exactly_once(app, smtp_server):
    use_smtp(app, smtp_server)
    app.config["MAIL_SMTP_CONNECTIONS"] = 3
    _queue(delivery.BATCH_SIZE + 17)
    smtp_server.faults = ["ok"] * 50 + ["drop", "421"]
    first = delivery.deliver_pending()
    assert first["sent"] == delivery.BATCH_SIZE + 15 and first["retry"] == 2
    _make_due()
    assert delivery.deliver_pending()["sent"] == 2
    assert len(smtp_server.recipients()) == len(set(smtp_server.recipients())) == delivery.BATCH_SIZE + 17


def test_organizer_retry_gives_a_fresh_set_of_tries(app, smtp_server):
    use_smtp(app, smtp_server)
    app.config["MAIL_MAX_ATTEMPTS"] = 1
    _queue(1)
    smtp_server.faults = ["421"]
    assert delivery.deliver_pending()["failed"] == 1
    row = db.session.scalar(sa.select(OutboxMessage))
    delivery.retry(row)
    db.session.commit()
    assert delivery.deliver_pending()["sent"] == 1
