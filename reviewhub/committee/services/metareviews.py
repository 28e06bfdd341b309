"""Meta-reviews: written (draft, then submitted) by the AC or the organizers; a SAC may change the
recommendation with a note; organizers accept the recommendations through the decision services."""

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.committee.models import MetaReview, MetaReviewState
from reviewhub.errors import DomainError, InvalidTransition, StaleEdit
from reviewhub.extensions import db
from reviewhub.models_base import utcnow

MAX_TEXT = 20000


def get_meta_review(submission) -> MetaReview | None:
    return db.session.scalar(sa.select(MetaReview).where(MetaReview.submission_id == submission.id))


def has_submitted_meta_review(submission) -> bool:
    """For the per-submission review stage: the meta-review is in (one query)."""
    return db.session.scalar(sa.select(sa.func.count()).where(
        MetaReview.submission_id == submission.id, MetaReview.status == MetaReviewState.submitted)) > 0


def _outcome_of(submission, outcome_id):
    from reviewhub.decisions.queries import get_outcome

    outcome = get_outcome(submission.event, outcome_id)
    if outcome is None:
        raise DomainError("Choose a recommendation among the event's decision outcomes.")
    return outcome


def save_meta_review(submission, *, by, recommendation_id: int, text_to_authors: str,
                     text_confidential: str, submit: bool, version: int | None = None) -> MetaReview:
    """Write or change the meta-review; `submit` makes it count. A stale version (someone saved
    in between) raises StaleEdit and changes nothing. Submitting needs a text to authors when the
    authors will read it. Flushes; audited."""
    from reviewhub.committee.services.settings import settings_or_default

    if submission.status != "submitted":
        raise InvalidTransition("Only submitted works get a meta-review.")
    outcome = _outcome_of(submission, recommendation_id)
    text_to_authors, text_confidential = (text_to_authors or "").strip(), (text_confidential or "").strip()
    if len(text_to_authors) > MAX_TEXT or len(text_confidential) > MAX_TEXT:
        raise DomainError(f"Keep each text under {MAX_TEXT:,} characters.")
    if submit and not text_to_authors and settings_or_default(submission.event).meta_review_to_authors:
        raise DomainError("Write the text to authors before submitting: they read it with the decision.")
    meta = get_meta_review(submission)
    if meta is None:
        meta = MetaReview(submission_id=submission.id, version=1, status=MetaReviewState.draft)
        db.session.add(meta)
    elif version is not None and version != meta.version:
        raise StaleEdit("Someone saved this meta-review after you opened it; here is theirs.",
                        {"recommendation": meta.recommendation_id})
    else:
        meta.version += 1
    before = meta.recommendation_id
    meta.author_id = by.id
    meta.recommendation_id, meta.text_to_authors, meta.text_confidential = (
        outcome.id, text_to_authors, text_confidential)
    meta.updated_at = utcnow()
    if submit and meta.status != MetaReviewState.submitted:
        meta.status, meta.submitted_at = MetaReviewState.submitted, utcnow()
    db.session.flush()
    audit.record("meta_review.submitted" if submit else "meta_review.saved", event=submission.event,
                 actor=by, obj=meta, submission=submission.number, recommendation=outcome.key,
                 before=before)
    return meta


def edit_recommendation(submission, *, by, recommendation_id: int, note: str) -> MetaReview:
    """A senior area chair changes a submitted meta-review's recommendation, saying why. Flushes."""
    meta = get_meta_review(submission)
    if meta is None or meta.status != MetaReviewState.submitted:
        raise InvalidTransition("There is no submitted meta-review to change yet.")
    note = (note or "").strip()
    if not note:
        raise DomainError("Say why you change the recommendation.")
    outcome = _outcome_of(submission, recommendation_id)
    before = meta.recommendation_id
    meta.recommendation_id, meta.sac_note = outcome.id, note[:5000]
    meta.sac_edited_by_id, meta.sac_edited_at, meta.version = by.id, utcnow(), meta.version + 1
    db.session.flush()
    audit.record("meta_review.recommendation_changed", event=submission.event, actor=by, obj=meta,
                 submission=submission.number, recommendation=outcome.key, before=before, note=note[:500])
    return meta


def recommendations(event, submission_ids) -> dict[int, MetaReview]:
    """Submitted meta-reviews of these submissions, by submission id (one query)."""
    from sqlalchemy.orm import selectinload

    ids = list(submission_ids)
    if not ids:
        return {}
    return {m.submission_id: m for m in db.session.scalars(
        sa.select(MetaReview).where(MetaReview.submission_id.in_(ids),
                                    MetaReview.status == MetaReviewState.submitted)
        .options(selectinload(MetaReview.recommendation)))}


def accept_all_recommendations(event, *, by, viewer) -> int:
    """Decide every submission whose submitted meta-review recommends an outcome other than its
    current decision, through decisions.services.decide; works the viewer is conflicted with are
    left alone. Returns how many were decided. Flushes; audited per decision and once in all."""
    from reviewhub.decisions import queries as decision_queries
    from reviewhub.decisions import services as decisions

    rows = decision_queries.overview(event, viewer)  # submitted, unconflicted for the viewer
    metas = recommendations(event, [r.submission.id for r in rows])
    count = 0
    for row in rows:
        meta = metas.get(row.submission.id)
        if meta is None or meta.recommendation is None:
            continue
        if row.decision is not None and row.decision.outcome_id == meta.recommendation_id:
            continue
        decisions.decide(row.submission, meta.recommendation, by=by, note=row.decision.note if row.decision else "")
        count += 1
    audit.record("meta_review.recommendations_accepted", event=event, actor=by, decided=count)
    return count


def author_texts(event, submission_ids) -> dict[int, str]:
    """The meta-review text to authors of each submission, when the event sends it to authors
    (submitted meta-reviews only; never the writer's name). One query."""
    from reviewhub.committee.services.settings import get_settings

    settings = get_settings(event)
    if settings is None or not settings.meta_reviews or not settings.meta_review_to_authors:
        return {}
    return {sid: meta.text_to_authors for sid, meta in recommendations(event, submission_ids).items()
            if meta.text_to_authors}
