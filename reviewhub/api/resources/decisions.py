"""Decisions: the event's outcomes; GET/POST /api/v1/events/{slug}/decisions (read; set many
at once through decisions.services.decide); .../decisions/release (preview, and release through
the release service the page uses: the decision mails go to the outbox)."""

import sqlalchemy as sa
from flask import g
from sqlalchemy.orm import selectinload

from reviewhub import permissions
from reviewhub.api.base import api_v1, event_in_scope, page
from reviewhub.api.resources import subs_schemas as schemas
from reviewhub.api.resources.subs_common import domain_failed, failed
from reviewhub.api.schemas import PageArgs
from reviewhub.decisions import queries, services
from reviewhub.decisions.models import Decision, DecisionOutcome
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.submissions.models import Submission


def _organizer_event(slug):
    event = event_in_scope(slug)
    permissions.require(permissions.can_manage_decisions(g.api_user, event))
    return event


@api_v1.route("/events/<slug>/outcomes")
@api_v1.etag
@api_v1.arguments(PageArgs, location="query")
@api_v1.response(200, schemas.OutcomePage)
def outcomes(args, slug):
    """The event's decision outcomes (their keys are what decisions are set with)."""
    event = _organizer_event(slug)
    return page(sa.select(DecisionOutcome).where(DecisionOutcome.event_id == event.id)
                .order_by(DecisionOutcome.position, DecisionOutcome.id), args)


@api_v1.route("/events/<slug>/decisions")
@api_v1.etag
@api_v1.arguments(schemas.DecisionArgs, location="query")
@api_v1.response(200, schemas.DecisionPage)
def decisions(args, slug):
    """Organizers: every decision but on their conflicted works. Anyone else: the released
    decisions on their own works (the released outcome, as their decisions page shows it)."""
    event = event_in_scope(slug)
    user = g.api_user
    if not permissions.can_manage_decisions(user, event):
        rows = [present(d, organizer=False) for s, d in queries.released_decisions_for(user, event)
                if permissions.can_see_decision(user, s, d)
                and (not args.get("outcome") or d.released_outcome.key == args["outcome"])
                and args.get("released") is not False]
        start = (args["page"] - 1) * args["limit"]
        return {"items": rows[start:start + args["limit"]], "total": len(rows), "page": args["page"],
                "limit": args["limit"]}
    query = (sa.select(Decision).join(Submission, Submission.id == Decision.submission_id)
             .where(Submission.event_id == event.id)
             .options(selectinload(Decision.outcome), selectinload(Decision.submission))
             .order_by(Submission.number))
    conflicted = permissions.conflicted_submission_ids(user)
    if conflicted:
        query = query.where(Submission.id.not_in(conflicted))
    if args.get("outcome"):
        query = query.join(DecisionOutcome, DecisionOutcome.id == Decision.outcome_id).where(
            DecisionOutcome.key == args["outcome"])
    if args.get("released") is not None:
        query = query.where(Decision.released_at.is_not(None) if args["released"] else Decision.released_at.is_(None))
    result = page(query, args)
    result["items"] = [present(d, organizer=True) for d in result["items"]]
    return result


@api_v1.route("/events/<slug>/decisions", methods=["POST"])
@api_v1.arguments(schemas.DecisionsIn)
@api_v1.response(200, schemas.DecisionsSet)
@api_v1.alt_response(422, description="per line: an unknown submission or outcome, a work not submitted")
def set_decisions(data, slug):
    """Set many decisions at once, all or none; nothing is sent until a release."""
    event = _organizer_event(slug)
    user = g.api_user
    outcomes = {o.key: o for o in queries.list_outcomes(event)}
    errors, decided, seen = {}, [], set()
    for index, line in enumerate(data["decisions"]):
        submission = queries.get_submission(event, line["submission"])
        if submission is None or not permissions.can_decide(user, submission) or line["submission"] in seen:
            # a conflicted or another event's work reads as a missing one
            errors[index] = {"submission": ["No such submission in this event." if line["submission"] not in seen
                                            else "This submission is already in the list."]}
            continue
        seen.add(line["submission"])
        outcome = outcomes.get(line["outcome"])
        if outcome is None:
            errors[index] = {"outcome": [f"Not an outcome of this event; use one of: {', '.join(outcomes)}."]}
            continue
        try:
            decided.append(services.decide(submission, outcome, by=user, note=line["note"]))
        except DomainError as error:
            errors[index] = {"submission": [str(error)]}
    if errors:
        db.session.rollback()
        return failed(422, "Nothing was saved: some lines need attention.", {"decisions": errors})
    db.session.commit()
    return {"decided": len(decided), "items": [present(d, organizer=True) for d in decided]}


@api_v1.route("/events/<slug>/decisions/release")
@api_v1.response(200, schemas.ReleasePreviewOut)
def decisions_release_preview(slug):
    """What a release would send now (the release page's summary)."""
    event = _organizer_event(slug)
    summary = services.release_summary(event, exclude=permissions.conflicted_submission_ids(g.api_user))
    return {"text": summary.text(), "lines": [vars(line) for line in summary.lines]}


@api_v1.route("/events/<slug>/decisions/release", methods=["POST"])
@api_v1.arguments(schemas.ReleaseIn)
@api_v1.response(200, schemas.ReleaseOut)
@api_v1.alt_response(409, description="nothing to release")
def release_decisions(data, slug):
    """Release every pending decision (or send corrections), as the release page does."""
    event = _organizer_event(slug)
    try:
        batch = services.release(event, by=g.api_user, correction=data["correction"],
                                 exclude=permissions.conflicted_submission_ids(g.api_user))
    except DomainError as error:
        db.session.rollback()
        return domain_failed(error)
    db.session.commit()
    send_pending()
    summary = batch.summary or {}
    return {"id": batch.id, "kind": batch.kind, "text": summary.get("text", ""),
            "decisions": summary.get("decisions", 0), "emails": summary.get("emails", 0),
            "recipients": summary.get("recipients", 0)}


def present(decision: Decision, *, organizer: bool) -> dict:
    submission = decision.submission
    if not organizer:  # authors: the outcome they were told, nothing of the deciding
        outcome = decision.released_outcome
        return {"submission": submission.id, "submission_number": submission.number, "outcome": outcome.key,
                "outcome_label": outcome.label, "released_at": decision.released_at}
    return {"submission": submission.id, "submission_number": submission.number,
            "outcome": decision.outcome.key, "outcome_label": decision.outcome.label, "note": decision.note,
            "decided_at": decision.decided_at, "released_at": decision.released_at,
            "changed_since_release": decision.changed_since_release}
