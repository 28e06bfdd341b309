"""The outbox: `enqueue` writes messages in the caller's transaction; `send_pending` hands
them to delivery after the commit (inline, or on an RQ worker when REDIS_URL is set)."""

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from reviewhub.extensions import db
from reviewhub.mail.models import EmailTemplate, OutboxMessage
from reviewhub.mail.rendering import builtin_source, header_safe, render_message


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""


def template_source(key: str, event=None) -> tuple[str, str]:
    """The event's own version of a template when it has one, else the shipped one."""
    if event is not None:
        custom = db.session.scalar(
            sa.select(EmailTemplate).where(EmailTemplate.event_id == event.id, EmailTemplate.key == key)
        )
        if custom is not None:
            return custom.subject, custom.body
    return builtin_source(key)


def message_id_for(dedupe_key: str) -> str:
    """A stable Message-ID: a resend of the same row carries the same id, so clients fold it."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rsplit("@", 1)[-1].strip(" >") or "reviewhub"
    return f"<{digest}@{domain}>"


def enqueue(
    key: str,
    *,
    to: list[Recipient],
    context: dict,
    dedupe_key: str,
    event=None,
    submission=None,
) -> list[OutboxMessage]:
    """Write one outbox row per recipient; rows whose dedupe key exists already are skipped.

    Flushes. The dedupe key names the logical message (e.g. "release:7:sub:12"); the
    recipient's address is appended, so a repeated action never sends twice.
    """
    subject_source, body_source = template_source(key, event)
    keys = {f"{dedupe_key}:{r.email.lower()}": r for r in to}
    existing = set(
        db.session.scalars(sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys)))
    )
    rows = []
    for row_key, recipient in keys.items():
        if row_key in existing:
            continue
        subject, text, html = render_message(
            subject_source, body_source, {**context, "recipient_name": recipient.name}
        )
        rows.append(
            OutboxMessage(
                event_id=getattr(event, "id", None),
                submission_id=getattr(submission, "id", None),
                kind=key,
                to_email=header_safe(recipient.email),
                to_name=header_safe(recipient.name)[:200],
                subject=subject,
                body_text=text,
                body_html=html,
                dedupe_key=row_key,
                message_id=message_id_for(row_key),
            )
        )
    db.session.add_all(rows)
    db.session.flush()
    return rows


def send_pending() -> None:
    """Deliver what the outbox holds; call after commit. Never raises into the request."""
    from reviewhub import jobs
    from reviewhub.mail.delivery import deliver_pending

    if jobs.uses_queue():
        jobs._queue().enqueue("reviewhub.mail.delivery.deliver_in_worker", job_timeout=3600)
    elif current_app.config["MAIL_DELIVER_INLINE"]:
        deliver_pending()


def count_by_status(event_id: int | None = None) -> dict[str, int]:
    query = sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    if event_id is not None:
        query = query.where(OutboxMessage.event_id == event_id)
    return dict(db.session.execute(query).all())
