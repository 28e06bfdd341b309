"""Area chairs of submissions (by the shared assignment solver, or by hand) and the senior area
chairs over them. Registers the area chairs' target of the assignment runs."""

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.assignment import targets
from reviewhub.assignment.bulk import driver_now, insert_rows
from reviewhub.committee import core
from reviewhub.committee.models import AreaChairAssignment, SeniorAreaChairLink
from reviewhub.committee.services.settings import settings_or_default
from reviewhub.errors import DomainError
from reviewhub.events.models import Event, Membership, Role
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission


def _event_pairs(event: Event, *where):
    return (sa.select(AreaChairAssignment.submission_id, AreaChairAssignment.user_id)
            .join(Submission, Submission.id == AreaChairAssignment.submission_id)
            .where(Submission.event_id == event.id, *where))


def current_pairs(event: Event) -> set[tuple[int, int]]:
    return set(db.session.execute(_event_pairs(event)).tuples().all())


def kept_pairs(event: Event) -> list[tuple[int, int]]:
    """Locked AC assignments: later runs keep them."""
    return list(db.session.execute(_event_pairs(event, AreaChairAssignment.locked.is_(True))).tuples().all())


def write_pairs(event: Event, wanted: dict, *, blocked: set, kept: set, run=None) -> dict:
    """The run's one AC per submission replaces the unlocked ones (bulk). Flushes."""
    current = dict(((s, u), i) for i, s, u in db.session.execute(
        sa.select(AreaChairAssignment.id, AreaChairAssignment.submission_id, AreaChairAssignment.user_id)
        .join(Submission, Submission.id == AreaChairAssignment.submission_id)
        .where(Submission.event_id == event.id)).all())
    kept_subs = {s for s, _ in kept}
    drop = [i for (s, u), i in current.items() if (s, u) not in wanted and s not in kept_subs]
    for lo in range(0, len(drop), 5000):
        db.session.execute(sa.delete(AreaChairAssignment).where(AreaChairAssignment.id.in_(drop[lo:lo + 5000])))
    skipped = [p for p in wanted if p in blocked and p not in current]
    new = [p for p in wanted if p not in current and p not in blocked and p[0] not in kept_subs]
    if new:
        now, run_id = driver_now(), getattr(run, "id", None)
        insert_rows(AreaChairAssignment.__tablename__,
                    ("submission_id", "user_id", "source", "locked", "run_id", "affinity", "created_at"),
                    ((s, u, "auto", False, run_id, wanted[(s, u)], now) for s, u in new))
    return {"added": len(new), "removed": len(drop), "skipped_conflicts": len(skipped), "added_pairs": new}


def notify_new(event: Event, pairs, *, key: str) -> None:
    """ACs learn their submissions on their console; no mail per run (a digest would repeat it)."""


targets.register(targets.Target(
    role=Role.area_chair, label="area chairs", current_pairs=current_pairs, kept_pairs=kept_pairs,
    write_pairs=write_pairs, notify_new=notify_new, per_submission=lambda event: 1,
    done_endpoint="committee.chairs_page"))


def default_run_params(event: Event) -> dict:
    from reviewhub.assignment.services.runs import default_params

    # ACs are few and each sees many submissions: fewer candidate edges per submission keep the
    # flow small at 20,000 submissions while the best ACs of each stay in.
    return {**default_params(event), "default_load": settings_or_default(event).area_chair_load, "top_k": 60}


def _is_member(event: Event, user, role: str) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).where(
        Membership.event_id == event.id, Membership.user_id == user.id, Membership.role == role)) > 0


def load_of(event: Event, user_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AreaChairAssignment)
                             .join(Submission, Submission.id == AreaChairAssignment.submission_id)
                             .where(Submission.event_id == event.id, AreaChairAssignment.user_id == user_id))


def cap_of(event: Event, user_id: int) -> int:
    cap = db.session.scalar(sa.select(Membership.max_load).where(
        Membership.event_id == event.id, Membership.user_id == user_id, Membership.role == Role.area_chair))
    return cap if cap is not None else settings_or_default(event).area_chair_load


def set_area_chair(submission: Submission, user, *, by) -> AreaChairAssignment:
    """Make `user` the submission's AC by hand (locked: runs keep it). Refused for non-ACs,
    conflicts and full loads. Flushes; audited."""
    from reviewhub.permissions import is_conflicted

    event = submission.event
    if submission.status != "submitted":
        raise DomainError("Only submitted works get an area chair.")
    if not _is_member(event, user, Role.area_chair):
        raise DomainError(f"{user.name} is not an area chair of this event.")
    if is_conflicted(user, submission):
        raise DomainError(f"{user.name} has a conflict of interest with #{submission.number}; not assigned.")
    row = db.session.scalar(sa.select(AreaChairAssignment).where(AreaChairAssignment.submission_id == submission.id))
    if row is not None and row.user_id == user.id:
        raise DomainError(f"{user.name} is the area chair of #{submission.number} already.")
    if load_of(event, user.id) >= cap_of(event, user.id):
        raise DomainError(f"{user.name} is at their load cap of {cap_of(event, user.id)} submissions.")
    before = row.user_id if row else None
    if row is None:
        row = AreaChairAssignment(submission_id=submission.id, user_id=user.id)
        db.session.add(row)
    row.user_id, row.source, row.locked, row.run_id, row.affinity = user.id, "manual", True, None, None
    db.session.flush()
    audit.record("committee.area_chair_set", event=event, actor=by, obj=row, submission=submission.number,
                 user_id=user.id, before=before)
    return row


def clear_area_chair(submission: Submission, *, by) -> None:
    row = db.session.scalar(sa.select(AreaChairAssignment).where(AreaChairAssignment.submission_id == submission.id))
    if row is None:
        raise DomainError(f"#{submission.number} has no area chair.")
    db.session.delete(row)
    db.session.flush()
    audit.record("committee.area_chair_cleared", event=submission.event, actor=by,
                 submission=submission.number, user_id=row.user_id)


def sac_links(event: Event) -> dict[int, int]:
    return dict(db.session.execute(sa.select(SeniorAreaChairLink.area_chair_id, SeniorAreaChairLink.senior_area_chair_id)
                                   .where(SeniorAreaChairLink.event_id == event.id)).tuples().all())


def _member_ids(event: Event, role: str) -> list[int]:
    return list(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.event_id == event.id, Membership.role == role).order_by(Membership.user_id)))


def assign_senior_chairs(event: Event, *, by) -> int:
    """Put every AC without a SAC under the least-loaded SAC (core.balance_senior_chairs); the
    links there are kept. Returns how many links were made. Flushes; audited."""
    kept = sac_links(event)
    links = core.balance_senior_chairs(_member_ids(event, Role.area_chair),
                                       _member_ids(event, Role.senior_area_chair), kept)
    new = {ac: sac for ac, sac in links.items() if ac not in kept}
    for ac, sac in sorted(new.items()):
        db.session.add(SeniorAreaChairLink(event_id=event.id, area_chair_id=ac, senior_area_chair_id=sac,
                                           source="auto"))
    db.session.flush()
    audit.record("committee.senior_chairs_assigned", event=event, actor=by, added=len(new))
    return len(new)


def set_senior_chair(event: Event, area_chair, senior, *, by) -> SeniorAreaChairLink:
    """Put one AC under one SAC by hand. Flushes; audited."""
    if not _is_member(event, area_chair, Role.area_chair):
        raise DomainError(f"{area_chair.name} is not an area chair of this event.")
    if not _is_member(event, senior, Role.senior_area_chair):
        raise DomainError(f"{senior.name} is not a senior area chair of this event.")
    link = db.session.scalar(sa.select(SeniorAreaChairLink).where(
        SeniorAreaChairLink.event_id == event.id, SeniorAreaChairLink.area_chair_id == area_chair.id))
    before = link.senior_area_chair_id if link else None
    if link is None:
        link = SeniorAreaChairLink(event_id=event.id, area_chair_id=area_chair.id)
        db.session.add(link)
    link.senior_area_chair_id, link.source = senior.id, "manual"
    db.session.flush()
    audit.record("committee.senior_chair_set", event=event, actor=by, obj=link, area_chair_id=area_chair.id,
                 senior_area_chair_id=senior.id, before=before)
    return link
