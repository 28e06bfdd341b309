"""Reads of the assignment domain; list queries aggregate so their cost does not grow per row."""

from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from reviewhub.accounts.models import User
from reviewhub.assignment import vectors
from reviewhub.assignment.affinity import AffinityWeights, SubmissionSpace
from reviewhub.assignment.inputs import reviewer_doc, submission_docs
from reviewhub.assignment.models import (
    Assignment,
    AssignmentRun,
    Bid,
    ReviewerInvitation,
)
from reviewhub.events.models import Event, Membership, Role
from reviewhub.extensions import db
from reviewhub.submissions.models import (
    Authorship,
    Conflict,
    ConflictSource,
    Submission,
    SubmissionFile,
)


def list_invitations(event: Event, roles=(Role.reviewer,)) -> list[ReviewerInvitation]:
    return list(db.session.scalars(sa.select(ReviewerInvitation)
                                   .where(ReviewerInvitation.event_id == event.id,
                                          ReviewerInvitation.role.in_(roles))
                                   .order_by(ReviewerInvitation.invited_at.desc(),
                                             ReviewerInvitation.id.desc())))


@dataclass(frozen=True)
class ReviewerRow:
    membership: Membership
    user: User
    assigned: int
    bids: int


def _count_by_user(model, event: Event, exclude=frozenset(), user_ids=None) -> dict[int, int]:
    query = (sa.select(model.user_id, sa.func.count()).join(Submission, Submission.id == model.submission_id)
             .where(Submission.event_id == event.id).group_by(model.user_id))
    if user_ids is not None:
        query = query.where(model.user_id.in_(user_ids))
    if exclude:
        query = query.where(Submission.id.not_in(sorted(exclude)))
    return dict(db.session.execute(query).all())


def list_reviewers(event: Event, *, exclude=frozenset()) -> list[ReviewerRow]:
    """The event's reviewers with their assignment and bid counts; submissions in `exclude`
    (the viewer's conflicts) are not counted, so the figures say nothing about them."""
    rows = db.session.execute(
        sa.select(Membership, User).join(User, User.id == Membership.user_id)
        .where(Membership.event_id == event.id, Membership.role == Role.reviewer)
        .order_by(User.name, User.id)).all()
    assigned, bids = _count_by_user(Assignment, event, exclude), _count_by_user(Bid, event, exclude)
    return [ReviewerRow(m, u, assigned.get(u.id, 0), bids.get(u.id, 0)) for m, u in rows]


def reviewer_query(event: Event, *, q: str | None = None):
    """The event's reviewer memberships by name (a select, for paging), optionally those whose
    name or address contains `q`."""
    query = (sa.select(Membership).join(User, User.id == Membership.user_id)
             .where(Membership.event_id == event.id, Membership.role == Role.reviewer))
    if q:
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(sa.or_(sa.func.lower(User.name).like(pattern, escape="\\"),
                                   sa.func.lower(User.email).like(pattern, escape="\\")))
    return query.options(selectinload(Membership.user)).order_by(User.name, User.id)


def reviewer_counts(event: Event, user_ids, *, exclude=frozenset()) -> tuple[dict[int, int], dict[int, int]]:
    """(assignments, bids) per user of `user_ids`, leaving out the submissions in `exclude`."""
    ids = list(user_ids)
    return (_count_by_user(Assignment, event, exclude, user_ids=ids),
            _count_by_user(Bid, event, exclude, user_ids=ids))

REVIEWERS_PER_PAGE = 50


def search_reviewers(event: Event, viewer, q: str, *, page: int = 1, per_page: int = REVIEWERS_PER_PAGE,
                     now=None) -> tuple[list[ReviewerRow], int]:
    """One page of the event's reviewers the search `q` finds (reviewhub.search's reviewers
    language), with their counts, and how many match: three queries whatever the page size.
    Counts leave out the viewer's conflicted submissions. Raises SearchError."""
    from reviewhub.models_base import utcnow
    from reviewhub.search import reviewers as search

    who = search.viewer_for(viewer, event, now or utcnow())
    query = (sa.select(Membership, User).join(User, User.id == Membership.user_id)
             .where(Membership.event_id == event.id, Membership.role == Role.reviewer))
    found = search.condition(q, who, search.members())
    if found is not None:
        query = query.where(found)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.order_by(User.name, User.id).limit(per_page)
                              .offset((max(page, 1) - 1) * per_page)).all()
    ids = [u.id for _, u in rows]
    assigned = _count_by_user(Assignment, event, who.hidden, user_ids=ids)
    bids = _count_by_user(Bid, event, who.hidden, user_ids=ids)
    return [ReviewerRow(m, u, assigned.get(u.id, 0), bids.get(u.id, 0)) for m, u in rows], total


def search_invitations(event: Event, viewer, q: str, *, limit: int = 200, now=None):
    """The event's reviewer invitations the same search finds (newest first, at most `limit`)
    and how many match. Raises SearchError."""
    from reviewhub.models_base import utcnow
    from reviewhub.search import reviewers as search

    query = sa.select(ReviewerInvitation).where(ReviewerInvitation.event_id == event.id,
                                                ReviewerInvitation.role == Role.reviewer)
    found = search.condition(q, search.viewer_for(viewer, event, now or utcnow()), search.invitations())
    if found is not None:
        query = query.where(found)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(ReviewerInvitation.invited_at.desc(), ReviewerInvitation.id.desc())
                              .limit(limit))
    return list(rows), total


def reviewer_ids_of(event: Event, user_ids) -> list[int]:
    """Of these user ids, the event's reviewers'."""
    wanted = list(user_ids)
    if not wanted:
        return []
    return list(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.event_id == event.id, Membership.role == Role.reviewer, Membership.user_id.in_(wanted))
        .order_by(Membership.user_id)))


def reviewer_by_email(event: Event, email: str) -> User | None:
    """The event's reviewer with this address (any case), or None."""
    return db.session.scalar(sa.select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.event_id == event.id, Membership.role == Role.reviewer,
        sa.func.lower(User.email) == email.strip().lower()))


def get_reviewer_membership(event: Event, user_id: int, role: str = Role.reviewer) -> Membership | None:
    return db.session.scalar(sa.select(Membership).where(
        Membership.event_id == event.id, Membership.user_id == user_id,
        Membership.role == role))


def _authored_ids(user):
    return sa.select(Authorship.submission_id).where(sa.or_(
        Authorship.user_id == user.id, sa.func.lower(Authorship.email) == user.email.lower()))


def conflicted_submission_ids(user, event: Event, *, except_bids: bool = False) -> set[int]:
    """Submissions of the event the user is conflicted with (standing conflicts, authorship)."""
    query = sa.select(Conflict.submission_id).join(Submission, Submission.id == Conflict.submission_id)\
        .where(Submission.event_id == event.id, Conflict.user_id == user.id,
               Conflict.overridden.is_(False))
    if except_bids:
        query = query.where(Conflict.source != ConflictSource.bid)
    authored = sa.select(Submission.id).where(Submission.event_id == event.id,
                                              Submission.id.in_(_authored_ids(user)))
    return set(db.session.scalars(query)) | set(db.session.scalars(authored))


@dataclass(frozen=True)
class BidItem:
    submission: Submission
    affinity: float
    bid: str


def bid_list(user, event: Event) -> list[BidItem]:
    """Every submitted work the user may bid on (bid conflicts included, so they can be undone),
    best affinity first."""
    blocked = conflicted_submission_ids(user, event, except_bids=True)
    subs = [s for s in db.session.scalars(
        sa.select(Submission).where(Submission.event_id == event.id, Submission.status == "submitted")
        .options(selectinload(Submission.topics), selectinload(Submission.type),
                 selectinload(Submission.authors)).order_by(Submission.number)) if s.id not in blocked]
    bids = dict(db.session.execute(sa.select(Bid.submission_id, Bid.value).where(
        Bid.user_id == user.id, Bid.submission_id.in_([s.id for s in subs]))).all())
    scores = _affinities(user, event, {s.id for s in subs})
    items = [BidItem(s, scores.get(s.id, 0.0), bids.get(s.id, "neutral")) for s in subs]
    return sorted(items, key=lambda i: (-i.affinity, i.submission.number))


# event id -> (works version, their SubmissionSpace): the bid page would otherwise refit TF-IDF
# over every submission on each view (seconds at 20,000 submissions); with the fitted space a
# reviewer's scores take milliseconds. Per process and bounded; a stale entry is never used, as
# its works version no longer matches.
_SPACES: OrderedDict[int, tuple[tuple, SubmissionSpace]] = OrderedDict()
SPACE_CACHE_SIZE = 8


def _affinities(user, event: Event, ids: set[int]) -> dict[int, float]:
    """Text and topic affinity of the user to each submission (bids left out: they follow it)."""
    space = _submission_space(event)
    doc, units, weights = reviewer_doc(event, user.id), None, None
    if space.vectors is not None:
        units = vectors.embedding_input(event, [], [doc]).units
        weights = AffinityWeights(embedding=vectors.DEFAULT_SHARE)
    scores = space.scores(doc, weights, units)
    return {sid: score for sid, score in zip(space.ids.tolist(), scores.tolist(), strict=True) if sid in ids}


def _submission_space(event: Event) -> SubmissionSpace:
    """The event's submitted works fitted once, until their texts, topics or files change."""
    with_vectors = vectors.enabled()
    version = (*_works_version(event), vectors.version() if with_vectors else 0)
    cached = _SPACES.get(event.id)
    if cached is None or cached[0] != version:
        space = SubmissionSpace(submission_docs(event))
        if with_vectors:  # the works' stored embeddings, read once with the space
            space.vectors = vectors.embedding_input(event, space.ids.tolist(), [])
        cached = (version, space)
        _SPACES[event.id] = cached
        while len(_SPACES) > SPACE_CACHE_SIZE:
            _SPACES.popitem(last=False)
    _SPACES.move_to_end(event.id)
    return cached[1]


def _works_version(event: Event) -> tuple:
    """Changes whenever a submitted work's text, topics (saved with a version bump) or files
    (their extracted text included) change."""
    submitted = (Submission.event_id == event.id, Submission.status == "submitted")
    works = db.session.execute(sa.select(
        sa.func.count(Submission.id), sa.func.sum(Submission.id), sa.func.sum(Submission.version),
        sa.func.max(Submission.updated_at)).where(*submitted)).one()
    files = db.session.execute(sa.select(
        sa.func.count(SubmissionFile.id), sa.func.sum(SubmissionFile.id),
        sa.func.sum(sa.func.length(SubmissionFile.extracted_text)))
        .join(Submission, Submission.id == SubmissionFile.submission_id).where(*submitted)).one()
    return (*works, *files)


def user_conflicts(user, event: Event) -> list[Conflict]:
    return list(db.session.scalars(
        sa.select(Conflict).join(Submission, Submission.id == Conflict.submission_id)
        .where(Submission.event_id == event.id, Conflict.user_id == user.id)
        .options(selectinload(Conflict.submission)).order_by(Submission.number)))


def submission_choices(event: Event) -> list[tuple[int, str]]:
    return [(i, f"#{n} {t}") for i, n, t in db.session.execute(
        sa.select(Submission.id, Submission.number, Submission.title)
        .where(Submission.event_id == event.id, Submission.status == "submitted")
        .order_by(Submission.number)).all()]


def reviewer_choices(event: Event) -> list[tuple[int, str]]:
    return [(r.user.id, f"{r.user.name} <{r.user.email}>") for r in list_reviewers(event)]


def list_runs(event: Event, role: str = Role.reviewer) -> list[AssignmentRun]:
    return list(db.session.scalars(sa.select(AssignmentRun).where(AssignmentRun.event_id == event.id,
                                                                  AssignmentRun.role == role)
                                   .order_by(AssignmentRun.id.desc())))


def get_run(event: Event, run_id: int) -> AssignmentRun | None:
    return db.session.scalar(sa.select(AssignmentRun).where(
        AssignmentRun.id == run_id, AssignmentRun.event_id == event.id))


def get_assignment(event: Event, assignment_id: int) -> Assignment | None:
    return db.session.scalar(sa.select(Assignment).join(Submission, Submission.id == Assignment.submission_id)
                             .where(Assignment.id == assignment_id, Submission.event_id == event.id))


def get_submission_by_number(event: Event, number: int) -> Submission | None:
    return db.session.scalar(sa.select(Submission).where(
        Submission.event_id == event.id, Submission.number == number))


def current_pairs(event: Event) -> set[tuple[int, int]]:
    return set(db.session.execute(
        sa.select(Assignment.submission_id, Assignment.user_id)
        .join(Submission, Submission.id == Assignment.submission_id)
        .where(Submission.event_id == event.id)).all())


def current_assignments(event: Event, *, page: int, per_page: int = 100):
    """One page of submitted works with their assignments, and the number of pages."""
    total = db.session.scalar(sa.select(sa.func.count()).where(
        Submission.event_id == event.id, Submission.status == "submitted")) or 0
    subs = list(db.session.scalars(
        sa.select(Submission).where(Submission.event_id == event.id, Submission.status == "submitted")
        .order_by(Submission.number).offset((page - 1) * per_page).limit(per_page)))
    rows = db.session.scalars(sa.select(Assignment).where(
        Assignment.submission_id.in_([s.id for s in subs]))
        .options(selectinload(Assignment.user)).order_by(Assignment.id)).all()
    by_sub: dict[int, list[Assignment]] = {s.id: [] for s in subs}
    for row in rows:
        by_sub[row.submission_id].append(row)
    return [(s, by_sub[s.id]) for s in subs], max(1, -(-total // per_page))


def users_by_id(ids) -> dict[int, User]:
    ids = list(ids)
    found = {}
    for lo in range(0, len(ids), 5000):
        found.update({u.id: u for u in db.session.scalars(
            sa.select(User).where(User.id.in_(ids[lo:lo + 5000])))})
    return found


def submissions_by_id(ids) -> dict[int, tuple[int, str]]:
    ids = list(ids)
    found = {}
    for lo in range(0, len(ids), 5000):
        found.update({i: (n, t) for i, n, t in db.session.execute(
            sa.select(Submission.id, Submission.number, Submission.title)
            .where(Submission.id.in_(ids[lo:lo + 5000]))).all()})
    return found


def bid_report(event: Event, viewer):
    """The bid report (assignment.bidreport) over the event's submitted works, leaving out every
    submission the viewer is conflicted with, so the page says nothing about them."""
    from reviewhub.assignment.bidreport import AuthorFact, BidFact
    from reviewhub.assignment.bidreport import bid_report as compute
    from reviewhub.assignment.inputs import authored_pairs

    hidden = conflicted_submission_ids(viewer, event)
    submitted = sa.select(Submission.id).where(Submission.event_id == event.id,
                                               Submission.status == "submitted")
    bids = [BidFact(u, s, v) for s, u, v in db.session.execute(
        sa.select(Bid.submission_id, Bid.user_id, Bid.value).where(
            Bid.submission_id.in_(submitted), Bid.value.in_(("eager", "willing")))) if s not in hidden]
    authors = [AuthorFact(s, n, e, a or "", u) for s, n, e, a, u in db.session.execute(
        sa.select(Authorship.submission_id, Authorship.name, Authorship.email, Authorship.affiliation,
                  Authorship.user_id).where(Authorship.submission_id.in_(submitted))) if s not in hidden]
    papers: dict[int, set[int]] = {}
    for s, u in authored_pairs(event):
        if s not in hidden:
            papers.setdefault(u, set()).add(s)
    return compute(bids, authors, papers)


def pair_reason(event: Event, submission: Submission, user_id: int):
    """Why the user scores high with the submission (assignment.reasons), against the event's
    fitted works; the work's authors' names, addresses and affiliations are never a term."""
    from reviewhub.assignment.reasons import explain

    hidden = [x for row in db.session.execute(
        sa.select(Authorship.name, Authorship.email, Authorship.affiliation)
        .where(Authorship.submission_id == submission.id)).all() for x in row if x]
    visible = " ".join([submission.title, submission.abstract_md or "", submission.keywords or ""])
    return explain(_submission_space(event), reviewer_doc(event, user_id), submission.id,
                   visible_text=visible, hidden_words=hidden)
