"""The discussion thread of a submission, and the hourly digest that tells participants."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from reviewhub import audit, permissions
from reviewhub.assignment.models import Assignment
from reviewhub.baseurl import site_url
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage, OutboxState
from reviewhub.mail.rendering import render_message
from reviewhub.mail.services import Recipient, enqueue, template_source
from reviewhub.models_base import utcnow
from reviewhub.reviewing import queries
from reviewhub.reviewing.incidents import require_not_frozen
from reviewhub.reviewing.models import Comment, Visibility

MAX_COMMENT = 20000
DIGEST = "reviewing/digest"


def add_comment(submission, *, by, body: str, visibility: str, now: datetime | None = None) -> Comment:
    """Post to the thread and fold the comment into each other participant's hourly digest.

    Flushes; audited; queues (or extends) digest mail."""
    require_not_frozen(submission)  # during an incident nobody posts, organizers included
    body = (body or "").strip()
    if not body:
        raise DomainError("Write something first.")
    if len(body) > MAX_COMMENT:
        raise DomainError(f"Keep a comment under {MAX_COMMENT:,} characters.")
    if visibility not in (Visibility.reviewers, Visibility.organizers, Visibility.committee):
        raise DomainError("Choose who may read the comment.")
    if visibility == Visibility.organizers and not permissions.can_manage_reviews(by, submission):
        raise DomainError("Only organizers may post organizer-only comments.")
    if visibility == Visibility.committee and not (permissions.can_manage_reviews(by, submission)
                                                   or permissions.can_chair_submission(by, submission)):
        raise DomainError("Only area chairs and organizers may post to area chairs and organizers.")
    comment = Comment(submission_id=submission.id, author_id=by.id, body_md=body, visibility=visibility,
                      created_at=now or utcnow())
    db.session.add(comment)
    db.session.flush()
    audit.record("comment.add", event=submission.event, actor=by, obj=comment, submission_id=submission.id)
    for user in participants(submission, comment):
        _fold_into_digest(user, submission.event, comment.created_at)
    return comment


def participants(submission, comment: Comment) -> list:
    """Who hears about a comment: the assigned reviewers and the organizers who already took
    part in this thread, when they may read the comment; never its writer or anyone conflicted."""
    from reviewhub.accounts.models import User

    reviewer_ids = set(db.session.scalars(
        sa.select(Assignment.user_id).where(Assignment.submission_id == submission.id)))
    reviewer_ids |= _chair_ids(submission)
    commenter_ids = set(db.session.scalars(
        sa.select(Comment.author_id).where(Comment.submission_id == submission.id)))
    ids = (reviewer_ids | commenter_ids) - {comment.author_id, None}
    users = db.session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.id)) if ids else []
    return [u for u in users if permissions.can_see_comment(u, comment, submission)]


def _chair_ids(submission) -> set[int]:
    """The submission's area chair and the SAC above (committee events): they hear of comments."""
    from reviewhub.committee.models import AreaChairAssignment, SeniorAreaChairLink

    ac = db.session.scalar(sa.select(AreaChairAssignment.user_id).where(
        AreaChairAssignment.submission_id == submission.id))
    if ac is None:
        return set()
    sac = db.session.scalar(sa.select(SeniorAreaChairLink.senior_area_chair_id).where(
        SeniorAreaChairLink.event_id == submission.event_id, SeniorAreaChairLink.area_chair_id == ac))
    return {ac} | ({sac} if sac else set())


COMMENT_CHOICES_COMMITTEE = ("committee", "Area chairs and organizers only")


def hour_bucket(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _fold_into_digest(user, event, moment: datetime) -> None:
    """One digest per person per clock hour, sent when the hour ends and listing every comment
    of that hour the person may read. A later comment in the same hour rewrites the pending row."""
    start = hour_bucket(moment)
    key = f"{DIGEST}:{event.id}:{start:%Y%m%dT%H}"
    row = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key == f"{key}:{user.email.lower()}"))
    context = _digest_context(user, event, start)
    if row is None:
        for new in enqueue(DIGEST, to=[Recipient(user.email, user.name)], context=context,
                           dedupe_key=key, event=event):
            new.next_attempt_at = start + timedelta(hours=1)
    elif row.status == OutboxState.pending:
        subject_source, body_source = template_source(DIGEST, event)
        row.subject, row.body_text, row.body_html = render_message(
            subject_source, body_source, {**context, "recipient_name": user.name},
            link_base=site_url(current_app.config))
    db.session.flush()


def _digest_context(user, event, start: datetime) -> dict:
    from reviewhub.submissions.models import Submission

    rows = db.session.execute(
        sa.select(Comment, Submission).join(Submission, Submission.id == Comment.submission_id)
        .where(Submission.event_id == event.id, Comment.created_at >= start,
               Comment.created_at < start + timedelta(hours=1), Comment.author_id != user.id)
        .order_by(Comment.created_at, Comment.id)
    ).tuples().all()
    items = []
    for comment, submission in rows:
        if user.id not in {u.id for u in participants(submission, comment)}:
            continue
        items.append({
            "number": submission.number, "title": submission.title,
            "who": _display_author(comment, submission, user), "body": comment.body_md,
            "organizers_only": comment.visibility in (Visibility.organizers, Visibility.committee),
            "link": _link(event, submission),
        })
    return {"event_name": event.name, "comments": items, "count": len(items)}


def _display_author(comment: Comment, submission, reader) -> str:
    """Real names for organizers and the submission's chairs; pseudonyms for reviewers."""
    if permissions.can_see_reviewer_identities(reader, submission) and comment.author is not None:
        return comment.author.name
    return queries.pseudonym_of(submission, comment.author_id)


def _link(event, submission) -> str:
    try:
        return url_for("reviewing.submission", slug=event.slug, sid=submission.id, _external=True)
    except RuntimeError:  # no request and no SERVER_NAME (the demo from the command line)
        return f"/{event.slug}/reviews/{submission.id}"
