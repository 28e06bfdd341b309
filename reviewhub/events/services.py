"""Event rules: creating and configuring events, topics, and the organizer team."""

import re

import sqlalchemy as sa

from reviewhub import audit, pagecache
from reviewhub.errors import DomainError
from reviewhub.events.models import Event, Membership, Role, Topic
from reviewhub.extensions import db

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
RESERVED_SLUGS = {"account", "events", "static", "admin", "jobs", "api"}

EDITABLE_FIELDS = (
    "name", "short_name", "tagline", "slug", "description_md", "call_md", "venue", "timezone",
    "contact_email", "submission_open_at", "abstract_deadline_at", "submission_deadline_at",
    "submission_grace_minutes",
    "review_deadline_at", "notification_at", "camera_ready_at", "event_date", "double_blind",
    "reviews_per_submission", "default_reviewer_load", "cfp_open", "reviews_visible_to_authors",
    "program_public", "reviewers_see_others_after_submit",
    "close_after_days",
    "organizers_require_two_factor", "coauthor_conflict_years",
)


def check_slug(slug: str, *, event: Event | None = None) -> None:
    if not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS:
        raise DomainError("Use 2-63 lowercase letters, digits and dashes (not a reserved word).")
    taken = db.session.scalar(sa.select(Event.id).where(Event.slug == slug))
    if taken is not None and (event is None or taken != event.id):
        raise DomainError("Another event uses this short address already.")


def create_event(*, by, topics: list[str] = (), **fields) -> Event:
    """A new event whose creator is its first organizer, with the usual decision outcomes
    (so the decide page offers them before anyone opens the Outcomes page). Flushes."""
    from reviewhub.decisions.services import ensure_default_outcomes

    check_slug(fields["slug"])
    event = Event(**{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    db.session.add(event)
    db.session.flush()
    set_topics(event, topics)
    ensure_default_outcomes(event)
    if by is not None:
        add_member(event, by, Role.organizer, by=by)
    audit.record("event.created", event=event, actor=by, obj=event)
    return event


def update_event(event: Event, *, by, topics: list[str] | None = None, **fields) -> None:
    if "slug" in fields:
        check_slug(fields["slug"], event=event)
    changed = {}
    for key, value in fields.items():
        if key in EDITABLE_FIELDS and getattr(event, key) != value:
            changed[key] = str(value)
            setattr(event, key, value)
    if topics is not None:
        set_topics(event, topics)
    pagecache.changed(event)  # before the flush: a new slug's old address is still known
    db.session.flush()
    audit.record("event.updated", event=event, actor=by, obj=event, changed=changed)


def set_topics(event: Event, names: list[str]) -> None:
    """Keep topics whose name stays (their submissions keep them), add new, drop the rest."""
    names = [n.strip() for n in names if n.strip()]
    existing = {t.name: t for t in event.topics}
    kept = []
    for position, name in enumerate(dict.fromkeys(names)):
        topic = existing.pop(name, None) or Topic(name=name)
        topic.position = position
        kept.append(topic)
    event.topics = kept


def add_member(event: Event, user, role: str, *, by) -> Membership:
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.event_id == event.id, Membership.user_id == user.id, Membership.role == role
        )
    )
    if membership is None:
        membership = Membership(event_id=event.id, user_id=user.id, role=role)
        db.session.add(membership)
        db.session.flush()
        audit.record("membership.added", event=event, actor=by, obj=membership, role=role,
                     user_id=user.id)
        from reviewhub.submissions.services import refresh_conflicts_for_user

        refresh_conflicts_for_user(event, user)  # same institution as an author: a conflict
    return membership


def remove_member(event: Event, user, role: str, *, by) -> None:
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.event_id == event.id, Membership.user_id == user.id, Membership.role == role
        )
    )
    if membership is None:
        raise DomainError("This person does not have that role.")
    if role == Role.organizer:
        count = db.session.scalar(
            sa.select(sa.func.count()).where(
                Membership.event_id == event.id, Membership.role == Role.organizer
            )
        )
        if count <= 1:
            raise DomainError("An event keeps at least one organizer.")
    db.session.delete(membership)
    audit.record("membership.removed", event=event, actor=by, role=role, user_id=user.id)


# --- closing an event (issue 17, point 7) --------------------------------------------------


def close_event(event: Event, *, by, now=None) -> None:
    """Close the event now: reviewers lose access to its submissions and reviews at once
    (permissions.is_event_closed). Refuses an event already closed. Flushes; audited."""
    from reviewhub.models_base import utcnow
    from reviewhub.permissions import is_event_closed

    now = now or utcnow()
    if is_event_closed(event, now):
        raise DomainError("The event is already closed.")
    event.closed_at = now
    db.session.flush()
    audit.record("event.closed", event=event, actor=by, obj=event, at=now.isoformat())


def reopen_event(event: Event, *, by, now=None) -> None:
    """Reopen a closed event (also one its close-after rule closed): reviewers get their
    access back until it is closed again. Refuses an open event. Flushes; audited."""
    from reviewhub.models_base import utcnow
    from reviewhub.permissions import is_event_closed

    now = now or utcnow()
    if not is_event_closed(event, now):
        raise DomainError("The event is open.")
    event.closed_at, event.reopened_at = None, now
    db.session.flush()
    audit.record("event.reopened", event=event, actor=by, obj=event, at=now.isoformat())
