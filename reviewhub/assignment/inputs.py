"""Loading the automatic assignment's inputs from the database in a few bulk reads.

Texts, topics, bids, conflicts, loads and kept (locked or reviewed) pairs of one event become
the plain values that the pure affinity and solver modules take.
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.assignment.affinity import BidEntry, ReviewerDoc, SubmissionDoc, split_papers
from reviewhub.assignment.models import Assignment, Bid, ReviewerProfile, reviewer_topics
from reviewhub.events.models import Event, Membership, Role, Topic
from reviewhub.extensions import db
from reviewhub.submissions.models import (
    Authorship,
    Conflict,
    Submission,
    SubmissionFile,
    submission_topics,
)


@dataclass(frozen=True, eq=False)
class RunInputs:
    submissions: list[SubmissionDoc]
    reviewers: list[ReviewerDoc]
    bids: list[BidEntry]
    forbidden: np.ndarray  # (m, 2) submission_id, user_id
    demand: dict[int, int]  # submission id -> reviewers wanted
    caps: dict[int, int]  # user id -> load cap
    kept: list[tuple[int, int]]  # locked or reviewed pairs that later runs keep
    kept_conflicted: list[tuple[int, int]]  # kept pairs that are now conflicted (reported)


def _rows(query) -> list[tuple]:
    return db.session.execute(query).all()


def submission_docs(event: Event, *, with_files: bool = True) -> list[SubmissionDoc]:
    """Title, abstract, keywords and extracted PDF text of every submitted work, with topics."""
    subs = _rows(sa.select(Submission.id, Submission.title, Submission.abstract_md, Submission.keywords)
                 .where(Submission.event_id == event.id, Submission.status == "submitted")
                 .order_by(Submission.id))
    topics = defaultdict(list)
    for sid, tid in _rows(sa.select(submission_topics.c.submission_id, submission_topics.c.topic_id)
                          .join(Submission, Submission.id == submission_topics.c.submission_id)
                          .where(Submission.event_id == event.id)):
        topics[sid].append(tid)
    extra = defaultdict(list)
    if with_files:
        for sid, text in _rows(sa.select(SubmissionFile.submission_id, SubmissionFile.extracted_text)
                               .join(Submission, Submission.id == SubmissionFile.submission_id)
                               .where(Submission.event_id == event.id,
                                      SubmissionFile.extracted_text != "")):
            extra[sid].append(text[:20000])
    return [SubmissionDoc(sid, " ".join([title, abstract or "", keywords or "", *extra[sid]]),
                          tuple(sorted(topics[sid]))) for sid, title, abstract, keywords in subs]


def reviewer_ids_and_caps(event: Event, role: str = Role.reviewer) -> dict[int, int]:
    rows = _rows(sa.select(Membership.user_id, Membership.max_load)
                 .where(Membership.event_id == event.id, Membership.role == role))
    return {uid: (cap if cap is not None else event.default_reviewer_load) for uid, cap in rows}


def reviewer_docs(event: Event, user_ids: list[int], role: str = Role.reviewer) -> list[ReviewerDoc]:
    """Expertise, keywords and past papers of each reviewer (or AC), with their topics in this event."""
    in_event = (sa.select(Membership.user_id)
                .where(Membership.event_id == event.id, Membership.role == role))
    return _reviewer_docs(event, user_ids, ReviewerProfile.user_id.in_(in_event))


def reviewer_doc(event: Event, user_id: int) -> ReviewerDoc:
    """One reviewer's document (see reviewer_docs), reading only that reviewer's rows."""
    return _reviewer_docs(event, [user_id], ReviewerProfile.user_id == user_id)[0]


def _reviewer_docs(event: Event, user_ids: list[int], whose) -> list[ReviewerDoc]:
    profiles = dict((uid, (e, k, p)) for uid, e, k, p in _rows(
        sa.select(ReviewerProfile.user_id, ReviewerProfile.expertise, ReviewerProfile.keywords,
                  ReviewerProfile.past_papers).where(whose)))
    topics = defaultdict(list)
    query = (sa.select(reviewer_topics.c.user_id, reviewer_topics.c.topic_id)
             .join(Topic, Topic.id == reviewer_topics.c.topic_id).where(Topic.event_id == event.id))
    if len(user_ids) == 1:
        query = query.where(reviewer_topics.c.user_id == user_ids[0])
    for uid, tid in _rows(query):
        topics[uid].append(tid)
    return [_reviewer_doc(uid, *profiles.get(uid, ("", "", "")), tuple(sorted(topics[uid])))
            for uid in user_ids]


def _reviewer_doc(uid: int, expertise: str, keywords: str, past_papers: str,
                  topic_ids: tuple[int, ...]) -> ReviewerDoc:
    """The statement with its keywords as one unit, then each past paper (blank-line blocks)."""
    statement = " ".join(x for x in (expertise or "", keywords or "") if x).strip()
    return ReviewerDoc(uid, " ".join([expertise or "", keywords or "", past_papers or ""]), topic_ids,
                       tuple(split_papers(past_papers or "")), statement)


def bid_entries(event: Event) -> list[BidEntry]:
    return [BidEntry(s, u, v) for s, u, v in _rows(
        sa.select(Bid.submission_id, Bid.user_id, Bid.value)
        .join(Submission, Submission.id == Bid.submission_id).where(Submission.event_id == event.id))]


def forbidden_pairs(event: Event, role: str = Role.reviewer) -> np.ndarray:
    """(submission_id, user_id) of every standing conflict, plus reviewers (or ACs) who are authors."""
    pairs = _conflict_array(event)
    authored = authored_pairs(event, role)
    if authored:
        pairs = np.concatenate([pairs, np.array(authored, dtype=np.int64)])
    return pairs


def _conflict_array(event: Event) -> np.ndarray:
    """Standing conflicts as an (m, 2) array. There are millions: one row per submission with
    its conflicted user ids joined in a string by the database, parsed by numpy at once, is
    several times faster than a Python tuple (and two int objects) per conflict."""
    connection = db.session.connection()
    joined = (sa.func.string_agg(sa.cast(Conflict.user_id, sa.Text), ",")
              if connection.dialect.name == "postgresql" else sa.func.group_concat(Conflict.user_id, ","))
    rows = connection.execute(
        sa.select(Submission.id, joined).join(Conflict, Conflict.submission_id == Submission.id)
        .where(Submission.event_id == event.id, Conflict.overridden.is_(False))
        .group_by(Submission.id)).all()
    user_ids = (np.fromstring(",".join(users for _, users in rows), dtype=np.int64, sep=",")
                if rows else np.empty(0, np.int64))
    counts = [users.count(",") + 1 for _, users in rows]
    submission_ids = np.repeat(np.array([sid for sid, _ in rows], dtype=np.int64), counts)
    return np.stack([submission_ids, user_ids], axis=1).reshape(-1, 2)


def authored_pairs(event: Event, role: str = Role.reviewer) -> list[tuple[int, int]]:
    """Reviewers on a submission's author list, by account or by address (two indexed joins;
    one join on "account or address" cannot use an index and is quadratic)."""
    reviewers = (sa.select(Membership.user_id).where(
        Membership.event_id == event.id, Membership.role == role)).scalar_subquery()
    in_event = Authorship.submission_id.in_(sa.select(Submission.id).where(Submission.event_id == event.id))
    by_account = _rows(sa.select(Authorship.submission_id, Authorship.user_id).where(
        in_event, Authorship.user_id.in_(reviewers)))
    by_address = _rows(sa.select(Authorship.submission_id, User.id)
                       .join(User, User.email == sa.func.lower(Authorship.email))
                       .where(in_event, User.id.in_(reviewers)))
    return sorted(set(by_account) | set(by_address))


def kept_pairs(event: Event) -> list[tuple[int, int]]:
    """Assignments a run never removes: locked by an organizer, or with a review started."""
    from reviewhub.reviewing.models import Review

    reviewed = sa.select(Review.assignment_id)
    return [(s, u) for s, u in _rows(
        sa.select(Assignment.submission_id, Assignment.user_id)
        .join(Submission, Submission.id == Assignment.submission_id)
        .where(Submission.event_id == event.id,
               sa.or_(Assignment.locked.is_(True), Assignment.id.in_(reviewed))))]


def demand_by_submission(event: Event, per_type: dict[int, int] | None,
                         default: int | None = None) -> dict[int, int]:
    """Reviewers wanted per submission: per type, else `default` (the event's number)."""
    per_type = per_type or {}
    default = event.reviews_per_submission if default is None else default
    rows = _rows(sa.select(Submission.id, Submission.type_id)
                 .where(Submission.event_id == event.id, Submission.status == "submitted"))
    return {sid: int(per_type.get(tid, per_type.get(str(tid), default))) for sid, tid in rows}


def load_inputs(event: Event, *, per_type: dict | None = None, default_load: int | None = None,
                role: str = Role.reviewer, kept: list[tuple[int, int]] | None = None,
                per_submission: int | None = None) -> RunInputs:
    """The inputs of a run for `role` (reviewers, or area chairs: then `kept` are the pairs of
    the committee's own table and `per_submission` is 1)."""
    caps = reviewer_ids_and_caps(event, role)
    if default_load is not None:
        explicit = dict(_rows(sa.select(Membership.user_id, Membership.max_load).where(
            Membership.event_id == event.id, Membership.role == role,
            Membership.max_load.is_not(None))))
        caps = {uid: explicit.get(uid, default_load) for uid in caps}
    forbidden = forbidden_pairs(event, role)
    subs = submission_docs(event)
    sub_ids = {d.id for d in subs}
    kept = [p for p in (kept_pairs(event) if kept is None else kept) if p[0] in sub_ids and p[1] in caps]
    conflicted = among(forbidden, kept)
    kept_conflicted = [p for p in kept if p in conflicted]
    kept = [p for p in kept if p not in conflicted]
    return RunInputs(subs, reviewer_docs(event, sorted(caps), role), bid_entries(event), forbidden,
                     demand_by_submission(event, per_type, per_submission), caps, kept, kept_conflicted)


def among(forbidden: np.ndarray, pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs that are in `forbidden` (vectorised: there may be millions of conflicts)."""
    if not pairs or not len(forbidden):
        return set()
    probe_pairs = np.array(pairs, dtype=np.int64)
    base = int(max(forbidden[:, 1].max(), probe_pairs[:, 1].max())) + 1
    keys = np.sort(forbidden[:, 0] * base + forbidden[:, 1])
    probe = probe_pairs[:, 0] * base + probe_pairs[:, 1]
    at = np.minimum(np.searchsorted(keys, probe), len(keys) - 1)
    return {pairs[i] for i in np.flatnonzero(keys[at] == probe)}
