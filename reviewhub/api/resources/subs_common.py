"""What the submissions, reviews, comments and decisions resources share: loading a
submission the caller may reach (a forbidden one answers like a missing one) and domain errors
as JSON."""

import sqlalchemy as sa
from flask import g, jsonify
from sqlalchemy.orm import selectinload

from reviewhub import permissions
from reviewhub.api.base import event_in_scope
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission


def submission_in_scope(slug: str, sid: int, allowed=permissions.can_view_submission):
    """(event, submission) when the submission is of an event in the token's scope and
    `allowed(user, submission)`; otherwise 404, the answer of an id that does not exist."""
    event = event_in_scope(slug)
    submission = db.session.scalar(
        sa.select(Submission).where(Submission.id == sid, Submission.event_id == event.id)
        .options(selectinload(Submission.authors), selectinload(Submission.files),
                 selectinload(Submission.topics), selectinload(Submission.type)))
    permissions.require(submission is not None and allowed(g.api_user, submission), hide=True)
    return event, submission


def failed(status: int, message: str, errors: dict | None = None):
    """A JSON error in the shape of the blueprint's (code, message, errors by location/field)."""
    body = {"code": status, "message": message}
    if errors:
        body["errors"] = {"json": errors}
    response = jsonify(body)
    response.status_code = status
    return response


def domain_failed(error, field: str | None = None):
    """A DomainError as its own status (400 becomes 422: the input was read but refused)."""
    status = 422 if error.status_code == 400 else error.status_code
    return failed(status, str(error), {field: [str(error)]} if field else None)
