"""The committee section of an event's settings, and its members (through the invitation flow)."""

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.committee.models import CommitteeSettings, MetaReviewWriters
from reviewhub.errors import DomainError
from reviewhub.events.models import Membership, Role
from reviewhub.extensions import db
from reviewhub.models_base import utcnow

COMMITTEE_ROLES = (Role.area_chair, Role.senior_area_chair)


def get_settings(event) -> CommitteeSettings | None:
    return db.session.scalar(sa.select(CommitteeSettings).where(CommitteeSettings.event_id == event.id))


def settings_or_default(event) -> CommitteeSettings:
    """The stored row, or an unsaved one with everything off (today's flow)."""
    return get_settings(event) or CommitteeSettings(
        event_id=event.id, area_chairs=False, senior_area_chairs=False, area_chair_load=35,
        meta_reviews=False, meta_review_writers=MetaReviewWriters.area_chairs, meta_review_to_authors=False)


def save_settings(event, *, by, area_chairs: bool, senior_area_chairs: bool, area_chair_load: int,
                  meta_reviews: bool, meta_review_writers: str, meta_review_to_authors: bool) -> CommitteeSettings:
    """Store the committee section. SACs need ACs; ACs writing meta-reviews need ACs. Flushes; audited."""
    if senior_area_chairs and not area_chairs:
        raise DomainError("Senior area chairs work over area chairs: turn area chairs on too.")
    if meta_review_writers not in set(MetaReviewWriters):
        raise DomainError("Choose who writes the meta-reviews.")
    if meta_reviews and meta_review_writers == MetaReviewWriters.area_chairs and not area_chairs:
        raise DomainError("Area chairs cannot write meta-reviews while area chairs are off: "
                          "turn them on, or let the organizers write the meta-reviews.")
    if not 0 <= area_chair_load <= 10000:
        raise DomainError("Enter a load cap between 0 and 10000.")
    settings = get_settings(event)
    if settings is None:
        settings = CommitteeSettings(event_id=event.id)
        db.session.add(settings)
    values = dict(area_chairs=area_chairs, senior_area_chairs=senior_area_chairs,
                  area_chair_load=area_chair_load, meta_reviews=meta_reviews,
                  meta_review_writers=meta_review_writers, meta_review_to_authors=meta_review_to_authors)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.updated_at = utcnow()
    db.session.flush()
    _forget_cached(event)
    audit.record("committee.settings_saved", event=event, actor=by, obj=settings, **values)
    return settings


def _forget_cached(event) -> None:
    """permissions memoises the settings per request; a change in the request is seen at once."""
    from flask import g

    g.pop("_committee", None)


def list_members(event, role: str) -> list[tuple[Membership, object]]:
    from reviewhub.accounts.models import User

    return db.session.execute(
        sa.select(Membership, User).join(User, User.id == Membership.user_id)
        .where(Membership.event_id == event.id, Membership.role == role)
        .order_by(User.name, User.id)).tuples().all()


def member_caps(event, settings: CommitteeSettings) -> dict[int, int]:
    """user id -> the AC's load cap (their own, else the committee default)."""
    rows = db.session.execute(sa.select(Membership.user_id, Membership.max_load).where(
        Membership.event_id == event.id, Membership.role == Role.area_chair)).all()
    return {uid: (cap if cap is not None else settings.area_chair_load) for uid, cap in rows}
