"""Delivery of the outbox: claim rows with a lease, send, record; retry temporary failures.

Several workers may deliver at once: a row is claimed by an UPDATE that only succeeds while
it is still pending (or its lease ran out), so each row goes to one worker. A worker killed
mid-batch leaves rows "sending"; their lease expires and another run sends them, with the
same Message-ID.
"""

import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_mail import Connection, Message

from reviewhub.extensions import db, mail
from reviewhub.mail.models import OutboxMessage, OutboxState
from reviewhub.models_base import utcnow

log = logging.getLogger(__name__)
BATCH_SIZE = 200


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def _claimable(now):
    return sa.or_(
        sa.and_(OutboxMessage.status == OutboxState.pending, OutboxMessage.next_attempt_at <= now),
        sa.and_(OutboxMessage.status == OutboxState.sending, OutboxMessage.lease_until < now),
    )


def claim_batch(limit: int) -> list[int]:
    """Ids of rows this worker now holds a lease on (committed, so other workers see it).

    One UPDATE ... RETURNING claims the whole batch: the WHERE re-checks claimability, so
    under concurrent workers a row goes to exactly one of them (PostgreSQL also skips rows
    another worker is claiming right now instead of waiting for it).
    """
    now = utcnow()
    lease = now + timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    candidates = (
        sa.select(OutboxMessage.id).where(_claimable(now)).order_by(OutboxMessage.id).limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    claimed = db.session.scalars(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()), _claimable(now))
        .values(status=OutboxState.sending, lease_until=lease)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(claimed)


def build_message(row: OutboxMessage) -> Message:
    message = Message(
        subject=row.subject,
        recipients=[formataddr((row.to_name, row.to_email)) if row.to_name else row.to_email],
        body=row.body_text,
        html=row.body_html or None,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    message.msgId = row.message_id
    return message


class SmtpSender:
    """One SMTP connection for a batch, reopened after a dropped connection."""

    def __init__(self):
        self.connection = None

    def _connect(self):
        # Settings are read now (not at app start), and a configured server is used even
        # under TESTING: the outbox decides what is sent, not Flask-Mail.
        state = mail.init_mail(current_app.config, testing=False)
        connection = Connection(state).__enter__()
        if connection.host is not None and connection.host.sock is not None:
            # smtplib waits forever by default; a hung server must not hold the lease forever.
            connection.host.sock.settimeout(current_app.config.get("MAIL_TIMEOUT_SECONDS", 30))
        return connection

    def send(self, row: OutboxMessage) -> None:
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.send(build_message(row))
        except smtplib.SMTPResponseException as error:
            self.close()
            text = f"{error.smtp_code} {_decode(error.smtp_error)}"
            if 400 <= error.smtp_code < 500:
                raise TemporaryFailure(text) from error
            raise PermanentFailure(text) from error
        except smtplib.SMTPRecipientsRefused as error:
            self.close()
            codes = [code for code, _ in error.recipients.values()]
            text = "; ".join(f"{to}: {code} {_decode(msg)}" for to, (code, msg) in error.recipients.items())
            if all(400 <= code < 500 for code in codes):
                raise TemporaryFailure(text) from error
            raise PermanentFailure(text) from error
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            self.close()
            raise TemporaryFailure(f"{type(error).__name__}: {error}") from error

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.__exit__(None, None, None)
            except (smtplib.SMTPException, OSError):
                pass
            self.connection = None


def _decode(text) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


class FileSender:
    """No SMTP server configured: each message becomes an .eml file and a console line."""

    def __init__(self):
        self.folder = Path(current_app.config["MAIL_FILE_DIR"])
        self.folder.mkdir(parents=True, exist_ok=True)

    def send(self, row: OutboxMessage) -> None:
        message = build_message(row).as_string()
        (self.folder / f"{row.id:08d}.eml").write_text(message, encoding="utf-8")
        log.info("mail to %s: %s", row.to_email, row.subject)

    def close(self) -> None:
        pass


def make_sender():
    return SmtpSender() if current_app.config.get("MAIL_SERVER") else FileSender()


def deliver_pending(limit: int | None = None, progress=None) -> dict[str, int]:
    """Send claimable rows until none is left (or `limit` were tried); returns counts."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    sender = make_sender()
    try:
        while limit is None or sum(counts.values()) < limit:
            size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - sum(counts.values()))
            batch = claim_batch(size)
            if not batch:
                break
            rows = db.session.scalars(
                sa.select(OutboxMessage).where(OutboxMessage.id.in_(batch)).order_by(OutboxMessage.id)
            ).all()
            for row in rows:
                counts[_deliver_one(sender, row)] += 1
            # One commit per batch: a worker killed before it leaves the rows "sending",
            # and the expired lease hands them to the next run (same Message-ID).
            db.session.commit()
            if progress:
                progress(sum(counts.values()))
    finally:
        sender.close()
    return counts


def _deliver_one(sender, row: OutboxMessage) -> str:
    row.attempts += 1
    try:
        sender.send(row)
    except TemporaryFailure as error:
        row.last_error = str(error)[:2000]
        if row.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            row.status, row.lease_until = OutboxState.failed, None
            return "failed"
        row.status, row.lease_until = OutboxState.pending, None
        row.next_attempt_at = utcnow() + backoff(row.attempts)
        return "retry"
    except PermanentFailure as error:
        row.status, row.last_error, row.lease_until = OutboxState.failed, str(error)[:2000], None
        return "failed"
    except Exception as error:  # a message that cannot be built (bad header ...): never retried
        log.exception("outbox row %s cannot be sent", row.id)
        row.status, row.lease_until = OutboxState.failed, None
        row.last_error = f"{type(error).__name__}: {error}"[:2000]
        return "failed"
    row.status, row.sent_at, row.lease_until, row.last_error = OutboxState.sent, utcnow(), None, ""
    return "sent"


def retry(row: OutboxMessage) -> None:
    """An organizer's retry of a failed row: it becomes pending again, now."""
    row.status, row.next_attempt_at, row.lease_until = OutboxState.pending, utcnow(), None


def deliver_in_worker() -> dict[str, int]:
    """RQ entry point: in a worker process it builds the app; a worker that already runs
    inside an app (tests, a burst worker started by the CLI) uses that one."""
    if has_app_context():
        return deliver_pending()
    from reviewhub import create_app

    with create_app().app_context():
        return deliver_pending()
