"""When a review is late: the one rule the progress page, the reminders, the chairs' console and
the reviewer-quality report share. Pure: no database, no Flask, no clock (callers pass `now`).

A review is due at its round's deadline when the assignment is in a round that has one, else at
the event's review deadline. An assignment naming no round (or a round since deleted) is in the
event's first round, as reviewing.process.rounds.round_of says."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime


def due_at(round_id: int | None, rounds: Sequence[tuple[int, datetime | None]],
           event_deadline: datetime | None) -> datetime | None:
    """The deadline of a review in round `round_id`; `rounds` are (id, deadline) in the event's
    order (empty for an event without rounds)."""
    if not rounds:
        return event_deadline
    own = dict(rounds)
    deadline = own[round_id] if round_id in own else rounds[0][1]
    return deadline if deadline is not None else event_deadline


def is_late(due: datetime | None, now: datetime, submitted: bool) -> bool:
    """Not submitted, and its deadline has come (the server's clock judges, as everywhere)."""
    return not submitted and due is not None and now >= due


def days_late(due: datetime | None, now: datetime, submitted: bool) -> int:
    """Whole days since the deadline of a late review, at least 1 once it is late; 0 otherwise."""
    if not is_late(due, now, submitted):
        return 0
    return max(1, (now - due).days)


def submitted_late(due: datetime | None, submitted_at: datetime | None) -> bool:
    """A submitted review that came in after its deadline (the quality report counts it)."""
    return due is not None and submitted_at is not None and submitted_at > due


def any_due(rounds: Sequence[tuple[int, datetime | None]], event_deadline: datetime | None,
            now: datetime) -> bool:
    """Has any review's deadline come: the event's (without rounds) or a round's."""
    deadlines = [due_at(rid, rounds, event_deadline) for rid, _ in rounds] if rounds else [event_deadline]
    return any(d is not None and now >= d for d in deadlines)


def late_rounds(rounds: Sequence[tuple[int, datetime | None]], event_deadline: datetime | None,
                now: datetime) -> frozenset[int]:
    """The ids of the rounds whose reviews are late now if not submitted (for SQL filters that
    match assignments by round: a review naming no round is late when the first round is)."""
    return frozenset(rid for rid, _ in rounds if is_late(due_at(rid, rounds, event_deadline), now, False))
