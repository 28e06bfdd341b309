"""Schemas and helpers of the people resources (reviewers, invitations, bids, conflicts,
assignments, the released schedule, the mail log): api/resources/ holds their routes."""

from flask import abort, g
from marshmallow import Schema, fields, validate
from werkzeug.exceptions import HTTPException

from reviewhub.api.schemas import PageArgs, PageMeta
from reviewhub.assignment.models import BidValue, InvitationState
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxState

BAD_INPUT = "The request has errors; see `errors` by field."


def user():
    """The token's owner: every permission below is asked of them."""
    return g.api_user


def invalid(messages: dict, *, where: str = "json", message: str = BAD_INPUT):
    """422 with messages by field, in the shape webargs gives for a bad body."""
    try:
        abort(422, description=message)
    except HTTPException as error:
        error.data = {"messages": {where: messages}}
        raise


def done():
    """Commit the write, then hand its queued mail to delivery (as the pages do)."""
    from reviewhub.mail.services import send_pending

    db.session.commit()
    send_pending()


def submissions_by_id(ids) -> dict:
    """{id: Submission} for the references of one page (one query)."""
    import sqlalchemy as sa

    from reviewhub.submissions.models import Submission

    ids = set(ids)
    if not ids:
        return {}
    return {x.id: x for x in db.session.scalars(sa.select(Submission).where(Submission.id.in_(ids)))}


def paged(item_schema, name: str):
    """A page-of-items schema with the page meta (total, page, limit)."""
    return type(PageMeta)(name, (PageMeta,), {"items": fields.List(fields.Nested(item_schema), required=True)})


# --- reviewers and invitations -------------------------------------------------------------


class ReviewerArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "in name or email"})


class ReviewerOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    affiliation = fields.String()
    max_load = fields.Integer(allow_none=True, metadata={"description": "own cap; null: the event's default"})
    load_cap = fields.Integer(required=True)
    assigned = fields.Integer(required=True, metadata={"description": "without your conflicted submissions"})
    bids = fields.Integer(required=True, metadata={"description": "without your conflicted submissions"})


class InvitationArgs(PageArgs):
    status = fields.String(validate=validate.OneOf([s.value for s in InvitationState]))


class InvitationIn(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    affiliation = fields.String(load_default="", validate=validate.Length(max=200))


class InvitationOut(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String()
    affiliation = fields.String()
    status = fields.String(required=True)
    invited_at = fields.DateTime()
    responded_at = fields.DateTime(allow_none=True)
    reminded_at = fields.DateTime(allow_none=True)


# --- bids and conflicts --------------------------------------------------------------------


class SubmissionRef(Schema):
    """A submission as every role may name it: never its authors."""

    id = fields.Integer(required=True)
    number = fields.Integer(allow_none=True)
    title = fields.String()


class BidArgs(PageArgs):
    submission = fields.Integer(metadata={"description": "a submission id"})
    reviewer = fields.Integer(metadata={"description": "a reviewer's user id (organizers)"})
    value = fields.String(validate=validate.OneOf([v.value for v in BidValue]))


class BidOut(Schema):
    submission = fields.Nested(SubmissionRef, required=True)
    reviewer = fields.Integer(required=True)
    value = fields.String(required=True)
    updated_at = fields.DateTime()


class BidItemIn(Schema):
    submission = fields.Integer(required=True, strict=True)
    value = fields.String(required=True, validate=validate.OneOf([v.value for v in BidValue]))


class BidsIn(Schema):
    bids = fields.List(fields.Nested(BidItemIn), required=True, validate=validate.Length(min=1, max=5000))


class BidsSaved(Schema):
    changed = fields.Integer(required=True)


class ConflictArgs(PageArgs):
    submission = fields.Integer()
    user = fields.Integer(metadata={"description": "a user id (organizers)"})
    source = fields.String(validate=validate.Length(max=20))


class ConflictOut(Schema):
    id = fields.Integer(required=True)
    submission = fields.Nested(SubmissionRef, required=True)
    user = fields.Integer(required=True)
    source = fields.String(required=True)
    reason = fields.String(metadata={"description": "a neutral label where you may not see the authors"})
    overridden = fields.Boolean()


class ConflictIn(Schema):
    submission = fields.Integer(strict=True, metadata={"description": "a submission id"})
    author_name = fields.String(validate=validate.Length(min=1, max=200),
                                metadata={"description": "open-review events only: every work of this author"})
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class ConflictsDeclared(Schema):
    declared = fields.Integer(required=True)


# --- assignments and proposed runs ----------------------------------------------------------


class AssignmentArgs(PageArgs):
    submission = fields.Integer()
    reviewer = fields.Integer()


class AssignmentOut(Schema):
    id = fields.Integer(required=True)
    submission = fields.Nested(SubmissionRef, required=True)
    reviewer = fields.Integer(required=True)
    reviewer_number = fields.Integer()
    source = fields.String()
    locked = fields.Boolean()
    created_at = fields.DateTime()


class PairIn(Schema):
    submission = fields.Integer(required=True, strict=True)
    reviewer = fields.Integer(required=True, strict=True)


class RunIn(Schema):
    pairs = fields.List(fields.Nested(PairIn), required=True, validate=validate.Length(max=200_000))


class PairOut(Schema):
    submission = fields.Integer(required=True)
    reviewer = fields.Integer(required=True)


class RunOut(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    mode = fields.String()
    created_at = fields.DateTime()
    applied_at = fields.DateTime(allow_none=True)
    pairs = fields.List(fields.Nested(PairOut), metadata={"description": "without your conflicted submissions"})
    to_add = fields.List(fields.Nested(PairOut))
    to_remove = fields.List(fields.Nested(PairOut))
    hidden_changes = fields.Integer(metadata={"description": "changes on submissions you are conflicted with"})
    loads = fields.Dict(keys=fields.String(), values=fields.Integer())
    feasible = fields.Boolean(allow_none=True)


class ApplyOut(Schema):
    added = fields.Integer(required=True)
    removed = fields.Integer(required=True)
    skipped_conflicts = fields.Integer(required=True)


# --- mail log ---------------------------------------------------------------------------------


class MailArgs(PageArgs):
    status = fields.String(validate=validate.OneOf([s.value for s in OutboxState]))
    kind = fields.String(validate=validate.Length(max=80), metadata={"description": "a template key"})
    submission = fields.Integer(metadata={"description": "a submission's mails (its mail log)"})


class MailOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    to_email = fields.String(required=True)
    to_name = fields.String()
    subject = fields.String()
    submission_id = fields.Integer(allow_none=True)
    status = fields.String(required=True)
    attempts = fields.Integer()
    last_error = fields.String()
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)


ReviewerPage = paged(ReviewerOut, "ReviewerPage")
InvitationPage = paged(InvitationOut, "InvitationPage")
BidPage = paged(BidOut, "BidPage")
ConflictPage = paged(ConflictOut, "ConflictPage")
AssignmentPage = paged(AssignmentOut, "AssignmentPage")
MailPage = paged(MailOut, "MailPage")
