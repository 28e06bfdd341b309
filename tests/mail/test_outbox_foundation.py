"""The outbox: rows written with the change that causes them, delivered over real SMTP."""

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.mail import services as mail
from reviewhub.mail.delivery import deliver_pending
from reviewhub.mail.models import OutboxMessage


def _enqueue(key="k1", email="ada@example.org"):
    return mail.enqueue("accounts/confirm", to=[mail.Recipient(email, "Ada")],
                        context={"name": "Ada", "link": "http://x/confirm"}, dedupe_key=key)


def test_rolled_back_change_sends_nothing(app):
    _enqueue()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_dedupe_key_makes_a_repeated_action_write_once(app, outbox):
    _enqueue()
    db.session.commit()
    assert _enqueue() == []
    db.session.commit()
    assert len(outbox()) == 1


def test_delivery_over_real_smtp_reads_back(app, smtp_server, outbox):
    app.config.update(smtp_server.config())
    _enqueue()
    db.session.commit()
    counts = deliver_pending()
    assert counts == {"sent": 1, "retry": 0, "failed": 0}
    [received] = smtp_server.messages
    message = received["message"]
    assert received["to"] == ["ada@example.org"]
    assert message["Subject"] == "Confirm your email address for reviewhub"
    assert message["Message-ID"] == outbox()[0].message_id
    assert "http://x/confirm" in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None
    assert outbox()[0].status == "sent"
    assert deliver_pending() == {"sent": 0, "retry": 0, "failed": 0}  # nothing twice


def test_registration_mail_goes_through_the_outbox_to_smtp(app, client, smtp_server):
    app.config.update(smtp_server.config())
    client.post("/account/register", data={
        "name": "Ada", "email": "ada@example.org", "affiliation": "", "password": "a long password",
        "password_again": "a long password"})
    deliver_pending()
    assert smtp_server.recipients() == ["ada@example.org"]


def test_temporary_failure_is_retried_later_and_permanent_is_marked(app, smtp_server, outbox):
    app.config.update(smtp_server.config())
    smtp_server.faults = ["421", "550"]
    _enqueue("a", "a@example.org")
    _enqueue("b", "b@example.org")
    db.session.commit()
    assert deliver_pending() == {"sent": 0, "retry": 1, "failed": 1}
    rows = {r.to_email: r for r in outbox()}
    assert rows["a@example.org"].status == "pending" and "421" in rows["a@example.org"].last_error
    assert rows["b@example.org"].status == "failed" and "550" in rows["b@example.org"].last_error


def test_subject_and_name_cannot_inject_headers(app, smtp_server):
    app.config.update(smtp_server.config())
    mail.enqueue("accounts/confirm", to=[mail.Recipient("ada@example.org", "Ada\r\nBcc: evil@example.org")],
                 context={"name": "x", "link": "y"}, dedupe_key="inj")
    db.session.commit()
    deliver_pending()
    [received] = smtp_server.messages
    assert received["to"] == ["ada@example.org"]
    assert received["message"]["Bcc"] is None


def test_file_backend_without_smtp_server(app, tmp_path, outbox):
    _enqueue()
    db.session.commit()
    deliver_pending()
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1 and "Confirm your email" in files[0].read_text()
