"""GET /api/v1/events/{slug}/submissions[/{id}]: organizers get their list page's rows (its
filters and search language, never a conflicted work); everyone else what they may read
(their own works, the ones assigned to them). Authors only where permissions show them."""

import sqlalchemy as sa
from flask import abort, g, url_for
from sqlalchemy.orm import selectinload

from reviewhub import permissions
from reviewhub.api.base import api_v1, event_in_scope, page
from reviewhub.api.base import error as api_error
from reviewhub.api.resources import subs_schemas as schemas
from reviewhub.api.resources.subs_common import submission_in_scope
from reviewhub.assignment.models import Assignment
from reviewhub.errors import DomainError
from reviewhub.search.language import SearchError
from reviewhub.submissions import queries
from reviewhub.submissions.models import Submission, submission_topics


@api_v1.route("/events/<slug>/submissions")
@api_v1.etag
@api_v1.arguments(schemas.SubmissionArgs, location="query")
@api_v1.response(200, schemas.SubmissionPage)
def submissions(args, slug):
    """The submissions the caller may read, by number; `q` searches as the organizers' list does."""
    event = event_in_scope(slug)
    user = g.api_user
    if permissions.can_list_submissions(user, event):
        try:
            query = queries.matching(event, user, args["q"])
        except SearchError as error:
            abort(400, description=f"The search cannot be read: {error}")
    elif args["q"].strip():
        abort(403, description="Searching (q=) is for the event's organizers.")
    else:
        query = _readable(event, user)
    if args.get("status"):
        query = query.where(Submission.status == args["status"])
    if args.get("type"):
        query = query.where(Submission.type_id == args["type"])
    if args.get("topic"):
        query = query.where(Submission.id.in_(sa.select(submission_topics.c.submission_id)
                                              .where(submission_topics.c.topic_id == args["topic"])))
    result = page(query.options(selectinload(Submission.authors), selectinload(Submission.files),
                                selectinload(Submission.topics), selectinload(Submission.type))
                  .order_by(Submission.number), args)
    result["items"] = present(event, user, result["items"])
    return result


@api_v1.route("/events/<slug>/submissions/<int:sid>")
@api_v1.etag
@api_v1.response(200, schemas.SubmissionOut)
def submission(slug, sid):
    """One submission (404 when the caller may not read it, as for one that does not exist)."""
    event, item = submission_in_scope(slug, sid)
    return present(event, g.api_user, [item])[0]


@api_v1.route("/events/<slug>/submissions/<int:sid>/files/<int:file_id>")
@api_v1.doc(responses={"200": {"description": "the file's bytes (a blinded copy for a reader who may not "
                                              "see the authors, as the download page gives)",
                               "content": {"application/octet-stream": {}}}})
def submission_file(slug, sid, file_id):
    """One file of a submission, for a script holding a token (the page link needs a session)."""
    from reviewhub.submissions import services
    from reviewhub.submissions.serving import file_response

    _event, item = submission_in_scope(slug, sid)
    stored = next((f for f in item.files if f.id == file_id), None)
    if stored is None:
        abort(404)
    try:
        found = services.file_for_download(item, stored, blind=not permissions.can_see_authors(g.api_user, item))
    except OSError:
        abort(404)
    except DomainError as refused:  # e.g. the blinded copy is not made yet
        return api_error(refused.status_code, str(refused))
    return file_response(found.source, found.filename, inline=False)


def _readable(event, user):
    """can_view_submission's rule as a query for one who does not organize the event: their
    own works, and the submitted works assigned to them that they are not conflicted with."""
    from reviewhub.submissions.models import Authorship

    mine = Authorship.user_id == user.id  # is_author's rule: by account or confirmed address
    if user.email_confirmed_at:
        mine = sa.or_(mine, sa.func.lower(Authorship.email) == user.email.lower())
    own = sa.select(Authorship.submission_id).where(mine)
    readable = Submission.id.in_(own)
    if not permissions.is_event_closed(event):
        assigned = sa.select(Assignment.submission_id).where(Assignment.user_id == user.id)
        conflicted = permissions.conflicted_submission_ids(user)
        readable = sa.or_(readable, sa.and_(Submission.id.in_(assigned), Submission.status == "submitted",
                                            Submission.id.not_in(conflicted) if conflicted else sa.true()))
    return sa.select(Submission).where(Submission.event_id == event.id, readable)


def present(event, user, rows) -> list[dict]:
    """The rows as the caller may read them, in a fixed number of queries for the page."""
    names = permissions.authors_visible_ids(user, event, rows)
    emails = permissions.author_emails_visible_ids(user, event, rows) & names
    answers = _custom_answers(user, event, rows)
    return [_one(event, s, names=s.id in names, emails=s.id in emails, answers=answers.get(s.id, {})) for s in rows]


def _one(event, s, *, names: bool, emails: bool, answers: dict) -> dict:
    authors = None
    if names:
        authors = [{"name": a.name, "affiliation": a.affiliation, "is_contact": a.is_contact,
                    **({"email": a.email} if emails else {})} for a in s.authors]
    return {
        "id": s.id, "number": s.number, "title": s.title, "abstract_md": s.abstract_md, "keywords": s.keywords,
        "status": s.status, "submitted_at": s.submitted_at,
        "type": {"id": s.type.id, "key": s.type.key, "name": s.type.name},
        "topics": [{"id": t.id, "name": t.name} for t in s.topics],
        "authors": authors, "files": [_file(event, s, f, names) for f in s.files],
        "custom_answers": answers,
    }


def _file(event, s, f, names: bool) -> dict:
    """A file as a link to its download page; a blind reader gets neither its uploaded name
    (it can carry an author's name) nor anything to look the original up by."""
    shown = {"id": f.id, "purpose": f.purpose, "kind": f.kind, "content_type": f.content_type,
             "size": f.size, "page_count": f.page_count,
             "url": url_for("submissions.download", slug=event.slug, sid=s.id, file_id=f.id, _external=True),
             "download_url": url_for("api_v1.submission_file", slug=event.slug, sid=s.id, file_id=f.id,
                                     _external=True)}
    if names:
        shown["name"] = f.original_name
    return shown


def _custom_answers(user, event, rows) -> dict[int, dict]:
    """{submission id: {question key: answer}} of the event's own questions, as the submission's
    pages show them to the caller (permissions.can_see_answer: reviewers only the questions
    made visible to them, never a file); read in one query for the page. A file answer is its
    name and a link to its download page."""
    from reviewhub.questions import queries as question_queries
    from reviewhub.questions.core import display

    questions = question_queries.list_questions(event, target="submission")
    if not questions or not rows:
        return {}
    stored = question_queries.answers_for([s.id for s in rows], [q.id for q in questions])
    shown: dict[int, dict] = {}
    for s in rows:
        mine = stored.get(s.id, {})
        for q in questions:
            if q.id not in mine or not permissions.can_see_answer(user, s, q):
                continue
            value = mine[q.id].value
            if q.kind == "file":
                value = {"name": display(q.kind, value), "url": url_for(
                    "questions.download", slug=event.slug, sid=s.id, question_id=q.id, _external=True)}
            shown.setdefault(s.id, {})[q.key] = value
    return shown
