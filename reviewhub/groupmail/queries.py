"""Who is in a group, as one organizer may address it (a search never reaches their
conflicted submissions), and the mails composed."""

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.assignment.models import Assignment
from reviewhub.events.models import Membership
from reviewhub.extensions import db
from reviewhub.groupmail.core import Person, merged
from reviewhub.groupmail.models import GroupMail
from reviewhub.mail.models import OutboxMessage
from reviewhub.permissions import conflicted_submission_ids
from reviewhub.submissions import queries as submission_queries
from reviewhub.submissions.models import Authorship, Submission


def _line(number, title) -> str:
    return f"#{number} {title}"


def recipients(event, user, group: str, query: str, now) -> list[Person]:
    """The people of `group` (for the searched groups, of the submissions `query` finds);
    raises SearchError for a query that cannot be read."""
    if group in ("authors", "reviewers"):
        matching = submission_queries.matching(event, user, query).with_only_columns(Submission.id).scalar_subquery()
        if group == "authors":
            rows = db.session.execute(
                sa.select(Authorship.email, Authorship.name, Submission.number, Submission.title)
                .join(Submission, Submission.id == Authorship.submission_id)
                .where(Submission.id.in_(matching)).order_by(Submission.number, Authorship.position))
        else:
            rows = db.session.execute(
                sa.select(User.email, User.name, Submission.number, Submission.title)
                .join(Assignment, Assignment.user_id == User.id)
                .join(Submission, Submission.id == Assignment.submission_id)
                .where(Submission.id.in_(matching), Assignment.role == "reviewer")
                .order_by(sa.func.lower(User.name), User.id, Submission.number))
        return merged((r[0], r[1], _line(r[2], r[3])) for r in rows)
    if group == "late_reviewers":
        from reviewhub.reviewing.progress_page import late_reviewers

        late = late_reviewers(event, exclude=conflicted_submission_ids(user), now=now)
        return merged((p.email, p.name, _line(item.number, item.title)) for p in late for item in p.pending)
    role = {"all_reviewers": "reviewer", "area_chairs": "area_chair"}[group]
    rows = db.session.execute(
        sa.select(User.email, User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.event_id == event.id, Membership.role == role).order_by(sa.func.lower(User.name), User.id))
    return merged((email, name, None) for email, name in rows)


def get_mail(event, mail_id: int) -> GroupMail | None:
    return db.session.scalar(sa.select(GroupMail).where(GroupMail.id == mail_id, GroupMail.event_id == event.id))


def history(event) -> list[GroupMail]:
    return list(db.session.scalars(sa.select(GroupMail).where(GroupMail.event_id == event.id)
                                   .order_by(GroupMail.created_at.desc(), GroupMail.id.desc())))


def sent_rows(mail: GroupMail) -> list[OutboxMessage]:
    """What was sent to whom: the mail's outbox rows."""
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.dedupe_key.startswith(f"group:{mail.id}:")).order_by(OutboxMessage.id)))
