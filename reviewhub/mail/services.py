"""The outbox: `enqueue` writes messages in the caller's transaction; `send_pending` hands
them to delivery after the commit (inline, or on an RQ worker when REDIS_URL is set)."""

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from reviewhub.baseurl import site_url
from reviewhub.extensions import db
from reviewhub.mail.models import EmailTemplate, OutboxMessage, OutboxState
from reviewhub.mail.rendering import builtin_source, header_safe, render_message
from reviewhub.models_base import utcnow


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""


def template_source(key: str, event=None, *, fallback: str | None = None) -> tuple[str, str]:
    """The event's own version of a template when it has one, else the shipped one (else
    the shipped `fallback`: e.g. 'decisions/accept' for an outcome the organizer added)."""
    if event is not None:
        custom = db.session.scalar(
            sa.select(EmailTemplate).where(EmailTemplate.event_id == event.id, EmailTemplate.key == key)
        )
        if custom is not None:
            return custom.subject, custom.body
    try:
        return builtin_source(key)
    except FileNotFoundError:
        if fallback is None:
            raise
        return builtin_source(fallback)


def message_id_for(dedupe_key: str) -> str:
    """A stable Message-ID: a resend of the same row carries the same id, so clients fold it."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rsplit("@", 1)[-1].strip(" >") or "reviewhub"
    return f"<{digest}@{domain}>"


@dataclass(frozen=True)
class Planned:
    """One message to write: its template key, recipient, context and logical dedupe key."""

    key: str
    to: Recipient
    context: dict
    dedupe_key: str
    submission_id: int | None = None
    fallback: str | None = None
    subject_prefix: str = ""  # e.g. "Correction: "
    source: tuple[str, str] | None = None  # (subject, body) written for this message, not a template

    @property
    def row_key(self) -> str:
        return f"{self.dedupe_key}:{self.to.email.strip().lower()}"


def enqueue(
    key: str,
    *,
    to: list[Recipient],
    context: dict,
    dedupe_key: str,
    event=None,
    submission=None,
    fallback: str | None = None,
) -> list[OutboxMessage]:
    """Write one outbox row per recipient; rows whose dedupe key exists already are skipped.

    Flushes. The dedupe key names the logical message (e.g. "release:7:sub:12"); the
    recipient's address is appended, so a repeated action never sends twice. Returns how
    the rows written.
    """
    sid = getattr(submission, "id", None)
    keys = enqueue_many([Planned(key, r, context, dedupe_key, sid, fallback) for r in to], event=event)
    if not keys:
        return []
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.dedupe_key.in_(keys)).order_by(OutboxMessage.id)
    ))


def enqueue_many(planned: list[Planned], *, event=None, chunk: int = 1000) -> list[str]:
    """Write many messages at once (a release writes thousands): each template is looked
    up and compiled once, existing dedupe keys are read per chunk, rows are inserted in bulk.
    Flushes; returns the dedupe keys of the rows written."""
    sources: dict[str, tuple[str, str]] = {}
    written: list[str] = []
    unique = list({p.row_key[:300]: p for p in planned}.items())
    for start in range(0, len(unique), chunk):
        part = dict(unique[start:start + chunk])
        existing = set(db.session.scalars(
            sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(list(part)))
        ))
        values = []
        for row_key, plan in part.items():
            if row_key in existing:
                continue
            if plan.source is None and plan.key not in sources:
                sources[plan.key] = template_source(plan.key, event, fallback=plan.fallback)
            values.append(_row_values(plan, row_key, plan.source or sources[plan.key], event))
            written.append(row_key)
        if values:
            db.session.execute(sa.insert(OutboxMessage), values)
    db.session.flush()
    return written


def _row_values(plan: Planned, row_key: str, source: tuple[str, str], event) -> dict:
    subject, text, html = render_message(
        source[0], source[1], {**plan.context, "recipient_name": header_safe(plan.to.name)},
        link_base=site_url(current_app.config),
    )
    subject = header_safe(plan.subject_prefix + subject)[:300]
    now = utcnow()
    return dict(
        event_id=getattr(event, "id", None), submission_id=plan.submission_id, kind=plan.key,
        to_email=header_safe(plan.to.email)[:254], to_name=header_safe(plan.to.name)[:200],
        subject=subject, body_text=text, body_html=html, dedupe_key=row_key,
        message_id=message_id_for(row_key), status=OutboxState.pending, attempts=0,
        last_error="", next_attempt_at=now, created_at=now,
    )


def send_pending() -> None:
    """Deliver what the outbox holds; call after commit.

    With a queue, hands delivery to RQ: one job per batch of due rows (at most
    MAIL_QUEUE_JOBS), so every idle worker drains the outbox at the same time; a job that
    finds nothing left ends at once.
    """
    from reviewhub import jobs
    from reviewhub.mail.delivery import BATCH_SIZE, deliver_pending

    if jobs.uses_queue():
        due = count_due()
        if due:
            queue = jobs._queue()
            for _ in range(min(current_app.config["MAIL_QUEUE_JOBS"], -(-due // BATCH_SIZE))):
                queue.enqueue("reviewhub.mail.delivery.deliver_in_worker", job_timeout=3600)
    elif current_app.config["MAIL_DELIVER_INLINE"]:
        deliver_pending()


def count_due() -> int:
    """Rows a worker could claim now (pending and due, or sending past their lease)."""
    from reviewhub.mail.delivery import _claimable
    from reviewhub.models_base import utcnow

    return db.session.scalar(sa.select(sa.func.count()).where(_claimable(utcnow())))


def count_by_status(event_id: int | None = None) -> dict[str, int]:
    query = sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    if event_id is not None:
        query = query.where(OutboxMessage.event_id == event_id)
    return dict(db.session.execute(query).all())
