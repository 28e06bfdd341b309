"""Delivery of the outbox: claim rows with a lease, send, record; retry temporary failures.

Several workers may deliver at once: a row is claimed by an UPDATE that only succeeds while
it is still pending (or its lease ran out), so each row goes to one worker. A worker killed
mid-batch leaves rows "sending"; their lease expires and another run sends them, with the
same Message-ID.
"""

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_app_context

from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage, OutboxState
from reviewhub.mail.senders import Outgoing, PermanentFailure, TemporaryFailure, make_senders
from reviewhub.models_base import utcnow

log = logging.getLogger(__name__)
BATCH_SIZE = 200
PER_CONNECTION = 50  # a connection is worth opening for this many messages


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

    Two statements per batch, whatever its size: select candidates (on PostgreSQL locking
    them and skipping rows another worker is claiming right now), then one UPDATE ...
    RETURNING that re-checks claimability, so a row goes to exactly one worker.
    """
    now = utcnow()
    lease = now + timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    candidates = (
        sa.select(OutboxMessage.id).where(_claimable(now)).order_by(OutboxMessage.id).limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = db.session.scalars(candidates).all()
    if not ids:
        db.session.commit()
        return []
    claimed = db.session.scalars(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), _claimable(now))
        .values(status=OutboxState.sending, lease_until=lease)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(claimed)


def deliver_pending(limit: int | None = None, progress=None) -> dict[str, int]:
    """Send claimable rows until none is left (or `limit` were tried); returns counts.

    Each claimed batch is spread over MAIL_SMTP_CONNECTIONS connections in threads (SMTP
    round trips, not Python, are the slow part); only this thread touches the database.
    """
    counts = {"sent": 0, "retry": 0, "failed": 0}
    senders = make_senders(dict(current_app.config))
    try:
        with ThreadPoolExecutor(len(senders)) as pool:
            while limit is None or sum(counts.values()) < limit:
                size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - sum(counts.values()))
                batch = claim_batch(size)
                if not batch:
                    break
                rows = {row.id: row for row in db.session.scalars(
                    sa.select(OutboxMessage).where(OutboxMessage.id.in_(batch)))}
                outgoing = [Outgoing.of(rows[i]) for i in sorted(rows)]
                # Small batches go down one connection, in order; big ones are shared out.
                used = min(len(senders), -(-len(outgoing) // PER_CONNECTION))
                shares = [outgoing[k::used] for k in range(used)]
                for results in pool.map(_send_all, senders[:used], shares):
                    for row_id, error in results:
                        counts[_record(rows[row_id], error)] += 1
                # One commit per batch: a worker killed before it leaves the rows "sending",
                # and the expired lease hands them to the next run (same Message-ID).
                db.session.commit()
                if progress:
                    progress(sum(counts.values()))
    finally:
        for sender in senders:
            sender.close()
    return counts


def _send_all(sender, messages: list[Outgoing]) -> list[tuple[int, Exception | None]]:
    """Runs in a delivery thread: no database, no app context."""
    results = []
    for message in messages:
        try:
            sender.send(message)
        except (TemporaryFailure, PermanentFailure) as error:
            results.append((message.id, error))
        except Exception as error:  # a message that cannot be built: never retried
            log.exception("outbox row %s cannot be sent", message.id)
            results.append((message.id, PermanentFailure(f"{type(error).__name__}: {error}")))
        else:
            results.append((message.id, None))
    return results


def _record(row: OutboxMessage, error: Exception | None) -> str:
    row.attempts += 1
    row.lease_until = None
    if error is None:
        row.status, row.sent_at, row.last_error = OutboxState.sent, utcnow(), ""
        return "sent"
    row.last_error = str(error)[:2000]
    if isinstance(error, PermanentFailure) or row.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        row.status = OutboxState.failed
        return "failed"
    row.status, row.next_attempt_at = OutboxState.pending, utcnow() + backoff(row.attempts)
    return "retry"


def retry(row: OutboxMessage) -> None:
    """An organizer's retry of a failed row: pending again now, with a fresh set of tries."""
    row.status, row.next_attempt_at, row.lease_until, row.attempts = OutboxState.pending, utcnow(), None, 0


def deliver_in_worker() -> dict[str, int]:
    """RQ entry point: in a worker process it builds the app; a worker that already runs
    inside an app (tests, a burst worker started by the CLI) uses that one."""
    if has_app_context():
        # A forked work horse inherits the parent's pooled connections: never reuse them.
        db.engine.dispose(close=False)
        return deliver_pending()
    from reviewhub import create_app

    with create_app().app_context():
        return deliver_pending()
