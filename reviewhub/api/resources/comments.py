"""A submission's discussion: GET/POST /api/v1/events/{slug}/submissions/{id}/comments, read
as the discussion page shows it and posted through its service (audit, digest mail)."""

import sqlalchemy as sa
from flask import g
from sqlalchemy.orm import selectinload

from reviewhub import permissions
from reviewhub.api.base import api_v1, page
from reviewhub.api.resources import subs_schemas as schemas
from reviewhub.api.resources.subs_common import domain_failed, submission_in_scope
from reviewhub.api.schemas import PageArgs
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.reviewing import discussion, queries
from reviewhub.reviewing.models import Comment, Visibility


@api_v1.route("/events/<slug>/submissions/<int:sid>/comments")
@api_v1.etag
@api_v1.arguments(PageArgs, location="query")
@api_v1.response(200, schemas.CommentPage)
def comments(args, slug, sid):
    """The thread, oldest first: the comments the caller may read, under pseudonyms unless the
    caller may know who wrote them."""
    _event, submission = submission_in_scope(slug, sid, allowed=permissions.can_see_discussion)
    user = g.api_user
    # can_see_comment decides by visibility alone once the discussion is open to the caller.
    shown = [v.value for v in Visibility if permissions.can_see_comment(user, Comment(visibility=v), submission)]
    query = (sa.select(Comment).where(Comment.submission_id == submission.id, Comment.visibility.in_(shown))
             .options(selectinload(Comment.author)).order_by(Comment.created_at, Comment.id))
    result = page(query, args)
    result["items"] = present(user, submission, result["items"])
    return result


@api_v1.route("/events/<slug>/submissions/<int:sid>/comments", methods=["POST"])
@api_v1.arguments(schemas.CommentIn)
@api_v1.response(201, schemas.CommentOut)
@api_v1.alt_response(422, description="an empty or too long comment, or a visibility the caller may not use")
def add_comment(data, slug, sid):
    """Post to the thread, as the discussion page does."""
    _event, submission = submission_in_scope(slug, sid, allowed=permissions.can_see_discussion)
    try:
        made = discussion.add_comment(submission, by=g.api_user, body=data["body"], visibility=data["visibility"])
    except DomainError as error:
        db.session.rollback()
        return domain_failed(error)
    db.session.commit()
    send_pending()
    return present(g.api_user, submission, [made])[0]


def present(user, submission, rows) -> list[dict]:
    """Who wrote each comment as the page names them: real names for organizers and chairs,
    otherwise the writer's pseudonym on this work ("Organizer" for anyone not assigned)."""
    names = permissions.can_manage_reviews(user, submission) or permissions.can_see_reviewer_identities(
        user, submission)
    pseudonyms = {e.assignment.user_id: e.pseudonym for e in queries.review_entries(submission)}
    out = []
    for comment in rows:
        if names:
            who = comment.author.name if comment.author else "(deleted account)"
        else:
            who = pseudonyms.get(comment.author_id, "Organizer")
        out.append({"id": comment.id, "who": who, "body": comment.body_md, "visibility": comment.visibility,
                    "created_at": comment.created_at})
    return out
