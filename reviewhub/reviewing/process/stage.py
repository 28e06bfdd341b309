"""The review stage of one submission, from plain facts (pure: no DB, no Flask, no clock).

reviewing (round by round) -> response -> discussion -> meta-review -> decided. A later round
whose deadline falls after the response period puts a submission back in "reviewing" (with
that round's name) between the response and the discussion.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class StageKind(enum.StrEnum):
    reviewing = "reviewing"
    response = "response"
    discussion = "discussion"
    meta_review = "meta-review"
    decided = "decided"


@dataclass(frozen=True)
class RoundFacts:
    name: str
    deadline: datetime | None


@dataclass(frozen=True)
class StageFacts:
    now: datetime
    rounds: tuple[RoundFacts, ...] = ()  # the rounds this submission is reviewed in, any order
    response_opens_at: datetime | None = None  # None (either date): no response period
    response_deadline_at: datetime | None = None
    has_response: bool = False
    meta_review_submitted: bool = False
    decided: bool = False


@dataclass(frozen=True)
class Stage:
    kind: StageKind
    round: str | None = None  # the round being reviewed, in the reviewing stage
    response_received: bool = False

    @property
    def label(self) -> str:
        if self.kind == StageKind.reviewing and self.round:
            return f"reviewing ({self.round})"
        return str(self.kind)

    @property
    def response_editable(self) -> bool:
        """Authors write and edit their response only inside the period."""
        return self.kind == StageKind.response

    @property
    def review_update_open(self) -> bool:
        """Reviewers may update a submitted review once a response has arrived, until the
        meta-review or the decision."""
        return self.response_received and self.kind in (StageKind.response, StageKind.discussion,
                                                        StageKind.reviewing)


def _open_round(rounds, now: datetime, after: datetime | None = None) -> RoundFacts | None:
    """The earliest round still open at `now` (ending after `after` when given)."""
    pending = [r for r in rounds if r.deadline is not None and now < r.deadline
               and (after is None or r.deadline > after)]
    return min(pending, key=lambda r: r.deadline) if pending else None


def review_stage(facts: StageFacts) -> Stage:
    received = facts.has_response
    if facts.decided:
        return Stage(StageKind.decided, response_received=received)
    if facts.meta_review_submitted:
        return Stage(StageKind.meta_review, response_received=received)
    opens, closes = facts.response_opens_at, facts.response_deadline_at
    period = opens is not None and closes is not None
    if period and opens <= facts.now < closes:
        return Stage(StageKind.response, response_received=received)
    if period and facts.now >= closes:
        later = _open_round(facts.rounds, facts.now, after=closes)
        if later is not None:
            return Stage(StageKind.reviewing, later.name, received)
        return Stage(StageKind.discussion, response_received=received)
    current = _open_round(facts.rounds, facts.now)
    if current is not None or period:  # before the response opens, reviews (even late) go on
        name = current.name if current else _last_round_name(facts.rounds)
        return Stage(StageKind.reviewing, name, received)
    if not facts.rounds or all(r.deadline is None for r in facts.rounds):
        return Stage(StageKind.reviewing, _last_round_name(facts.rounds), received)
    return Stage(StageKind.discussion, response_received=received)


def _last_round_name(rounds) -> str | None:
    dated = [r for r in rounds if r.deadline is not None]
    if dated:
        return max(dated, key=lambda r: r.deadline).name
    return rounds[0].name if rounds else None
