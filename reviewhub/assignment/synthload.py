"""Bulk loading of a synthetic dataset (synthetic.py) into an event: fast Core inserts.

Users, memberships and profiles of the reviewers, submissions with authors and topics, bids
and conflicts are written with executemany (COPY on PostgreSQL), so 20,000 x 15,000 with
millions of conflict rows loads in well under a minute.
"""

import secrets
from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.assignment.bulk import driver_now, insert_rows
from reviewhub.assignment.synthetic import SyntheticDataset
from reviewhub.events.models import Event, Topic
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission, SubmissionType


def _bulk(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    return insert_rows(table, columns, rows, large_cache=True)


def _next_id(model) -> int:
    return (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1


def _fix_sequences(*tables: str) -> None:
    """Explicit ids bypass PostgreSQL's sequences; move them past the new rows."""
    if db.session.connection().dialect.name != "postgresql":
        return
    for table in tables:
        db.session.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def _topics(event: Event, names: Sequence[str]) -> list[int]:
    existing = {t.name: t for t in event.topics}
    for name in names:
        if name not in existing:
            existing[name] = Topic(name=name, position=len(event.topics))
            event.topics.append(existing[name])
    db.session.flush()
    return [existing[name].id for name in names]


def _paper_type(event: Event) -> SubmissionType:
    kind = db.session.scalar(sa.select(SubmissionType).where(
        SubmissionType.event_id == event.id, SubmissionType.key == "paper"))
    if kind is None:
        kind = SubmissionType(event_id=event.id, key="paper", name="Paper", allowed_kinds=["pdf"],
                              required_kinds=[])
        db.session.add(kind)
        db.session.flush()
    return kind


def _reviewer_users(data: SyntheticDataset) -> dict[int, int]:
    """Synthetic reviewer id -> user id; existing accounts (same address) are reused."""
    emails = [r.person.email for r in data.reviewers]
    found = {}
    for lo in range(0, len(emails), 5000):
        found.update(dict(db.session.execute(sa.select(User.email, User.id).where(
            User.email.in_(emails[lo:lo + 5000]))).all()))
    start, now, new = _next_id(User), driver_now(), []
    for r in data.reviewers:
        if r.person.email not in found:
            found[r.person.email] = start + len(new)
            new.append((found[r.person.email], r.person.email, r.person.name, r.person.affiliation,
                        None, now, False, secrets.token_urlsafe(24), now))
    _bulk("users", ("id", "email", "name", "affiliation", "password_hash", "email_confirmed_at",
                    "is_admin", "session_token", "created_at"), new)
    return {r.id: found[r.person.email] for r in data.reviewers}


def fill(event: Event, data: SyntheticDataset) -> dict:
    """Write the dataset into the event (flushes, never commits); returns row counts."""
    now = driver_now()
    topic_ids = _topics(event, data.topics)
    users = _reviewer_users(data)
    counts = {"users": len(users)}
    in_event = set(db.session.scalars(sa.text(
        "SELECT user_id FROM memberships WHERE event_id = :e AND role = 'reviewer'"), {"e": event.id}))
    counts["memberships"] = _bulk("memberships", ("user_id", "event_id", "role", "created_at"), (
        (u, event.id, "reviewer", now) for u in dict.fromkeys(users.values()) if u not in in_event))
    has_profile = set(db.session.scalars(sa.text("SELECT user_id FROM reviewer_profiles")))
    counts["profiles"] = _bulk("reviewer_profiles", ("user_id", "expertise", "keywords", "past_papers",
                                                     "updated_at"), (
        (users[r.id], r.expertise, ", ".join(r.keywords),
         "\n\n".join(f"{t}\n{a}" for t, a in r.past_papers), now)
        for r in data.reviewers if users[r.id] not in has_profile))
    _bulk("reviewer_topics", ("user_id", "topic_id"), {
        (users[r.id], topic_ids[t]) for r in data.reviewers for t in r.topics
        if users[r.id] not in has_profile})
    subs = _submissions(event, data, now)
    counts["submissions"] = len(subs)
    counts["authorships"] = _bulk("authorships", ("submission_id", "position", "name", "email",
                                                  "affiliation", "is_contact"), (
        (subs[s.id], i, p.name, p.email, p.affiliation, i == 0)
        for s in data.submissions for i, p in enumerate(s.authors)))
    _bulk("submission_topics", ("submission_id", "topic_id"), (
        (subs[s.id], topic_ids[t]) for s in data.submissions for t in dict.fromkeys(s.topics)))
    counts["bids"] = _bulk("bids", ("submission_id", "user_id", "value", "updated_at"), (
        (subs[b.submission_id], users[b.reviewer_id], b.level, now) for b in data.bids))
    counts["conflicts"] = _bulk("conflicts", ("submission_id", "user_id", "source", "reason",
                                              "overridden", "override_reason", "created_at"),
                                _conflict_rows(data, subs, users, now))
    _fix_sequences("users", "submissions")
    db.session.expire_all()
    return counts


def _conflict_rows(data: SyntheticDataset, subs: dict, users: dict, now):
    """Millions of rows: map ids with numpy (both maps are offsets when ids are consecutive)."""
    import numpy as np

    s_map = np.zeros(max(subs, default=0) + 1, dtype=np.int64)
    s_map[list(subs)] = list(subs.values())
    r_map = np.zeros(max(users, default=0) + 1, dtype=np.int64)
    r_map[list(users)] = list(users.values())
    pairs = data.conflicts
    mapped = zip(s_map[pairs[:, 0]].tolist(), r_map[pairs[:, 1]].tolist(), strict=True)
    return ((s, r, "reviewer", "", False, "", now) for s, r in mapped)


def _submissions(event: Event, data: SyntheticDataset, now) -> dict[int, int]:
    """Synthetic submission id -> new row id (numbers continue the event's sequence)."""
    kind = _paper_type(event)
    start = _next_id(Submission)
    number = (db.session.scalar(sa.select(sa.func.max(Submission.number))
                                .where(Submission.event_id == event.id)) or 0) + 1
    ids = {s.id: start + i for i, s in enumerate(data.submissions)}
    _bulk("submissions", (
        "id", "event_id", "number", "type_id", "title", "abstract_md", "keywords", "artist_statement",
        "link_url", "ai_use", "ai_use_details", "presentation_preference", "consent_to_publish",
        "status", "version", "created_at", "updated_at", "submitted_at"), (
        (ids[s.id], event.id, number + i, kind.id, s.title, s.abstract, ", ".join(s.keywords), "",
         "", "none", "", "either", False, "submitted", 1, now, now, now)
        for i, s in enumerate(data.submissions)))
    return ids
