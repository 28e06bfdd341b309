"""Recording refusals: noted during the request, written once after it, in its own transaction.

`note_refusal` only marks the request (the first mark wins, so one refusal is one row). After
the response is made, `write_noted` rolls the request's session back (a refused request keeps
nothing it had started), inserts the row, counts the actor's and the address's recent rows in
one query (bounded by the threshold: constant cost under a flood), queues an alert past the
threshold (once per hour per account or address, by the outbox's dedupe key) and commits. A
failure there is logged and the refusal is answered as it was: recording never makes a 500.
"""

import re
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request
from flask_login import current_user

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.security.models import SecurityEvent

# The answers each kind of refusal ends in; a noted refusal that was answered otherwise (a
# view caught the abort and went on) is not a refusal and writes nothing.
STATUSES = {"forbidden": {403}, "not_found": {404}, "csrf": {400}, "rate_limited": {429}}
PRUNE_EVERY = 100  # every this-many-th row also deletes a batch of rows past the retention
PRUNE_BATCH = 1000


def note_refusal(kind: str, source: str) -> None:
    """Mark this request as refused (kind in models.KINDS); the first mark is the one kept."""
    if has_request_context():  # a CLI command or a job asking require() is nobody's request
        g.setdefault("security_refusal", (kind, source))


def write_noted(response):
    """after_request hook: write the noted refusal, if the response is one."""
    noted = g.pop("security_refusal", None)
    if noted is None or response.status_code not in STATUSES[noted[0]]:
        return response
    try:
        db.session.rollback()
        alerted = record(kind=noted[0], source=noted[1], status=response.status_code)
        db.session.commit()
    except Exception:  # noqa: BLE001 (the log must never turn a refusal into an error)
        db.session.rollback()
        current_app.logger.exception("could not record a refused request")
        return response
    if alerted:
        from reviewhub.mail.services import send_pending

        try:
            send_pending()
        except Exception:  # noqa: BLE001 (the alert stays in the outbox for the worker)
            current_app.logger.exception("could not hand the security alert to delivery")
    return response


def _user_id() -> int | None:
    try:
        return current_user.id if current_user.is_authenticated else None
    except Exception:  # noqa: BLE001 (a broken session is no reason to lose the row)
        return None


def _plain(text: str, limit: int) -> str:
    """Printable text: a path may carry %00, which PostgreSQL cannot store."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", text or "")[:limit]


def record(*, kind: str, source: str, status: int) -> bool:
    """Add the current request's refusal; flushes; True when it queued an alert."""
    args = request.view_args or {}
    row = SecurityEvent(
        kind=kind, source=source, status=status, user_id=_user_id(),
        address=_plain(request.remote_addr or "?", 64), method=_plain(request.method, 10),
        route=_plain(request.endpoint or "", 120), path=_plain(request.path, 500),
        object=_plain(" ".join(f"{key}={value}" for key, value in sorted(args.items())), 300),
    )
    db.session.add(row)
    db.session.flush()
    if row.id % PRUNE_EVERY == 0:
        prune()
    return _alert_if_over_threshold(row)


def _recent_count(column, value, since, cap: int):
    """How many of `column == value`'s rows since `since`, counting no further than `cap`."""
    if value is None:
        return sa.literal(0)
    window = (sa.select(sa.literal(1)).where(column == value, SecurityEvent.at >= since)
              .limit(cap).subquery())
    return sa.select(sa.func.count()).select_from(window).scalar_subquery()


def _alert_if_over_threshold(row: SecurityEvent) -> bool:
    config = current_app.config
    threshold, window = config["SECURITY_ALERT_THRESHOLD"], config["SECURITY_ALERT_WINDOW_SECONDS"]
    since = row.at - timedelta(seconds=window)
    by_account, by_address = db.session.execute(sa.select(
        _recent_count(SecurityEvent.user_id, row.user_id, since, threshold),
        _recent_count(SecurityEvent.address, row.address, since, threshold),
    )).one()
    if by_account >= threshold:
        scope = ("account", str(row.user_id))
    elif by_address >= threshold:
        scope = ("address", row.address)
    else:
        return False
    from reviewhub.security.alerts import send_alert

    return send_alert(row, scope=scope, threshold=threshold, minutes=window // 60)


def prune(days: int | None = None) -> int:
    """Delete up to PRUNE_BATCH rows older than the retention (default SECURITY_LOG_DAYS).
    Flushes; returns how many went."""
    days = current_app.config["SECURITY_LOG_DAYS"] if days is None else days
    cutoff = utcnow() - timedelta(days=days)
    oldest = sa.select(SecurityEvent.id).where(SecurityEvent.at < cutoff).order_by(SecurityEvent.id).limit(PRUNE_BATCH)
    ids = list(db.session.scalars(oldest))
    if ids:
        db.session.execute(sa.delete(SecurityEvent).where(SecurityEvent.id.in_(ids)))
    return len(ids)
