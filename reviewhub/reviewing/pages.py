"""What a reviewing page shows to its viewer, assembled once so templates run no queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewhub import permissions
from reviewhub.reviewing import queries
from reviewhub.reviewing.models import Visibility
from reviewhub.reviewing.process import extras


@dataclass
class ShownReview:
    who: str  # a pseudonym, or (for organizers) the real name with the pseudonym
    status: str
    answers: list[tuple]  # (label, value, level label, visibility, retired)
    entry: queries.ReviewEntry
    own: bool = False
    process: extras.ReviewExtras | None = None  # round, reply, score change, ratings, sub-reviewer


@dataclass
class ShownComment:
    who: str
    body_md: str
    created_at: object
    organizers_only: bool


@dataclass
class SubmissionPage:
    manage: bool
    see_reviews: bool
    see_discussion: bool
    see_authors: bool
    reviews: list[ShownReview] = field(default_factory=list)
    comments: list[ShownComment] = field(default_factory=list)
    own_entry: queries.ReviewEntry | None = None
    process: extras.PageExtras | None = None  # stage, response, sub-reviews, round reviewers


def submission_page(user, submission) -> SubmissionPage:
    manage = permissions.can_manage_reviews(user, submission)
    page = SubmissionPage(
        manage=manage, see_reviews=permissions.can_see_reviews(user, submission),
        see_discussion=permissions.can_see_discussion(user, submission),
        see_authors=permissions.can_see_authors(user, submission),
    )
    identities = manage or permissions.can_see_reviewer_identities(user, submission)  # organizers, chairs
    # The score before and after the response, and the stage: organizers and the chairs.
    history = manage or permissions.can_chair_submission(user, submission)
    entries = queries.review_entries(submission, with_versions=history)
    page.own_entry = next((e for e in entries if e.assignment.user_id == user.id), None)
    if page.own_entry is None:  # a sub-reviewer writes the review of the assignment granted to them
        granted = set(permissions.subreview_assignment_ids(user, submission))
        page.own_entry = next((e for e in entries if e.assignment.id in granted), None)
    page.process = extras.page_extras(user, submission, entries, manage=manage, history=history,
                                      see_discussion=page.see_discussion, own_entry=page.own_entry)
    if page.see_reviews:
        forms = page.process.forms
        page.reviews = [_shown(e, forms[e.assignment.id], user, manage, page.process, identities)
                        for e in entries if _listed(e, user, manage)]
    if page.see_discussion:
        names = {e.assignment.user_id: e.pseudonym for e in entries}
        page.comments = [
            ShownComment(_comment_author(c, names, identities),
                         c.body_md, c.created_at, c.visibility in (Visibility.organizers, Visibility.committee))
            for c in queries.list_comments(submission)
            if permissions.can_see_comment(user, c, submission)
        ]
    return page


def _listed(entry, user, manage: bool) -> bool:
    if manage:
        return True
    return entry.review is not None and entry.review.status == "submitted"


def _shown(entry, form, user, manage: bool, process, names: bool = False) -> ShownReview:
    own = entry.assignment.user_id == user.id
    questions = form.questions if form else []
    answers = []
    stored = entry.review.answers if entry.review else {}
    for q in questions:
        if not manage and not own and (q.visibility == Visibility.organizers or not q.active):
            continue
        if not manage and own and not q.active:
            continue
        value = (stored or {}).get(q.key)
        if value in (None, ""):
            continue
        answers.append((q.label, value, (q.level_labels or {}).get(str(value), ""), q.visibility, not q.active))
    who = f"{entry.pseudonym}: {entry.assignment.user.name}" if manage or names else entry.pseudonym
    if own and not manage:
        who = f"{entry.pseudonym} (you)"
    status = entry.review.status if entry.review else "not started"
    return ShownReview(who, status, answers, entry, own, process.reviews.get(entry.assignment.id))


def _comment_author(comment, names: dict, manage: bool) -> str:
    if manage:
        return comment.author.name if comment.author else "(deleted account)"
    return names.get(comment.author_id, "Organizer")
